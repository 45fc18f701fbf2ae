// Erasing a store's history where the data is already stored or erased, and a kept history only
// delays the erasure: the privacy feature's hourly erasure tries again, and logs while it cannot.
import type { Store } from './port.ts';
import { StoreHistoryKeptError } from './port.ts';

/** Erases the history when the backend can now; false when a reader kept it (StoreHistoryKeptError). */
export async function eraseHistoryIfPossible(store: Store, options?: { rewrite?: boolean }): Promise<boolean> {
  try {
    await store.eraseHistory?.(options);
    return true;
  } catch (error) {
    if (error instanceof StoreHistoryKeptError) return false;
    throw error;
  }
}

/** What an operator is told when the history was kept. */
export const HISTORY_KEPT = 'another connection holds a read on the store file (a backup tool, an sqlite3 shell): erased data stays readable in it until the hourly erasure succeeds';
