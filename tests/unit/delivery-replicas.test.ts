// The replica roster: which processes share a platform's budget. A replica killed with SIGKILL
// cannot say it left; the survivor must stop counting it soon, or it sends on half the budget
// (two real replicas, one killed at 09:00: 20 to 40 s on half before this was shortened).
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { ReplicaRoster, ROSTER_REFRESH_MS } from '../../src/core/delivery-replicas.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

function twoReplicas() {
  const clock = new SimulatedClock(new Date('2027-03-01T09:00:00Z'));
  const store = new MemoryStore(clock);
  return { clock, a: new ReplicaRoster(store, 'host-a:1:aaaaaa'), b: new ReplicaRoster(store, 'host-b:1:bbbbbb') };
}

describe('ReplicaRoster', () => {
  it('counts every replica that refreshed lately, itself included', async () => {
    const { a, b } = twoReplicas();
    expect(await a.refresh()).toBe(1);
    expect(await b.refresh()).toBe(2);
    expect(await a.refresh()).toBe(2);
  });

  it('drops a killed replica within 12 s (simulated), so the survivor takes the whole budget', async () => {
    const { clock, a, b } = twoReplicas();
    await a.refresh();
    await b.refresh();
    // a is killed: it refreshes no more; b goes on refreshing at its pace.
    for (let waited = 0; waited + ROSTER_REFRESH_MS <= 12_000; waited += ROSTER_REFRESH_MS) {
      clock.advance(ROSTER_REFRESH_MS);
      await b.refresh();
    }
    expect(b.count).toBe(1);
  });

  it('keeps counting a replica that misses four refreshes (a slow tick, a pause of its event loop)', async () => {
    const { clock, a, b } = twoReplicas();
    await a.refresh();
    await b.refresh();
    clock.advance(4 * ROSTER_REFRESH_MS);
    expect(await b.refresh()).toBe(2);
  });

  it('a replica stopping on purpose leaves its share at once', async () => {
    const { a, b } = twoReplicas();
    await a.refresh();
    await b.refresh();
    await a.leave();
    expect(await b.refresh()).toBe(1);
  });
});
