// A process stopped at any write of a network's quarter (kill -9 between two writes), started again
// on the same data, the rest of the quarter done and its clock moved on well past every lease,
// retry and the pulse's close: nothing owed is lost, nothing stays stuck, nobody is told the same
// thing twice beyond the sends that were in flight, and nothing is logged as an error. Every kind
// of write (code site and key pattern) is stopped at once at least, and one write in STRIDE.
//
// What may be lost: a command or press the person was not yet answered on died with the process;
// they do it again, and then everything it would have sent must come (a half-done state that
// refuses or swallows the retry is a violation; one that says it was done already is not). What
// was owed by then (a Delivery record, a pending domain event, a state the tick derives messages
// from) must arrive without anyone doing anything.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { DeliveryRecord } from '../../src/core/delivery-records.ts';
import type { CoreEvent } from '../../src/core/events.ts';
import type { Message } from '../../src/core/message.ts';
import type { Session } from '../../src/domain/types.ts';
import type { MemoryStore } from '../../src/store/memory-store.ts';
import type { SentMessage, StoppedImage, WriteRecord } from './crash-points.ts';
import { CrashingStore, consoleApp, plainText, recordSends, runLines } from './crash-points.ts';

const QUARTER = readFileSync(path.resolve(import.meta.dirname, '../fixtures/console/whole-quarter.txt'), 'utf8').split('\n');
const USERS = ['anna', 'bram', 'sanne', 'ahmed', 'joris', 'fleur', 'noor'];
// Besides every kind of write, one in this many is stopped at (LISO_CRASH_SWEEP_STRIDE=1: every write).
const STRIDE = Number(process.env['LISO_CRASH_SWEEP_STRIDE'] ?? 25);
// LISO_CRASH_SWEEP_SHOW=<n or text>: only the stop before write n (or the first write whose site and
// pattern hold the text), printing what the restarted app printed.
const SHOW = process.env['LISO_CRASH_SWEEP_SHOW'];
/** After the restart and its clock steps: the leads' everyday commands must answer. */
const PROBES = [':als Anna', ':kanaal leernetwerk', '/liso netwerk', '/liso tijdlijn', '/liso sessies', '/liso pulse'];
const UNSETTLED = ['queued', 'sending', 'retrying'];

/** What the process was doing: handling one person's event, or a run of ticks of one clock move. */
interface Episode {
  n: number;
  kind: 'event' | 'tick';
  event?: CoreEvent;
  /** The clock at its last tick. */
  endsAt: Date;
}

interface Sent extends SentMessage {
  episode: number;
  /** Writes made before it went out: it was out before a stop at any later write. */
  after: number;
  /** Its place among sends and answers. */
  seq: number;
}

interface Survey {
  writes: WriteRecord[];
  images: StoppedImage[];
  episodeOfWrite: Map<number, Episode>;
  sent: Sent[];
  printed: Array<{ episode: number; after: number }>;
  /** Answers only the person acting saw. */
  replies: Sent[];
  episodes: Episode[];
  /** The fixture line (index) each write was made for. */
  lineOfWrite: Map<number, number>;
}

interface Outcome {
  write: WriteRecord;
  episode: Episode;
  retried: boolean;
  lost: string[];
  twice: string[];
  /** Repeats of a send that was in flight at the stop (its record `sending`): the documented bound. */
  inFlightRepeats: number;
  stuck: string[];
  errors: string[];
}

const kindOf = (write: WriteRecord) => `${write.site} ${write.pattern}`;
const textKey = (s: SentMessage) => `${s.to}\n${s.text}`;
/** A send's key without its ids (random ones too, whatever their letters): a retried command's sends have other ids. */
const kindOfSend = (s: SentMessage) => `${s.to} ${(s.key ?? '').replace(/[^:]{8,}|\b\d+\b/g, '*')}`;

const count = (list: readonly SentMessage[], id: (s: SentMessage) => string) => list.reduce((m, s) => m.set(id(s), (m.get(id(s)) ?? 0) + 1), new Map<string, number>());

/** Of the messages sent before a stop, the latest with buttons each person has (in a direct message or the channel). */
function stillPressable(pre: readonly Sent[]): Sent[] {
  const latest = new Map<string, SentMessage>();
  for (const sent of pre) {
    if (!sent.message.blocks.some((b) => b.type === 'actions' || b.type === 'choices')) continue;
    if (sent.to.startsWith('dm:') || sent.to.startsWith('private:')) latest.set(`dm:${sent.to.split(':')[1]}`, sent);
    else for (const user of USERS) latest.set(`dm:${user}`, sent);
  }
  return pre.filter((s) => [...latest.values()].includes(s));
}

