// node-cron's run coordinator backed by the Store: of all processes sharing the store, exactly
// one runs each minute's tick (the first to claim that minute's key).
import type { RunCoordinator } from 'node-cron';
import type { Store } from '../store/port.ts';

/** Minute keys outlive the minute by far, so a slow replica cannot claim a minute already run. */
const MIN_CLAIM_MS = 10 * 60_000;

export function createStoreRunCoordinator(store: Store, instanceId: string): RunCoordinator {
  return {
    // node-cron passes "<task name>:<scheduled minute ISO>", identical on every replica.
    shouldRun: (key: string, ttlMs: number) => store.claim(`cron-run:${key}`, instanceId, Math.max(ttlMs, MIN_CLAIM_MS)),
  };
}
