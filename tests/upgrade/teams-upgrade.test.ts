// The Teams records the 2026-12-06 release wrote (captured through its real adapter, see
// capture-teams-1206.ts) after the start-up upgrades (the core's, then the Teams adapter's): days instead of moments, expiries on a day
// boundary, and the team's channels in the index a removal from the team is read through.
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationRegistry } from '../../adapters/teams/conversation-registry.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { upgradeTeamsRecords } from '../../adapters/teams/store-upgrade.ts';
import { upgradeStore } from '../../src/upgrade/store-upgrade.ts';
import { loadOldRows, oldRows } from './old-store.ts';

const TEAM_ID = '19:team-jeugd@thread.tacv2';
const CHANNELS = ['19:team-jeugd@thread.tacv2', '19:kanaal-jeugd@thread.tacv2'];
const DAY_MS = 24 * 3_600_000;

describe('store upgrade of the 2026-12-06 release: Teams records', () => {
  let store: MemoryStore;
  afterEach(async () => {
    await store.close();
  });

  async function upgraded(): Promise<{ registry: ConversationRegistry; clock: SimulatedClock }> {
    const clock = new SimulatedClock(new Date('2027-02-11T09:00:00Z'));
    store = new MemoryStore(clock);
    await loadOldRows(store, oldRows('teams-store-1206.json'), clock);
    await upgradeStore({ store, clock, defaultTimeZone: 'Europe/Amsterdam', pulseRetentionMonths: 24, defaultLang: 'nl' }, createLogger('silent'));
    await upgradeTeamsRecords({ store, clock }, createLogger('silent'));
    return { registry: new ConversationRegistry(store, clock), clock };
  }

  it('finds the channels of a team the bot heard from before the upgrade', async () => {
    const { registry } = await upgraded();
    expect((await registry.channelsOfTeam(TEAM_ID)).sort()).toEqual([...CHANNELS].sort());
  });

  it('keeps days, not moments, in conversation and personal-chat records', async () => {
    const { registry } = await upgraded();
    const records = [
      ...(await Promise.all(CHANNELS.map((id) => registry.conversation(id)))),
      await registry.conversation('a:personal-291sanne-bakker'),
      await registry.person('29:1sanne-bakker'),
    ];
    for (const record of records) {
      expect(record, 'record kept').toBeDefined();
      expect(record!.updatedAt.getTime() % DAY_MS).toBe(0);
    }
  });

  it('lets them expire at a day boundary, no later than before', async () => {
    const { clock } = await upgraded();
    // Written on 2027-01-04, kept 800 days: gone from the start of that day plus 800 days, not at 08:49.
    clock.set(new Date(Date.UTC(2027, 0, 4) + 800 * DAY_MS));
    expect(await store.get('teams:person:29:1sanne-bakker')).toBeUndefined();
    expect(await store.get(`teams:team:${TEAM_ID}`)).toBeUndefined();
  });
});
