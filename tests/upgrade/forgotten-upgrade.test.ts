// Someone the 2026-12-06 release forgot after it had told the trekker they could not be reached:
// that release blanked the trekker's record of the report but kept its key, which holds the
// forgotten person's key (recomputable: the secret is in the same store). After the upgrade, no
// record or index entry holds it, as when this code forgets someone.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { PersonKeys } from '../../src/core/person-keys.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { upgradeStore } from '../../src/upgrade/store-upgrade.ts';
import { loadOldRows, oldRows } from './old-store.ts';

describe('store upgrade of the 2026-12-06 release: a person it forgot', () => {
  it('keeps no record or index entry under the forgotten person\'s key, and the trekker\'s other records', async () => {
    const clock = new SimulatedClock(new Date('2027-01-05T09:00:00Z'));
    const store = new MemoryStore(clock);
    await loadOldRows(store, oldRows('forgotten-store-1206.json'), clock);
    const forgotten = (await PersonKeys.open(store)).of('test', 'dewi');
    expect(JSON.stringify(store.dump())).toContain(forgotten);
    await upgradeStore({ store, clock, defaultTimeZone: 'Europe/Amsterdam', pulseRetentionMonths: 24, defaultLang: 'nl' }, createLogger('silent'));
    expect(store.dump().filter((e) => `${e.key} ${JSON.stringify(e.value)}`.includes(forgotten)).map((e) => e.key)).toEqual([]);
    expect(await store.get('person:test:anna')).toBeDefined();
  });
});
