// Two real bot processes (`node bin/liso.js start`, compiled) on one Redis, as replicas: both
// start before the nudge time's minute, one of them is elected to run that minute's tick, and
// during the batch it is killed (SIGKILL), both are killed at once, or it is stopped (SIGTERM).
// Counts per owed message how often it arrived and how late, how long the dead replica's
// leases held their messages back, and how long the survivor ran on half the delivery budget.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/core/paths.ts';
import { leaseKey, queueKey, recordKey, RETRY_SET } from '../../src/core/delivery-records.ts';
import type { DeliveryRecord } from '../../src/core/delivery-records.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { createClient } from '@redis/client';
import { freePort } from '../../tests/fakes/free-port.ts';
import { beginRun, botEnv, SHUTDOWN_SECONDS, sleep, waitFor } from './chaos-run.ts';
import type { ChaosPlatform, Post } from './platforms.ts';
import type { ChaosSize, Scenario } from './scenario.ts';
import { queueDueNow, seedScenario } from './seed.ts';

/** none: the baseline; kill-one: SIGKILL the replica running the tick; kill-both: SIGKILL both; term-one: SIGTERM the one running the tick. */
export type ReplicaCase = 'none' | 'kill-one' | 'kill-both' | 'term-one';

export interface ReplicaChaosOptions {
  redisUrl: string;
  platform: ChaosPlatform;
  size: ChaosSize;
  case: ReplicaCase;
  /** Latency of every platform answer, so the signal lands with sends in flight. */
  latencyMs: number;
  /** LISO_DELIVERY_LEASE_SECONDS of both replicas. */
  leaseSeconds: number;
  /** LISO_SLACK_POSTS_PER_MINUTE: the app's budget the replicas split (low enough to bind). */
  slackPostsPerMinute: number;
  /** After the batch's first post, the signal comes at a random moment within this many ms. */
  killWithinMs: number;
  /** How long the signalled replicas stay down before they are started again. */
  downMs: number;
  /** Queue the batch before the start (no wait for the minute; the tick is then not killed). */
  queueFirst?: boolean;
  randomSeed: number;
  log?: (line: string) => void;
}

export interface ReplicaChaosResult {
  case: ReplicaCase;
  platform: string;
  expected: number;
  /** Owed messages the platform showed once, twice, more often, never. */
  once: number;
  twice: number;
  more: number;
  lost: number;
  unexpected: number;
  /** Resends the platform dropped by their nonce (Discord). */
  absorbedByNonce: number;
  /** Sends in flight per process: the most one SIGKILL may repeat. */
  boundPerKill: number;
  /** When the signal came, after the batch's minute. */
  signalAfterMs: number;
  /** Whether the signalled replica had been elected to run the batch's minute (false when queued first). */
  victimHeldTick: boolean;
  /** Owed messages queued when the signal came (the tick makes them; fewer than expected: the tick was cut short). */
  queuedAtSignal: number;
  /** Leases the signalled replicas held when they died (their sends in flight). */
  leasesHeld: number;
  /** Of those, messages that had reached the platform before the signal. */
  leasedArrivedBefore: number;
  /** The longest time from the signal until a leased message (re)arrived; the lease promises at most the lease plus a pass. */
  leaseHeldMaxMs: number;
  /** First arrival of each owed message after the batch's minute: median and longest. */
  lateP50Ms: number;
  lateMaxMs: number;
  /** The longest of each kind of message (digests, pulse results, milestones). */
  lateMaxByKind: Record<string, number>;
  /** From the signal until the dead replica left the delivery roster (the survivor then takes the whole budget). */
  rosterGoneMs: number | undefined;
  /** Posts a second: before the signal, between the signal and the roster update, after it (while alone). */
  rateBefore: number;
  rateHalf: number;
  rateAlone: number;
  /** Posts within a minute of the batch's first one (the budget's window on Slack: at most the budget less its headroom). */
  firstMinutePosts: number;
  resendWarnings: number;
  errorLines: number;
  slowStops: number;
  ms: number;
}

interface Replica {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  instancePrefix: string;
}

const FIRST_POST_MS = 150_000;
const QUIET_AFTER_DONE_MS = 3_000;
const ROSTER = 'delivery-replicas';

