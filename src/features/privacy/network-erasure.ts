// Deletes a closed network once its retention window has passed: every feature's records of it,
// its sessions, roles and record, and the people who belong to no other network any more.
// Durable: an intent (who the members were) is written first and the network's record and index
// entries go last, so a process killed midway leaves the network in the closed index and the next
// tick runs the erasure again from the start; every step is safe to repeat.
import type { NetworkErasure, NetworkRef } from '../../core/feature.ts';
import type { PersonKeys } from '../../core/person-keys.ts';
import { keys } from '../../domain/keys.ts';
import type { Session } from '../../domain/types.ts';
import { clearSet } from '../../store/clear.ts';
import { HISTORY_KEPT, eraseHistoryIfPossible } from '../../store/erase-history.ts';
import type { StoreWrite } from '../../store/port.ts';
import { closingPostKey } from '../networks/network-lifecycle.ts';
import type { ForgetDeps } from './forget-person.ts';
import { FORGET_LEASE_MS, forgetPerson, recordForgetIntent } from './forget-person.ts';
import { privacyKeys } from './privacy-keys.ts';

export interface NetworkErasureDeps extends ForgetDeps {
  personKeys: PersonKeys;
}

/** Written before anything is deleted: what a rerun after a crash needs and can no longer read. */
interface ErasureIntent {
  networkId: string;
  platform: string;
  channelId: string;
  closedAt?: Date;
  /** Role holders, former role holders (and the starter) when the erasure began; their roles go during it. */
  members: string[];
}

/** Every closed network past its deletion moment is erased (one process at a time per network). */
export async function eraseExpiredNetworks(now: Date, deps: NetworkErasureDeps): Promise<void> {
  for (const id of await deps.directory.closedIds()) {
    try {
      const [network, intent] = await Promise.all([deps.directory.get(id), deps.store.get<ErasureIntent>(privacyKeys.networkErasure(id))]);
      if (!intent && (!network?.closedAt || !network.deleteAt || now < network.deleteAt)) {
        // Reopened (or deleted) between reading the index and the record: not ours to erase.
        if (!network?.closedAt) await deps.store.setRemove(keys.closedNetworks(), [id]);
        continue;
      }
      if (!(await deps.store.claim(privacyKeys.networkErasureLease(id), 1, FORGET_LEASE_MS))) continue;
      await eraseNetwork(intent ?? (await recordIntent(id, deps)), now, deps);
    } catch (error) {
      deps.log.error({ err: error, network: id }, 'deleting a closed network failed; the next tick tries again');
    }
  }
}

/** The earliest deletion moment still to come, so a simulated clock stops there. */
export async function nextNetworkDeletion(now: Date, deps: Pick<NetworkErasureDeps, 'directory'>): Promise<Date | undefined> {
  const moments = (await deps.directory.getMany(await deps.directory.closedIds())).map((n) => n?.deleteAt).filter((d): d is Date => d !== undefined && d > now);
  return moments.sort((a, b) => a.getTime() - b.getTime())[0];
}

async function recordIntent(networkId: string, deps: NetworkErasureDeps): Promise<ErasureIntent> {
  const network = (await deps.directory.get(networkId))!;
  const members = new Set([...(await deps.directory.assignments(networkId)).map((a) => a.userId), ...(await deps.directory.formerMembers(networkId))]);
  if (network.createdBy) members.add(network.createdBy);
  const intent: ErasureIntent = {
    networkId,
    platform: network.platform,
    channelId: network.channelId,
    ...(network.closedAt ? { closedAt: network.closedAt } : {}),
    members: [...members].sort(),
  };
  await deps.store.set(privacyKeys.networkErasure(networkId), intent);
  return intent;
}

