// One-time work on a shared store (a sweep, a layout move): whichever replica claims the lock does
// it, a done marker keeps every replica from doing it again, and a lock that outlives a crashed
// run expires so another replica can start over.
import type { Store } from './port.ts';

export interface OncePerStore {
  /** Set when the work has been done. */
  doneKey: string;
  /** Held while one replica does the work. */
  lockKey: string;
  /** Who holds the lock (for inspection). */
  owner: string;
  lockMs: number;
}

/** True when the work is done (now or earlier); false when another replica is doing it. */
export async function runOncePerStore(store: Store, once: OncePerStore, work: () => Promise<void>): Promise<boolean> {
  if (await store.get(once.doneKey)) return true;
  if (!(await store.claim(once.lockKey, once.owner, once.lockMs))) return false;
  await work();
  await store.set(once.doneKey, true);
  return true;
}
