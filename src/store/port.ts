// The one storage port every feature uses; backends live beside it (memory, SQLite, Redis).

/**
 * Key-value storage with the few atomic primitives features need for exactly-once work.
 * Sets and hashes live in their own key space: `delete` does not remove them.
 * Values are plain data (objects, arrays, strings, numbers, booleans, null and Dates); Dates come
 * back as Dates. TTLs are in milliseconds on the clock the store was opened with (the app's
 * injected Clock), so a simulated clock expires a 15-minute confirmation after 15 simulated minutes.
 */
export interface Store {
  /** Which backend this is, for logs and health output. */
  readonly kind: 'memory' | 'sqlite' | 'redis';
  /** The stored value, or undefined when absent or expired. */
  get<T>(key: string): Promise<T | undefined>;
  /** Values in the order of `keys`, undefined where absent. */
  getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>>;
  /** Stores a value, replacing any other; without ttlMs it never expires. */
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  /** Removes a key; true when something was removed. */
  delete(key: string): Promise<boolean>;
  /**
   * Atomically stores `value` under `key` only if the key is absent or expired, across every
   * process sharing the backend. True for exactly one caller.
   */
  claim(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** Adds members to an unordered set of strings (idempotent per member). */
  setAdd(key: string, members: readonly string[]): Promise<void>;
  /** Removes members from a set; absent members are ignored. */
  setRemove(key: string, members: readonly string[]): Promise<void>;
  /** The members of a set, in no particular order; empty when the set does not exist. */
  setMembers(key: string): Promise<string[]>;
  /** The members of several sets in one round trip, in the order of `keys`. */
  setMembersMany(keys: readonly string[]): Promise<string[][]>;
  /**
   * Sets one field of a hash (a record of named values under one key) atomically, leaving its
   * other fields as they are even when other processes write them at the same time.
   */
  hashSet<T>(key: string, field: string, value: T): Promise<void>;
  /** Removes fields of a hash; absent fields are ignored. */
  hashDelete(key: string, fields: readonly string[]): Promise<void>;
  /**
   * The named fields of several hashes in one round trip: per key (in the order of `keys`) the
   * values in the order of `fields`, undefined where a field or the whole hash is missing. Reads
   * only what is asked, where `hashGetAllMany` reads every field.
   */
  hashGetMany<T>(keys: readonly string[], fields: readonly string[]): Promise<Array<Array<T | undefined>>>;
  /** Every field of several hashes in one round trip, in the order of `keys`; empty where missing. */
  hashGetAllMany<T>(keys: readonly string[]): Promise<Array<Map<string, T>>>;
  /**
   * Applies `writes` all together or not at all: no process ever reads some of them without the
   * others, and a crash leaves either all or none. With `ifAbsent`, nothing is written when that
   * key holds a live value (the test of `claim`, made atomically with the writes). True when the
   * writes were applied. An outbox entry and the state change that causes it go in one commit.
   */
  commit(writes: readonly StoreWrite[], options?: CommitOptions): Promise<boolean>;
  /**
   * Makes data overwritten or deleted so far unreadable from the backend's own files: SQLite
   * copies its write-ahead log into the database file (where secure_delete has zeroed erased
   * rows) and truncates the log; with `rewrite` it first rewrites the whole file (VACUUM), because
   * SQLite can leave fragments of rows it moved inside pages. Absent where the backend keeps no
   * such history (memory) or where the operator controls it (Redis persistence: see the README).
   * Fails with StoreHistoryKeptError when the history could not be erased now.
   */
  eraseHistory?(options?: { rewrite?: boolean }): Promise<void>;
  /**
   * One page of the keys of plain values (not sets or hashes) that begin with `prefix`, for the
   * upgrade steps that visit every record of a kind (src/upgrade). Pass the page's `next` to get
   * the following one; none when the last page is reached. A page may list a key an earlier page
   * listed (Redis SCAN), or an expired key (read as absent); keys written meanwhile may be missed.
   */
  scanKeys(prefix: string, next?: string): Promise<KeyPage>;
  /** Deletes every plain value whose expiry has passed; absent where the backend expires them by itself. */
  purgeExpired?(): Promise<void>;
  /** Releases connections and file handles. The store is unusable afterwards. */
  close(): Promise<void>;
}

/** Keys found by `Store.scanKeys`, and where the next page starts (absent after the last). */
export interface KeyPage {
  keys: string[];
  next?: string;
}

/** Keys a page of `Store.scanKeys` holds at most; Redis returns about as many. */
export const KEY_PAGE = 1_000;

/** One write of an atomic `Store.commit`, with the meaning of the method of the same name. */
export type StoreWrite =
  | { op: 'set'; key: string; value: unknown; ttlMs?: number | undefined }
  | { op: 'delete'; key: string }
  | { op: 'setAdd'; key: string; members: readonly string[] }
  | { op: 'setRemove'; key: string; members: readonly string[] }
  | { op: 'hashSet'; key: string; field: string; value: unknown }
  | { op: 'hashDelete'; key: string; fields: readonly string[] };

export interface CommitOptions {
  /** Write only when this key is absent or expired, as `claim` would find it. */
  ifAbsent?: string;
}

/** Raised when a store cannot be opened; the message names the setting to fix. */
export class StoreOpenError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/**
 * Raised by an operation while the store cannot be reached (stopped, frozen, disconnected): the
 * operation may or may not have taken effect, and the caller should ask the person to try again.
 */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Raised by `eraseHistory` when the backend could not erase its history now: another connection
 * (a backup tool, an `sqlite3` shell) holds a read on SQLite's write-ahead log, so the log keeps
 * every version written since, in order, and the database file keeps the rows erased since. The
 * store itself works; whatever must not sit next to that history (a pulse answer) is refused.
 */
export class StoreHistoryKeptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreHistoryKeptError';
  }
}