async function eraseNetwork(intent: ErasureIntent, now: Date, deps: NetworkErasureDeps): Promise<void> {
  const { networkId, platform, members } = intent;
  const sessionIds = await deps.store.setMembers(keys.networkSessions(networkId));
  const ref: NetworkRef = { id: networkId, platform, channelId: intent.channelId, sessionIds };
  const erasure: NetworkErasure = {
    members,
    eraseDeliveries: (deliveryKeys) => deps.delivery.erase(deliveryKeys),
    // Ids are whole segments of a key ("session-reminder:<session>:…"), never a substring of a person key.
    eraseDeliveriesNaming: async (ids) => {
      const wanted = new Set(ids);
      if (wanted.size > 0) await deps.delivery.eraseNaming(platform, members, (key) => key.split(':').some((part) => wanted.has(part)));
    },
  };
  let complete = true;
  for (const feature of deps.bot.features()) {
    if (!feature.forgetNetwork) continue;
    try {
      await feature.forgetNetwork(ref, erasure);
    } catch (error) {
      complete = false;
      deps.log.error({ err: error, feature: feature.name, network: networkId }, 'deleting a network failed in a feature; the next tick tries again');
    }
  }
  if (!complete) return;
  // The network's own messages: the closing post, and notices naming it (a member who left, a vacant lead).
  if (intent.closedAt) await erasure.eraseDeliveries([closingPostKey({ id: networkId, closedAt: intent.closedAt })]);
  // Its posts of a start, a name, a reopening and roles, listed as they were owed; the list goes after them (a rerun reads it again).
  await erasure.eraseDeliveries(await deps.store.setMembers(keys.networkAnnouncements(networkId)));
  await clearSet(deps.store, keys.networkAnnouncements(networkId));
  await erasure.eraseDeliveriesNaming([networkId]);
  // Members' messages keyed by person and day (a daily nudge message) name no network, but keep its channel as their fallback.
  await deps.delivery.eraseThrough(platform, members, intent.channelId);
  // Each session's day claim first (a planned one holds its day), then the session that names the day.
  for (const session of await deps.store.getMany<Session>(sessionIds.map(keys.session))) {
    if (session) await deps.store.delete(keys.sessionDay(networkId, session.date));
  }
  for (const sessionId of sessionIds) await deps.store.delete(keys.session(sessionId));
  for (const userId of members) await deps.store.setRemove(keys.personNetworks(platform, userId), [networkId]);
  const roles = await deps.store.setMembers(keys.networkRoles(networkId));
  if (roles.length > 0) await deps.store.setRemove(keys.networkRoles(networkId), roles);
  const former = await deps.directory.formerMembers(networkId);
  if (former.length > 0) await deps.store.setRemove(keys.networkFormerMembers(networkId), former);
  // People who belonged to this network only: nothing of them is the bot's to keep (their own erasure is durable too).
  for (const userId of members) {
    if ((await deps.directory.ofPerson(platform, userId)).length > 0) continue;
    const key = deps.personKeys.of(platform, userId);
    // Leased as a "forget me" press leases it, so the privacy tick does not run the same erasure beside this one.
    await deps.store.claim(privacyKeys.forgetLease(key), 1, FORGET_LEASE_MS);
    const forget = await recordForgetIntent(key, { platform, userId }, `network-${networkId}`, now, deps);
    await forgetPerson(forget, deps);
  }
  const binding = keys.channelBinding(platform, intent.channelId);
  const last: StoreWrite[] = [
    { op: 'delete', key: keys.network(networkId) },
    { op: 'setRemove', key: keys.allNetworks(), members: [networkId] },
    { op: 'setRemove', key: keys.closedNetworks(), members: [networkId] },
    { op: 'delete', key: privacyKeys.networkErasure(networkId) },
    { op: 'delete', key: privacyKeys.networkErasureLease(networkId) },
  ];
  if (sessionIds.length > 0) last.push({ op: 'setRemove', key: keys.networkSessions(networkId), members: sessionIds });
  // Only its own binding: after this the channel may start a new network.
  if ((await deps.store.get<string>(binding)) === networkId) last.push({ op: 'delete', key: binding });
  await deps.store.commit(last);
  await deps.store.purgeExpired?.();
  if (await eraseHistoryIfPossible(deps.store, { rewrite: true })) deps.log.info({ network: networkId }, 'closed network deleted');
  else deps.log.warn({ network: networkId }, `closed network deleted, but ${HISTORY_KEPT}`);
}
