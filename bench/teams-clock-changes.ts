// Two networks lived across the clock changes of 2027 on Microsoft Teams, as their people live them:
// Jeugd Leiden in Europe/Amsterdam (clocks change 28 March 02:00 → 03:00 and 31 October 03:00 →
// 02:00) and Youth Boston, started when the deployment ran in America/New_York (14 March and
// 7 November), in one process. Sessions two days after each change, the preparation nudges before
// them, the week and morning reminders, the pulse after; restarts in the skipped hour, in both
// runs of the doubled hour, and at 02:30 UTC on the spring night; sessions typed at 02:30 on
// the change days, and relative dates typed around midnight of them (teams-life.ts).
//
//   npx tsx bench/teams-clock-changes.ts [--out var/teams-clock-changes]
//
// Prints every message each person got, at the local time they read it, and the problems found.
import { DateTime } from 'luxon';
import type { Person } from '../tests/teams/teams-harness.ts';
import type { QuarterResult, Seen } from './teams-life.ts';
import { TeamsLife, outDir, readingProblems, writeTranscripts } from './teams-life.ts';
import { differences, cast as quarterCast } from './teams-quarter.ts';

const { anna, bram, sanne, emma, liam, joris } = quarterCast;
export const cast = { anna, bram, sanne, emma, liam, joris } as const satisfies Record<string, Person>;
type Name = keyof typeof cast;
/** English readers: Emma and Liam chose English, and Youth Boston's channel speaks the language of Liam, who started it. */
const english = new Set<string>(['emma', 'liam', 'channel:boston']);

export const channels = {
  jeugd: '19:kanaal-jeugd@thread.tacv2',
  boston: '19:kanaal-boston@thread.tacv2',
} as const;
type Net = keyof typeof channels;
const readerOf = (net: Net) => `channel:${net}`;
const personal = { kind: 'personal' } as const;

export const AMSTERDAM = 'Europe/Amsterdam';
export const NEW_YORK = 'America/New_York';
/** The zone each person reads their messages in: the zone of the network they are in (Bram, in both, lives in Leiden). */
export const zoneOf: Record<string, string> = { anna: AMSTERDAM, bram: AMSTERDAM, sanne: AMSTERDAM, emma: AMSTERDAM, liam: NEW_YORK, joris: NEW_YORK, 'channel:jeugd': AMSTERDAM, 'channel:boston': NEW_YORK };

/** A message as its reader saw it: their local day and time. */
export const localAt = (s: Seen, zone = zoneOf[s.to] ?? AMSTERDAM) => DateTime.fromJSDate(s.instant, { zone }).toFormat('yyyy-MM-dd HH:mm');

/** What a person typed, and the first line of what came back to them (the answers the test reads). */
export interface Typed {
  at: string;
  who: Name;
  text: string;
  answer: string;
}

export interface ClockChangeResult extends QuarterResult {
  typed: Typed[];
  /** The calendar files people took, by name: their text. */
  uploads: ReadonlyMap<string, string>;
}

