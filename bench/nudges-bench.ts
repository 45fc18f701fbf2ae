// Benchmark of the nudges feature: 10,000 networks with 4 sessions each on one store. Measures
// the busiest 09:00 (deciding what is due, and the whole tick with delivery to a counting
// adapter), a quiet tick, and the process's resident memory.
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import type { App } from '../src/app.ts';
import { createApp } from '../src/app.ts';
import type { ChatAdapter, MessageRef } from '../src/core/chat-adapter.ts';
import { SimulatedClock } from '../src/core/clock.ts';
import { createLogger } from '../src/core/logger.ts';
import { loadConfig } from '../src/config/schema.ts';
import { keys } from '../src/domain/keys.ts';
import type { Network, Session } from '../src/domain/types.ts';
import type { NudgeRunner } from '../src/features/nudges/nudge-runner.ts';
import { pendingLines } from '../src/features/nudges/digest.ts';
import { SESSIONS_PER_BATCH } from '../src/features/nudges/nudge-runner.ts';
import { TaskStates } from '../src/features/nudges/task-states.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store, StoreWrite } from '../src/store/port.ts';
import { RedisStore } from '../src/store/redis-store.ts';

// NUDGES_BENCH_NETWORKS=100000 runs the same hour at ten times the size (issue 18: batch operations of any size).
const NETWORKS = Number(process.env['NUDGES_BENCH_NETWORKS'] ?? 10_000);
if (!Number.isInteger(NETWORKS) || NETWORKS < 1) throw new Error('NUDGES_BENCH_NETWORKS must be a positive whole number');
const SESSIONS_PER_NETWORK = 4;
const ZONE = 'Europe/Amsterdam';
const QUIET_TICKS = 20;
const REPEATS = 5;
const SEED_START = new Date('2026-12-01T02:00:00Z');
const SETTLE_MS = 5_000;
const SEED_WRITES_PER_COMMIT = 2_000;

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Who and where network `n` is on its platform (the delivery benchmark uses platform-shaped ids). */
export interface SeedIds {
  platform: string;
  channel(n: number): string;
  trekker(n: number): string;
  procesbegeleider(n: number): string;
}

const BENCH_IDS: SeedIds = { platform: 'bench', channel: (n) => `c${n}`, trekker: (n) => `t${n}`, procesbegeleider: (n) => `p${n}` };

/** Networks (trekker and procesbegeleider) whose quarterly sessions start on spread-out weekdays through 2027, filed in the due index. */
export async function seed(app: App, runner: NudgeRunner, networks = NETWORKS, ids: SeedIds = BENCH_IDS): Promise<void> {
  const { store } = app;
  const first = DateTime.fromISO('2027-03-01T14:00', { zone: ZONE });
  const sessionIds: string[] = [];
  // The records a bot writes one by one over months go in a commit per group of networks: the
  // same rows and keys, written in minutes at 100,000 networks instead of hours.
  let writes: StoreWrite[] = [];
  for (let n = 0; n < networks; n++) {
    const network: Network = { id: `n${n}`, name: `Netwerk ${n}`, platform: ids.platform, channelId: ids.channel(n), timeZone: ZONE, createdAt: SEED_START, createdBy: ids.trekker(n) };
    writes.push({ op: 'set', key: keys.network(network.id), value: network });
    writes.push({ op: 'setAdd', key: keys.allNetworks(), members: [network.id] });
    writes.push({ op: 'setAdd', key: keys.networkRoles(network.id), members: [`trekker:${ids.trekker(n)}`, `procesbegeleider:${ids.procesbegeleider(n)}`] });
    for (let s = 0; s < SESSIONS_PER_NETWORK; s++) {
      let day = first.plus({ days: n % 60, weeks: 13 * s });
      while (day.weekday > 5) day = day.plus({ days: 1 });
      const session: Session = {
        id: `s${n}-${s}`,
        networkId: network.id,
        date: day.toISODate()!,
        time: '14:00',
        timeZone: ZONE,
        startsAt: day.toJSDate(),
        status: 'planned',
        createdAt: SEED_START,
        createdBy: ids.trekker(n),
        updatedAt: SEED_START,
        movedFrom: [],
      };
      writes.push({ op: 'set', key: keys.session(session.id), value: session });
      writes.push({ op: 'setAdd', key: keys.networkSessions(network.id), members: [session.id] });
      sessionIds.push(session.id);
    }
    if (writes.length >= SEED_WRITES_PER_COMMIT || n === networks - 1) {
      await store.commit(writes);
      writes = [];
    }
  }
  // What `session.planned` does for a session planned through the bot.
  for (let at = 0; at < sessionIds.length; at += SESSIONS_PER_BATCH) {
    await Promise.all(sessionIds.slice(at, at + SESSIONS_PER_BATCH).map((id) => runner.schedule(id, SEED_START)));
  }
}