/** Who acts where at fixture line `line`, as console lines that get a new console there. */
function whereAt(line: number): string[] {
  let user = 'Anna';
  let where = ':kanaal leernetwerk';
  for (const text of QUARTER.slice(0, line + 1)) {
    if (text.startsWith(':als ')) user = text.slice(5);
    if (text.startsWith(':kanaal ') || text === ':privé') where = text;
  }
  return [`:als ${user}`, where];
}

/** The quarter once, as the reference: every send and output with the episode and write count it came at. */
async function survey(): Promise<Survey> {
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const seen = new Set<string>();
  let shown = false;
  const episodes: Episode[] = [];
  const episodeOfWrite = new Map<number, Episode>();
  const lineOfWrite = new Map<number, number>();
  let line = -1;
  let seq = 0;
  let current: Episode = { n: 0, kind: 'tick', endsAt: clock.now() };
  const begin = (kind: Episode['kind'], event?: CoreEvent) => {
    current = { n: episodes.length + 1, kind, ...(event ? { event } : {}), endsAt: clock.now() };
    episodes.push(current);
  };
  const store = new CrashingStore(clock, {
    users: USERS,
    keepImageBefore(write) {
      episodeOfWrite.set(write.n, current);
      lineOfWrite.set(write.n, line);
      const first = !seen.has(kindOf(write));
      seen.add(kindOf(write));
      if (SHOW) return write.n === Number(SHOW) || (!shown && (shown = kindOf(write).includes(SHOW)));
      return first || write.n % STRIDE === 0;
    },
  });
  const app = await consoleApp(store, clock, []);
  const { bot } = app;
  const handle = bot.handle.bind(bot);
  const tick = bot.tick.bind(bot);
  // Answers only the person acting sees, kept so the new console can show them again (their buttons still work).
  const replies: Sent[] = [];
  bot.handle = (event, responder) => {
    begin('event', event);
    const reply = (message: Message) => {
      replies.push({ to: `private:${event.actor.userId}`, text: plainText(message), message, episode: current.n, after: store.writes.length, seq: seq++ });
      return responder.reply(message);
    };
    return handle(event, { ...responder, reply });
  };
  bot.tick = (now) => {
    if (current.kind !== 'tick') begin('tick');
    current.endsAt = now ?? clock.now();
    return tick(now);
  };
  const sent: Sent[] = [];
  const printed: Survey['printed'] = [];
  recordSends(app, (s) => sent.push({ ...s, episode: current.n, after: store.writes.length, seq: seq++ }));
  await runLines(app, QUARTER, undefined, (text) => {
    printed.push({ episode: current.n, after: store.writes.length });
    // The console echoes each line before it runs it.
    if (text.endsWith(` > ${QUARTER[line + 1]}\n`)) line += 1;
  });
  return { writes: store.writes, images: [...store.images.values()], episodeOfWrite, sent, replies, printed, episodes, lineOfWrite };
}

