// The look at channel members is paced: with 10,000 networks a tick asks the platform about at most
// NETWORKS_RECONCILED_PER_TICK channels, each network is looked at once after a start, and again a day later.
import { describe, expect, it } from 'vitest';
import { keys } from '../../src/domain/keys.ts';
import { NetworkDirectory } from '../../src/domain/network-directory.ts';
import { NETWORKS_RECONCILED_PER_TICK } from '../../src/features/roles/member-reconcile.ts';
import { createTestApp } from '../fakes/test-app.ts';
import { buttonsOf, press } from '../pulse/pulse-helpers.ts';

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

describe('a leave heard while the bot reads the member list', () => {
  it('is not taken back by the look that read a list from before it: no second notice on a later day', async () => {
    const t = await createTestApp();
    let members = new Set(['anna', 'frank']);
    let whileReading: (() => Promise<void>) | undefined;
    Object.assign(t.adapter, {
      channelMembers: async () => {
        const listed = members;
        await whileReading?.();
        return listed;
      },
    });
    await t.command('anna', 'start Jeugd', 'kanaal-1');
    await t.command('anna', 'rol deelnemer <@frank>', 'kanaal-1');
    await t.app.bot.tick(t.clock.now());
    const notices = () => t.adapter.sent.filter((s) => s.kind === 'direct' && s.to === 'anna' && /verlaten/.test(s.text));

    // Frank leaves while Slack answers with the list it had a moment before.
    t.clock.set(new Date('2027-01-05T08:00:00Z'));
    whileReading = async () => {
      whileReading = undefined;
      await t.app.bot.handle({ type: 'left', platform: 'test', actor: { userId: 'frank', displayName: '' }, conversation: { kind: 'channel', id: 'kanaal-1' }, eventId: 'left-frank-1' }, t.adapter.responder('frank'));
    };
    await t.app.bot.tick(t.clock.now());
    expect(notices()).toHaveLength(1);

    members = new Set(['anna']);
    t.clock.set(new Date('2027-01-06T08:00:00Z'));
    await t.app.bot.tick(t.clock.now());
    expect(notices()).toHaveLength(1);
    await t.app.close();
  });
});

describe('who was seen in the channel', () => {
  it('is erased with /liso vergeet-mij, and with the network', async () => {
    const t = await createTestApp();
    Object.assign(t.adapter, { channelMembers: async () => new Set(['anna', 'frank']) });
    await t.command('anna', 'start Jeugd', 'kanaal-1');
    await t.command('anna', 'rol deelnemer <@frank>', 'kanaal-1');
    await t.app.bot.tick(t.clock.now());
    const network = (await new NetworkDirectory(t.app.store, t.clock).all())[0]!;
    expect((await t.app.store.setMembers(keys.networkInChannel(network.id))).sort()).toEqual(['anna', 'frank']);

    await t.command('frank', 'vergeet-mij', null);
    const confirm = buttonsOf(t.adapter.take().find((s) => s.kind === 'reply' && s.to === 'frank')).find((b) => b.actionId === 'privacy.forget')!;
    await press(t, 'frank', confirm.actionId, confirm.value);
    await t.app.bot.tick(t.clock.now());
    expect(await t.app.store.setMembers(keys.networkInChannel(network.id))).toEqual(['anna']);

    // The network's deletion takes the rest (the privacy tick runs every feature's forgetNetwork).
    const reconcile = t.app.bot.features().find((feature) => feature.name === 'member-reconcile')!;
    const erasure = { members: ['anna'], eraseDeliveries: async () => {}, eraseDeliveriesNaming: async () => {} };
    await reconcile.forgetNetwork!({ id: network.id, platform: 'test', channelId: 'kanaal-1', sessionIds: [] }, erasure);
    expect(await t.app.store.setMembers(keys.networkInChannel(network.id))).toEqual([]);
    expect((await t.app.store.hashGetAllMany([keys.membersReconciled()]))[0]?.has(network.id) ?? false).toBe(false);
    await t.app.close();
  });
});

describe('a leave heard live while the look owes its notices', () => {
  it('is not told twice: the look does not overwrite the notice the live leave recorded and sent meanwhile', async () => {
    const t = await createTestApp();
    let members = new Set(['anna', 'frank']);
    Object.assign(t.adapter, { channelMembers: async () => members });
    await t.command('anna', 'start Jeugd', 'kanaal-1');
    await t.command('anna', 'rol deelnemer <@frank>', 'kanaal-1');
    await t.app.bot.tick(t.clock.now());
    const notices = () => t.adapter.sent.filter((s) => s.kind === 'direct' && s.to === 'anna' && /verlaten/.test(s.text));

    // The look reads whether the notice was recorded; Frank's leave is heard and its notice sent right after.
    const delivery = t.app.delivery;
    const status = delivery.status.bind(delivery);
    let heard = false;
    delivery.status = async (key) => {
      const record = await status(key);
      if (!heard && key.startsWith('member-left:')) {
        heard = true;
        await t.app.bot.handle({ type: 'left', platform: 'test', actor: { userId: 'frank', displayName: '' }, conversation: { kind: 'channel', id: 'kanaal-1' }, eventId: 'left-frank-1' }, t.adapter.responder('frank'));
        await delivery.runDue(t.clock.now());
      }
      return record;
    };
    members = new Set(['anna']);
    t.clock.set(new Date('2027-01-05T08:00:00Z'));
    await t.app.bot.tick(t.clock.now());
    expect(heard, 'the leave was heard while the look was under way').toBe(true);
    t.clock.set(new Date('2027-01-05T08:10:00Z'));
    await t.app.bot.tick(t.clock.now());
    expect(notices()).toHaveLength(1);
    await t.app.close();
  });
});

describe('forgetting a person on a platform with 1,200 networks', () => {
  it('takes them out of every set of who was seen, in commits of at most 500 sets', async () => {
    const t = await createTestApp();
    const directory = new NetworkDirectory(t.app.store, t.clock);
    const reconcile = t.app.bot.features().find((feature) => feature.name === 'member-reconcile')!;
    const ids: string[] = [];
    for (let i = 0; i < 1_200; i++) {
      const network = (await directory.create({ name: `Netwerk ${i}`, platform: 'test', channelId: `kanaal-${i}`, timeZone: 'Europe/Amsterdam', createdBy: 'anna' }))!;
      ids.push(network.id);
      await t.app.store.setAdd(keys.networkInChannel(network.id), ['anna', 'frank']);
    }
    const commits: number[] = [];
    const commit = t.app.store.commit.bind(t.app.store);
    t.app.store.commit = async (writes, options) => {
      commits.push(writes.length);
      return commit(writes, options);
    };
    await reconcile.forgetPerson!({ platform: 'test', userId: 'frank' });
    expect(Math.max(...commits)).toBeLessThanOrEqual(500);
    const sets = await t.app.store.setMembersMany(ids.map(keys.networkInChannel));
    expect(sets.every((members) => members.length === 1 && members[0] === 'anna')).toBe(true);
    await t.app.close();
  }, 60_000);
});
