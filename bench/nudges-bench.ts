// Benchmark of the nudges feature: 10,000 networks with 4 sessions each on one store. Measures
// building the due index, a quiet tick, the busiest 09:00 tick (due computation alone, and with
// delivery to a recording adapter), and the process's resident memory.
import { DateTime } from 'luxon';
import { createApp } from '../src/app.ts';
import { SimulatedClock } from '../src/core/clock.ts';
import { createLogger } from '../src/core/logger.ts';
import { loadConfig } from '../src/config/schema.ts';
import { keys } from '../src/domain/keys.ts';
import type { Network, Session } from '../src/domain/types.ts';
import type { NudgeRunner } from '../src/features/nudges/nudge-runner.ts';
import { SESSIONS_IN_PARALLEL } from '../src/features/nudges/nudge-runner.ts';
import { hourOf } from '../src/features/nudges/keys.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/port.ts';
import type { ChatAdapter, MessageRef } from '../src/core/chat-adapter.ts';

const NETWORKS = 10_000;
const SESSIONS_PER_NETWORK = 4;
const ZONE = 'Europe/Amsterdam';
const QUIET_TICKS = 50;
/** 40,000 sessions × 7 due days spread over the ~65 working days of a quarter. */
const TYPICAL_DAY_SESSIONS = Math.round((NETWORKS * SESSIONS_PER_NETWORK * 7) / 65 / 4);

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Networks whose quarterly sessions start on spread-out weekdays through 2027. */
async function seed(store: Store, now: Date): Promise<void> {
  const first = DateTime.fromISO('2027-03-01T14:00', { zone: ZONE });
  for (let n = 0; n < NETWORKS; n++) {
    const network: Network = { id: `n${n}`, name: `Netwerk ${n}`, platform: 'bench', channelId: `c${n}`, timeZone: ZONE, createdAt: now, createdBy: `t${n}` };
    await store.set(keys.network(network.id), network);
    await store.setAdd(keys.allNetworks(), [network.id]);
    await store.setAdd(keys.networkRoles(network.id), [`trekker:t${n}`, `procesbegeleider:p${n}`]);
    const offsetDays = n % 60;
    for (let s = 0; s < SESSIONS_PER_NETWORK; s++) {
      let day = first.plus({ days: offsetDays, weeks: 13 * s });
      while (day.weekday > 5) day = day.plus({ days: 1 });
      const session: Session = {
        id: `s${n}-${s}`,
        networkId: network.id,
        date: day.toISODate()!,
        time: '14:00',
        timeZone: ZONE,
        startsAt: day.toJSDate(),
        status: 'planned',
        createdAt: now,
        createdBy: `t${n}`,
        updatedAt: now,
        movedFrom: [],
      };
      await store.set(keys.session(session.id), session);
      await store.setAdd(keys.networkSessions(network.id), [session.id]);
    }
  }
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

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

export async function runNudgesBench(): Promise<string> {
  const store: Store = process.env['NUDGES_BENCH_STORE'] ? await openStore(process.env['NUDGES_BENCH_STORE']) : new MemoryStore();
  const start = new Date('2026-12-01T02:00:00Z');
  await seed(store, start);
  global.gc?.();
  const rssAfterSeed = process.memoryUsage().rss;
  const clock = new SimulatedClock(start);
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('silent'), store });
  const adapter = new CountingAdapter();
  app.bot.attach(adapter);
  const runner = (app.bot.features().find((f) => f.name === 'nudges') as { runner?: NudgeRunner } | undefined)!.runner!;

  const index = await timed(() => runner.ensureIndexed(clock.now()));
  const rssAfterIndex = process.memoryUsage().rss;
  const hours = await store.setMembers('nudges:due-hours');
  const sizes = await Promise.all(hours.map(async (h) => ({ hour: Number(h), size: (await store.setMembers(`nudges:due:${h}`)).length })));
  const busiest = sizes.sort((a, b) => b.size - a.size)[0]!;
  const peak = new Date(busiest.hour * 3_600_000);
  const sessionIds = await store.setMembers(`nudges:due:${busiest.hour}`);

  // Steady state before the peak: earlier hours were handled and people answered their earlier nudges.
  await store.setRemove('nudges:due-hours', hours.filter((h) => Number(h) < busiest.hour));
  for (const id of sessionIds) {
    const due = await runner.computeDue(id, new Date(peak.getTime() - 1));
    for (const task of due?.view.plan ?? []) {
      if (task.due >= peak) continue;
      await store.set(`nudges:state:${id}:${task.id}`, { status: 'done', at: task.due, laterRounds: 0 });
      await store.setAdd(`nudges:marked:${id}`, [task.id]);
    }
  }

  // Quiet ticks: the minutes before the peak hour, when nothing is due.
  clock.set(new Date(peak.getTime() - 3 * 3_600_000));
  await runner.tick(clock.now());
  const quiet: number[] = [];
  for (let i = 0; i < QUIET_TICKS; i++) {
    clock.advance(60_000);
    quiet.push((await timed(() => runner.tick(clock.now()))).ms);
  }
  quiet.sort((a, b) => a - b);

  // The busiest 09:00: first the due computation alone, then the real tick that also sends.
  clock.set(peak);
  const compute = await timed(async () => {
    let items = 0;
    for (let at = 0; at < sessionIds.length; at += SESSIONS_IN_PARALLEL) {
      const due = await Promise.all(sessionIds.slice(at, at + SESSIONS_IN_PARALLEL).map((id) => runner.computeDue(id, peak)));
      for (const d of due) items += d?.work.length ?? 0;
    }
    return items;
  });
  // The tick reads sessions a slice at a time (SESSIONS_IN_PARALLEL); measured the same way.
  const typical = await timed(async () => {
    const day = sessionIds.slice(0, TYPICAL_DAY_SESSIONS);
    for (let at = 0; at < day.length; at += SESSIONS_IN_PARALLEL) {
      await Promise.all(day.slice(at, at + SESSIONS_IN_PARALLEL).map((id) => runner.computeDue(id, peak)));
    }
  });
  const sendTick = await timed(() => runner.tick(peak));
  const sent = adapter.sent;
  const after = await timed(() => runner.tick(new Date(peak.getTime() + 60_000)));
  global.gc?.();
  const rss = process.memoryUsage().rss;
  await app.close();

  return [
    '## Nudges: due computation at scale',
    '',
    `${NETWORKS.toLocaleString('en')} networks × ${SESSIONS_PER_NETWORK} sessions (15 tasks each) on the ${store.kind} store (set NUDGES_BENCH_STORE=sqlite://… for another); session days spread over 60 days, repeated quarterly.`,
    '',
    '| measure | result | target |',
    '|---|---|---|',
    `| build the due index from the store (once per store) | ${ms(index.ms)} (${hours.length} hour buckets) | |`,
    `| quiet tick (nothing due), median / max of ${QUIET_TICKS} | ${ms(quiet[Math.floor(QUIET_TICKS / 2)]!)} / ${ms(quiet.at(-1)!)} | < 50 ms |`,
    `| busiest 09:00 (${peak.toISOString().slice(0, 16)}Z): compute due work of ${sessionIds.length} sessions (${compute.value} items) | ${ms(compute.ms)} | < 50 ms |`,
    `| a typical 09:00: compute due work of ${TYPICAL_DAY_SESSIONS} sessions | ${ms(typical.ms)} | < 50 ms |`,
    `| busiest 09:00: full tick incl. delivery of ${sent} messages | ${ms(sendTick.ms)} | |`,
    `| the tick a minute later (all handled) | ${ms(after.ms)} | < 50 ms |`,
    `| resident memory (RSS) after seeding the store | ${mb(rssAfterSeed)} | |`,
    `| RSS after building the index / after the peak tick | ${mb(rssAfterIndex)} / ${mb(rss)} | < 200 MB |`,
    `| RSS added after seeding (index, ${sent} deliveries; with the memory store their records are in the heap) | ${mb(rss - rssAfterSeed)} | |`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(await runNudgesBench());
}
