// The change log a read-ahead is checked against: writes are listed before they are made, by the
// writer's minute, and the log reaches back a bounded time.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { CHANGE_LOG_REACH_MS, ChangeLog, CLOCK_AHEAD_MS } from '../../src/store/change-log.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { TrackingStore } from '../../src/store/tracking-store.ts';

const T0 = new Date('2027-01-14T07:50:30Z');
const minutes = (n: number) => n * 60_000;

describe('change log', () => {
  it('lists a key from the minute it was written until now, also from writers whose clocks run ahead', async () => {
    const store = new MemoryStore();
    const clock = new SimulatedClock(T0);
    const log = new ChangeLog(store, clock);
    await log.record(['session:a']);
    clock.advance(minutes(3));
    await log.record(['session:b']);
    clock.advance(minutes(1));
    await log.record(['session:c']);

    expect(await log.writtenSince(new Date(T0.getTime() + minutes(1)))).toEqual(new Set(['session:b', 'session:c']));
    expect(await log.writtenSince(new Date('2027-01-14T07:50:00Z'))).toEqual(new Set(['session:a', 'session:b', 'session:c']));
    expect(await log.writtenSince(new Date(T0.getTime() + minutes(5)))).toEqual(new Set());
    // A reader whose clock is behind the writers' still finds their writes, up to CLOCK_AHEAD_MS.
    const behind = new ChangeLog(store, new SimulatedClock(new Date(T0.getTime() + minutes(4) - CLOCK_AHEAD_MS)));
    expect(await behind.writtenSince(T0)).toEqual(new Set(['session:a', 'session:b', 'session:c']));
    const further = new ChangeLog(store, new SimulatedClock(new Date(T0.getTime() + minutes(3) - CLOCK_AHEAD_MS)));
    expect(await further.writtenSince(new Date(T0.getTime() - CLOCK_AHEAD_MS))).toEqual(new Set(['session:a', 'session:b']));
  });

  it('says so when asked further back than it reaches', async () => {
    const log = new ChangeLog(new MemoryStore(), new SimulatedClock(T0));
    expect(await log.writtenSince(new Date(T0.getTime() - CHANGE_LOG_REACH_MS - minutes(1)))).toBeUndefined();
  });

  it('prunes the minutes it no longer reaches and keeps the others', async () => {
    const store = new MemoryStore();
    const clock = new SimulatedClock(T0);
    const log = new ChangeLog(store, clock);
    await log.record(['session:old']);
    clock.advance(CHANGE_LOG_REACH_MS);
    await log.record(['session:new']);
    clock.advance(minutes(2));
    await log.prune(clock.now());
    expect(await store.setMembers('changes:minutes')).toEqual([String(Math.floor((T0.getTime() + CHANGE_LOG_REACH_MS) / 60_000))]);
    expect(await store.setMembers(`changes:${Math.floor(T0.getTime() / 60_000)}`)).toEqual([]);
    expect(await log.writtenSince(new Date(T0.getTime() + CHANGE_LOG_REACH_MS))).toEqual(new Set(['session:new']));
  });
});

describe('tracking store', () => {
  /** A log that notes, at the moment a key is listed, whether the write had already happened. */
  class Witness extends ChangeLog {
    readonly listed: Array<{ key: string; alreadyWritten: boolean }> = [];
    constructor(private readonly inner: MemoryStore) {
      super(inner, new SimulatedClock(T0));
    }
    override async record(keys: readonly string[]): Promise<void> {
      for (const key of keys) {
        const alreadyWritten = (await this.inner.get(key)) !== undefined || (await this.inner.setMembers(key)).length > 0 || (await this.inner.hashGetAllMany([key]))[0]!.size > 0;
        this.listed.push({ key, alreadyWritten });
      }
      await super.record(keys);
    }
  }

  it('lists every kind of write to a tracked key before making it, and nothing else', async () => {
    const inner = new MemoryStore();
    const log = new Witness(inner);
    const store = new TrackingStore(inner, log, ['session:', 'network:']);
    await store.set('session:a', { id: 'a' });
    await store.setAdd('network:n:roles', ['trekker:anna']);
    await store.hashSet('session:h', 'field', 1);
    await store.claim('network:c', 'x');
    await store.set('nudge:delivery', 'sent');
    await store.setAdd('network:empty', []);
    await store.get('session:a');
    await store.setMembers('network:n:roles');
    expect(log.listed).toEqual([
      { key: 'session:a', alreadyWritten: false },
      { key: 'network:n:roles', alreadyWritten: false },
      { key: 'session:h', alreadyWritten: false },
      { key: 'network:c', alreadyWritten: false },
    ]);
    await store.delete('session:a');
    await store.setRemove('network:n:roles', ['trekker:anna']);
    await store.hashDelete('session:h', ['field']);
    expect(log.listed.slice(4)).toEqual([
      { key: 'session:a', alreadyWritten: true },
      { key: 'network:n:roles', alreadyWritten: true },
      { key: 'session:h', alreadyWritten: true },
    ]);
    expect(await log.writtenSince(T0)).toEqual(new Set(['session:a', 'network:n:roles', 'session:h', 'network:c']));
  });
});
