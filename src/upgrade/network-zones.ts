// The time zone of each network an upgrade step meets, read once per network.
import type { Network } from '../domain/types.ts';
import type { Store } from '../store/port.ts';

/** A network's zone; LISO_TIMEZONE for one that is gone (or none). */
export function networkZones(store: Store, defaultTimeZone: string): (networkId: string | undefined) => Promise<string> {
  const zones = new Map<string, string>();
  return async (networkId) => {
    if (networkId === undefined) return defaultTimeZone;
    if (!zones.has(networkId)) zones.set(networkId, (await store.get<Network>(`network:${networkId}`))?.timeZone ?? defaultTimeZone);
    return zones.get(networkId)!;
  };
}
