// Writes a heartbeat on every tick, so `liso health` (the container health check) can tell a
// running bot from a hung one without an HTTP port.
import type { Feature } from '../../core/feature.ts';
import type { Store } from '../../store/port.ts';

export const heartbeatKey = (instanceId: string) => `heartbeat:${instanceId}`;
// Three missed minute ticks mean the process is stuck; the key then expires by itself.
export const HEARTBEAT_TTL_MS = 3 * 60 * 1000;

/** Records that this process is alive; also written by processes a replicated tick did not elect. */
export async function writeHeartbeat(store: Store, instanceId: string, now: Date): Promise<void> {
  await store.set(heartbeatKey(instanceId), now, HEARTBEAT_TTL_MS);
}

export function createHeartbeatFeature(deps: { store: Store; instanceId: string }): Feature {
  return {
    name: 'heartbeat',
    async tick(now) {
      await writeHeartbeat(deps.store, deps.instanceId, now);
    },
  };
}
