// Writes a heartbeat every minute per process, so `liso health` (the container health check) can
// tell a running bot from a hung one without an HTTP port, and tell apart replicas on one host.
import type { Feature } from '../../core/feature.ts';
import { hostOf, renewInstanceId } from '../../core/instance-id.ts';
import type { Store } from '../../store/port.ts';

/** One hash per host: a field per process (instance id) holding its last beat. */
export const heartbeatKey = (host: string) => `heartbeat:${host}`;
/** A process silent this long is stuck (three missed minute ticks). */
export const HEARTBEAT_FRESH_MS = 3 * 60 * 1000;
/** Beats of processes gone this long (stopped, crashed, replaced) are dropped from the hash. */
const HEARTBEAT_KEEP_MS = 60 * 60 * 1000;

/** Records that this process is alive; also written by processes a replicated tick did not elect. */
export async function writeHeartbeat(store: Store, instanceId: string, now: Date): Promise<void> {
  const key = heartbeatKey(hostOf(instanceId));
  await Promise.all([store.hashSet(key, instanceId, now), renewInstanceId(store, instanceId)]);
  const gone = [...(await readHeartbeats(store, hostOf(instanceId)))].filter(([, beat]) => now.getTime() - beat.getTime() > HEARTBEAT_KEEP_MS).map(([id]) => id);
  if (gone.length > 0) await store.hashDelete(key, gone);
}

/** Removes this process's beat (a clean stop), so it is not mistaken for a hung process. */
export async function removeHeartbeat(store: Store, instanceId: string): Promise<void> {
  await store.hashDelete(heartbeatKey(hostOf(instanceId)), [instanceId]);
}

/** The last beat of every process of a host seen in the last hour, by instance id. */
export async function readHeartbeats(store: Store, host: string): Promise<Map<string, Date>> {
  const [beats] = await store.hashGetAllMany<Date>([heartbeatKey(host)]);
  return beats ?? new Map();
}

export function createHeartbeatFeature(deps: { store: Store; instanceId: string }): Feature {
  return {
    name: 'heartbeat',
    async tick(now) {
      await writeHeartbeat(deps.store, deps.instanceId, now);
    },
  };
}