export async function liveClockChanges(options: { restarts?: boolean } = {}): Promise<ClockChangeResult> {
  // The deployment ran in New York when Liam started Youth Boston.
  const life = await TeamsLife.begin(cast, Object.fromEntries(Object.entries(channels).map(([net, id]) => [id, readerOf(net as Net)])), '2027-01-04 14:55', {
    ...options,
    env: { LISO_TIMEZONE: NEW_YORK },
  });
  const in_ = (net: Net) => life.channel(readerOf(net));
  const typed: Typed[] = [];
  /** `who` types `text`; the reply (in the channel or their chat) is kept with the local time. */
  const type = async (who: Name, text: string, where: ReturnType<typeof in_> | typeof personal, zone = AMSTERDAM) => {
    const before = life.seen.length;
    await life.say(who, text, where);
    const reply = life.seen.slice(before).find((s) => s.to === who || s.to.startsWith('channel:'));
    typed.push({ at: DateTime.fromJSDate(life.clock.now(), { zone }).toFormat('yyyy-MM-dd HH:mm ZZZZ'), who, text, answer: reply?.text.split('\n')[0] ?? '(nothing)' });
  };
  const at = (when: string, zone = AMSTERDAM) => life.walk(DateTime.fromFormat(when, 'yyyy-MM-dd HH:mm', { zone }).toJSDate());
  const atUtc = (iso: string) => life.walk(new Date(iso));
  const vote = async (who: Name, score: number, on: RegExp) => {
    if (!(await life.votePulse(who, score, { on }))) life.problems.push(`${life.now().at} ${who}: no pulse invitation matching ${on} to vote on`);
  };
  // Teams' side stays the same across restarts.
  const uploads = life.h.fake.uploads;
  /**
   * The week around a change in Leiden, as its people live it: a week before the session (two days
   * after the change) Sanne takes the calendar file; the next day Anna opens a pulse that closes
   * after the change; the night itself Anna types relative dates before and after midnight and a
   * session at 02:30, and the process restarts twice; the pulse after the session.
   */
  const leidenAroundChange = async (c: { weekBefore: string; pulseVoter: Name; saturday: string; sunday: string; sessionAt0230: string; restartsUtc: [string, string]; dayAfterSession: string }) => {
    await at(`${c.weekBefore} 09:30`);
    await life.acceptFile('sanne');
    await at(`${DateTime.fromISO(c.weekBefore).plus({ days: 1 }).toISODate()} 10:00`);
    await life.say('anna', 'pulse', in_('jeugd'));
    await vote(c.pulseVoter, 3, /Jeugd/);
    await at(`${c.saturday} 23:30`);
    await type('anna', 'sessie annuleer morgen', in_('jeugd'));
    await type('anna', 'sessie annuleer volgende week donderdag', in_('jeugd'));
    await type('anna', c.sessionAt0230, in_('jeugd'));
    await at(`${c.sunday} 00:30`);
    await type('anna', 'sessie annuleer vandaag', in_('jeugd'));
    await type('anna', 'sessie annuleer morgen', in_('jeugd'));
    for (const restart of c.restartsUtc) {
      await atUtc(restart);
      await life.restart();
    }
    await at(`${c.sunday} 10:00`);
    await type('anna', 'sessie annuleer volgende week donderdag', in_('jeugd'));
    // The session (Tuesday 14:00-17:00); the pulse the next morning, an hour after the one before closed.
    await at(`${c.dayAfterSession} 11:00`);
    await life.say('anna', 'pulse', in_('jeugd'));
    await vote('sanne', 4, /Jeugd/);
    await vote('emma', 4, /Jeugd/);
  };
  let result: QuarterResult;
  try {
    // Monday 4 January 2027, 09:00 in Boston: Liam adds the app and starts Youth Boston; Bram
    // (procesbegeleider of both networks) and Joris join.
    await at('2027-01-04 09:00', NEW_YORK);
    await life.deliver(life.h.teamInstall(cast.liam, { kind: 'channel', channel: channels.boston }), 'liam');
    for (const who of Object.keys(cast) as Name[]) await life.deliver(life.h.personalInstall(cast[who]), who);
    await life.say('liam', 'language en', personal);
    await life.say('emma', 'language en', personal);
    await life.say('liam', 'start Youth Boston', in_('boston'));
    await life.say('liam', 'role procesbegeleider @bram', in_('boston'));
    await life.say('liam', 'role deelnemer @joris', in_('boston'));
    // The deployment moves to Amsterdam (its default zone) the same evening.
    await at('2027-01-04 18:00');
    await life.restart({});
    await life.say('anna', 'start Jeugd Leiden', in_('jeugd'));
    await life.say('anna', 'rol procesbegeleider @bram', in_('jeugd'));
    await life.say('anna', 'rol deelnemer @sanne @emma', in_('jeugd'));
    // Each network plans its year in its own zone: a kick-off, then a session two days after each
    // of its clock changes.
    await life.say('anna', 'sessie 2027-01-14 14:00-17:00 Stadhuis Leiden', in_('jeugd'));
    await life.say('anna', 'sessie 2027-03-30 14:00-17:00 Stadhuis Leiden', in_('jeugd'));
    await life.say('anna', 'sessie 2027-06-29 14:00-17:00 Stadhuis Leiden', in_('jeugd'));
    await life.say('anna', 'sessie 2027-11-02 14:00-17:00 Stadhuis Leiden', in_('jeugd'));
    await life.say('liam', 'session 2027-01-12 10:00-12:00 Boston Public Library', in_('boston'));
    await life.say('liam', 'session 2027-03-16 10:00-12:00 Boston Public Library', in_('boston'));
    await life.say('liam', 'session 2027-11-09 10:00-12:00 Boston Public Library', in_('boston'));
    await type('anna', 'sessies', in_('jeugd'));
    await type('liam', 'sessions', in_('boston'), NEW_YORK);

    // The winter: preparation nudges for both networks.
    await at('2027-03-13 12:00', NEW_YORK);
    // Saturday evening in Boston, the night the clocks there spring forward: relative dates.
    await at('2027-03-13 23:30', NEW_YORK);
    await type('liam', 'session cancel tomorrow', in_('boston'), NEW_YORK);
    await at('2027-03-14 03:30', NEW_YORK);
    await type('liam', 'session cancel tomorrow', in_('boston'), NEW_YORK);
    await type('liam', 'session 2027-03-14 02:30', in_('boston'), NEW_YORK);
    await at('2027-03-17 10:00', NEW_YORK);
    await life.say('liam', 'pulse', in_('boston'));
    await vote('joris', 4, /Boston/);

    // Spring in Leiden: the clock jumps from 02:00 to 03:00 in the night of Saturday 27 March. A
    // restart in the hour it skips (01:30 UTC is 03:30 summer time), and at 02:30 UTC.
    await leidenAroundChange({
      weekBefore: '2027-03-23',
      pulseVoter: 'sanne',
      saturday: '2027-03-27',
      sunday: '2027-03-28',
      sessionAt0230: 'sessie 2027-03-28 02:30',
      restartsUtc: ['2027-03-28T01:30:00Z', '2027-03-28T02:30:00Z'],
      dayAfterSession: '2027-03-31',
    });
    // Summer, with a session on 29 June; the pulse a week before November's session is about June,
    // which Anna had not held yet. The clock goes back from 03:00 to 02:00 in the night of Saturday
    // 30 October: 02:30 local happens at 00:30 UTC (summer time) and at 01:30 UTC, a restart in each.
    // The session at 02:30 is confirmed at once: the session two days later would otherwise make the
    // bot ask about that first.
    await leidenAroundChange({
      weekBefore: '2027-10-26',
      pulseVoter: 'emma',
      saturday: '2027-10-30',
      sunday: '2027-10-31',
      sessionAt0230: 'sessie 2027-10-31 02:30 bevestig',
      restartsUtc: ['2027-10-31T00:30:00Z', '2027-10-31T01:30:00Z'],
      dayAfterSession: '2027-11-03',
    });
    // Boston's autumn night: Saturday 6 November, 02:00 → 01:00.
    await at('2027-11-06 23:30', NEW_YORK);
    await type('liam', 'session cancel tomorrow', in_('boston'), NEW_YORK);
    await type('liam', 'session 2027-11-07 01:30 confirm', in_('boston'), NEW_YORK);
    await atUtc('2027-11-07T05:30:00Z');
    await life.restart();
    await atUtc('2027-11-07T06:30:00Z');
    await life.restart();
    await at('2027-11-10 10:00', NEW_YORK);
    await life.say('liam', 'pulse', in_('boston'));
    await vote('joris', 4, /Boston/);
    await at('2027-11-20 12:00');
    await type('anna', 'pulse resultaten', in_('jeugd'));
  } finally {
    result = await life.end();
  }
  result.problems.push(...readingProblems(result.seen, english, new Set(Object.keys(cast))));
  return { ...result, typed, uploads };
}