/** Starts the app again on the data a stop left, lets the person retry, moves the clock on, and checks. */
async function restart(image: StoppedImage, ref: Survey): Promise<Outcome> {
  const write = ref.writes[image.n - 1]!;
  const episode = ref.episodeOfWrite.get(image.n)!;
  const before = new Map(unsettledIn(image.store).map((r) => [r.key, r.state]));
  const logs: string[] = [];
  const app = await consoleApp(image.store, image.clock, logs);
  const post: SentMessage[] = [];
  const pre = ref.sent.filter((s) => s.after < image.n);
  recordSends(app, (s) => post.push(s), stillPressable([...pre, ...ref.replies.filter((s) => s.after < image.n)].sort((a, b) => a.seq - b.seq)));

  // Not answered before the stop, nor owed an answer that goes out once the app runs again (a
  // celebration queued with its win): what they did died with the process, so they do it again.
  const rest = ref.sent.filter((s) => s.episode === episode.n && s.after >= image.n);
  const told = ref.printed.some((p) => p.episode === episode.n && p.after < image.n) || rest.some((s) => s.key !== undefined && before.has(s.key));
  const retried = episode.kind === 'event' && !told;
  const line = ref.lineOfWrite.get(image.n)!;
  const lines = [':klok +3m'];
  // The same line again: a command typed, or a button pressed on the message still there.
  if (retried) lines.push(...whereAt(line), QUARTER[line]!);
  if (episode.kind === 'tick') lines.push(`:klok ${new Date(Math.max(episode.endsAt.getTime(), image.clock.now().getTime() + 3 * 60_000)).toISOString()}`);
  // Then the rest of the quarter, as the people go on with it (where they acted, first).
  lines.push(...whereAt(line), ...QUARTER.slice(line + 1), ':klok +10m', ':klok +1h', ':klok +1d', ':klok +8d');
  const transcript = await runLines(app, lines);
  const retry = retried ? transcript.slice(transcript.indexOf(`> ${QUARTER[line]}\n`)).split(/\n\S+ (?:in|gesprek)[^\n]* > /)[0]! : '';
  const afterRestart = [...post];
  const open = leftOpen(image.store);
  const answers = await runLines(app, PROBES);

  // Nothing lost: what was owed at the stop, the rest of an interrupted clock move, a retried command's messages.
  const postKeys = new Set(afterRestart.flatMap((s) => (s.key ? [s.key] : [])));
  const postTexts = new Set(afterRestart.map(textKey));
  const postKinds = new Set(afterRestart.flatMap((s) => (s.key ? [kindOfSend(s)] : [])));
  // A retried command makes its own ids: its keyed messages count by kind and place; its own
  // confirmation (a post without a key) by text, or by the retry being answered at all (said done).
  const answered = retried && /── (alleen zichtbaar voor|kanaal)/.test(retry) && !retry.includes('Er ging iets mis');
  const owed: Array<{ key?: string; kind?: string; text?: string; what: string }> = [...before].map(([key, state]) => ({ key, what: `${key} (${state} at the stop)` }));
  for (const s of rest) {
    const what = `${s.key ?? 'post'} to ${s.to}: ${s.text.split('\n')[0]}`;
    if (episode.kind === 'tick') owed.push({ ...(s.key ? { key: s.key } : { text: textKey(s) }), what });
    else if (retried && s.key) owed.push({ kind: kindOfSend(s), what });
    else if (retried && !answered) owed.push({ text: textKey(s), what });
  }
  const lost = owed.filter((o) => !(o.key && postKeys.has(o.key)) && !(o.kind && postKinds.has(o.kind)) && !(o.text && postTexts.has(o.text))).map((o) => o.what);
  // Everything the rest of the quarter brought in the reference comes too (new ids where the rest made new things).
  const sendId = (s: SentMessage) => (s.key ? kindOfSend(s) : textKey(s));
  const had = count(afterRestart, sendId);
  for (const [id, n] of count(ref.sent.filter((s) => s.episode > episode.n), sendId)) {
    if ((had.get(id) ?? 0) < n) lost.push(`later: ${id.split('\n').slice(0, 2).join(' ')} ${had.get(id) ?? 0} of ${n}×`);
  }

  // Not told twice: a key (or, without one, a text to the same place) more often than the reference has it.
  const idOf = (s: SentMessage) => s.key ?? textKey(s);
  const refCount = count(ref.sent, idOf);
  const seen = count([...pre, ...afterRestart], idOf);
  let inFlightRepeats = 0;
  const twice: string[] = [];
  for (const [id, n] of seen) {
    if (n <= Math.max(1, refCount.get(id) ?? 0)) continue;
    if (before.get(id) === 'sending' && n === 2) inFlightRepeats += 1;
    else twice.push(`${id.split('\n')[0]} ${n}×`);
  }

  // Nothing stuck: the leads' commands answer, nothing stays owed, pending or leased.
  const stuck: string[] = [];
  for (const text of [transcript, answers]) if (text.includes('Er ging iets mis')) stuck.push(`an apology: ${text.split('\n').find((l) => l.includes('Er ging iets mis'))}`);
  if (answers.includes('Er loopt al een pulse')) stuck.push('/liso pulse: a pulse is still open');
  // The network was started (or its start tried again), unless the stop came while the app itself started.
  const shown = answers.split(`${PROBES[1]}\n`).at(-1)!.split('> /liso tijdlijn')[0]!;
  if (episode.n > 0 && !shown.includes('Jeugd Leiden')) stuck.push(`/liso netwerk shows no network: ${shown.trim().split('\n').slice(1, 3).join(' ')}`);
  stuck.push(...open);
  if (SHOW) console.info(`stopped before write ${write.n}: ${kindOf(write)}\n${transcript}${answers}`);
  const errors = logs.flatMap((chunk) => chunk.split('\n')).filter((line) => line.trim() !== '' && (JSON.parse(line) as { level: number }).level >= 50);
  return { write, episode, retried, lost, twice, inFlightRepeats, stuck, errors };
}

