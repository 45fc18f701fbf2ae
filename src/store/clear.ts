// Empties sets and hashes, which live in their own key space: the port's `delete` is for plain values.
import type { Store } from './port.ts';

/** Removes every member of a set (the set is gone once empty). */
export async function clearSet(store: Store, key: string): Promise<void> {
  const members = await store.setMembers(key);
  if (members.length > 0) await store.setRemove(key, members);
}

/** Removes every field of a hash. */
export async function clearHash(store: Store, key: string): Promise<void> {
  const [fields] = await store.hashGetAllMany([key]);
  if (fields && fields.size > 0) await store.hashDelete(key, [...fields.keys()]);
}
