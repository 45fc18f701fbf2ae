// Watches a store for outages (logged with `backend`: pino redacts `store`, which may be a URL
// with a password): a probe read every few seconds (and after any failed operation)
// notices a backend that is stopped, disconnected or frozen, logs the loss and the recovery once
// each with the time down, and makes operations fail fast with StoreUnavailableError meanwhile,
// so an answer to a person never waits on a store that cannot answer.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../core/logger.ts';
import type { CommitOptions, KeyPage, Store, StoreWrite } from './port.ts';
import { StoreUnavailableError } from './port.ts';

/** A key nobody writes: reading it costs one lookup on any backend. */
const PROBE_KEY = 'store-probe';

export interface StoreWatchOptions {
  log: Logger;
  /** How often the store is probed. */
  probeEveryMs?: number;
  /** A probe unanswered for this long means the store is down (a frozen server never answers). */
  probeTimeoutMs?: number;
  /** Monotonic milliseconds, for the time down; injected by tests. */
  elapsedMs?: () => number;
}

export class WatchedStore implements Store {
  readonly kind: Store['kind'];
  private up = true;
  private downSince = 0;
  private probing: Promise<boolean> | undefined;
  /** Rejecters of operations in flight, called when the store goes down under them. */
  private readonly waiting = new Set<(error: StoreUnavailableError) => void>();
  private readonly timer: NodeJS.Timeout;
  private readonly probeTimeoutMs: number;
  private readonly elapsedMs: () => number;

  constructor(
    private readonly inner: Store,
    private readonly options: StoreWatchOptions,
  ) {
    this.kind = inner.kind;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 1_000;
    this.elapsedMs = options.elapsedMs ?? (() => performance.now());
    this.timer = setInterval(() => void this.probe(), options.probeEveryMs ?? 2_000);
    this.timer.unref();
  }

  /** False from the moment an outage is noticed until a probe succeeds again. */
  get available(): boolean {
    return this.up;
  }

  get<T>(key: string): Promise<T | undefined> {
    return this.guard(() => this.inner.get<T>(key));
  }

  getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    return this.guard(() => this.inner.getMany<T>(keys));
  }

  set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    return this.guard(() => this.inner.set(key, value, ttlMs));
  }

  delete(key: string): Promise<boolean> {
    return this.guard(() => this.inner.delete(key));
  }

  claim(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    return this.guard(() => this.inner.claim(key, value, ttlMs));
  }

  commit(writes: readonly StoreWrite[], options?: CommitOptions): Promise<boolean> {
    return this.guard(() => this.inner.commit(writes, options));
  }

  eraseHistory(options?: { rewrite?: boolean }): Promise<void> {
    return this.guard(async () => this.inner.eraseHistory?.(options));
  }

  scanKeys(prefix: string, next?: string): Promise<KeyPage> {
    return this.guard(() => this.inner.scanKeys(prefix, next));
  }

  purgeExpired(): Promise<void> {
    return this.guard(async () => this.inner.purgeExpired?.());
  }

  setAdd(key: string, members: readonly string[]): Promise<void> {
    return this.guard(() => this.inner.setAdd(key, members));
  }

  setRemove(key: string, members: readonly string[]): Promise<void> {
    return this.guard(() => this.inner.setRemove(key, members));
  }

  setMembers(key: string): Promise<string[]> {
    return this.guard(() => this.inner.setMembers(key));
  }

  setMembersMany(keys: readonly string[]): Promise<string[][]> {
    return this.guard(() => this.inner.setMembersMany(keys));
  }

  hashSet<T>(key: string, field: string, value: T): Promise<void> {
    return this.guard(() => this.inner.hashSet(key, field, value));
  }

  hashDelete(key: string, fields: readonly string[]): Promise<void> {
    return this.guard(() => this.inner.hashDelete(key, fields));
  }

  hashGetMany<T>(keys: readonly string[], fields: readonly string[]): Promise<Array<Array<T | undefined>>> {
    return this.guard(() => this.inner.hashGetMany<T>(keys, fields));
  }

  hashGetAllMany<T>(keys: readonly string[]): Promise<Array<Map<string, T>>> {
    return this.guard(() => this.inner.hashGetAllMany<T>(keys));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.inner.close();
  }

  /**
   * Runs an operation unless the store is known to be down. It fails with StoreUnavailableError
   * when the store goes down while it waits, or when it failed and a probe then finds the store
   * down; any other failure (a bug, a bad value) is passed on as it is.
   */
  private guard<T>(operation: () => Promise<T>): Promise<T> {
    if (!this.up) return Promise.reject(this.unavailable());
    return new Promise<T>((resolve, reject) => {
      const abandon = (error: StoreUnavailableError) => reject(error);
      this.waiting.add(abandon);
      operation().then(
        (value) => {
          this.waiting.delete(abandon);
          resolve(value);
        },
        (error: unknown) => {
          this.waiting.delete(abandon);
          if (error instanceof StoreUnavailableError) {
            this.wentDown(error.message);
            reject(error);
            return;
          }
          void this.probe().then((reachable) => reject(reachable ? error : this.unavailable(error)));
        },
      );
    });
  }

  /** One probe at a time; true when the store answered within the deadline. */
  private probe(): Promise<boolean> {
    this.probing ??= this.readProbe().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async readProbe(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.probeTimeoutMs} ms`)), this.probeTimeoutMs);
    });
    try {
      await Promise.race([this.inner.get(PROBE_KEY), deadline]);
      this.cameBack();
      return true;
    } catch (error) {
      this.wentDown((error as Error)?.message ?? String(error));
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private wentDown(reason: string): void {
    if (!this.up) return;
    this.up = false;
    this.downSince = this.elapsedMs();
    this.options.log.warn({ backend: this.kind, reason }, 'store connection lost');
    const error = this.unavailable();
    for (const abandon of this.waiting) abandon(error);
    this.waiting.clear();
  }

  private cameBack(): void {
    if (this.up) return;
    this.up = true;
    this.options.log.info({ backend: this.kind, downMs: Math.round(this.elapsedMs() - this.downSince) }, 'store connection restored');
  }

  private unavailable(cause?: unknown): StoreUnavailableError {
    return new StoreUnavailableError(`store (${this.kind}) unreachable`, cause);
  }
}
