// Living a quarter on Teams as its people would: the real Teams adapter against the local fake Bot
// Connector, a simulated clock and an SQLite store file that survives restarts. Everything the fake
// received is stamped with the simulated time and the reader it reached, for reading as them.
// Used by the one-network quarter (teams-quarter.ts) and the three-network one (teams-multi-quarter.ts).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { SimulatedClock } from '../src/core/clock.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import type { RecordedCall } from '../tests/teams/fake-bot-connector.ts';
import { personalConversationId } from '../tests/teams/fake-bot-connector.ts';
import type { Person, Where } from '../tests/teams/teams-harness.ts';
import { TeamsHarness, cardActions, cardText, invalidCards } from '../tests/teams/teams-harness.ts';

export const ZONE = 'Europe/Amsterdam';

export interface Seen {
  /** Simulated time, Europe/Amsterdam, yyyy-MM-dd HH:mm. */
  at: string;
  /** The simulated instant it arrived (for reading it in another zone). */
  instant: Date;
  day: string;
  /** A person's key, or 'channel' (the only network's) or 'channel:<key>' (one of several). */
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

export function local(when: string): Date {
  return DateTime.fromFormat(when, 'yyyy-MM-dd HH:mm', { zone: ZONE }).toJSDate();
}

const cardsOf = (body: any): any[] => (body?.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a: any) => a.content);
const isChannel = (to: string) => to === 'channel' || to.startsWith('channel:');

export class TeamsLife<N extends string> {
  readonly seen: Seen[] = [];
  readonly problems: string[] = [];
  restarts = 0;
  private stamped = 0;
  private readonly started = performance.now();

  private constructor(
    readonly cast: Record<N, Person>,
    /** Reader key of each channel ('channel' or 'channel:<key>') by its Teams id. */
    private readonly channels: Record<string, string>,
    readonly clock: SimulatedClock,
    private readonly dir: string,
    public h: TeamsHarness,
    private readonly allowRestarts: boolean,
    /** Configuration the process runs with (LISO_TIMEZONE, say); a restart may change it. */
    private env: Record<string, string>,
  ) {}

