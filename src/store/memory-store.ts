// In-process store for tests and throwaway runs; atomic because Node runs it on one thread.
import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import type { Store } from './port.ts';

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
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new Set()));
    for (const member of members) set.add(member);
  }

  async setRemove(key: string, members: readonly string[]): Promise<void> {
    const set = this.sets.get(key);
    if (!set) return;
    for (const member of members) set.delete(member);
    if (set.size === 0) this.sets.delete(key);
  }

  async setMembers(key: string): Promise<string[]> {
    return [...(this.sets.get(key) ?? [])];
  }

  async setMembersMany(keys: readonly string[]): Promise<string[][]> {
    return keys.map((key) => [...(this.sets.get(key) ?? [])]);
  }

  async hashSet<T>(key: string, field: string, value: T): Promise<void> {
    let hash = this.hashes.get(key);
    if (!hash) this.hashes.set(key, (hash = new Map()));
    hash.set(field, structuredClone(value));
  }

  async hashDelete(key: string, fields: readonly string[]): Promise<void> {
    const hash = this.hashes.get(key);
    if (!hash) return;
    for (const field of fields) hash.delete(field);
    if (hash.size === 0) this.hashes.delete(key);
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
