// The keyv-backed half of the Store port shared by the SQLite and Redis backends.
import Keyv from 'keyv';
import type { KeyvStoreAdapter } from 'keyv';
import type { Clock } from '../core/clock.ts';
import type { CommitOptions, KeyPage, Store, StoreWrite } from './port.ts';
import type { StoredRecord } from './serialization.ts';
import { deserializeRecord, serializeRecord } from './serialization.ts';

/**
 * Writes go through the keyv adapter; the atomic primitives (claim, sets) and reads are left to
 * each backend, which implements them with its native operations because keyv has no
 * compare-and-set. Expiry is decided here, on the injected clock: keyv's own reads compare with
 * the system time, which a simulated clock (tests, the console) would contradict.
 */
export abstract class KeyvStore implements Store {
  abstract readonly kind: Store['kind'];
  protected readonly keyv: Keyv;

  constructor(
    private readonly writer: KeyvStoreAdapter,
    protected readonly clock: Clock,
  ) {
    this.keyv = new Keyv({
      store: writer,
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

  abstract get<T>(key: string): Promise<T | undefined>;
  abstract getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>>;

  /** The record is written as encoded here; the adapter's own expiry (Redis PX) only cleans up. */
  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.writer.set(key, this.encode(value, ttlMs), ttlMs);
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
  abstract scanKeys(prefix: string, next?: string): Promise<KeyPage>;
  abstract close(): Promise<void>;

  protected encode(value: unknown, ttlMs?: number): string {
    return serializeRecord({ value, expires: ttlMs === undefined ? undefined : this.nowMs() + ttlMs });
  }

  protected nowMs(): number {
    return this.clock.now().getTime();
  }

  /** Whether a stored record has expired on the injected clock (the same rule as claim's). */
  protected isExpired(record: StoredRecord, now = this.nowMs()): boolean {
    return typeof record.expires === 'number' && record.expires <= now;
  }
}
