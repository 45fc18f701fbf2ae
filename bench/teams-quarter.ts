// A new network's first quarter on Microsoft Teams, lived day by day as its eight people would:
// the real Teams adapter against the local fake Bot Connector, a simulated clock, an SQLite store
// file, and one restart of the process mid-quarter. Writes what each person saw (every card, as
// text) and counts messages per person and day.
//
//   npx tsx bench/teams-quarter.ts [--out var/teams-quarter]
//
// Prints the table of messages per person (total and busiest day) and the problems it found:
// raw markup, "undefined", ids, role names in the other language, cards Teams would refuse,
// anything sent twice across the restart.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { SimulatedClock } from '../src/core/clock.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import type { RecordedCall } from '../tests/teams/fake-bot-connector.ts';
import { personalConversationId } from '../tests/teams/fake-bot-connector.ts';
import type { Person, Where } from '../tests/teams/teams-harness.ts';
import { CHANNEL, TeamsHarness, cardActions, cardText, invalidCards } from '../tests/teams/teams-harness.ts';

const ZONE = 'Europe/Amsterdam';

export const cast = {
  anna: { id: '29:1anna-de-vries', name: 'Anna de Vries' },
  bram: { id: '29:1bram-jansen', name: 'Bram Jansen' },
  sanne: { id: '29:1sanne-bakker', name: 'Sanne Bakker' },
  ahmed: { id: '29:1ahmed-el-amrani', name: 'Ahmed El Amrani' },
  joris: { id: '29:1joris-visser', name: 'Joris Visser' },
  piet: { id: '29:1piet-smit', name: 'Piet Smit' },
  emma: { id: '29:1emma-clarke', name: 'Emma Clarke' },
  liam: { id: '29:1liam-obrien', name: "Liam O'Brien" },
} as const satisfies Record<string, Person>;
type Name = keyof typeof cast;
const english = new Set<Name>(['emma', 'liam']);

export interface Seen {
  /** Simulated time, network zone, yyyy-MM-dd HH:mm. */
  at: string;
  day: string;
  /** A person's key, or 'channel'. */
  to: string;
  how: 'post' | 'edit' | 'press-answer' | 'file-offer' | 'file';
  text: string;
  buttons: string[];
  call?: RecordedCall;
}

export interface QuarterResult {
  seen: Seen[];
  problems: string[];
  restarts: number;
  ms: number;
}

const personal = { kind: 'personal' } as const;
const channel = { kind: 'channel' } as const;