/**
 * The busiest hour of the seeded networks, in its steady state: the sessions due then had their
 * earlier tasks nudged and answered, and only hours from the busiest on are left in the index,
 * as if the days before had been ticked.
 */
export async function busiestHour(store: Store, runner: NudgeRunner): Promise<{ peak: Date; sessionIds: string[] }> {
  const hours = (await store.setMembers('nudges:due-hours')).map(Number);
  const sizes = await Promise.all(hours.map(async (hour) => ({ hour, size: (await store.setMembers(`nudges:due:${hour}`)).length })));
  const busiest = sizes.reduce((a, b) => (b.size > a.size ? b : a));
  const peak = new Date(busiest.hour * 3_600_000);
  const sessionIds = await store.setMembers(`nudges:due:${busiest.hour}`);
  const states = new TaskStates(store);
  for (let at = 0; at < sessionIds.length; at += SESSIONS_PER_BATCH) {
    for (const { sessionId, view } of await runner.computeDue(sessionIds.slice(at, at + SESSIONS_PER_BATCH), new Date(peak.getTime() - 1))) {
      const earlier = (view?.plan ?? []).filter((task) => task.due < peak);
      await states.markNudged(sessionId, earlier.map((task) => task.id));
      for (const task of earlier) await states.mark(view!.network.platform, sessionId, task.id, 'done', view!.network.createdBy ?? 'bench-trekker', task.due);
    }
  }
  await store.setRemove('nudges:due-hours', hours.filter((h) => h < busiest.hour).map(String));
  return { peak, sessionIds };
}

/** Counts what would go out, keeping nothing (a platform API does not hold sent messages in the bot). */
class CountingAdapter implements ChatAdapter {
  readonly platform = 'bench';
  sent = 0;
  async sendDirect(userId: string): Promise<MessageRef> {
    return { platform: this.platform, conversationId: userId, messageId: String(++this.sent) };
  }
  async postToChannel(channelId: string): Promise<MessageRef> {
    return { platform: this.platform, conversationId: channelId, messageId: String(++this.sent) };
  }
  async update(): Promise<void> {}
}

/** RSS as a running bot holds it between ticks: read a few idle seconds after a collection (V8 returns freed pages in the background). */
async function settledRss(): Promise<number> {
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return process.memoryUsage().rss;
}

/** Wall time, and this process's CPU time (all its threads): on a busy shared machine the CPU time is what an idle one would take. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const { user, system } = process.cpuUsage(cpu);
  return { value, ms: performance.now() - start, cpuMs: (user + system) / 1000 };
}

/** The embedded default store in a file of its own, unless NUDGES_BENCH_STORE names another. */
function benchStoreUrl(): { url: string; temporary?: string } {
  const named = process.env['NUDGES_BENCH_STORE'];
  if (named) return { url: named };
  const file = path.join(os.tmpdir(), `liso-nudges-bench-${process.pid}.sqlite`);
  return { url: `sqlite://${file}`, temporary: file };
}

/** Redis keys go under a prefix of this run's own, removed afterwards: others may share the server. */
const REDIS_PREFIX_ENV = 'NUDGES_BENCH_REDIS_PREFIX';

function openBenchStore(url: string): Promise<Store> {
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return RedisStore.open(url, process.env[REDIS_PREFIX_ENV]!);
  return openStore(url);
}

async function removeSqlite(file: string): Promise<void> {
  for (const end of ['', '-wal', '-shm']) await rm(file + end, { force: true });
}

async function benchApp(store: Store, clock: SimulatedClock): Promise<{ app: App; runner: NudgeRunner }> {
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('silent'), store });
  const runner = (app.bot.features().find((f) => f.name === 'nudges') as { runner?: NudgeRunner } | undefined)!.runner!;
  return { app, runner };
}