function unsettledIn(store: MemoryStore): DeliveryRecord[] {
  return store
    .dump()
    .filter(({ key, value }) => key.startsWith('delivery:') && UNSETTLED.includes((value as DeliveryRecord).state))
    .map(({ value }) => value as DeliveryRecord);
}

/** Work a week past everything still not done: owed messages, pending events, open pulses, held leases. */
function leftOpen(store: MemoryStore): string[] {
  const open = unsettledIn(store).map((r) => `delivery ${r.key} ${r.state}`);
  const dump = store.dump();
  const keys = new Set(dump.map((e) => e.key));
  for (const { key, value } of dump) {
    if (['domain-events:pending', 'pulse:active'].includes(key) && (value as string[]).length > 0) open.push(`${key} ${(value as string[]).join(' ')}`);
    if (/lease|lock/.test(key)) open.push(`${key} still held`);
    // A win is shown: a recorded win whose celebration is not even owed was never posted.
    const win = /^wins:win:([^:]+)$/.exec(key)?.[1];
    if (win && !keys.has(`delivery:wins:post:win:${win}`)) open.push(`win ${win} recorded without its celebration`);
    // A session is announced in the channel: one planned (or cancelled) whose post is not even owed was never told.
    const session = /^session:([^:]+)$/.exec(key) ? (value as Session) : undefined;
    for (const change of session ? ['planned', ...(session.status === 'cancelled' ? ['cancelled'] : [])] : []) {
      if (!keys.has(`delivery:session-announcement:${session!.id}:${change}`)) open.push(`session ${session!.id} ${change} without its announcement`);
    }
    // A network's start and every role given in it are told in the channel: one whose post is not even owed was never told
    // (a sent record keeps only its summary, which names the console's people by their ids, capitalised).
    const network = /^network:([^:]+)$/.exec(key)?.[1];
    if (network && !keys.has(`delivery:network-announcement:${network}:started`)) open.push(`network ${network} started without its announcement`);
    const rolesOf = /^network:([^:]+):roles$/.exec(key)?.[1];
    const creator = rolesOf ? (dump.find((e) => e.key === `network:${rolesOf}`)?.value as { createdBy?: string } | undefined)?.createdBy : undefined;
    const rolePosts = rolesOf ? dump.filter((e) => e.key.startsWith(`delivery:network-announcement:${rolesOf}:role:`)).map((e) => (e.value as DeliveryRecord).summary.toLowerCase()) : [];
    for (const member of rolesOf ? (value as string[]) : []) {
      const userId = member.slice(member.indexOf(':') + 1);
      if (member !== `trekker:${creator}` && !rolePosts.some((post) => post.includes(userId))) open.push(`role ${member} in ${rolesOf} given without its announcement`);
    }
  }
  return open;
}

describe('a process stopped at any write of a quarter, then started again', () => {
  it('loses nothing owed, leaves nothing stuck and repeats only a send in flight', { timeout: 240_000 }, async () => {
    const ref = await survey();
    const outcomes: Outcome[] = [];
    for (const image of ref.images) outcomes.push(await restart(image, ref));

    const kinds = new Set(ref.writes.map(kindOf));
    if (!SHOW) expect([...kinds].filter((kind) => !outcomes.some((o) => kindOf(o.write) === kind))).toEqual([]);
    const report = (what: (o: Outcome) => string[]) =>
      outcomes.filter((o) => what(o).length > 0).map((o) => `stopped before write ${o.write.n} (${kindOf(o.write)}, ${o.episode.kind}${o.retried ? ', retried' : ''}): ${what(o).join('; ')}`);
    const bound = Math.max(0, ...outcomes.map((o) => o.inFlightRepeats));
    console.info(
      `nothing-lost sweep: ${ref.writes.length} writes, ${kinds.size} kinds of write, ${outcomes.length} stops, ${ref.sent.length} messages in the reference; ` +
        `${outcomes.filter((o) => o.retried).length} retried commands; at most ${bound} repeat(s) of a send in flight per stop`,
    );
    expect.soft(report((o) => o.lost)).toEqual([]);
    expect.soft(report((o) => o.stuck)).toEqual([]);
    expect.soft(report((o) => o.twice)).toEqual([]);
    expect.soft(report((o) => o.errors)).toEqual([]);
    // A platform without a rate policy (the console) has up to 4 sends in flight: a crash repeats at most those.
    expect(bound).toBeLessThanOrEqual(4);
  });
});
