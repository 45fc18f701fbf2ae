// One chaos run on one store: seeds the batch, starts the real bot (`node bin/liso.js start`)
// against the local Slack fake, kills it with SIGKILL and SIGTERM at random moments while it
// sends, restarting it each time, and counts what the fake received against what is owed.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/core/paths.ts';
import { systemClock } from '../../src/core/clock.ts';
import { queueKey, RETRY_SET } from '../../src/core/delivery-records.ts';
import { openStore } from '../../src/store/open-store.ts';
import { freePort } from '../../tests/fakes/free-port.ts';
import type { ChaosPlatform, Post as PlatformPost } from './platforms.ts';
import type { ChaosSize, Scenario } from './scenario.ts';
import { chooseScenario, scenarioEnv } from './scenario.ts';
import { queueDueNow, seedScenario } from './seed.ts';

export interface ChaosOptions {
  /** 'sqlite' (a temporary file) or a redis:// URL (keys under a prefix of this run's own). */
  backend: 'sqlite' | string;
  platform: ChaosPlatform;
  size: ChaosSize;
  sigkills: number;
  sigterms: number;
  /** Latency of every Slack Web API answer, so kills land with sends in flight. */
  latencyMs: number;
  /** After the first post of a life, the kill comes at a random moment within this many ms. */
  killWithinMs: number;
  /** LISO_DELIVERY_LEASE_SECONDS of the bot (default 120): a killed send goes out again after it. */
  leaseSeconds?: number;
  /** Queue the due batch before the first life (no wait for the first minute's tick; the tick is then not killed). */
  queueFirst?: boolean;
  /** Ctrl-C (SIGINT) or SIGTERM of this process kills the bot and exits (the command line; not in tests). */
  stopOnSignals?: boolean;
  /** Seed of the random kill order and moments (printed, so a run can be repeated). */
  randomSeed: number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  backend: string;
  platform: string;
  /** The documented bound: the platform's sends in flight per process. */
  boundPerKill: number;
  expected: number;
  /** Distinct owed messages received at least once. */
  sent: number;
  lost: number;
  /** Extra copies of owed messages the platform shows (each message shown n times adds n - 1). */
  duplicated: number;
  /** Resends the platform dropped because it had seen their nonce (Discord's enforce_nonce). */
  absorbedByNonce: number;
  /** The most duplicates one kill caused (copies of messages first received in the life it ended). */
  maxDuplicatesPerKill: number;
  /** Duplicates of messages first received in a life ended by SIGTERM (a graceful stop should cause none). */
  duplicatedAfterSigterm: number;
  /** Messages the fake received that nothing owed (a feature sending more than the seed implies). */
  unexpected: number;
  sigkills: number;
  sigterms: number;
  /** SIGTERMs after which the process did not exit within its shutdown deadline. */
  slowStops: number;
  /** Log lines "resending a message whose earlier attempt was interrupted" over all lives. */
  resendWarnings: number;
  /** Log lines of level error over all lives (e.g. "database is closed"). */
  errorLines: number;
  posts: number;
  ms: number;
  zone: string;
  randomSeed: number;
}

export const SHUTDOWN_SECONDS = 20;
/** A life that posts nothing this long (waiting for the next minute's tick) is killed anyway. */
const IDLE_LIFE_MS = 75_000;
/** After the last kill, the longest quiet spell that is not yet a loss: the killed sends' lease, the next tick, and a margin. */
const finalWaitMs = (leaseSeconds: number) => leaseSeconds * 1000 + 60_000 + 30_000;
/** Duplicates of the last sends may still arrive after everything owed has come once. */
const QUIET_AFTER_DONE_MS = 3_000;

interface Life {
  index: number;
  child: ChildProcess;
  exited: Promise<void>;
  startedAt: number;
  /** How it ended: the signal sent, or 'final'. */
  end?: 'SIGKILL' | 'SIGTERM' | 'final';
}

interface Post extends PlatformPost {
  life: number;
}

