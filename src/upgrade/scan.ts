// Visits every plain record under a key prefix, a page at a time, for the upgrade steps.
import type { Store } from '../store/port.ts';

/**
 * Calls `visit` with each page of keys under `prefix` and their values (absent ones left out), so a
 * store of millions of records is read in pages of `KEY_PAGE`, never whole. A page may repeat keys
 * (Redis); every step is written so that visiting a record twice changes nothing more.
 */
export async function eachRecord<T>(store: Store, prefix: string, visit: (records: Array<{ key: string; value: T }>) => Promise<void>): Promise<void> {
  let next: string | undefined;
  do {
    const page = await store.scanKeys(prefix, next);
    const values = await store.getMany<T>(page.keys);
    const records = page.keys.flatMap((key, i) => (values[i] === undefined ? [] : [{ key, value: values[i]! }]));
    if (records.length > 0) await visit(records);
    next = page.next;
  } while (next !== undefined);
}