  static async begin<N extends string>(
    cast: Record<N, Person>,
    channels: Record<string, string>,
    start: string,
    options: { restarts?: boolean; env?: Record<string, string> } = {},
  ): Promise<TeamsLife<N>> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-teams-life-'));
    const clock = new SimulatedClock(local(start));
    const env = options.env ?? {};
    const h = await TeamsHarness.start({ clock, env, store: await SqliteStore.open(path.join(dir, 'liso.sqlite'), clock) });
    return new TeamsLife(cast, channels, clock, dir, h, options.restarts !== false, env);
  }

  now(): { at: string; day: string; instant: Date } {
    const instant = this.clock.now();
    const at = DateTime.fromJSDate(instant, { zone: ZONE });
    return { at: at.toFormat('yyyy-MM-dd HH:mm'), day: at.toFormat('yyyy-MM-dd'), instant };
  }

  /** The channel a reader key stands for, as a place to speak or press. */
  channel(reader: string): Where {
    const id = Object.entries(this.channels).find(([, key]) => key === reader)?.[0];
    return { kind: 'channel', ...(id ? { channel: id } : {}) };
  }

  private whoIs(conversationPath: string): string {
    const id = decodeURIComponent(/conversations\/([^/]+)\/activities/.exec(conversationPath)?.[1] ?? '');
    for (const [key, person] of Object.entries(this.cast) as Array<[string, Person]>) if (id === personalConversationId(person.id)) return key;
    for (const [channel, key] of Object.entries(this.channels)) if (id.startsWith(channel)) return key;
    return id;
  }

  /** Everything the fake received since the last stamp, stamped with the simulated time. */
  stamp(): void {
    for (const call of this.h.fake.calls.slice(this.stamped)) {
      if (!/\/activities/.test(call.path) || call.status >= 300 || (call.method !== 'POST' && call.method !== 'PUT')) continue;
      const attachment = call.body?.attachments?.[0];
      const how: Seen['how'] =
        attachment?.contentType === 'application/vnd.microsoft.teams.card.file.consent' ? 'file-offer' : attachment?.contentType === 'application/vnd.microsoft.teams.card.file.info' ? 'file' : call.method === 'PUT' ? 'edit' : 'post';
      const cards = cardsOf(call.body);
      const text = how === 'file-offer' || how === 'file' ? `[${attachment.name}] ${attachment.content?.description ?? ''}` : cards.map(cardText).join('\n');
      this.seen.push({ ...this.now(), to: this.whoIs(call.path), how, text, buttons: cards.flatMap(cardActions).map((a) => a.title), call });
    }
    this.stamped = this.h.fake.calls.length;
  }

  async deliver(activity: Record<string, unknown>, who?: N): Promise<{ status: number; body: any }> {
    const response = await this.h.deliver(activity);
    // The minute tick that follows in production sends what the activity queued.
    await this.h.t.app.bot.tick(this.clock.now());
    this.stamp();
    if (response.status >= 300) this.problems.push(`${this.now().at} ${who ?? '?'}: Teams got HTTP ${response.status} ${JSON.stringify(response.body)}`);
    const conversation = activity['conversation'] as { conversationType?: string; id?: string };
    if (response.body?.type === 'application/vnd.microsoft.card.adaptive') {
      // A card pressed in a channel is replaced for everyone there: the channel's, not the presser's.
      const to = conversation.conversationType === 'personal' ? (who ?? '?') : this.whoIs(`conversations/${encodeURIComponent(conversation.id ?? '')}/activities`);
      this.seen.push({ ...this.now(), to, how: 'press-answer', text: cardText(response.body.value), buttons: cardActions(response.body.value).map((a) => a.title) });
    } else if (response.body?.type === 'application/vnd.microsoft.activity.message') {
      this.seen.push({ ...this.now(), to: who ?? '?', how: 'press-answer', text: String(response.body.value), buttons: [] });
    }
    return response;
  }

  /** `who` says `text` (in a channel by default, with `@key` mentioning a person of the cast). */
  say(who: N, text: string, where: Where = { kind: 'channel' }, mentions: N[] = []): Promise<{ status: number; body: any }> {
    const cast = this.cast as Record<string, Person>;
    const withMentions = text.replace(/@(\w+)/g, (m, key: string) => (key in cast ? `<at>${cast[key]!.name}</at>` : m));
    const mentioned = mentions.length > 0 ? mentions.map((m) => this.cast[m]) : [...text.matchAll(/@(\w+)/g)].flatMap((m) => (m[1]! in cast ? [cast[m[1]!]!] : []));
    return this.deliver(this.h.message(withMentions, this.cast[who], where, mentioned), who);
  }

  /** The latest card `who` got in their personal chat whose text matches `on`; else the latest in a channel. */
  latestCard(who: N, on: RegExp): Seen | undefined {
    const latest = (to: (reader: string) => boolean) => [...this.seen].reverse().find((s) => s.call && s.how === 'post' && to(s.to) && on.test(s.text));
    return latest((to) => to === who) ?? latest(isChannel);
  }

  /** Presses a button on `card` (or on the latest card `who` got whose text matches `on`). */
  async press(who: N, on: RegExp | Seen, title: string | RegExp, extra: Record<string, string> = {}): Promise<{ status: number; body: any } | undefined> {
    const found = on instanceof RegExp ? this.latestCard(who, on) : on;
    if (!found?.call) {
      this.problems.push(`${this.now().at} ${who}: no card matching ${String(on)} to press ${String(title)}`);
      return undefined;
    }
    const action = cardsOf(found.call.body).flatMap(cardActions).find((a: { title: string }) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
    if (!action) {
      this.problems.push(`${this.now().at} ${who}: no button ${String(title)} on "${found.text.slice(0, 60)}" (has ${found.buttons.join(' | ')})`);
      return undefined;
    }
    return this.deliver(this.h.press({ ...action.data, ...extra }, this.cast[who], this.placeOf(found), found.call.response.id), who);
  }

  private placeOf(seen: Seen): Where {
    return isChannel(seen.to) ? this.channel(seen.to) : { kind: 'personal' };
  }

  /** Lets the simulated clock run to `until`, ticking at every moment a feature has work. */
  async walk(until: Date): Promise<void> {
    const bot = () => this.h.t.app.bot;
    for (let step = 0; step < 5_000; step++) {
      const due = await bot().nextDue(this.clock.now());
      if (!due || due > until) break;
      if (due > this.clock.now()) this.clock.set(due);
      await bot().tick(this.clock.now());
      this.stamp();
    }
    if (until > this.clock.now()) this.clock.set(until);
    await bot().tick(this.clock.now());
    this.stamp();
  }

  at(when: string): Promise<void> {
    return this.walk(local(when));
  }

  /**
   * Stops the process and starts a new one on the same store file and the same Teams (with `env`
   * in place of the configuration it ran with, when given).
   */
  async restart(env?: Record<string, string>): Promise<void> {
    // A new configuration needs a new process, even in a life lived without restarts.
    if (!this.allowRestarts && !env) return;
    if (env) this.env = env;
    this.stamp();
    await this.h.close({ keepFake: true });
    this.h = await TeamsHarness.start({ clock: this.clock, env: this.env, store: await SqliteStore.open(path.join(this.dir, 'liso.sqlite'), this.clock), fake: this.h.fake });
    this.restarts += 1;
  }

  /** Answers "Allow" on the latest file offer in `who`'s personal chat; Teams then uploads it. */
  async acceptFile(who: N): Promise<void> {
    const offer = [...this.seen].reverse().find((s) => s.to === who && s.how === 'file-offer');
    const attachment = offer?.call?.body.attachments[0];
    if (!attachment) {
      this.problems.push(`${this.now().at} ${who}: no file offer to accept`);
      return;
    }
    const uploadsBefore = this.h.fake.uploads.size;
    await this.deliver(
      {
        ...this.h.base('invoke', this.cast[who], { kind: 'personal' }),
        name: 'fileConsent/invoke',
        value: { type: 'fileUpload', action: 'accept', context: attachment.content.acceptContext, uploadInfo: { name: attachment.name, uploadUrl: `${this.h.fake.url}/upload/${who}-${attachment.name}`, contentUrl: 'https://onedrive.example/f', uniqueId: `${who}-${attachment.name}`, fileType: 'ics' } },
      },
      who,
    );
    if (this.h.fake.uploads.size !== uploadsBefore + 1) this.problems.push(`${this.now().at} ${who}: accepting ${attachment.name} uploaded nothing`);
  }

  /** The latest pulse invitation `who` got (whose text matches `on`, when given). */
  private pulseInvitation(who: N, lisoAction: (action: string) => boolean, on?: RegExp): Seen | undefined {
    return [...this.seen]
      .reverse()
      .find((s) => s.to === who && s.call && s.how === 'post' && (!on || on.test(s.text)) && cardsOf(s.call.body).flatMap(cardActions).some((a: any) => lisoAction(String(a.data?.lisoAction ?? ''))));
  }

  /** Opens the open question of the latest pulse invitation `who` got and sends `text` in its form. */
  async openAnswer(who: N, text: string, on?: RegExp): Promise<void> {
    const invitation = this.pulseInvitation(who, (a) => a.startsWith('pulse.open'), on);
    const button = invitation?.call && cardsOf(invitation.call.body).flatMap(cardActions).find((a: any) => a.data?.lisoAction?.startsWith('pulse.open'));
    if (!button) {
      this.problems.push(`${this.now().at} ${who}: no open question to answer`);
      return;
    }
    await this.deliver(this.h.press(button.data, this.cast[who], { kind: 'personal' }, invitation!.call!.response.id), who);
    const form = [...this.seen].reverse().find((s) => s.to === who && s.call && cardsOf(s.call.body).some((c: any) => c.body.some((e: any) => e.type === 'Input.Text')));
    if (!form?.call) {
      this.problems.push(`${this.now().at} ${who}: no form for the open question`);
      return;
    }
    const card = cardsOf(form.call.body)[0];
    const input = card.body.find((e: any) => e.type === 'Input.Text');
    await this.deliver(this.h.press({ ...cardActions(card)[0]!.data, [input.id]: text }, this.cast[who], { kind: 'personal' }, form.call.response.id), who);
  }

  /**
   * Presses the score for the first `statements` statements (all by default) of the latest pulse
   * invitation `who` got (whose text matches `on`); false when there was none.
   */
  async votePulse(who: N, score: number, options: { statements?: number; on?: RegExp } = {}): Promise<boolean> {
    const invitation = this.pulseInvitation(who, (a) => a === 'pulse.vote', options.on);
    if (!invitation?.call) return false;
    const pressed = new Set<string>();
    for (const action of cardsOf(invitation.call.body).flatMap(cardActions) as Array<{ data: any }>) {
      if (action.data?.lisoAction !== 'pulse.vote') continue;
      const parts = String(action.data.lisoValue).split(':');
      const [question, value] = parts.slice(-2);
      if (Number(value) !== score || pressed.has(question!) || pressed.size >= (options.statements ?? 6)) continue;
      pressed.add(question!);
      await this.deliver(this.h.press(action.data, this.cast[who], this.placeOf(invitation), invitation.call.response.id), who);
    }
    return true;
  }

  /** Ends the life: what Teams refused or could not render joins the problems; the store file is removed. */
  async end(): Promise<QuarterResult> {
    this.stamp();
    for (const { index, errors } of invalidCards(this.h.fake)) this.problems.push(`card ${index} is no valid Adaptive Card: ${errors.join('; ')}`);
    for (const v of this.h.fake.violations) this.problems.push(`Teams would refuse: ${v}`);
    await this.h.close();
    await rm(this.dir, { recursive: true, force: true });
    return { seen: this.seen, problems: this.problems, restarts: this.restarts, ms: performance.now() - this.started };
  }
}