/**
 * A network whose nudge time lies in the night the clocks change (LISO_NUDGE_TIME=02:30): its
 * sessions on the Sundays of both changes, and one on Monday 5 April whose week reminder moves back
 * over Easter Monday, across the spring change. The morning reminders fall in the skipped hour (then
 * at 03:30) and in the doubled one; the process restarts at 03:30 summer time on the spring night and
 * between and after the two 02:30s of the autumn night.
 */
export async function liveNightNudges(): Promise<QuarterResult> {
  const { anna, bram, sanne } = cast;
  const life = await TeamsLife.begin({ anna, bram, sanne }, { [channels.jeugd]: readerOf('jeugd') }, '2027-03-01 08:55', { env: { LISO_NUDGE_TIME: '02:30' } });
  const at = (when: string) => life.walk(DateTime.fromFormat(when, 'yyyy-MM-dd HH:mm', { zone: AMSTERDAM }).toJSDate());
  const inJeugd = life.channel(readerOf('jeugd'));
  let result: QuarterResult;
  try {
    await at('2027-03-01 09:00');
    await life.deliver(life.h.teamInstall(anna, { kind: 'channel', channel: channels.jeugd }), 'anna');
    for (const who of ['anna', 'bram', 'sanne'] as const) await life.deliver(life.h.personalInstall(cast[who]), who);
    const commands = [
      'start Jeugd Leiden',
      'rol procesbegeleider @bram',
      'rol deelnemer @sanne',
      'sessie 2027-03-28 14:00-17:00 Buurthuis',
      // Eight days later: the bot would ask first; Anna confirms at once.
      'sessie 2027-04-05 14:00-17:00 Buurthuis bevestig',
      'sessie 2027-10-31 14:00-17:00 Buurthuis',
    ];
    for (const command of commands) await life.say('anna', command, inJeugd);
    await life.walk(new Date('2027-03-28T01:30:00Z'));
    await life.restart();
    await at('2027-04-06 12:00');
    await life.walk(new Date('2027-10-31T00:45:00Z'));
    await life.restart();
    await life.walk(new Date('2027-10-31T01:45:00Z'));
    await life.restart();
    await at('2027-11-01 12:00');
  } finally {
    result = await life.end();
  }
  result.problems.push(...readingProblems(result.seen, new Set(), new Set(['anna', 'bram', 'sanne'])));
  return result;
}