/** What every chaos run starts from: its log, clock, random kill moments, scenario, folder and store. */
export async function beginRun(options: Pick<ChaosOptions, 'log' | 'randomSeed' | 'size' | 'platform' | 'queueFirst' | 'backend'>, folder: string) {
  const say = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const started = performance.now();
  const random = mulberry32(options.randomSeed);
  const { scenario, queueFirst } = chooseScenario(options.size, options.platform, options.queueFirst ?? false, say);
  const work = await mkdtemp(path.join(os.tmpdir(), folder));
  return { say, started, random, scenario, queueFirst, work, storeEnv: storeEnvOf(options.backend, work) };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const { say, started, random, scenario, queueFirst, work, storeEnv } = await beginRun(options, 'liso-chaos-');
  const lives: Life[] = [];
  const posts: Post[] = [];
  let current = -1;
  const fake = await options.platform.start(options.latencyMs, (post) => void posts.push({ ...post, life: current }), await freePort());
  const name = `${options.platform.name} on ${options.backend === 'sqlite' ? 'sqlite' : 'redis'}`;
  // Stopping the run (Ctrl-C) stops its bot too, so no process is left sending.
  const stopLives = () => {
    for (const life of lives) if (life.child.exitCode === null && life.child.signalCode === null) life.child.kill('SIGKILL');
    process.exit(130);
  };
  if (options.stopOnSignals) {
    process.once('SIGINT', stopLives);
    process.once('SIGTERM', stopLives);
  }
  try {
    say(`chaos ${name}: seeding ${scenario.owed.length} owed messages (${options.size.nudgeNetworks} networks with digests due, ${options.size.pulseNetworks} pulses closing) in ${scenario.zone}, nudge time ${scenario.nudgeTime}`);
    const seeded = await seedScenario(scenario, storeEnv);
    say(`chaos ${name}: seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
    if (queueFirst) say(`chaos ${name}: ${await queueDueNow(scenario, storeEnv)} messages queued before the first start`);
    const env = botEnv(scenario, storeEnv, fake.env, options.leaseSeconds ?? 120);
    const logFile = path.join(work, 'bot.log');
    const logStream = createWriteStream(logFile);
    const launch = (): Life => {
      const index = lives.length;
      const child = spawn(process.execPath, [path.join(packageRoot(), 'bin/liso.js'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.pipe(logStream, { end: false });
      child.stderr!.pipe(logStream, { end: false });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const life: Life = { index, child, exited, startedAt: performance.now() };
      lives.push(life);
      current = index;
      return life;
    };
    const owed = new Map<string, number>();
    for (const message of scenario.owed) owed.set(message.conversation, (owed.get(message.conversation) ?? 0) + 1);
    const received = () => distinctPerConversation(posts);
    const allArrived = () => [...owed].every(([conversation, count]) => (received().get(conversation)?.size ?? 0) >= count);

    const signals = shuffle([...Array<'SIGKILL'>(options.sigkills).fill('SIGKILL'), ...Array<'SIGTERM'>(options.sigterms).fill('SIGTERM')], random);
    let slowStops = 0;
    for (const [k, signal] of signals.entries()) {
      const life = launch();
      const postsBefore = posts.length;
      // Wait for this life to post (sends in flight), then kill at a random moment soon after.
      const first = await waitFor(() => posts.length > postsBefore || life.child.exitCode !== null, IDLE_LIFE_MS);
      if (life.child.exitCode !== null) throw new Error(`the bot exited by itself (code ${life.child.exitCode}); see ${logFile}`);
      await sleep(Math.floor(random() * options.killWithinMs));
      life.end = signal;
      life.child.kill(signal);
      if (signal === 'SIGTERM') {
        const stopped = await Promise.race([life.exited.then(() => true), sleep((SHUTDOWN_SECONDS + 10) * 1000).then(() => false)]);
        if (!stopped) {
          slowStops += 1;
          life.child.kill('SIGKILL');
        }
      }
      await life.exited;
      say(`chaos ${name}: life ${k + 1}/${signals.length} ended by ${signal}${first ? '' : ' (it had posted nothing)'}; posts so far ${posts.length}, owed received ${countReceived(owed, received())}/${scenario.owed.length}`);
    }
    // The last life runs until everything owed arrived (or the leases of the last kill ran out and a tick passed).
    const last = launch();
    last.end = 'final';
    // Slack's pace (50 conversations.open a minute, shared with replicas that look alive) may keep
    // it sending for minutes: the wait ends once nothing new arrived for a lease, a tick and a margin.
    for (let seen = -1; seen !== posts.length && !allArrived(); ) {
      seen = posts.length;
      await waitFor(() => allArrived() || posts.length !== seen, finalWaitMs(options.leaseSeconds ?? 120));
    }
    // A message in flight at the last kill went out and comes again once its lease ran out: the run
    // ends once nothing is queued any more, so such a repeat is counted rather than cut off.
    await waitForEmptyQueue(storeEnv, options.platform.name, finalWaitMs(options.leaseSeconds ?? 120));
    await sleep(QUIET_AFTER_DONE_MS);
    last.child.kill('SIGTERM');
    await last.exited;
    logStream.end();

    const result = tally(scenario, posts, lives, options);
    const log = readFileSync(logFile, 'utf8');
    result.resendWarnings = (log.match(/resending a message whose earlier attempt was interrupted/g) ?? []).length;
    result.errorLines = log.split('\n').filter((line) => line.includes('"level":50')).length;
    result.slowStops = slowStops;
    result.ms = performance.now() - started;
    if (result.lost > 0 || result.errorLines > 0) say(`chaos ${name}: log kept in ${logFile}`);
    else await rm(work, { recursive: true, force: true });
    return result;
  } finally {
    process.off('SIGINT', stopLives);
    process.off('SIGTERM', stopLives);
    for (const life of lives) if (life.child.exitCode === null && life.child.signalCode === null) life.child.kill('SIGKILL');
    await fake.stop();
    if (options.backend !== 'sqlite') await clearRedisPrefix(options.backend, storeEnv['LISO_REDIS_PREFIX']!);
  }
}

function tally(scenario: Scenario, posts: Post[], lives: Life[], options: ChaosOptions): ChaosResult {
  const owed = new Map<string, number>();
  for (const message of scenario.owed) owed.set(message.conversation, (owed.get(message.conversation) ?? 0) + 1);
  // Copies per (conversation, text); a message first received in a life that was killed and received again is that kill's duplicate.
  // A post whose enforced nonce the platform saw within its window creates nothing.
  const nonces = new Map<string, number>();
  let absorbedByNonce = 0;
  const shown = posts.filter((post) => {
    if (post.nonce === undefined || options.platform.nonceWindowMs === 0) return true;
    const seen = nonces.get(post.nonce);
    if (seen !== undefined && seen > post.at - options.platform.nonceWindowMs) {
      absorbedByNonce += 1;
      return false;
    }
    nonces.set(post.nonce, post.at);
    return true;
  });
  // The lives each text was posted in, in order of posting.
  const copies = new Map<string, number[]>();
  for (const post of shown) {
    const key = `${post.conversation}\u0000${post.text}`;
    const lives = copies.get(key);
    if (lives) lives.push(post.life);
    else copies.set(key, [post.life]);
  }
  const distinct = distinctPerConversation(shown);
  let sent = 0;
  let lost = 0;
  let unexpected = 0;
  for (const [conversation, count] of owed) {
    const got = distinct.get(conversation)?.size ?? 0;
    sent += Math.min(got, count);
    lost += Math.max(0, count - got);
    unexpected += Math.max(0, got - count);
  }
  for (const [conversation, texts] of distinct) if (!owed.has(conversation)) unexpected += texts.size;
  let duplicated = 0;
  const perLife = new Map<number, number>();
  for (const [key, lives] of copies) {
    if (!owed.has(key.split('\u0000')[0]!) || lives.length < 2) continue;
    duplicated += lives.length - 1;
    // Each repeat is charged to the kill that ended the life of the copy before it: a send resent after one kill and
    // killed in flight again is in flight in two lives, and each kill repeats only what it interrupted.
    for (let copy = 1; copy < lives.length; copy++) perLife.set(lives[copy - 1]!, (perLife.get(lives[copy - 1]!) ?? 0) + 1);
  }
  return {
    backend: options.backend === 'sqlite' ? 'sqlite' : 'redis',
    platform: options.platform.name,
    boundPerKill: options.platform.inFlight,
    absorbedByNonce,
    expected: scenario.owed.length,
    sent,
    lost,
    duplicated,
    maxDuplicatesPerKill: Math.max(0, ...perLife.values()),
    duplicatedAfterSigterm: lives.filter((l) => l.end === 'SIGTERM').reduce((sum, l) => sum + (perLife.get(l.index) ?? 0), 0),
    unexpected,
    sigkills: lives.filter((l) => l.end === 'SIGKILL').length,
    sigterms: lives.filter((l) => l.end === 'SIGTERM').length,
    slowStops: 0,
    resendWarnings: 0,
    errorLines: 0,
    posts: posts.length,
    ms: 0,
    zone: scenario.zone,
    randomSeed: options.randomSeed,
  };
}

/** The real bot's environment: the store, the scenario's zone and times, the platform's fake, the shutdown deadline and lease. */
export function botEnv(scenario: Scenario, storeEnv: Record<string, string>, fakeEnv: Record<string, string>, leaseSeconds: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...storeEnv,
    ...scenarioEnv(scenario),
    ...fakeEnv,
    LISO_SHUTDOWN_SECONDS: String(SHUTDOWN_SECONDS),
    LOG_LEVEL: 'info',
    LISO_DELIVERY_LEASE_SECONDS: String(leaseSeconds),
  };
}

function distinctPerConversation(posts: readonly Post[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const post of posts) {
    let texts = out.get(post.conversation);
    if (!texts) out.set(post.conversation, (texts = new Set()));
    texts.add(post.text);
  }
  return out;
}

function countReceived(owed: Map<string, number>, distinct: Map<string, Set<string>>): number {
  let n = 0;
  for (const [conversation, count] of owed) n += Math.min(count, distinct.get(conversation)?.size ?? 0);
  return n;
}

/** Waits (at most `timeoutMs`) until the platform's queues and the retry set are empty, read through a store of its own. */
async function waitForEmptyQueue(storeEnv: Record<string, string>, platform: string, timeoutMs: number): Promise<void> {
  const store = await openStore(storeEnv['LISO_STORE']!, systemClock, { redisPrefix: storeEnv['LISO_REDIS_PREFIX'] });
  try {
    const queued = async () => (await store.setMembersMany([queueKey(platform, 'now'), queueKey(platform, 'batch'), RETRY_SET])).reduce((n, set) => n + set.length, 0);
    const until = Date.now() + timeoutMs;
    while (Date.now() < until && (await queued()) > 0) await sleep(500);
  } finally {
    await store.close();
  }
}

function storeEnvOf(backend: string, work: string): Record<string, string> {
  if (backend === 'sqlite') return { LISO_STORE: `sqlite://${path.join(work, 'chaos.sqlite')}` };
  // Runs started together in one process (the tests run them concurrently) each get their own keys.
  return { LISO_STORE: backend, LISO_REDIS_PREFIX: `liso-chaos:${process.pid}:${Date.now()}:${randomBytes(3).toString('hex')}:` };
}

async function clearRedisPrefix(url: string, prefix: string): Promise<void> {
  const { RedisStore } = await import('../../src/store/redis-store.ts');
  const store = await RedisStore.open(url, prefix);
  try {
    await store.clearPrefix();
  } finally {
    await store.close();
  }
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A small seeded PRNG, so a run's kill order and moments can be repeated. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