const DUTCH_ROLES = /\b(trekker|procesbegeleider|verbindingsfunctionaris|communicatieadviseur|projectassistent|deelnemer)s?\b/i;
const ENGLISH_ROLES = /\b(network lead|process facilitator|liaison officer|communications adviser|project assistant|participant)s?\b/i;
const DUTCH_WORDS = /\b(sessie|maandag|dinsdag|woensdag|donderdag|vrijdag|januari|februari|maart|april|Gedaan|Ik kom|Ik kan niet|komen|Verplaatst)\b/;
const ENGLISH_WORDS = /\b(session|Monday|Tuesday|Wednesday|Thursday|Friday|January|February|March|April|Done|coming|Moved)\b/;

/** What a reader would stumble over in what they saw (`english`: the readers who chose English; `readers`: the cast). */
export function readingProblems(seen: readonly Seen[], english: ReadonlySet<string>, readers: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const s of seen) {
    const where = `${s.at} ${s.to} (${s.how}): "${s.text.replace(/\s+/g, ' ').slice(0, 90)}"`;
    const all = `${s.text}\n${s.buttons.join('\n')}`;
    if (/undefined|null|NaN|\[object /.test(all)) problems.push(`${where}: undefined/null/NaN`);
    if (/\{\{|\}\}|\{[a-z]+\}/.test(all)) problems.push(`${where}: an unfilled placeholder`);
    // The data report names the person's own platform id on purpose; a web address a lead gave (a
    // Teams join link holds a tenant id) is theirs to share.
    const withoutLinks = all.replace(/https?:\/\/\S+/g, '');
    if (!/^(What liso-bot stores about you|Wat liso-bot over jou bewaart)/.test(s.text) && /29:1|a:personal|19:[\w-]+@thread|[0-9a-f]{8}-[0-9a-f]{4}-/.test(withoutLinks)) problems.push(`${where}: an id`);
    // The English readers choose English on the first day; what came before was in Dutch.
    const chose = seen.findIndex((m) => m.to === s.to && /^From now on I'll talk to you in English/.test(m.text));
    if (english.has(s.to) && chose >= 0 && seen.indexOf(s) > chose && s.how !== 'file-offer') {
      // The English role names carry the Dutch one in brackets, "Network lead (trekker)", on purpose.
      const unglossed = all.replace(/\((trekker|procesbegeleider|verbindingsfunctionaris|communicatieadviseur|projectassistent|deelnemer)\)/g, '');
      if (DUTCH_WORDS.test(unglossed) || DUTCH_ROLES.test(unglossed)) problems.push(`${where}: Dutch in an English reader's message (${(DUTCH_WORDS.exec(unglossed) ?? DUTCH_ROLES.exec(unglossed))?.[0]})`);
    } else if (!english.has(s.to) && (isChannel(s.to) || readers.has(s.to)) && s.how !== 'file-offer') {
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

/** Messages (posts and file offers; edits and press answers replace what they had) per reader and day. */
export function messagesPerDay(seen: readonly Seen[], reader: string): Map<string, number> {
  const perDay = new Map<string, number>();
  for (const s of seen) if (s.to === reader && (s.how === 'post' || s.how === 'file-offer')) perDay.set(s.day, (perDay.get(s.day) ?? 0) + 1);
  return perDay;
}

/** Messages per reader: total, file offers, days with a message and the busiest day. */
export function countTable(seen: readonly Seen[], readers: readonly string[]): string {
  const rows: string[] = ['| reader | messages | file offers | days with a message | busiest day |', '|---|---|---|---|---|'];
  for (const reader of readers) {
    const mine = seen.filter((s) => s.to === reader && (s.how === 'post' || s.how === 'file-offer'));
    const busiest = [...messagesPerDay(seen, reader)].sort((a, b) => b[1] - a[1])[0];
    rows.push(`| ${reader} | ${mine.filter((s) => s.how === 'post').length} | ${mine.filter((s) => s.how === 'file-offer').length} | ${messagesPerDay(seen, reader).size} | ${busiest ? `${busiest[0]}: ${busiest[1]}` : '-'} |`);
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

/** Everything `reader` saw, in order, as they saw it. */
export function transcript(seen: readonly Seen[], reader: string): string {
  return seen
    .filter((s) => s.to === reader)
    .map((s) => {
      const cards = (s.call?.body?.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive');
      const shown = s.call && cards.length > 0 ? cards.map((a: any) => layout(a.content)).join('\n┄┄ next card ┄┄\n') : `${s.text}${s.buttons.length > 0 ? `\n[${s.buttons.join('] [')}]` : ''}`;
      return `── ${s.at} ${s.how} ──\n${shown}\n`;
    })
    .join('\n');
}

/** The directory `--out <dir>` names on the command line, else `fallback`. */
export function outDir(fallback: string): string {
  const at = process.argv.indexOf('--out');
  return at > 0 ? process.argv[at + 1]! : fallback;
}

/** Writes what each reader saw, as they saw it, to `<out>/<reader>.txt` (and what reached no known reader to `?.txt`). */
export async function writeTranscripts(out: string, seen: readonly Seen[], readers: readonly string[]): Promise<void> {
  await mkdir(out, { recursive: true });
  for (const reader of [...readers, '?']) await writeFile(path.join(out, `${reader}.txt`), transcript(seen, reader));
}
