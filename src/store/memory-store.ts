// In-process store for tests and throwaway runs; atomic because Node runs it on one thread.
import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import type { CommitOptions, KeyPage, Store, StoreWrite } from './port.ts';
import { KEY_PAGE } from './port.ts';

interface Entry {
  value: unknown;
  expires?: number | undefined;
}

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly sets = new Map<string, Set<string>>();
  private readonly hashes = new Map<string, Map<string, unknown>>();

  /** Expiries are read on `clock`, the app's injected one, so a simulated clock expires them too. */
  constructor(private readonly clock: Clock = systemClock) {}

  async get<T>(key: string): Promise<T | undefined> {
    return this.copyOf<T>(key);
  }

  async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    return keys.map((key) => this.copyOf<T>(key));
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    this.entries.set(key, { value: structuredClone(value), expires: this.expiryOf(ttlMs) });
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.live(key) !== undefined;
    this.entries.delete(key);
    return existed;
  }

  async claim(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    if (this.live(key) !== undefined) return false;
    this.entries.set(key, { value: structuredClone(value), expires: this.expiryOf(ttlMs) });
    return true;
  }

  async setAdd(key: string, members: readonly string[]): Promise<void> {
    this.addMembers(key, members);
  }

  async setRemove(key: string, members: readonly string[]): Promise<void> {
    this.removeMembers(key, members);
  }

  async setMembers(key: string): Promise<string[]> {
    return [...(this.sets.get(key) ?? [])];
  }

  async setMembersMany(keys: readonly string[]): Promise<string[][]> {
    return keys.map((key) => [...(this.sets.get(key) ?? [])]);
  }

  async hashSet<T>(key: string, field: string, value: T): Promise<void> {
    this.hashOf(key).set(field, structuredClone(value));
  }

  async hashDelete(key: string, fields: readonly string[]): Promise<void> {
    this.deleteFields(key, fields);
  }

  async hashGetMany<T>(keys: readonly string[], fields: readonly string[]): Promise<Array<Array<T | undefined>>> {
    return keys.map((key) => {
      const hash = this.hashes.get(key);
      return fields.map((field) => (hash?.has(field) ? (structuredClone(hash.get(field)) as T) : undefined));
    });
  }

  async hashGetAllMany<T>(keys: readonly string[]): Promise<Array<Map<string, T>>> {
    return keys.map((key) => new Map([...(this.hashes.get(key) ?? [])].map(([field, value]) => [field, structuredClone(value) as T])));
  }

  async commit(writes: readonly StoreWrite[], options: CommitOptions = {}): Promise<boolean> {
    if (options.ifAbsent !== undefined && this.live(options.ifAbsent) !== undefined) return false;
    // Values are copied first, so a value that cannot be stored fails the commit before any write.
    const copies = writes.map((write) => (write.op === 'set' || write.op === 'hashSet' ? structuredClone(write.value) : undefined));
    // Then no await until every write is applied: on one thread nothing else runs in between.
    writes.forEach((write, i) => {
      switch (write.op) {
        case 'set':
          this.entries.set(write.key, { value: copies[i], expires: this.expiryOf(write.ttlMs) });
          break;
        case 'delete':
          this.entries.delete(write.key);
          break;
        case 'setAdd':
          this.addMembers(write.key, write.members);
          break;
        case 'setRemove':
          this.removeMembers(write.key, write.members);
          break;
        case 'hashSet':
          this.hashOf(write.key).set(write.field, copies[i]);
          break;
        case 'hashDelete':
          this.deleteFields(write.key, write.fields);
          break;
      }
    });
    return true;
  }

  async scanKeys(prefix: string, next?: string): Promise<KeyPage> {
    const keys = [...this.entries.keys()].filter((key) => key.startsWith(prefix) && (next === undefined || key > next) && this.live(key)).sort().slice(0, KEY_PAGE);
    return keys.length === KEY_PAGE ? { keys, next: keys.at(-1)! } : { keys };
  }

  async purgeExpired(): Promise<void> {
    for (const key of [...this.entries.keys()]) this.live(key);
  }

  /**
   * A separate store holding what this one holds now, expiries included, on `clock`: what a process
   * started on the same data would find (tests fork a store at the moment a process is stopped).
   */
  copy(clock: Clock = this.clock): MemoryStore {
    const copy = new MemoryStore(clock);
    for (const [key, entry] of this.entries) copy.entries.set(key, { value: structuredClone(entry.value), expires: entry.expires });
    for (const [key, members] of this.sets) copy.sets.set(key, new Set(members));
    for (const [key, fields] of this.hashes) copy.hashes.set(key, structuredClone(fields));
    return copy;
  }

  /** Every live entry, set and hash, for tests that inspect what a feature left behind. */
  dump(): Array<{ key: string; value: unknown }> {
    const entries = [...this.entries.keys()].flatMap((key) => {
      const entry = this.live(key);
      return entry === undefined ? [] : [{ key, value: structuredClone(entry.value) }];
    });
    return [
      ...entries,
      ...[...this.sets].map(([key, members]) => ({ key, value: [...members] })),
      ...[...this.hashes].map(([key, fields]) => ({ key, value: Object.fromEntries(structuredClone(fields)) })),
    ];
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.sets.clear();
    this.hashes.clear();
  }

  private addMembers(key: string, members: readonly string[]): void {
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new Set()));
    for (const member of members) set.add(member);
  }

  private removeMembers(key: string, members: readonly string[]): void {
    const set = this.sets.get(key);
    if (!set) return;
    for (const member of members) set.delete(member);
    if (set.size === 0) this.sets.delete(key);
  }

  private hashOf(key: string): Map<string, unknown> {
    let hash = this.hashes.get(key);
    if (!hash) this.hashes.set(key, (hash = new Map()));
    return hash;
  }

  private deleteFields(key: string, fields: readonly string[]): void {
    const hash = this.hashes.get(key);
    if (!hash) return;
    for (const field of fields) hash.delete(field);
    if (hash.size === 0) this.hashes.delete(key);
  }

  /** A copy, so a caller changing what it read cannot change the store. */
  private copyOf<T>(key: string): T | undefined {
    const entry = this.live(key);
    return entry === undefined ? undefined : (structuredClone(entry.value) as T);
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expires !== undefined && entry.expires <= this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private expiryOf(ttlMs: number | undefined): number | undefined {
    return ttlMs === undefined ? undefined : this.clock.now().getTime() + ttlMs;
  }
}