export async function runReplicaChaos(options: ReplicaChaosOptions): Promise<ReplicaChaosResult> {
  const { say, started, random, scenario, queueFirst, work, storeEnv } = await beginRun({ ...options, backend: options.redisUrl }, 'liso-replicas-');
  const store = await RedisStore.open(options.redisUrl, storeEnv['LISO_REDIS_PREFIX']!);
  const posts: Post[] = [];
  const fake = await options.platform.start(options.latencyMs, (post) => void posts.push(post), await freePort());
  const replicas: Replica[] = [];
  const logs = new Map<string, WriteStream>();
  const tag = `replicas ${options.case} on ${options.platform.name}`;
  let keepLogs = true;
  let roster: Departure | undefined;
  try {
    say(`${tag}: seeding ${scenario.owed.length} owed messages`);
    await seedScenario(scenario, storeEnv);
    const countRecords = () => countKeys(options.redisUrl, `${storeEnv['LISO_REDIS_PREFIX']!}${recordKey('*')}`);
    const recordsBefore = await countRecords();
    if (queueFirst) say(`${tag}: ${await queueDueNow(scenario, storeEnv)} queued before the start`);
    const env = { ...botEnv(scenario, storeEnv, fake.env, options.leaseSeconds), LISO_SLACK_POSTS_PER_MINUTE: String(options.slackPostsPerMinute) };
    const launch = async (name: string): Promise<Replica> => {
      // Each replica its own HTTP port (Slack's events endpoint); everything else is shared.
      const child = spawn(process.execPath, [path.join(packageRoot(), 'bin/liso.js'), 'start'], { env: { ...env, PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = logs.get(name);
      if (!log) logs.set(name, (log = createWriteStream(path.join(work, `${name}.log`))));
      child.stdout!.pipe(log, { end: false });
      child.stderr!.pipe(log, { end: false });
      const replica: Replica = { name, child, exited: new Promise((resolve) => child.once('exit', () => resolve())), instancePrefix: `${os.hostname()}:${child.pid}:` };
      replicas.push(replica);
      return replica;
    };
    const alive = () => replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
    // Both replicas in each other's roster before the batch's minute (a replica learns of a new
    // one at its next roster refresh): started at least 25 s before the next minute.
    if (!queueFirst && Date.now() % 60_000 > 35_000) await sleep(60_000 - (Date.now() % 60_000));
    const [a, b] = [await launch('A'), await launch('B')];
    if (!(await waitFor(() => posts.length > 0 || alive().length < 2, FIRST_POST_MS)) || alive().length < 2) throw new Error(`no post, or a replica exited by itself; logs in ${work}`);
    const firstPostAt = posts[0]!.at;
    // The batch is due at its tick's minute (or, queued first, at the start).
    const dueAt = queueFirst ? firstPostAt : Math.floor(firstPostAt / 60_000) * 60_000;
    const tickHolder = queueFirst ? undefined : await store.get<string>(`cron-run:liso-tick:${new Date(dueAt).toISOString()}`);
    const victim = tickHolder?.startsWith(b.instancePrefix) ? b : a;
    const survivor = victim === a ? b : a;
    const victimIds = new Set<string>();
    let signalAt = Number.NaN;
    let queuedAtSignal = 0;
    let leased: Array<{ key: string; conversation: string }> = [];
    let slowStops = 0;
    if (options.case !== 'none') {
      await sleep(Math.floor(random() * options.killWithinMs));
      const signalled = options.case === 'kill-both' ? [victim, survivor] : [victim];
      const signal = options.case === 'term-one' ? 'SIGTERM' : 'SIGKILL';
      for (const replica of signalled) for (const id of await store.setMembers(ROSTER)) if (id.startsWith(replica.instancePrefix)) victimIds.add(id);
      signalAt = Date.now();
      for (const replica of signalled) replica.child.kill(signal);
      for (const replica of signalled) {
        const stopped = await Promise.race([replica.exited.then(() => true), sleep((SHUTDOWN_SECONDS + 10) * 1000).then(() => false)]);
        if (!stopped) {
          slowStops += 1;
          replica.child.kill('SIGKILL');
          await replica.exited;
        }
      }
      queuedAtSignal = (await countRecords()) - recordsBefore;
      leased = await leasesHeldBy(store, options.platform, [...victimIds]);
      say(`${tag}: ${signal} ${signalled.map((r) => r.name).join('+')} (tick run by ${tickHolder ?? 'nobody: queued first'}); ${queuedAtSignal}/${scenario.owed.length} queued, ${leased.length} leases held, posts so far ${posts.length}`);
      // The survivor (or the restarted) drops the dead replicas from the roster once their marks expire.
      roster = watchDeparture(store, [...victimIds]);
      await sleep(options.downMs);
      for (const replica of signalled) await launch(replica.name);
      say(`${tag}: restarted ${signalled.map((r) => r.name).join('+')}`);
    }
    const owed = new Map(scenario.owed.map((m) => [m.conversation, 0]));
    const arrivedAll = () => [...owed.keys()].every((c) => arrivals.has(c));
    const arrivals = new Map<string, number>();
    const track = () => {
      for (const post of posts) if (owed.has(post.conversation) && !arrivals.has(post.conversation)) arrivals.set(post.conversation, post.at);
    };
    const quietMs = options.leaseSeconds * 1000 + 60_000 + 30_000;
    for (let seen = -1; seen !== posts.length; ) {
      seen = posts.length;
      track();
      if (arrivedAll()) break;
      await waitFor(() => (track(), arrivedAll()) || posts.length !== seen, quietMs);
    }
    // A message in flight when its replica died went out and comes again after its lease: the
    // run ends once nothing is queued any more, so such a repeat is counted.
    const settleBy = Date.now() + quietMs;
    while (Date.now() < settleBy && (await queuedCount(store, options.platform)) > 0) await sleep(500);
    roster?.stop();
    const rosterGoneAt = roster?.goneAt();
    await sleep(QUIET_AFTER_DONE_MS);
    for (const replica of alive()) replica.child.kill('SIGTERM');
    await Promise.all(replicas.map((r) => r.exited));
    for (const log of logs.values()) log.end();
    const result = tally(scenario, posts, options);
    const text = [...logs.keys()].map((name) => readFileSync(path.join(work, `${name}.log`), 'utf8')).join('\n');
    const leasedArrivals = leased.map(({ conversation }) => ({
      before: posts.some((p) => p.conversation === conversation && p.at < signalAt),
      again: posts.find((p) => p.conversation === conversation && p.at >= signalAt)?.at,
    }));
    const lates = [...arrivals.values()].map((at) => at - dueAt).sort((x, y) => x - y);
    const lateMaxByKind: Record<string, number> = {};
    for (const { conversation, kind } of scenario.owed) lateMaxByKind[kind] = Math.max(lateMaxByKind[kind] ?? 0, (arrivals.get(conversation) ?? Number.POSITIVE_INFINITY) - dueAt);
    const batchEnd = Math.max(...arrivals.values());
    const rate = (from: number, to: number) => (to > from ? posts.filter((p) => p.at >= from && p.at < to).length / ((to - from) / 1000) : 0);
    const aloneUntil = Math.min(batchEnd, Number.isNaN(signalAt) ? batchEnd : signalAt + options.downMs);
    const errorLines = text.split('\n').filter((line) => line.includes('"level":50')).length;
    keepLogs = result.lost > 0 || errorLines > 0;
    if (keepLogs) say(`${tag}: logs kept in ${work}`);
    return {
      ...result,
      signalAfterMs: signalAt - dueAt,
      victimHeldTick: tickHolder !== undefined && tickHolder.startsWith(victim.instancePrefix),
      queuedAtSignal,
      leasesHeld: leased.length,
      leasedArrivedBefore: leasedArrivals.filter((l) => l.before).length,
      leaseHeldMaxMs: Math.max(0, ...leasedArrivals.map((l) => (l.again ?? Number.POSITIVE_INFINITY) - signalAt)),
      lateP50Ms: lates[Math.floor(lates.length / 2)] ?? 0,
      lateMaxMs: lates.at(-1) ?? 0,
      lateMaxByKind,
      rosterGoneMs: rosterGoneAt === undefined ? undefined : rosterGoneAt - signalAt,
      rateBefore: rate(firstPostAt, Number.isNaN(signalAt) ? batchEnd : signalAt),
      rateHalf: Number.isNaN(signalAt) ? 0 : rate(signalAt, Math.min(rosterGoneAt ?? aloneUntil, aloneUntil)),
      rateAlone: rosterGoneAt === undefined ? 0 : rate(rosterGoneAt, aloneUntil),
      firstMinutePosts: posts.filter((p) => p.at < firstPostAt + 60_000).length,
      resendWarnings: (text.match(/resending a message whose earlier attempt was interrupted/g) ?? []).length,
      errorLines,
      slowStops,
      ms: performance.now() - started,
    };
  } finally {
    roster?.stop();
    for (const replica of replicas) if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill('SIGKILL');
    await fake.stop();
    await store.clearPrefix();
    await store.close();
    if (!keepLogs) await rm(work, { recursive: true, force: true });
  }
}

type Tally = Pick<ReplicaChaosResult, 'case' | 'platform' | 'expected' | 'once' | 'twice' | 'more' | 'lost' | 'unexpected' | 'absorbedByNonce' | 'boundPerKill'>;

/** Copies the platform showed per owed conversation (each owes one message); a resend its nonce dropped is not shown. */
function tally(scenario: Scenario, posts: readonly Post[], options: ReplicaChaosOptions): Tally {
  const shown = new Map<string, number>();
  const texts = new Map<string, Set<string>>();
  const nonces = new Map<string, number>();
  let absorbedByNonce = 0;
  for (const post of posts) {
    const seen = post.nonce === undefined ? undefined : nonces.get(post.nonce);
    if (seen !== undefined && seen > post.at - options.platform.nonceWindowMs) {
      absorbedByNonce += 1;
      continue;
    }
    if (post.nonce !== undefined) nonces.set(post.nonce, post.at);
    shown.set(post.conversation, (shown.get(post.conversation) ?? 0) + 1);
    if (!texts.has(post.conversation)) texts.set(post.conversation, new Set());
    texts.get(post.conversation)!.add(post.text);
  }
  const owed = new Set(scenario.owed.map((m) => m.conversation));
  if (owed.size !== scenario.owed.length) throw new Error('the replica run expects one owed message per conversation');
  const copies = [...owed].map((c) => shown.get(c) ?? 0);
  let unexpected = 0;
  for (const [conversation, set] of texts) unexpected += owed.has(conversation) ? set.size - 1 : set.size;
  return {
    case: options.case,
    platform: options.platform.name,
    expected: owed.size,
    once: copies.filter((n) => n === 1).length,
    twice: copies.filter((n) => n === 2).length,
    more: copies.filter((n) => n > 2).length,
    lost: copies.filter((n) => n === 0).length,
    unexpected,
    absorbedByNonce,
    boundPerKill: options.platform.inFlight,
  };
}

interface Departure {
  /** When none of the replicas was in the delivery roster any more (undefined: not yet). */
  goneAt(): number | undefined;
  stop(): void;
}

/** Looks at the delivery roster every 250 ms until none of `instanceIds` is in it. */
function watchDeparture(store: RedisStore, instanceIds: readonly string[]): Departure {
  let goneAt: number | undefined;
  let looking = false;
  const timer = setInterval(() => {
    if (looking || goneAt !== undefined) return;
    looking = true;
    void store
      .setMembers(ROSTER)
      .then((members) => {
        if (!instanceIds.some((id) => members.includes(id))) goneAt = Date.now();
      })
      .finally(() => (looking = false));
  }, 250);
  return { goneAt: () => goneAt, stop: () => clearInterval(timer) };
}

/** Keys matching `pattern` (the delivery records: the seed's own and the batch's). */
async function countKeys(url: string, pattern: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    let n = 0;
    for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) n += keys.length;
    return n;
  } finally {
    client.destroy();
  }
}

/** Messages still owed on the platform (queued, or waiting for a retry). */
async function queuedCount(store: RedisStore, platform: ChaosPlatform): Promise<number> {
  const sets = await store.setMembersMany([queueKey(platform.name, 'now'), queueKey(platform.name, 'batch'), RETRY_SET]);
  return sets.reduce((n, set) => n + set.length, 0);
}

/** The owed messages whose lease one of `instanceIds` held (read after they died, so nothing changes it). */
async function leasesHeldBy(store: RedisStore, platform: ChaosPlatform, instanceIds: readonly string[]): Promise<Array<{ key: string; conversation: string }>> {
  const keys = (await store.setMembersMany([queueKey(platform.name, 'now'), queueKey(platform.name, 'batch')])).flat();
  const holders = await store.getMany<string>(keys.map(leaseKey));
  const held = keys.filter((_, i) => instanceIds.includes(holders[i] ?? ''));
  const records = await store.getMany<DeliveryRecord>(held.map(recordKey));
  return held.map((key, i) => {
    const target = records[i]?.target;
    const conversation = target?.kind === 'direct' ? platform.ids.directOf(target.userId) : (target?.channelId ?? '');
    return { key, conversation };
  });
}
