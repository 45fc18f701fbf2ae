// The releases before upgrade step 6 derived a channel's language from its starter's personal one on
// every post; after the upgrade each network keeps the language its channel had, and the starter's
// later choice (or erasure) no longer moves it.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { NetworkDirectory } from '../../src/domain/network-directory.ts';
import { People } from '../../src/domain/people.ts';
import { channelLang } from '../../src/features/networks/network-context.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { channelLanguage } from '../../src/upgrade/channel-language.ts';
import { upgradeStore } from '../../src/upgrade/store-upgrade.ts';
import { loadOldRows, oldRows } from './old-store.ts';

describe('store upgrade: networks keep their channel\'s language', () => {
  it('gives each network the language its starter read, which the starter\'s later choice does not change', async () => {
    const clock = new SimulatedClock(new Date('2027-02-11T09:00:00Z'));
    const store = new MemoryStore(clock);
    await loadOldRows(store, oldRows('store-1206.json'), clock);
    const people = new People(store, clock, 'Europe/Amsterdam');
    // Bram, who started Buurtteam Oost, had chosen English: its channel was English.
    await people.setLang('console', 'bram', 'en');
    const context = { store, clock, defaultTimeZone: 'Europe/Amsterdam', pulseRetentionMonths: 24, defaultLang: 'nl' as const };
    await upgradeStore(context, createLogger('silent'));
    const directory = new NetworkDirectory(store, clock);
    const langs = async () => Object.fromEntries((await directory.all()).map((n) => [n.name, n.lang]));
    expect(await langs()).toEqual({ 'Buurtteam Oost': 'en', 'Jeugd Leiden': 'nl', 'Proefnetwerk Zuid': 'nl' });
    await people.setLang('console', 'bram', 'nl');
    await people.setLang('console', 'anna', 'en');
    await directory.forgetCreator('console', 'piet');
    for (const network of await directory.all()) expect(await channelLang(people, network, 'en'), network.name).toBe(network.name === 'Buurtteam Oost' ? 'en' : 'nl');
    // Run again (a crash before the version was written): nothing changes.
    expect(await channelLanguage(context)).toEqual({ networks: 0 });
    expect(await langs()).toEqual({ 'Buurtteam Oost': 'en', 'Jeugd Leiden': 'nl', 'Proefnetwerk Zuid': 'nl' });
  });
});