export async function runNudgesBench(): Promise<string> {
  const { url, temporary } = benchStoreUrl();
  const clock = new SimulatedClock(SEED_START);
  let store: Store;
  if (url === 'memory://' || url === 'memory') {
    store = new MemoryStore();
    const seeding = await benchApp(store, clock);
    await seed(seeding.app, seeding.runner);
  } else {
    // A persistent store is filled by another process, as a running bot finds its data written over months.
    process.env[REDIS_PREFIX_ENV] = `liso-nudges-bench:${process.pid}:${Date.now()}:`;
    const seeding = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'seed'], { env: { ...process.env, NUDGES_BENCH_STORE: url }, stdio: 'inherit' });
    if (seeding.status !== 0) throw new Error(`seeding ${url} failed`);
    store = await openBenchStore(url);
  }
  const { app, runner } = await benchApp(store, clock);
  const adapter = new CountingAdapter();
  app.bot.attach(adapter);

  const { peak, sessionIds } = await busiestHour(store, runner);
  global.gc?.();

  // Quiet ticks: the minutes before the busiest hour, nothing due.
  const quiet: number[] = [];
  for (let i = QUIET_TICKS; i > 0; i--) quiet.push((await timed(() => runner.tick(new Date(peak.getTime() - i * 60_000)))).ms);
  quiet.sort((a, b) => a - b);

  // Deciding the busiest hour, batch by batch as the tick does before it sends (changes nothing):
  // the due items, and the digest lines they make for each recipient.
  const decide = async () => {
    let lines = 0;
    for (let at = 0; at < sessionIds.length; at += SESSIONS_PER_BATCH) {
      const batch = sessionIds.slice(at, at + SESSIONS_PER_BATCH);
      for (const due of await runner.computeDue(batch, peak)) lines += due.view ? pendingLines(due.view, due.items).length : 0;
    }
    return lines;
  };
  const decisions: Array<{ value: number; ms: number; cpuMs: number }> = [];
  for (let i = 0; i < REPEATS; i++) decisions.push(await timed(decide));

  clock.set(peak);
  // The app's whole tick, as `liso start` runs it: the nudges runner queues the digests, and the
  // delivery feature (registered last) drains the queue into the counting adapter.
  const sendTick = await timed(() => app.bot.tick(peak));
  const after = await timed(() => runner.tick(new Date(peak.getTime() + 60_000)));
  const rss = await settledRss();
  if (store instanceof RedisStore) await store.clearPrefix();
  await app.close();
  if (temporary) await removeSqlite(temporary);

  return [
    '## Nudges: the busiest hour',
    '',
    `${NETWORKS.toLocaleString('en')} networks × ${SESSIONS_PER_NETWORK} sessions (15 tasks each) on the ${store.kind} store${temporary ? ' (the embedded default, in a temporary file)' : ''}; session days spread over 60 days, repeated quarterly. Load average when done: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores.`,
    '',
    '| measure | result | target |',
    '|---|---|---|',
    `| busiest 09:00 (${peak.toISOString().slice(0, 16)}Z): decide the due work of ${sessionIds.length} sessions (${decisions[0]!.value} digest lines), ${REPEATS} runs in order: wall time | ${decisions.map((d) => ms(d.ms)).join(', ')} | < 250 ms |`,
    `| the same runs: CPU time of this process (all threads) | ${decisions.map((d) => ms(d.cpuMs)).join(', ')} | |`,
    `| the same hour's whole tick (every feature; ${adapter.sent} digests queued and sent to a counting adapter): wall / CPU time | ${ms(sendTick.ms)} / ${ms(sendTick.cpuMs)} | |`,
    `| quiet tick (nothing due), median / max of ${QUIET_TICKS}; the tick after the busiest hour | ${ms(quiet[Math.floor(QUIET_TICKS / 2)]!)} / ${ms(quiet.at(-1)!)}; ${ms(after.ms)} | |`,
    `| RSS ${SETTLE_MS / 1000} s after the busiest tick${store.kind === 'memory' ? ' (the data itself in the heap)' : ''} | ${mb(rss)} | < 250 MB |`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'seed') {
    const url = process.env['NUDGES_BENCH_STORE']!;
    if (url.startsWith('sqlite://')) await removeSqlite(url.slice('sqlite://'.length));
    const store = await openBenchStore(url);
    const { app, runner } = await benchApp(store, new SimulatedClock(SEED_START));
    await seed(app, runner);
    await app.close();
  } else {
    process.stdout.write(await runNudgesBench());
  }
}
