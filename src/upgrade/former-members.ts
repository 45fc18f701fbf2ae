// Upgrade step 2: the people who lost their role in a network under the 2026-12-06 release, which
// did not note them, become its former members, so the network's deletion erases them too.
import { recordKey } from '../core/delivery-records.ts';
import type { DeliveryRecord } from '../core/delivery-records.ts';
import { keys } from '../domain/keys.ts';
import { NetworkDirectory } from '../domain/network-directory.ts';
import { pulseKeys } from '../features/pulse/pulse-keys.ts';
import type { UpgradeContext } from './upgrade-step.ts';
import { eachRecord } from './scan.ts';

/**
 * Whoever the bot sent something of a network to (a session reminder, a pulse invitation, a notice
 * naming it, a daily message falling back to its channel) and who holds no role in it now. A
 * forgotten person's own records are gone already, so nobody forgotten comes back here.
 */
export async function formerMembers(context: UpgradeContext): Promise<Record<string, number>> {
  const { store, clock } = context;
  const directory = new NetworkDirectory(store, clock);
  // Every id a Delivery key may hold (network, its sessions, its pulses) and every channel, to its network.
  const byId = new Map<string, { id: string; platform: string; holders: Set<string> }>();
  const byChannel = new Map<string, { id: string; platform: string; holders: Set<string> }>();
  for (const network of await directory.all()) {
    const entry = { id: network.id, platform: network.platform, holders: new Set((await directory.assignments(network.id)).map((a) => a.userId)) };
    if (network.createdBy) entry.holders.add(network.createdBy);
    const ids = [network.id, ...(await store.setMembers(keys.networkSessions(network.id))), ...(await store.setMembers(pulseKeys.ofNetwork(network.id)))];
    for (const id of ids) byId.set(id, entry);
    byChannel.set(`${network.platform}\u0000${network.channelId}`, entry);
  }
  const noted = new Set<string>();
  await eachRecord<DeliveryRecord>(store, recordKey(''), async (records) => {
    for (const { value: record } of records) {
      const target = record.target;
      if (target?.kind !== 'direct') continue;
      const found = new Set(record.key.split(':').flatMap((part) => (byId.has(part) ? [byId.get(part)!] : [])));
      const fallback = target.fallback && byChannel.get(`${target.platform}\u0000${target.fallback.channelId}`);
      if (fallback) found.add(fallback);
      for (const network of found) {
        if (network.platform !== target.platform || network.holders.has(target.userId)) continue;
        await store.setAdd(keys.networkFormerMembers(network.id), [target.userId]);
        noted.add(`${network.id}\u0000${target.userId}`);
      }
    }
  });
  return { noted: noted.size };
}