export async function liveQuarter(options: { log?: (line: string) => void; restarts?: boolean } = {}): Promise<QuarterResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-teams-quarter-'));
  const file = path.join(dir, 'liso.sqlite');
  const clock = new SimulatedClock(local('2027-01-04 08:55'));
  let h = await TeamsHarness.start({ clock, store: await SqliteStore.open(file, clock) });
  const seen: Seen[] = [];
  const problems: string[] = [];
  let stamped = 0;
  let restarts = 0;

  const whoIs = (conversationPath: string): string => {
    const id = decodeURIComponent(/conversations\/([^/]+)\/activities/.exec(conversationPath)?.[1] ?? '');
    for (const [key, person] of Object.entries(cast)) if (id === personalConversationId(person.id)) return key;
    return id.startsWith(CHANNEL) ? 'channel' : id;
  };
  const cardsOf = (body: any): any[] => (body?.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a: any) => a.content);
  /** Everything the fake received since the last stamp, stamped with the simulated time. */
  const stamp = () => {
    for (const call of h.fake.calls.slice(stamped)) {
      if (!/\/activities/.test(call.path) || call.status >= 300 || (call.method !== 'POST' && call.method !== 'PUT')) continue;
      const attachment = call.body?.attachments?.[0];
      const how: Seen['how'] =
        attachment?.contentType === 'application/vnd.microsoft.teams.card.file.consent' ? 'file-offer' : attachment?.contentType === 'application/vnd.microsoft.teams.card.file.info' ? 'file' : call.method === 'PUT' ? 'edit' : 'post';
      const cards = cardsOf(call.body);
      const text = how === 'file-offer' || how === 'file' ? `[${attachment.name}] ${attachment.content?.description ?? ''}` : cards.map(cardText).join('\n');
      seen.push({ ...now(), to: whoIs(call.path), how, text, buttons: cards.flatMap(cardActions).map((a) => a.title), call });
    }
    stamped = h.fake.calls.length;
  };
  const now = () => {
    const at = DateTime.fromJSDate(clock.now(), { zone: ZONE });
    return { at: at.toFormat('yyyy-MM-dd HH:mm'), day: at.toFormat('yyyy-MM-dd') };
  };

  const deliver = async (activity: Record<string, unknown>, who?: Name) => {
    const response = await h.deliver(activity);
    // The minute tick that follows in production sends what the activity queued.
    await h.t.app.bot.tick(clock.now());
    stamp();
    if (response.status >= 300) problems.push(`${now().at} ${who ?? '?'}: Teams got HTTP ${response.status} ${JSON.stringify(response.body)}`);
    if (response.body?.type === 'application/vnd.microsoft.card.adaptive') {
      // A card pressed in the channel is replaced for everyone there: the channel's, not the presser's.
      const to = (activity['conversation'] as { conversationType?: string }).conversationType === 'personal' ? (who ?? '?') : 'channel';
      seen.push({ ...now(), to, how: 'press-answer', text: cardText(response.body.value), buttons: cardActions(response.body.value).map((a) => a.title) });
    } else if (response.body?.type === 'application/vnd.microsoft.activity.message') {
      seen.push({ ...now(), to: who ?? '?', how: 'press-answer', text: String(response.body.value), buttons: [] });
    }
    return response;
  };
  const say = (who: Name, text: string, where: Where = channel, mentions: Name[] = []) => {
    const withMentions = text.replace(/@(\w+)/g, (m, key: string) => (key in cast ? `<at>${cast[key as Name].name}</at>` : m));
    return deliver(h.message(withMentions, cast[who], where, mentions.length > 0 ? mentions.map((m) => cast[m]) : [...text.matchAll(/@(\w+)/g)].flatMap((m) => (m[1]! in cast ? [cast[m[1] as Name]] : []))), who);
  };
  /** Presses a button on the latest card `who` got whose text matches `on`. */
  const press = async (who: Name, on: RegExp, title: string | RegExp, extra: Record<string, string> = {}) => {
    // Their own message first; a card in the channel (a reminder for someone without the app) otherwise.
    const latest = (to: string) => [...seen].reverse().find((s) => s.call && s.how === 'post' && s.to === to && on.test(s.text));
    const found = latest(who) ?? latest('channel');
    if (!found?.call) {
      problems.push(`${now().at} ${who}: no card matching ${on} to press ${title}`);
      return undefined;
    }
    const action = cardsOf(found.call.body).flatMap(cardActions).find((a: { title: string }) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
    if (!action) {
      problems.push(`${now().at} ${who}: no button ${title} on "${found.text.slice(0, 60)}" (has ${found.buttons.join(' | ')})`);
      return undefined;
    }
    const where: Where = found.to === 'channel' ? channel : personal;
    return deliver(h.press({ ...action.data, ...extra }, cast[who], where, found.call.response.id), who);
  };
  const walk = async (until: Date) => {
    for (let step = 0; step < 5_000; step++) {
      const due = await h.t.app.bot.nextDue(clock.now());
      if (!due || due > until) break;
      if (due > clock.now()) clock.set(due);
      await h.t.app.bot.tick(clock.now());
      stamp();
    }
    if (until > clock.now()) clock.set(until);
    await h.t.app.bot.tick(clock.now());
    stamp();
  };
  const at = (when: string) => walk(local(when));
  const restart = async () => {
    if (options.restarts === false) return;
    stamp();
    await h.close({ keepFake: true });
    h = await TeamsHarness.start({ clock, store: await SqliteStore.open(file, clock), fake: h.fake });
    restarts += 1;
    log(`${now().at} restarted`);
  };

  try {
    // Monday 4 January 2027: Anna adds the app to the team and for herself, and starts the network.
    await at('2027-01-04 09:00');
    await deliver(h.teamInstall(cast.anna), 'anna');
    await deliver(h.personalInstall(cast.anna), 'anna');
    await say('anna', 'start Jeugd Leiden');
    await say('anna', 'rol procesbegeleider @bram');
    await say('anna', 'rol verbindingsfunctionaris @sanne');
    await say('anna', 'rol deelnemer @ahmed @joris @piet @emma @liam');
    await say('anna', 'sessie 2027-01-28 14:00-17:00 Stadhuis Leiden, zaal 2');
    await say('anna', 'sessie 2027-02-25 14:00-16:30 https://teams.microsoft.com/l/meetup-join/19%3ameeting_jeugd%40thread.v2/0');
    await say('anna', 'sessie 2027-03-25 14:00-17:00 Bibliotheek Leiden, Nieuwstraat 4');
    // Everyone but Piet adds the app for themselves that morning; Emma and Liam switch to English.
    await at('2027-01-04 10:30');
    for (const who of ['bram', 'sanne', 'ahmed', 'joris', 'emma', 'liam'] as const) await deliver(h.personalInstall(cast[who]), who);
    await say('emma', 'taal en', personal);
    await say('liam', 'language en', personal);
    await say('bram', 'netwerk', personal);
    await say('emma', 'network', personal);
    await at('2027-01-04 23:00');

    // Questions in the channel and in personal chats.
    await at('2027-01-06 11:00');
    await say('ahmed', 'hoe houden we de energie erin na de kick-off?', { kind: 'channel', thread: '1700000000900' });
    await say('liam', 'how do we keep the partner organisations involved?', personal);
    await press('liam', /partner|involve/i, '👍 Yes');
    await say('sanne', 'wat doet een verbindingsfunctionaris?', personal);
    // Help, the menu and the timeline, as each would ask; Piet (no chat with the bot) asks for his data in the channel.
    await say('liam', 'help', personal);
    await say('ahmed', '', channel);
    await say('emma', 'timeline', personal);
    await say('piet', 'mijn-gegevens', channel);
    await say('bram', 'sessies', channel);
    await at('2027-01-06 23:00');

    // Preparation nudges: Anna ticks off what she did.
    await at('2027-01-07 09:30');
    await press('anna', /Verkennende gesprekken|verkennende gesprekken|startnotitie/i, 'Gedaan');
    await at('2027-01-14 23:00');

    // A week before the first session: who comes. Teams fails Ahmed's reminder once (a 503), and
    // the process restarts before its retry: the new process sends it, once.
    await at('2027-01-21 08:00');
    h.fake.failNext(new RegExp(`${personalConversationId(cast.ahmed.id).slice(2)}/activities$`), 503, { method: 'POST' });
    await at('2027-01-21 09:00');
    if (!h.fake.calls.some((c) => c.status === 503)) problems.push('the injected 503 for Ahmed never happened');
    await restart();
    await at('2027-01-21 09:30');
    await press('sanne', /Over een week/, 'Ik kom');
    await press('ahmed', /Over een week/, 'Ik kom');
    await press('emma', /In a week/, "I'll come");
    await press('emma', /In a week|coming/i, "I'll come");
    await press('liam', /In a week/, "I can't come");
    await press('joris', /Over een week/, 'Ik kom');
    await say('anna', 'netwerk');
    // Bram answers the reminder the earlier process sent him, and takes its calendar file.
    await press('bram', /Over een week/, 'Ik kom');
    await acceptFile('bram');
    await at('2027-01-21 23:00');

    // The first session (Thursday 28 January, 14:00-17:00); the next day Anna starts the pulse.
    await at('2027-01-29 10:00');
    await say('anna', 'pulse');
    const votes: Array<[Name, number]> = [['sanne', 5], ['ahmed', 4], ['joris', 4], ['emma', 3], ['liam', 5]];
    for (const [who, score] of votes) await votePulse(who, score);
    // Five open answers: enough to be shown to the leads.
    for (const [who, text] of [['sanne', 'Meer tijd voor casussen'], ['ahmed', 'Een rondje praktijkvoorbeelden'], ['joris', 'Eerder de agenda'], ['emma', 'More time to talk in pairs'], ['liam', 'Shorter introductions']] as Array<[Name, string]>) {
      await openAnswer(who, text);
    }
    await at('2027-01-29 23:00');

    // A win, celebrated in the channel.
    await at('2027-02-01 10:00');
    await say('sanne', 'vier Twaalf organisaties aan tafel bij de eerste sessie! Dank @ahmed');
    await press('bram', /Twaalf organisaties/, /Mooi/);
    await press('liam', /Twaalf organisaties/, /Mooi|Nice/);
    await press('liam', /Twaalf organisaties/, /Mooi|Nice/);
    // Joris leaves the network.
    await say('anna', 'rol weg deelnemer @joris');
    await at('2027-02-01 23:00');
    await at('2027-02-02 10:00');
    await say('joris', 'mijn-gegevens', personal);
    await say('joris', 'vergeet-mij', personal);
    await press('joris', /vergeet|Vergeet|wissen|erase/i, /Ja|wis|Wis/);

    // The process restarts while the pulse is open. Buttons sent before it still work: Sanne
    // changes an answer on her invitation, Bram ticks off a task of the digest of 29 January, and
    // Anna puts one of hers off to tomorrow.
    await at('2027-02-03 12:00');
    await restart();
    await votePulse('sanne', 3, 1);
    await press('bram', /Je voorbereiding voor vandaag: 6 taken/, 'Gedaan');
    await press('bram', /Je voorbereiding voor vandaag: 6 taken/, 'Gedaan');
    await press('anna', /Je voorbereiding voor vandaag: 6 taken/, 'Later…');
    await press('anna', /^Wanneer wil je/, /^Morgen/);
    await at('2027-02-05 23:00');
    await at('2027-02-18 09:30');
    await press('emma', /In a week/, "I'll come");
    await press('sanne', /Over een week/, 'Ik kom');
    // Piet reads his reminder in the channel and cannot come; Ahmed presses the same card.
    await press('piet', /Voor .*Piet Smit.*\n.*Over een week/, 'Ik kan niet');
    await press('ahmed', /Voor .*Piet Smit.*\n.*Over een week/, 'Ik kom');
    await at('2027-02-25 09:30');
    await say('liam', 'what should be on the agenda of a second session?', personal);
    // Session 2 is online. The next day the pulse, and Bram hands the procesbegeleider role to Emma.
    await at('2027-02-26 10:00');
    await say('anna', 'pulse');
    for (const [who, score] of [['sanne', 4], ['ahmed', 3], ['emma', 4], ['liam', 2], ['piet', 3]] as Array<[Name, number]>) await votePulse(who, score);
    await say('bram', 'rol procesbegeleider @emma');
    await say('bram', 'rol weg procesbegeleider @bram');
    await say('anna', 'rol deelnemer @bram');
    await say('emma', 'network', personal);
    await at('2027-03-05 23:00');
    // Emma, the new procesbegeleider, puts a task off; Liam asks what the bot keeps about him.
    await at('2027-03-11 10:00');
    await press('emma', /^Your preparation for today/, 'Later…');
    await press('emma', /^When do you want to see/, /^Tomorrow/);
    await say('liam', 'my-data', personal);
    await say('liam', 'help role', { kind: 'channel' });

    // The third session is moved a week later, after its week reminder went out.
    await at('2027-03-18 11:00');
    await say('emma', 'session move 2027-03-25 2027-04-01', channel);
    await at('2027-03-19 10:00');
    await say('anna', 'sessies');
    await at('2027-03-25 09:30');
    await press('ahmed', /Over een week|Verplaatst/, 'Ik kom');
    await at('2027-04-01 18:00');
    await at('2027-04-02 10:00');
    await say('emma', 'pulse', channel);
    for (const [who, score] of [['sanne', 5], ['ahmed', 4], ['bram', 4], ['liam', 4], ['piet', 3]] as Array<[Name, number]>) await votePulse(who, score);
    await at('2027-04-12 23:00');
    await say('anna', 'pulse resultaten', personal);
    await say('anna', 'netwerk', personal);
  } finally {
    stamp();
    for (const { index, errors } of invalidCards(h.fake)) problems.push(`card ${index} is no valid Adaptive Card: ${errors.join('; ')}`);
    for (const v of h.fake.violations) problems.push(`Teams would refuse: ${v}`);
    await h.close();
    await rm(dir, { recursive: true, force: true });
  }
  problems.push(...readingProblems(seen));
  return { seen, problems, restarts, ms: performance.now() - started };

  /** Answers "Allow" on the latest file offer in `who`'s personal chat; Teams then uploads it. */
  async function acceptFile(who: Name): Promise<void> {
    const offer = [...seen].reverse().find((s) => s.to === who && s.how === 'file-offer');
    const attachment = offer?.call?.body.attachments[0];
    if (!attachment) {
      problems.push(`${now().at} ${who}: no file offer to accept`);
      return;
    }
    const uploadsBefore = h.fake.uploads.size;
    await deliver(
      {
        ...h.base('invoke', cast[who], personal),
        name: 'fileConsent/invoke',
        value: { type: 'fileUpload', action: 'accept', context: attachment.content.acceptContext, uploadInfo: { name: attachment.name, uploadUrl: `${h.fake.url}/upload/${who}-${attachment.name}`, contentUrl: 'https://onedrive.example/f', uniqueId: `${who}-${attachment.name}`, fileType: 'ics' } },
      },
      who,
    );
    if (h.fake.uploads.size !== uploadsBefore + 1) problems.push(`${now().at} ${who}: accepting ${attachment.name} uploaded nothing`);
  }

  /** Opens the open question of the latest pulse invitation `who` got and sends `text` in its form. */
  async function openAnswer(who: Name, text: string): Promise<void> {
    const invitation = [...seen].reverse().find((s) => s.to === who && s.call && s.how === 'post' && cardsOf(s.call.body).flatMap(cardActions).some((a: any) => a.data?.lisoAction?.startsWith('pulse.open')));
    const button = invitation?.call && cardsOf(invitation.call.body).flatMap(cardActions).find((a: any) => a.data?.lisoAction?.startsWith('pulse.open'));
    if (!button) {
      problems.push(`${now().at} ${who}: no open question to answer`);
      return;
    }
    await deliver(h.press(button.data, cast[who], personal, invitation!.call!.response.id), who);
    const form = [...seen].reverse().find((s) => s.to === who && s.call && cardsOf(s.call.body).some((c: any) => c.body.some((e: any) => e.type === 'Input.Text')));
    if (!form?.call) {
      problems.push(`${now().at} ${who}: no form for the open question`);
      return;
    }
    const card = cardsOf(form.call.body)[0];
    const input = card.body.find((e: any) => e.type === 'Input.Text');
    await deliver(h.press({ ...cardActions(card)[0]!.data, [input.id]: text }, cast[who], personal, form.call.response.id), who);
  }

  /** Presses the score for the first `statements` statements (all by default) of the latest pulse invitation `who` got. */
  async function votePulse(who: Name, score: number, statements = 6): Promise<void> {
    const invitation = [...seen].reverse().find((s) => s.to === who && s.call && s.how === 'post' && cardsOf(s.call.body).flatMap(cardActions).some((a: any) => a.data?.lisoAction === 'pulse.vote'));
    if (!invitation?.call) {
      if (who !== 'piet') problems.push(`${now().at} ${who}: no pulse invitation to vote on`);
      return;
    }
    const pressed = new Set<string>();
    for (const action of cardsOf(invitation.call.body).flatMap(cardActions) as Array<{ data: any }>) {
      if (action.data?.lisoAction !== 'pulse.vote') continue;
      const parts = String(action.data.lisoValue).split(':');
      const [question, value] = parts.slice(-2);
      if (Number(value) !== score || pressed.has(question!) || pressed.size >= statements) continue;
      pressed.add(question!);
      await deliver(h.press(action.data, cast[who], invitation.to === 'channel' ? channel : personal, invitation.call.response.id), who);
    }
  }
}

