// A daily look at each network's channel members: a role holder who left while the bot was not
// listening (the process down for a deploy or a crash, a leave parked during a store outage and lost
// with the process) is told to the leads as if the leave had been heard, with the same notice and key.
import type { ChatAdapter } from '../../core/chat-adapter.ts';
import type { Clock } from '../../core/clock.ts';
import type { Feature } from '../../core/feature.ts';
import { recordKey } from '../../core/delivery-records.ts';
import type { Logger } from '../../core/logger.ts';
import { keys } from '../../domain/keys.ts';
import type { Network } from '../../domain/types.ts';
import type { StoreWrite } from '../../store/port.ts';
import { StoreUnavailableError } from '../../store/port.ts';
import { clearSet } from '../../store/clear.ts';
import type { MemberLeftDeps } from './member-left.ts';
import { leaveNotices } from './member-left.ts';

/**
 * Networks looked at per tick (a minute). Slack's conversations.members is Tier 4 (100 a minute
 * for the workspace) and a channel of up to 1,000 members is one call: half of it, so the rest of
 * the bot's calls of that tier keep room. 10,000 networks are looked at within 200 minutes of a start.
 */
export const NETWORKS_RECONCILED_PER_TICK = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Sets a person is taken out of per commit when they are forgotten. */
const NETWORKS_FORGOTTEN_PER_COMMIT = 500;

export type MemberReconcileDeps = MemberLeftDeps & {
  clock: Clock;
  log: Logger;
  adapterFor(platform: string): ChatAdapter | undefined;
};

