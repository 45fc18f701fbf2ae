// The look at channel members is paced: with 10,000 networks a tick asks the platform about at most
// NETWORKS_RECONCILED_PER_TICK channels, each network is looked at once after a start, and again a day later.
import { describe, expect, it } from 'vitest';
import { NetworkDirectory } from '../../src/domain/network-directory.ts';
import { NETWORKS_RECONCILED_PER_TICK } from '../../src/features/roles/member-reconcile.ts';
import { createTestApp } from '../fakes/test-app.ts';

const NETWORKS = 10_000;

describe('looking at the members of 10,000 networks', () => {
  it('asks about at most 50 channels a minute, each once, and each again a day later', async () => {
    const t = await createTestApp();
    const asked: string[] = [];
    Object.assign(t.adapter, {
      channelMembers: async (channelId: string) => {
        asked.push(channelId);
        return new Set(['anna']);
      },
    });
    const directory = new NetworkDirectory(t.app.store, t.clock);
    // This feature's tick alone: the other features' ticks over 10,000 networks are theirs to measure.
    const reconcile = t.app.bot.features().find((feature) => feature.name === 'member-reconcile')!;
    for (let i = 0; i < NETWORKS; i++) await directory.create({ name: `Netwerk ${i}`, platform: 'test', channelId: `kanaal-${i}`, timeZone: 'Europe/Amsterdam', createdBy: 'anna' });

    const minutes = NETWORKS / NETWORKS_RECONCILED_PER_TICK;
    let slowestTickMs = 0;
    for (let minute = 0; minute <= minutes; minute++) {
      const before = asked.length;
      const started = performance.now();
      await reconcile.tick!(t.clock.now());
      slowestTickMs = Math.max(slowestTickMs, performance.now() - started);
      expect(asked.length - before).toBeLessThanOrEqual(NETWORKS_RECONCILED_PER_TICK);
      t.clock.set(new Date(t.clock.now().getTime() + 60_000));
    }
    expect(asked).toHaveLength(NETWORKS);
    expect(new Set(asked).size).toBe(NETWORKS);
    console.info(`10,000 networks: slowest look-at-members tick ${Math.round(slowestTickMs)} ms`);

    // A day after the first look, the first networks are due again, still at most 50 a minute.
    t.clock.set(new Date(Date.parse('2027-01-05T08:00:00Z')));
    await reconcile.tick!(t.clock.now());
    expect(asked.length - NETWORKS).toBe(NETWORKS_RECONCILED_PER_TICK);
    await t.app.close();
  }, 60_000);
});