/**
 * A network started when the deployment ran in Asia/Tokyo (no DST), with a nudge time of 07:30, in
 * a process now in Europe/Amsterdam: its 07:30 is the evening before in Amsterdam's winter time and
 * just after midnight in its summer time. Sessions on 30 March and (confirmed) 6 April, their week
 * before on either side of Amsterdam's spring change; Liam ticks off a handed-over task from the digest of 23 March.
 */
export async function liveTokyoMornings(): Promise<QuarterResult> {
  const { bram, sanne, liam } = cast;
  const env = { LISO_NUDGE_TIME: '07:30' };
  const life = await TeamsLife.begin({ bram, sanne, liam }, { [channels.boston]: readerOf('boston') }, '2027-03-15 09:00', { env: { ...env, LISO_TIMEZONE: 'Asia/Tokyo' } });
  const inTokyo = life.channel(readerOf('boston'));
  let result: QuarterResult;
  try {
    await life.deliver(life.h.teamInstall(liam, { kind: 'channel', channel: channels.boston }), 'liam');
    for (const who of ['bram', 'sanne', 'liam'] as const) await life.deliver(life.h.personalInstall(cast[who]), who);
    for (const command of ['start Youth Tokyo', 'rol procesbegeleider @bram', 'rol deelnemer @sanne', 'sessie 2027-03-30 10:00', 'sessie 2027-04-06 10:00 bevestig']) await life.say('liam', command, inTokyo);
    await life.restart(env);
    await life.walk(DateTime.fromISO('2027-03-23T09:00', { zone: 'Asia/Tokyo' }).toJSDate());
    // The digest holds the procesbegeleider's open tasks as one list: its button asks which, privately.
    await life.press('liam', /^Je voorbereiding voor vandaag/, 'Afvinken of uitstellen…');
    await life.press('liam', /^Open taken van de procesbegeleider/, 'Gedaan');
    await life.walk(DateTime.fromISO('2027-04-06T12:00', { zone: 'Asia/Tokyo' }).toJSDate());
  } finally {
    result = await life.end();
  }
  result.problems.push(...readingProblems(result.seen, new Set(), new Set(['bram', 'sanne', 'liam'])));
  return result;
}

/** Posts and file offers to a reader, with the local time they read them. */
export function received(result: QuarterResult, reader: string): Array<{ at: string; text: string }> {
  return result.seen.filter((s) => s.to === reader && (s.how === 'post' || s.how === 'file-offer')).map((s) => ({ at: localAt(s), text: s.text.split('\n')[0]! }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await liveClockChanges();
  const readers = [...Object.keys(cast), ...Object.keys(channels).map((n) => readerOf(n as Net))];
  await writeTranscripts(outDir('var/teams-clock-changes'), result.seen, readers);
  for (const reader of readers) {
    const mine = received(result, reader);
    process.stdout.write(`## ${reader} (${zoneOf[reader]}): ${mine.length}\n${mine.map((m) => `${m.at}  ${m.text.slice(0, 110)}`).join('\n')}\n\n`);
  }
  process.stdout.write(`## typed\n${result.typed.map((t) => `${t.at} ${t.who}: ${t.text}\n    → ${t.answer.slice(0, 160)}`).join('\n')}\n\n`);
  process.stdout.write(`restarts: ${result.restarts}, ${Math.round(result.ms / 1000)} s\n\nproblems (${result.problems.length}):\n${result.problems.map((p) => `- ${p}`).join('\n')}\n`);
  // The same year with only the restart that moves the deployment to Amsterdam: what the restarts around the changes lost or doubled.
  const calm = await liveClockChanges({ restarts: false });
  const { lost, doubled } = differences(result.seen, calm.seen);
  process.stdout.write(`\nagainst the same year without the other restarts: ${lost.length} lost, ${doubled.length} doubled\n${[...lost.map((l) => `- lost: ${l}`), ...doubled.map((d) => `- doubled: ${d}`)].join('\n')}\n`);
}
