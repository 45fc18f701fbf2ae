// The keyv-backed half of the Store port shared by the SQLite and Redis backends.
import Keyv from 'keyv';
import type { KeyvStoreAdapter } from 'keyv';
import type { CommitOptions, Store, StoreWrite } from './port.ts';
import { deserializeRecord, serializeRecord } from './serialization.ts';

/**
 * Plain reads and writes go through keyv; the atomic primitives (claim, sets) are left to each
 * backend, which implements them with its native atomics because keyv has no compare-and-set.
 */
export abstract class KeyvStore implements Store {
  abstract readonly kind: Store['kind'];
  protected readonly keyv: Keyv;

  constructor(adapter: KeyvStoreAdapter) {
    this.keyv = new Keyv({
      store: adapter,
      useKeyPrefix: false,
      throwOnErrors: true,
      serialize: serializeRecord,
      deserialize: (text: string) => deserializeRecord(text),
    });
    // Keyv hands its default namespace to the adapter, which would then prefix keys itself.
    this.keyv.namespace = undefined;
    // Errors are thrown to the caller; this listener only keeps EventEmitter from crashing.
    this.keyv.on('error', () => {});
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.keyv.get<T>(key)) ?? undefined;
  }

  async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    if (keys.length === 0) return [];
    const values = await this.keyv.get<T>([...keys]);
    return values.map((value) => value ?? undefined);
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.keyv.set(key, value, ttlMs);
  }

  async delete(key: string): Promise<boolean> {
    return this.keyv.delete(key);
  }

  abstract claim(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  abstract setAdd(key: string, members: readonly string[]): Promise<void>;
  abstract setRemove(key: string, members: readonly string[]): Promise<void>;
  abstract setMembers(key: string): Promise<string[]>;
  abstract setMembersMany(keys: readonly string[]): Promise<string[][]>;
  abstract hashSet<T>(key: string, field: string, value: T): Promise<void>;
  abstract hashDelete(key: string, fields: readonly string[]): Promise<void>;
  abstract hashGetMany<T>(keys: readonly string[], fields: readonly string[]): Promise<Array<Array<T | undefined>>>;
  abstract hashGetAllMany<T>(keys: readonly string[]): Promise<Array<Map<string, T>>>;
  abstract commit(writes: readonly StoreWrite[], options?: CommitOptions): Promise<boolean>;
  abstract close(): Promise<void>;

  protected encode(value: unknown, ttlMs?: number): string {
    return serializeRecord({ value, expires: ttlMs === undefined ? undefined : Date.now() + ttlMs });
  }
}
