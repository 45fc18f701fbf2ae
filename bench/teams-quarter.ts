// A new network's first quarter on Microsoft Teams, lived day by day as its eight people would:
// the real Teams adapter against the local fake Bot Connector, a simulated clock, an SQLite store
// file, and one restart of the process mid-quarter (teams-life.ts). Writes what each person saw
// (every card, as text) and counts messages per person and day.
//
//   npx tsx bench/teams-quarter.ts [--out var/teams-quarter]
//
// Prints the table of messages per person (total and busiest day) and the problems it found:
// raw markup, "undefined", ids, role names in the other language, cards Teams would refuse,
// anything sent twice across the restart.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { personalConversationId } from '../tests/teams/fake-bot-connector.ts';
import type { Person } from '../tests/teams/teams-harness.ts';
import { CHANNEL } from '../tests/teams/teams-harness.ts';
import type { QuarterResult, Seen } from './teams-life.ts';
import { TeamsLife, countTable, readingProblems, transcript } from './teams-life.ts';

export type { QuarterResult, Seen } from './teams-life.ts';

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
const english = new Set<string>(['emma', 'liam']);

const personal = { kind: 'personal' } as const;
const channel = { kind: 'channel' } as const;

export async function liveQuarter(options: { log?: (line: string) => void; restarts?: boolean } = {}): Promise<QuarterResult> {
  const log = options.log ?? (() => {});
  const life = await TeamsLife.begin(cast, { [CHANNEL]: 'channel' }, '2027-01-04 08:55', { restarts: options.restarts !== false });
  const restart = async () => {
    await life.restart();
    log(`${life.now().at} restarted`);
  };
  // Piet never opened a chat with the bot: his invitations are in the channel, which he does not answer.
  const vote = async (who: Name, score: number, statements?: number) => {
    if (!(await life.votePulse(who, score, statements ? { statements } : {})) && who !== 'piet') life.problems.push(`${life.now().at} ${who}: no pulse invitation to vote on`);
  };
  const openAnswer = (who: Name, text: string) => life.openAnswer(who, text);
  let stamped: QuarterResult;

  try {
    // Monday 4 January 2027: Anna adds the app to the team and for herself, and starts the network.
    await life.at('2027-01-04 09:00');
    await life.deliver(life.h.teamInstall(cast.anna), 'anna');
    await life.deliver(life.h.personalInstall(cast.anna), 'anna');
    await life.say('anna', 'start Jeugd Leiden');
    await life.say('anna', 'rol procesbegeleider @bram');
    await life.say('anna', 'rol verbindingsfunctionaris @sanne');
    await life.say('anna', 'rol deelnemer @ahmed @joris @piet @emma @liam');
    await life.say('anna', 'sessie 2027-01-28 14:00-17:00 Stadhuis Leiden, zaal 2');
    await life.say('anna', 'sessie 2027-02-25 14:00-16:30 https://teams.microsoft.com/l/meetup-join/19%3ameeting_jeugd%40thread.v2/0');
    await life.say('anna', 'sessie 2027-03-25 14:00-17:00 Bibliotheek Leiden, Nieuwstraat 4');
    // Everyone but Piet adds the app for themselves that morning; Emma and Liam switch to English.
    await life.at('2027-01-04 10:30');
    for (const who of ['bram', 'sanne', 'ahmed', 'joris', 'emma', 'liam'] as const) await life.deliver(life.h.personalInstall(cast[who]), who);
    await life.say('emma', 'taal en', personal);
    await life.say('liam', 'language en', personal);
    await life.say('bram', 'netwerk', personal);
    await life.say('emma', 'network', personal);
    await life.at('2027-01-04 23:00');

    // Questions in the channel and in personal chats.
    await life.at('2027-01-06 11:00');
    await life.say('ahmed', 'hoe houden we de energie erin na de kick-off?', { kind: 'channel', thread: '1700000000900' });
    await life.say('liam', 'how do we keep the partner organisations involved?', personal);
    await life.press('liam', /partner|involve/i, '👍 Yes');
    await life.say('sanne', 'wat doet een verbindingsfunctionaris?', personal);
    // Help, the menu and the timeline, as each would ask; Piet (no chat with the bot) asks for his data in the channel.
    await life.say('liam', 'help', personal);
    await life.say('ahmed', '', channel);
    await life.say('emma', 'timeline', personal);
    await life.say('piet', 'mijn-gegevens', channel);
    await life.say('bram', 'sessies', channel);
    await life.at('2027-01-06 23:00');

    // Preparation nudges: Anna ticks off what she did.
    await life.at('2027-01-07 09:30');
    await life.press('anna', /Verkennende gesprekken|verkennende gesprekken|startnotitie/i, 'Gedaan');
    await life.at('2027-01-14 23:00');

    // A week before the first session: who comes. Teams fails Ahmed's reminder once (a 503), and
    // the process restarts before its retry: the new process sends it, once.
    await life.at('2027-01-21 08:00');
    life.h.fake.failNext(new RegExp(`${personalConversationId(cast.ahmed.id).slice(2)}/activities$`), 503, { method: 'POST' });
    await life.at('2027-01-21 09:00');
    if (!life.h.fake.calls.some((c) => c.status === 503)) life.problems.push('the injected 503 for Ahmed never happened');
    await restart();
    await life.at('2027-01-21 09:30');
    await life.press('sanne', /Over een week/, 'Ik kom');
    await life.press('ahmed', /Over een week/, 'Ik kom');
    await life.press('emma', /In a week/, "I'll come");
    await life.press('emma', /In a week|coming/i, "I'll come");
    await life.press('liam', /In a week/, "I can't come");
    await life.press('joris', /Over een week/, 'Ik kom');
    await life.say('anna', 'netwerk');
    // Bram answers the reminder the earlier process sent him, and takes its calendar file.
    await life.press('bram', /Over een week/, 'Ik kom');
    await life.acceptFile('bram');
    await life.at('2027-01-21 23:00');

    // The first session (Thursday 28 January, 14:00-17:00); the next day Anna starts the pulse.
    await life.at('2027-01-29 10:00');
    await life.say('anna', 'pulse');
    // Liam said he could not come, so he got no questions; he was there after all and asks for them.
    await life.say('liam', 'pulse', personal);
    await life.press('liam', /could not come/, 'I was there after all');
    const votes: Array<[Name, number]> = [['sanne', 5], ['ahmed', 4], ['joris', 4], ['emma', 3], ['liam', 5]];
    for (const [who, score] of votes) await vote(who, score);
    // Five open answers: enough to be shown to the leads.
    for (const [who, text] of [['sanne', 'Meer tijd voor casussen'], ['ahmed', 'Een rondje praktijkvoorbeelden'], ['joris', 'Eerder de agenda'], ['emma', 'More time to talk in pairs'], ['liam', 'Shorter introductions']] as Array<[Name, string]>) {
      await openAnswer(who, text);
    }
    await life.at('2027-01-29 23:00');

    // A win, celebrated in the channel.
    await life.at('2027-02-01 10:00');
    await life.say('sanne', 'vier Twaalf organisaties aan tafel bij de eerste sessie! Dank @ahmed');
    await life.press('bram', /Twaalf organisaties/, /Mooi/);
    await life.press('liam', /Twaalf organisaties/, /Mooi|Nice/);
    await life.press('liam', /Twaalf organisaties/, /Mooi|Nice/);
    // Joris leaves the network.
    await life.say('anna', 'rol weg deelnemer @joris');
    await life.at('2027-02-01 23:00');
    await life.at('2027-02-02 10:00');
    await life.say('joris', 'mijn-gegevens', personal);
    await life.say('joris', 'vergeet-mij', personal);
    await life.press('joris', /vergeet|Vergeet|wissen|erase/i, /Ja|wis|Wis/);

    // The process restarts while the pulse is open. Buttons sent before it still work: Sanne
    // changes an answer on her invitation, Bram ticks off a task of the digest of 29 January, and
    // Anna puts one of hers off to tomorrow.
    await life.at('2027-02-03 12:00');
    await restart();
    await vote('sanne', 3, 1);
    await life.press('bram', /Je voorbereiding voor vandaag: 6 taken/, 'Gedaan');
    await life.press('bram', /Je voorbereiding voor vandaag: 6 taken/, 'Gedaan');
    // Six tasks make a compact digest: "Later of n.v.t.…" asks privately, with the days to put it off to.
    await life.press('anna', /Je voorbereiding voor vandaag: 6 taken/, 'Later of n.v.t.…');
    await life.press('anna', /^Wat wil je met/, /^Morgen/);
    await life.at('2027-02-05 23:00');
    await life.at('2027-02-18 09:30');
    await life.press('emma', /In a week/, "I'll come");
    await life.press('sanne', /Over een week/, 'Ik kom');
    // Piet reads his reminder in the channel and cannot come; Ahmed presses the same card.
    await life.press('piet', /Voor .*Piet Smit.*\n.*Over een week/, 'Ik kan niet');
    await life.press('ahmed', /Voor .*Piet Smit.*\n.*Over een week/, 'Ik kom');
    await life.at('2027-02-25 09:30');
    await life.say('liam', 'what should be on the agenda of a second session?', personal);
    // Session 2 is online. The next day the pulse, and Bram hands the procesbegeleider role to Emma.
    await life.at('2027-02-26 10:00');
    await life.say('anna', 'pulse');
    for (const [who, score] of [['sanne', 4], ['ahmed', 3], ['emma', 4], ['liam', 2], ['piet', 3]] as Array<[Name, number]>) await vote(who, score);
    await life.say('bram', 'rol procesbegeleider @emma');
    await life.say('bram', 'rol weg procesbegeleider @bram');
    await life.say('anna', 'rol deelnemer @bram');
    await life.say('emma', 'network', personal);
    await life.at('2027-03-05 23:00');
    // Emma, the new procesbegeleider, puts a task off; Liam asks what the bot keeps about him.
    await life.at('2027-03-11 10:00');
    await life.press('emma', /^Your preparation for today/, 'Later…');
    await life.press('emma', /^When do you want to see/, /^Tomorrow/);
    await life.say('liam', 'my-data', personal);
    await life.say('liam', 'help role', { kind: 'channel' });

    // The third session is moved a week later, after its week reminder went out.
    await life.at('2027-03-18 11:00');
    await life.say('emma', 'session move 2027-03-25 2027-04-01', channel);
    await life.at('2027-03-19 10:00');
    await life.say('anna', 'sessies');
    await life.at('2027-03-25 09:30');
    await life.press('ahmed', /Over een week|Verplaatst/, 'Ik kom');
    await life.at('2027-04-01 18:00');
    await life.at('2027-04-02 10:00');
    await life.say('emma', 'pulse', channel);
    for (const [who, score] of [['sanne', 5], ['ahmed', 4], ['bram', 4], ['liam', 4], ['piet', 3]] as Array<[Name, number]>) await vote(who, score);
    await life.at('2027-04-12 23:00');
    await life.say('anna', 'pulse resultaten', personal);
    await life.say('anna', 'netwerk', personal);
  } finally {
    stamped = await life.end();
  }
  stamped.problems.push(...readingProblems(stamped.seen, english, new Set(Object.keys(cast))));
  return stamped;
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
  process.stdout.write(`${countTable(result.seen, [...Object.keys(cast), 'channel'])}\n\nrestarts: ${result.restarts}, ${Math.round(result.ms / 1000)} s\n\nproblems (${result.problems.length}):\n${result.problems.map((p) => `- ${p}`).join('\n')}\n`);
  process.stdout.write(`\nagainst the same quarter without restarts: ${lost.length} lost, ${doubled.length} doubled\n${[...lost.map((l) => `- lost: ${l}`), ...doubled.map((d) => `- doubled: ${d}`)].join('\n')}\n`);
}
