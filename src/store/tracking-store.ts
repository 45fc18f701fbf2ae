// A store that lists every write to chosen keys in the change log before making it. It wraps the
// store the whole app uses, so no write path (a repository, a migration, a privacy erasure) can
// forget to list its write.
import type { ChangeLog } from './change-log.ts';
import type { CommitOptions, Store, StoreWrite } from './port.ts';

export class TrackingStore implements Store {
  readonly kind: Store['kind'];

  constructor(
    private readonly inner: Store,
    private readonly log: ChangeLog,
    /** Key prefixes whose writes are listed. */
    private readonly prefixes: readonly string[],
  ) {
    this.kind = inner.kind;
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.inner.get<T>(key);
  }

  getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    return this.inner.getMany<T>(keys);
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.note(key);
    return this.inner.set(key, value, ttlMs);
  }

  async delete(key: string): Promise<boolean> {
    await this.note(key);
    return this.inner.delete(key);
  }

  async claim(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    await this.note(key);
    return this.inner.claim(key, value, ttlMs);
  }

  async setAdd(key: string, members: readonly string[]): Promise<void> {
    if (members.length > 0) await this.note(key);
    return this.inner.setAdd(key, members);
  }

  async setRemove(key: string, members: readonly string[]): Promise<void> {
    if (members.length > 0) await this.note(key);
    return this.inner.setRemove(key, members);
  }

  setMembers(key: string): Promise<string[]> {
    return this.inner.setMembers(key);
  }

  setMembersMany(keys: readonly string[]): Promise<string[][]> {
    return this.inner.setMembersMany(keys);
  }

  async hashSet<T>(key: string, field: string, value: T): Promise<void> {
    await this.note(key);
    return this.inner.hashSet(key, field, value);
  }

  async hashDelete(key: string, fields: readonly string[]): Promise<void> {
    if (fields.length > 0) await this.note(key);
    return this.inner.hashDelete(key, fields);
  }

  hashGetMany<T>(keys: readonly string[], fields: readonly string[]): Promise<Array<Array<T | undefined>>> {
    return this.inner.hashGetMany<T>(keys, fields);
  }

  hashGetAllMany<T>(keys: readonly string[]): Promise<Array<Map<string, T>>> {
    return this.inner.hashGetAllMany<T>(keys);
  }

  async commit(writes: readonly StoreWrite[], options?: CommitOptions): Promise<boolean> {
    const keys = writes.map((write) => write.key).filter((key) => this.prefixes.some((prefix) => key.startsWith(prefix)));
    if (keys.length > 0) await this.log.record(keys);
    return this.inner.commit(writes, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async note(key: string): Promise<void> {
    if (this.prefixes.some((prefix) => key.startsWith(prefix))) await this.log.record([key]);
  }
}