export function createMemberReconcileFeature(deps: MemberReconcileDeps): Feature {
  // What this process may have missed happened before it started: every network is looked at once
  // after the start (paced), whatever its last look, and then once a day.
  const startedAt = deps.clock.now().getTime();
  const { store } = deps;

  async function dueNetworks(now: Date): Promise<string[]> {
    const [ids, [looked]] = await Promise.all([store.setMembers(keys.allNetworks()), store.hashGetAllMany<string>([keys.membersReconciled()])]);
    const lastLook = (id: string) => {
      const at = looked?.get(id);
      return at === undefined ? Number.NEGATIVE_INFINITY : Date.parse(at);
    };
    return ids
      .filter((id) => {
        const last = lastLook(id);
        return last < startedAt || last <= now.getTime() - DAY_MS;
      })
      // Longest unseen first (never seen before all), then by id: the same order on every replica.
      .sort((a, b) => lastLook(a) - lastLook(b) || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, NETWORKS_RECONCILED_PER_TICK);
  }

  async function reconcile(network: Network, now: Date): Promise<void> {
    const mark: StoreWrite = { op: 'hashSet', key: keys.membersReconciled(), field: network.id, value: now.toISOString() };
    const adapter = deps.adapterFor(network.platform);
    // Read before the list: a leave heard while the platform answers shows as a person gone from the set since.
    const wereIn = await store.setMembers(keys.networkInChannel(network.id));
    // A closed network's roles change no more; a platform without a member list (Discord) is never looked at.
    const members = !network.closedAt && adapter?.channelMembers ? await adapter.channelMembers(network.channelId) : 'unknown';
    if (members === 'unknown') {
      await store.commit([mark]);
      return;
    }
    const assignments = await deps.directory.assignments(network.id);
    const holders = new Set(assignments.map((assignment) => assignment.userId));
    const wasIn = new Set(wereIn);
    // Only who was seen in the channel: a role given to someone never in it is no leave, and the first
    // look at a network only notes who is there.
    const gone = [...holders].filter((userId) => wasIn.has(userId) && !members.has(userId)).sort();
    for (const userId of gone) await tellOfLeave(network, userId, now);
    // Someone heard leaving while the list was read was taken out of the set meanwhile: not put back.
    const current = new Set(await store.setMembers(keys.networkInChannel(network.id)));
    const stillIn = [...holders].filter((userId) => members.has(userId) && !(wasIn.has(userId) && !current.has(userId)));
    const staying = new Set(stillIn);
    const noLonger = wereIn.filter((userId) => !staying.has(userId));
    await store.commit([
      ...(noLonger.length > 0 ? [{ op: 'setRemove' as const, key: keys.networkInChannel(network.id), members: noLonger }] : []),
      ...(stillIn.length > 0 ? [{ op: 'setAdd' as const, key: keys.networkInChannel(network.id), members: stillIn }] : []),
      mark,
    ]);
  }

  /**
   * The leads' notices of one leave are owed in the commit that takes the person out of the set: a
   * stop before it looks again after the restart (on whatever day that is) and tells once; a stop
   * after it leaves the notices queued and the person no longer counted as present. Notices already
   * recorded (the leave heard live today, its stop before it took them out of the set) are not owed
   * again: `pendingWrites` would overwrite a sent record with a queued one.
   */
  async function tellOfLeave(network: Network, userId: string, now: Date): Promise<void> {
    const out: StoreWrite = { op: 'setRemove', key: keys.networkInChannel(network.id), members: [userId] };
    // Twice at most: a leave heard live between the read and the commit has recorded its notices by the second round.
    for (let round = 0; round < 2; round++) {
      const leave = await leaveNotices(deps, network, userId, now);
      if (!leave) return;
      const recorded = await Promise.all(leave.notices.map(([key]) => deps.delivery.status(key)));
      const owed = leave.notices.filter((_, i) => recorded[i] === undefined);
      if (owed.length === 0) {
        await store.commit([out]);
        return;
      }
      // The live path records a leave's notices in the same order, one by one (tellLeadsOfLeave): one
      // that got to any notice owed here recorded the first of them. Guarding on that one keeps this
      // commit from overwriting what it sent; one commit can only be guarded by one key.
      const first = owed[0]![0];
      if (!(await store.commit([...owed.flatMap((notice) => deps.delivery.pendingWrites(...notice)), out], { ifAbsent: recordKey(first) }))) continue;
      deps.log.info({ network: network.id, roles: leave.roles, told: owed.length }, 'member with a role no longer in the channel');
      for (const notice of owed) await deps.delivery.send(...notice);
      return;
    }
  }

  return {
    name: 'member-reconcile',
    async tick(now) {
      const due = await dueNetworks(now);
      if (due.length === 0) return;
      const networks = await deps.directory.getMany(due);
      for (const [i, network] of networks.entries()) {
        try {
          if (network) await reconcile(network, now);
          // An id without its network: noted as looked at, so it does not stay first in line every tick.
          else await store.hashSet(keys.membersReconciled(), due[i]!, now.toISOString());
        } catch (error) {
          if (error instanceof StoreUnavailableError) throw error;
          // One network's failure (a bug, a platform answer never seen) leaves the others their look.
          deps.log.error({ err: error, network: due[i] }, 'looking at channel members failed');
        }
      }
    },
    async forgetNetwork(network) {
      await clearSet(store, keys.networkInChannel(network.id));
      await store.hashDelete(keys.membersReconciled(), [network.id]);
    },
    async forgetPerson(person) {
      // Any network of the platform: the roles that put them in a set are gone before features forget.
      const networks = (await deps.directory.all()).filter((network) => network.platform === person.platform);
      // In pieces: one commit over 10,000 networks held Redis (one script) 50 ms and SQLite's write lock 150 ms;
      // a piece of 500 holds them 2 and 9 ms.
      // Each piece is whole or absent, and a rerun after a stop removes what is left.
      for (let at = 0; at < networks.length; at += NETWORKS_FORGOTTEN_PER_COMMIT) {
        const piece = networks.slice(at, at + NETWORKS_FORGOTTEN_PER_COMMIT);
        await store.commit(piece.map((network) => ({ op: 'setRemove' as const, key: keys.networkInChannel(network.id), members: [person.userId] })));
      }
    },
  };
}
