// The start-up upgrade on the old release's records, step by step, on memory and (with REDIS_URL)
// Redis: what each step changes, that it runs once and is logged once, and that a crash halfway
// leaves the store to be upgraded again at the next start.
import { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import type { Store } from '../../src/store/port.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { daysNotMoments } from '../../src/upgrade/days-not-moments.ts';
import { STORE_VERSION_KEY, UPGRADE_STEPS, upgradeStore } from '../../src/upgrade/store-upgrade.ts';
import { loadOldRows, oldRows } from './old-store.ts';

const redisUrl = process.env['REDIS_URL'];
const ZONE = 'Europe/Amsterdam';
const LATEST = UPGRADE_STEPS.at(-1)!.version;

function logger() {
  const lines: string[] = [];
  const log = createLogger('info', new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }));
  return { log, upgraded: () => lines.filter((line) => line.includes('store upgraded')) };
}

const isDayStart = (date: Date, zone = ZONE) => DateTime.fromJSDate(date, { zone }).toFormat('HH:mm:ss.SSS') === '00:00:00.000';

const backends: Array<{ name: string; skip?: string; open(clock: SimulatedClock): Promise<Store> }> = [
  { name: 'memory', open: async (clock) => new MemoryStore(clock) },
  {
    name: 'redis',
    ...(redisUrl ? {} : { skip: 'REDIS_URL is not set' }),
    open: async (clock) => RedisStore.open(redisUrl!, `liso-test:upgrade:${process.pid}:${Date.now()}:${Math.random()}:`, clock),
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`store upgrade of the 2026-12-06 release: ${backend.name}`, () => {
    let store: Store;
    let clock: SimulatedClock;
    const open = async () => {
      clock = new SimulatedClock(new Date('2027-02-11T09:00:00Z'));
      store = await backend.open(clock);
      await loadOldRows(store, oldRows('store-1206.json'), clock);
      return { store, clock, defaultTimeZone: ZONE, pulseRetentionMonths: 24, defaultLang: 'nl' as const };
    };
    afterEach(async () => {
      if (store instanceof RedisStore) await store.clearPrefix();
      await store.close();
    });

    it('keeps months of people and questions, indexes answers, notes who lost a role; logged once, then nothing to do', async () => {
      const context = await open();
      const first = logger();
      await upgradeStore(context, first.log);
      expect(first.upgraded()).toHaveLength(UPGRADE_STEPS.length);
      expect(await store.get(STORE_VERSION_KEY)).toBe(LATEST);
      for (const userId of ['anna', 'bram', 'sanne', 'ahmed', 'joris', 'kees', 'lotte', 'piet', 'wim']) {
        const person = await store.get<{ firstSeen: Date; lastSeen: Date }>(`person:console:${userId}`);
        expect(isDayStart(person!.firstSeen) && isDayStart(person!.lastSeen), userId).toBe(true);
      }
      const question = await store.get<{ askedAt: Date }>('advice:question:38ecfbc12772');
      // Asked on 5 January: a day after step 1, the month (its first, in Amsterdam) after step 5.
      expect(question!.askedAt).toEqual(new Date('2026-12-31T23:00:00.000Z'));
      expect(await store.setMembers('advice:answers:074a42e4')).toEqual(['ffcb372aa3be']);
      // Kees lost his role in Buurtteam Oost; everyone else who got its messages still holds one.
      expect(await store.setMembers('network:074a42e4:former')).toEqual(['kees']);
      expect(await store.setMembers('network:51b599ff:former')).toEqual([]);
      expect(await store.setMembers('network:3da0b99f:former')).toEqual([]);
      const again = logger();
      await upgradeStore(context, again.log);
      expect(again.upgraded()).toEqual([]);
    });

    it('runs a step again after a crash halfway, changing nothing twice', async () => {
      const context = await open();
      const crash = [UPGRADE_STEPS[0]!, { version: 2, name: 'crashes', run: async () => Promise.reject(new Error('killed')) }];
      await expect(upgradeStore(context, logger().log, crash)).rejects.toThrow('killed');
      expect(await store.get(STORE_VERSION_KEY)).toBe(1);
      // Step 1 over records it already rewrote changes none of them.
      expect(await daysNotMoments(context)).toMatchObject({ people: 0, questions: 0 });
      const restart = logger();
      await upgradeStore(context, restart.log);
      expect(restart.upgraded()).toHaveLength(LATEST - 1);
      expect(await store.get(STORE_VERSION_KEY)).toBe(LATEST);
      expect(await store.setMembers('network:074a42e4:former')).toEqual(['kees']);
    });
  });
}

describe('store upgrade of a new store', () => {
  it('marks it current without running a step or logging', async () => {
    const store = new MemoryStore(new SimulatedClock(new Date('2027-01-04T08:00:00Z')));
    const { log, upgraded } = logger();
    await upgradeStore({ store, clock: new SimulatedClock(new Date()), defaultTimeZone: ZONE, pulseRetentionMonths: 24, defaultLang: 'nl' }, log);
    expect(await store.get(STORE_VERSION_KEY)).toBe(LATEST);
    expect(upgraded()).toEqual([]);
  });
});
