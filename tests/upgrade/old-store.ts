// Writes the rows an old release left in its SQLite file (a fixture captured by capture-1206.ts)
// into any store through the Store port: plain values with their expiry, set members, hash fields.
// The serialisation is the same in both releases, so a SQLite file gets the old rows byte for byte.
import { readFileSync } from 'node:fs';
import type { Clock } from '../../src/core/clock.ts';
import { deserializeRecord, deserializeValue, hashFieldValue } from '../../src/store/serialization.ts';
import type { Store } from '../../src/store/port.ts';

export interface OldRow {
  key: string;
  value: string;
}

// The SQLite backend's row keys for sets ("set:<key><US><member>") and hashes ("hash:<key>").
const MEMBER_SEPARATOR = '\u001f';

export function oldRows(fixture: string): OldRow[] {
  return JSON.parse(readFileSync(new URL(`../fixtures/upgrade/${fixture}`, import.meta.url), 'utf8')) as OldRow[];
}

/** Loads the rows into `store`; expired ones (on `clock`) are left out, as the old store would read them. */
export async function loadOldRows(store: Store, rows: readonly OldRow[], clock: Clock): Promise<void> {
  const now = clock.now().getTime();
  for (const row of rows) {
    if (row.key.startsWith('set:')) {
      const at = row.key.indexOf(MEMBER_SEPARATOR);
      await store.setAdd(row.key.slice('set:'.length, at), [row.key.slice(at + 1)]);
    } else if (row.key.startsWith('hash:')) {
      const fields = deserializeValue<Record<string, unknown>>(row.value);
      for (const [field, stored] of Object.entries(fields)) await store.hashSet(row.key.slice('hash:'.length), field, hashFieldValue(stored));
    } else {
      const record = deserializeRecord(row.value);
      if (record.expires !== undefined && record.expires <= now) continue;
      await store.set(row.key, record.value, record.expires === undefined ? undefined : record.expires - now);
    }
  }
}
