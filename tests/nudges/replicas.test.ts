// Two replicas (two apps, two schedulers) on one store: every nudge goes out once. The Redis
// variant gives each replica its own connection, as separate processes have.
import { describe, expect, it } from 'vitest';
import { createStoreRunCoordinator } from '../../src/core/run-coordinator.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/port.ts';
import { createHarness, runUntil, setUpNetwork } from './nudge-harness.ts';

const redisUrl = process.env['REDIS_URL'];

async function quarterOnTwoReplicas(storeA: Store, storeB: Store): Promise<Array<[string, string, string]>> {
  const start = new Date('2027-01-04T08:00:00Z');
  const a = await createHarness({ start, store: storeA });
  const b = await createHarness({ start, store: storeB });
  await setUpNetwork(a);
  await runUntil([a, b], new Date('2027-04-09T00:00:00Z'));
  return [...a.timed.nudges(), ...b.timed.nudges()].map((d) => [d.task!, d.to, d.at] as [string, string, string]);
}

function duplicates(rows: Array<[string, string, string]>): string[] {
  const seen = new Set<string>();
  return rows.map((r) => r.join('|')).filter((key) => (seen.has(key) ? true : (seen.add(key), false)));
}

describe('replicas', () => {
  it('two apps on one memory store send each nudge once', async () => {
    const store = new MemoryStore();
    const rows = await quarterOnTwoReplicas(store, store);
    expect(rows.length).toBe(15 + 15); // the tasks, then each open task once to the other lead
    expect(duplicates(rows)).toEqual([]);
  });

  it('the store-backed run coordinator elects one process per minute', async () => {
    const store = new MemoryStore();
    const first = createStoreRunCoordinator(store, 'host-a');
    const second = createStoreRunCoordinator(store, 'host-b');
    const minute = 'liso-tick:2027-01-14T08:00:00.000Z';
    const votes = await Promise.all([first.shouldRun(minute, 30_000), second.shouldRun(minute, 30_000)]);
    expect(votes.filter(Boolean)).toHaveLength(1);
    expect(await second.shouldRun('liso-tick:2027-01-14T08:01:00.000Z', 30_000)).toBe(true);
  });

  it.skipIf(!redisUrl)(`two apps with their own Redis connections send each nudge once${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    const prefix = `liso-test-nudges:${process.pid}:${Date.now()}:`;
    const [storeA, storeB] = await Promise.all([RedisStore.open(redisUrl!, prefix), RedisStore.open(redisUrl!, prefix)]);
    try {
      const coordinators = [createStoreRunCoordinator(storeA, 'a'), createStoreRunCoordinator(storeB, 'b')];
      const votes = await Promise.all(coordinators.map((c) => c.shouldRun('liso-tick:2027-01-14T08:00:00.000Z', 30_000)));
      expect(votes.filter(Boolean)).toHaveLength(1);
      const rows = await quarterOnTwoReplicas(storeA, storeB);
      expect(rows.length).toBe(30);
      expect(duplicates(rows)).toEqual([]);
    } finally {
      await storeA.clearPrefix();
      await storeA.close();
      await storeB.close();
    }
  }, 60_000);
});