function local(when: string): Date {
  return DateTime.fromFormat(when, 'yyyy-MM-dd HH:mm', { zone: ZONE }).toJSDate();
}

const DUTCH_ROLES = /\b(trekker|procesbegeleider|verbindingsfunctionaris|communicatieadviseur|projectassistent|deelnemer)s?\b/i;
const ENGLISH_ROLES = /\b(network lead|process facilitator|liaison officer|communications adviser|project assistant|participant)s?\b/i;
const DUTCH_WORDS = /\b(sessie|maandag|dinsdag|woensdag|donderdag|vrijdag|januari|februari|maart|april|Gedaan|Ik kom|Ik kan niet|komen|Verplaatst)\b/;
const ENGLISH_WORDS = /\b(session|Monday|Tuesday|Wednesday|Thursday|Friday|January|February|March|April|Done|coming|Moved)\b/;

/** What a reader would stumble over in what they saw. */
export function readingProblems(seen: readonly Seen[]): string[] {
  const problems: string[] = [];
  for (const s of seen) {
    const where = `${s.at} ${s.to} (${s.how}): "${s.text.replace(/\s+/g, ' ').slice(0, 90)}"`;
    const all = `${s.text}\n${s.buttons.join('\n')}`;
    if (/undefined|null|NaN|\[object /.test(all)) problems.push(`${where}: undefined/null/NaN`);
    if (/\{\{|\}\}|\{[a-z]+\}/.test(all)) problems.push(`${where}: an unfilled placeholder`);
    // The data report names the person's own platform id on purpose.
    if (!/^(What liso-bot stores about you|Wat liso-bot over jou bewaart)/.test(s.text) && /29:1|a:personal|19:[\w-]+@thread|[0-9a-f]{8}-[0-9a-f]{4}-/.test(all)) problems.push(`${where}: an id`);
    const reader = s.to as Name;
    // Emma and Liam choose English on the first day; what came before was in Dutch.
    const chose = seen.findIndex((m) => m.to === s.to && /^From now on I'll talk to you in English/.test(m.text));
    if (english.has(reader) && chose >= 0 && seen.indexOf(s) > chose && s.how !== 'file-offer') {
      // The English role names carry the Dutch one in brackets, "Network lead (trekker)", on purpose.
      const unglossed = all.replace(/\((trekker|procesbegeleider|verbindingsfunctionaris|communicatieadviseur|projectassistent|deelnemer)\)/g, '');
      if (DUTCH_WORDS.test(unglossed) || DUTCH_ROLES.test(unglossed)) problems.push(`${where}: Dutch in an English reader's message (${(DUTCH_WORDS.exec(unglossed) ?? DUTCH_ROLES.exec(unglossed))?.[0]})`);
    } else if (!english.has(reader) && (s.to === 'channel' || reader in cast) && s.how !== 'file-offer') {
      if (ENGLISH_ROLES.test(all) || ENGLISH_WORDS.test(all)) problems.push(`${where}: English in a Dutch reader's message (${(ENGLISH_ROLES.exec(all) ?? ENGLISH_WORDS.exec(all))?.[0]})`);
    }
  }
  // The same text to the same person twice on a day (a resend after the restart would show here).
  const keys = new Map<string, number>();
  for (const s of seen) {
    if (s.how !== 'post' && s.how !== 'file-offer') continue;
    const key = `${s.day} ${s.to} ${s.text}`;
    keys.set(key, (keys.get(key) ?? 0) + 1);
  }
  for (const [key, n] of keys) if (n > 1) problems.push(`sent ${n} times: ${key.replace(/\s+/g, ' ').slice(0, 140)}`);
  return problems;
}

/**
 * What one run delivered and the other did not (posts and file offers, by day, reader and text):
 * a run with restarts against one without shows anything a restart lost or sent twice.
 */
export function differences(withRestarts: readonly Seen[], without: readonly Seen[]): { lost: string[]; doubled: string[] } {
  const tally = (seen: readonly Seen[]) => {
    const counts = new Map<string, number>();
    // By first line, except the celebration of a win: its words are drawn at random.
    const keyOf = (s: Seen) => `${s.day} ${s.to} ${s.how}: ${s.buttons.some((b) => /Mooi/.test(b)) ? 'a win celebrated' : s.text.split('\n')[0]}`;
    for (const s of seen) if (s.how === 'post' || s.how === 'file-offer') counts.set(keyOf(s), (counts.get(keyOf(s)) ?? 0) + 1);
    return counts;
  };
  const a = tally(withRestarts);
  const b = tally(without);
  const lost = [...b].filter(([key, n]) => (a.get(key) ?? 0) < n).map(([key, n]) => `${key} (${a.get(key) ?? 0} of ${n})`);
  const doubled = [...a].filter(([key, n]) => n > (b.get(key) ?? 0)).map(([key, n]) => `${key} (${n}, without restarts ${b.get(key) ?? 0})`);
  return { lost, doubled };
}

/** Messages per reader (posts and file offers; edits and press answers replace what they had). */
export function countTable(seen: readonly Seen[]): string {
  const readers = [...Object.keys(cast), 'channel'];
  const rows: string[] = ['| reader | messages | file offers | days with a message | busiest day |', '|---|---|---|---|---|'];
  for (const reader of readers) {
    const mine = seen.filter((s) => s.to === reader && (s.how === 'post' || s.how === 'file-offer'));
    const perDay = new Map<string, number>();
    for (const s of mine) perDay.set(s.day, (perDay.get(s.day) ?? 0) + 1);
    const busiest = [...perDay].sort((a, b) => b[1] - a[1])[0];
    rows.push(`| ${reader} | ${mine.filter((s) => s.how === 'post').length} | ${mine.filter((s) => s.how === 'file-offer').length} | ${perDay.size} | ${busiest ? `${busiest[0]}: ${busiest[1]}` : '-'} |`);
  }
  return rows.join('\n');
}

/** A card as its reader sees it from top to bottom: text blocks, then each row of buttons where it stands. */
function layout(card: any): string {
  return (card?.body ?? [])
    .map((element: any) => {
      if (element.type === 'TextBlock') return element.text;
      if (element.type === 'ActionSet') return element.actions.map((a: any) => `[${a.title}]`).join(' ');
      if (element.type === 'Input.ChoiceSet') return `<${element.placeholder ?? element.label}: ${element.choices.map((c: any) => c.title).join(' | ')}>`;
      if (element.type === 'Input.Text') return `<${element.label}: ____>`;
      return `(${element.type})`;
    })
    .join('\n');
}

function transcript(seen: readonly Seen[], reader: string): string {
  return seen
    .filter((s) => s.to === reader)
    .map((s) => {
      const cards = (s.call?.body?.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive');
      const shown = s.call && cards.length > 0 ? cards.map((a: any) => layout(a.content)).join('\n┄┄ next card ┄┄\n') : `${s.text}${s.buttons.length > 0 ? `\n[${s.buttons.join('] [')}]` : ''}`;
      return `── ${s.at} ${s.how} ──\n${shown}\n`;
    })
    .join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outAt = process.argv.indexOf('--out');
  const out = outAt > 0 ? process.argv[outAt + 1]! : 'var/teams-quarter';
  const result = await liveQuarter({ log: (line) => process.stderr.write(`${line}\n`) });
  await mkdir(out, { recursive: true });
  for (const reader of [...Object.keys(cast), 'channel', '?']) await writeFile(path.join(out, `${reader}.txt`), transcript(result.seen, reader));
  const perDay = result.seen
    .filter((s) => s.how === 'post' || s.how === 'file-offer')
    .reduce((m, s) => m.set(`${s.day} ${s.to}`, (m.get(`${s.day} ${s.to}`) ?? 0) + 1), new Map<string, number>());
  await writeFile(path.join(out, 'per-day.txt'), [...perDay].map(([k, n]) => `${k} ${n}`).join('\n'));
  const calm = await liveQuarter({ restarts: false });
  const { lost, doubled } = differences(result.seen, calm.seen);
  process.stdout.write(`${countTable(result.seen)}\n\nrestarts: ${result.restarts}, ${Math.round(result.ms / 1000)} s\n\nproblems (${result.problems.length}):\n${result.problems.map((p) => `- ${p}`).join('\n')}\n`);
  process.stdout.write(`\nagainst the same quarter without restarts: ${lost.length} lost, ${doubled.length} doubled\n${[...lost.map((l) => `- lost: ${l}`), ...doubled.map((d) => `- doubled: ${d}`)].join('\n')}\n`);
}
