// Embedded default backend: one SQLite file through @keyv/sqlite, atomics in SQL, batch reads
// on a second connection (sqlite-reads.ts).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import KeyvSqlite from '@keyv/sqlite';
import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import { KeyvStore } from './keyv-store.ts';
import type { StoredRecord } from './serialization.ts';
import { deserializeValue, encodeHashField, hashFieldValue, hashMap, serializeRecord } from './serialization.ts';
import type { CommitOptions, KeyPage, StoreWrite } from './port.ts';
import { KEY_PAGE, StoreHistoryKeptError, StoreOpenError } from './port.ts';
import { SqliteCommits } from './sqlite-commits.ts';
import type { Query } from './sqlite-file-format.ts';
import { bringFileUpToDate } from './sqlite-file-format.ts';
import { SqliteReads } from './sqlite-reads.ts';
import { eachPiece, inPieces } from './batches.ts';

const TABLE = 'keyv';
const BUSY_TIMEOUT_MS = 5_000;
// Set members are rows "<set key><US><member>": a key range scan lists them through the index.
const MEMBER_SEPARATOR = '\u001f';
const AFTER_SEPARATOR = '\u0020';
// Batches travel as one JSON array parameter (json_each), so no statement nears SQLite's limit of
// 32,766 bound variables; pieces of this many keep each statement's lock and result text small.
const PIECE = 10_000;

export class SqliteStore extends KeyvStore {
  readonly kind = 'sqlite' as const;

  private constructor(
    private readonly adapter: KeyvSqlite,
    private readonly query: Query,
    private readonly reads: SqliteReads,
    private readonly commits: SqliteCommits,
    clock: Clock,
  ) {
    super(adapter, clock);
  }

  /**
   * Opens (and creates when missing) the database file, failing loudly when it cannot. Expiries
   * are read on `clock` (the app's injected one).
   */
  static async open(filePath: string, clock: Clock = systemClock): Promise<SqliteStore> {
    const absolute = path.resolve(filePath);
    try {
      await mkdir(path.dirname(absolute), { recursive: true });
    } catch (error) {
      throw new StoreOpenError(
        `Kan de map voor het SQLite-bestand niet maken (${path.dirname(absolute)}); controleer LISO_STORE. ` +
          `Cannot create the directory for the SQLite file; check LISO_STORE.`,
        error,
      );
    }
    const adapter = new KeyvSqlite({ uri: `sqlite://${absolute}`, table: TABLE, busyTimeout: BUSY_TIMEOUT_MS });
    adapter.on('error', () => {});
    const query = adapter.query as unknown as Query;
    let reads: SqliteReads;
    let commits: SqliteCommits;
    try {
      // Two processes opening one new file at once: switching to WAL and the file format's VACUUM
      // take the whole file and fail at once (SQLITE_BUSY, no busy wait) while the other holds it.
      await retryWhileBusy(async () => {
        await query('PRAGMA journal_mode = WAL');
        // In WAL mode NORMAL is still crash-safe for the process (a kill loses no commit); only a
        // power cut can lose the last commits. FULL would fsync every claim and set write.
        await query('PRAGMA synchronous = NORMAL');
        // Erased rows are overwritten with zeros instead of lingering in free space, where anyone
        // with a copy of the file could read them (a pulse's ballots, a forgotten person).
        await query('PRAGMA secure_delete = ON');
        // keyv creates its table before its first statement runs; the format steps come after.
        await query(`SELECT count(*) FROM ${TABLE}`);
        await bringFileUpToDate(query, TABLE);
        // A process killed between a write and the erasure after it (a pulse answer, a forget-me)
        // left that history in the log, next to the earlier version in the file: erased before
        // anything else is written. Another process holding the log keeps it (its own erasures
        // run on); that is not a reason to refuse to start.
        await query('PRAGMA wal_checkpoint(TRUNCATE)');
      });
      // Opened once the file is known to be a database with the table in WAL mode.
      reads = await SqliteReads.open(absolute, BUSY_TIMEOUT_MS);
      commits = await SqliteCommits.open(absolute, BUSY_TIMEOUT_MS, {
        table: TABLE,
        record: (value, ttlMs) => serializeRecord({ value, expires: ttlMs === undefined ? undefined : clock.now().getTime() + ttlMs }),
        hashField: encodeHashField,
        hashKey,
        memberPrefix,
        now: () => clock.now().getTime(),
      });
    } catch (error) {
      await adapter.disconnect?.().catch(() => undefined);
      throw new StoreOpenError(
        `Kan het SQLite-bestand ${absolute} niet openen; controleer LISO_STORE. ` +
          `Cannot open the SQLite file; check LISO_STORE. (${(error as Error).message})`,
        error,
      );
    }
    return new SqliteStore(adapter, query, reads, commits, clock);
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.getMany<T>([key]))[0];
  }

  async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    return inPieces(keys, PIECE, (piece) => this.getPiece<T>(piece));
  }

  private async getPiece<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    // The adapter's own getMany matches rows to keys by linear search (quadratic in the batch).
    // Here SQLite joins every found record into one JSON text: one result row to convert and one
    // parse instead of one of each per record.
    if (keys.length === 0) return [];
    const found = await this.readByPosition<StoredRecord<T>>(`SELECT ${byPosition('j.key', 'k.value')} AS found FROM json_each(?1) j JOIN ${TABLE} k ON k.key = j.value`, keys);
    const now = this.nowMs();
    const expired: string[] = [];
    const result = found.map((record, i) => {
      // Expired records read as absent and are removed on the way.
      if (record && this.isExpired(record, now)) {
        expired.push(keys[i]!);
        return undefined;
      }
      return record?.value;
    });
    if (expired.length > 0) {
      // Only if still expired: another process may have claimed the key again meanwhile.
      await this.query(
        `DELETE FROM ${TABLE} WHERE key IN (SELECT value FROM json_each(?)) AND json_extract(value, '$.expires') <= ?`,
        JSON.stringify(expired),
        now,
      );
    }
    return result;
  }

  async claim(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    // One statement, so concurrent writers (threads or processes) cannot both win.
    const rows = await this.query(
      `INSERT INTO ${TABLE}(key, value) VALUES(?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value
       WHERE json_extract(${TABLE}.value, '$.expires') IS NOT NULL
         AND json_extract(${TABLE}.value, '$.expires') <= ?
       RETURNING key`,
      key,
      this.encode(value, ttlMs),
      this.nowMs(),
    );
    return rows.length === 1;
  }

  async setAdd(key: string, members: readonly string[]): Promise<void> {
    const encoded = this.encode(true);
    await eachPiece(members, PIECE, (piece) =>
      this.query(`INSERT OR IGNORE INTO ${TABLE}(key, value) SELECT ?1 || value, ?2 FROM json_each(?3)`, memberPrefix(key), encoded, JSON.stringify(piece)),
    );
  }

  async setRemove(key: string, members: readonly string[]): Promise<void> {
    await eachPiece(members, PIECE, (piece) =>
      this.query(`DELETE FROM ${TABLE} WHERE key IN (SELECT ?1 || value FROM json_each(?2))`, memberPrefix(key), JSON.stringify(piece)),
    );
  }

  async setMembers(key: string): Promise<string[]> {
    const prefix = memberPrefix(key);
    const rows = await this.reads.all(
      `SELECT key FROM ${TABLE} WHERE key >= ? AND key < ?`,
      prefix,
      `set:${key}${AFTER_SEPARATOR}`,
    );
    return rows.map((row) => String(row['key']).slice(prefix.length));
  }

  async setMembersMany(keys: readonly string[]): Promise<string[][]> {
    return inPieces(keys, PIECE, (piece) => this.setMembersPiece(piece));
  }

  private async setMembersPiece(keys: readonly string[]): Promise<string[][]> {
    if (keys.length === 0) return [];
    // A range scan through the primary-key index per listed set, its members gathered into a
    // JSON array by SQLite (`[]` for an empty set), every set into one result. A member starts
    // after "set:", the set key and the separator (substr counts from 1). A subquery per set
    // rather than one GROUP BY, which would sort every member row first.
    const found = await this.readByPosition<string[]>(
      `SELECT ${byPosition('j.key', `(SELECT json_group_array(substr(k.key, length(j.value) + 6)) FROM ${TABLE} k
         WHERE k.key >= ('set:' || j.value || char(31)) AND k.key < ('set:' || j.value || char(32)))`)} AS found FROM json_each(?1) j`,
      keys,
    );
    return found.map((members) => members ?? []);
  }

  async hashSet<T>(key: string, field: string, value: T): Promise<void> {
    // A hash is one row holding {field: value}; a JSON merge patch in the upsert replaces one
    // field atomically, so concurrent writers of other fields lose nothing. `encodeHashField`
    // wraps objects, arrays and null, so the patch replaces such a value instead of merging into it.
    await this.query(
      `INSERT INTO ${TABLE}(key, value) VALUES(?, ?)
       ON CONFLICT(key) DO UPDATE SET value = json_patch(${TABLE}.value, excluded.value)`,
      hashKey(key),
      `{${JSON.stringify(field)}:${encodeHashField(value)}}`,
    );
  }

  async hashDelete(key: string, fields: readonly string[]): Promise<void> {
    if (fields.length === 0) return;
    await eachPiece(fields, PIECE, (piece) => {
      // In a merge patch null removes a field.
      const patch = JSON.stringify(Object.fromEntries(piece.map((field) => [field, null])));
      return this.query(`UPDATE ${TABLE} SET value = json_patch(value, ?) WHERE key = ?`, patch, hashKey(key));
    });
    await this.query(`DELETE FROM ${TABLE} WHERE key = ? AND value = '{}'`, hashKey(key));
  }

  async hashGetMany<T>(keys: readonly string[], fields: readonly string[]): Promise<Array<Array<T | undefined>>> {
    return inPieces(keys, PIECE, (piece) => this.hashGetPiece<T>(piece, fields));
  }

  private async hashGetPiece<T>(keys: readonly string[], fields: readonly string[]): Promise<Array<Array<T | undefined>>> {
    if (keys.length === 0) return [];
    if (fields.length === 0) return keys.map(() => []);
    if (fields.length > MAX_PICKED_FIELDS || !fields.every(isPathSafe)) {
      const all = await this.hashGetAllPiece<T>(keys);
      return all.map((hash) => fields.map((field) => hash.get(field)));
    }
    // SQLite picks the fields out of each hash (on the read connection's thread), so only their
    // values travel and are parsed: one array of values per hash, no field names. json_extract
    // parses a hash once for all paths, and answers a JSON array when given two or more.
    const paths = fields.map((field) => `$."${field}"`);
    if (paths.length === 1) paths.push(paths[0]!);
    const found = await this.readByPosition<unknown[]>(
      `SELECT ${byPosition('j.key', `json_extract(k.value, ${paths.map((_, i) => `?${i + 2}`).join(', ')})`)} AS found FROM json_each(?1) j JOIN ${TABLE} k ON k.key = ('hash:' || j.value)`,
      keys,
      paths,
    );
    return found.map((values) => fields.map((_, i) => (values ? hashFieldValue<T>(values[i]) : undefined)));
  }

  async hashGetAllMany<T>(keys: readonly string[]): Promise<Array<Map<string, T>>> {
    return inPieces(keys, PIECE, (piece) => this.hashGetAllPiece<T>(piece));
  }

  private async hashGetAllPiece<T>(keys: readonly string[]): Promise<Array<Map<string, T>>> {
    if (keys.length === 0) return [];
    const found = await this.readByPosition<Record<string, unknown>>(`SELECT ${byPosition('j.key', 'k.value')} AS found FROM json_each(?1) j JOIN ${TABLE} k ON k.key = ('hash:' || j.value)`, keys);
    return found.map((fields) => hashMap<T>(fields));
  }

  /**
   * Runs a read over `keys` (bound first as a JSON array, `extra` after it) whose one row is a
   * flat JSON array of positions in `keys` and found values (`byPosition`), and returns the
   * values by position, undefined where nothing was found. The values are stored JSON, so they
   * are joined as text and parsed together.
   */
  private async readByPosition<V>(sql: string, keys: readonly string[], extra: readonly unknown[] = []): Promise<Array<V | undefined>> {
    const [row] = await this.reads.all(sql, JSON.stringify(keys), ...extra);
    const result = new Array<V | undefined>(keys.length).fill(undefined);
    const found = row?.['found'];
    if (typeof found !== 'string') return result;
    const flat = deserializeValue<unknown[]>(found);
    for (let at = 0; at < flat.length; at += 2) result[flat[at] as number] = flat[at + 1] as V;
    return result;
  }

  commit(writes: readonly StoreWrite[], options?: CommitOptions): Promise<boolean> {
    return this.commits.commit(writes, options);
  }

  /**
   * Erasures asked for while one waits to start share it: it starts after their writes, so it
   * covers them, and a burst of ballot changes costs one checkpoint, not a queue of them.
   */
  private waitingErasure: { done: Promise<void>; rewrite: boolean } | undefined;

  async eraseHistory(options: { rewrite?: boolean } = {}): Promise<void> {
    const waiting = this.waitingErasure;
    if (waiting) {
      waiting.rewrite ||= options.rewrite === true;
      return waiting.done;
    }
    const erasure = { rewrite: options.rewrite === true, done: Promise.resolve() };
    this.waitingErasure = erasure;
    // On the commit connection, between commits: a checkpoint that must wait for a commit's write
    // lock, while that commit waits for the checkpoint, would stall both until the busy timeout.
    erasure.done = this.commits.between(async (run) => {
      this.waitingErasure = undefined;
      // secure_delete zeroes deleted cells, but when SQLite rebalances a page it rebuilds it
      // without zeroing the gap the moved cells left, so fragments of old rows can remain; VACUUM
      // rewrites the file from its live rows only. It costs a copy of the file, so callers ask for
      // it after an erasure (a person forgotten, a pulse closed), not after every write.
      if (erasure.rewrite) await run('VACUUM');
      // TRUNCATE waits (busy timeout) for readers of older frames, copies every frame into the
      // database file and empties the log, so no earlier version of a row stays readable in it.
      // A reader that outlasts the wait makes it give up, not fail: its answer says so (`busy`).
      const [result] = (await run('PRAGMA wal_checkpoint(TRUNCATE)')) as Array<{ busy?: number }>;
      if (result?.busy !== 0) {
        throw new StoreHistoryKeptError(
          'another connection holds a read on the SQLite file, so its write-ahead log cannot be emptied: ' +
            'earlier versions of rows (and erased rows) stay readable in the files until it lets go',
        );
      }
    });
    return erasure.done;
  }

  async scanKeys(prefix: string, next?: string): Promise<KeyPage> {
    // A range of the primary-key index, in key order: the last key of a page is where the next starts.
    const rows = await this.reads.all(
      `SELECT key FROM ${TABLE} WHERE key >= ? AND key < ? AND key > ? ORDER BY key LIMIT ${KEY_PAGE}`,
      prefix,
      keyAfterPrefix(prefix),
      next ?? '',
    );
    const keys = rows.map((row) => String(row['key']));
    // Set members and hash rows have keys of their own ("set:…", "hash:…"); a prefix of plain keys never starts so.
    return keys.length === KEY_PAGE ? { keys, next: keys.at(-1)! } : { keys };
  }

  async purgeExpired(): Promise<void> {
    // keyv removes an expired value only when it is read; a value nobody reads again would stay
    // in the file. Hash rows are field maps without an envelope, so they are left alone.
    await this.query(
      `DELETE FROM ${TABLE} WHERE substr(key, 1, 5) <> 'hash:' AND json_extract(value, '$.expires') <= ?`,
      this.nowMs(),
    );
  }

  async close(): Promise<void> {
    await this.commits.close();
    await this.reads.close();
    await this.adapter.disconnect?.();
  }
}

/** Runs idempotent set-up again while SQLite answers SQLITE_BUSY, for up to the busy timeout. */
async function retryWhileBusy(work: () => Promise<void>): Promise<void> {
  const deadline = performance.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/**
 * SQL aggregating rows into one flat JSON array text, `[position, json, position, json, …]`
 * (NULL for no rows): no pair array per row to parse, and no sort, since rows may come in any order.
 */
function byPosition(position: string, json: string): string {
  return `'[' || group_concat(${position} || ',' || ${json}, ',') || ']'`;
}

/** Fields picked by one statement at most; beyond that a read takes whole hashes. */
const MAX_PICKED_FIELDS = 100;

/**
 * Whether SQLite's JSON path `$."<field>"` finds exactly this field: its label cannot hold a
 * double quote, and it is compared with the key as written in the JSON text, so a field that
 * JSON escapes (quote, backslash, control characters) is read another way.
 */
function isPathSafe(field: string): boolean {
  return JSON.stringify(field).length === field.length + 2;
}

/** The first key after every key that starts with `prefix`: its last character, one higher. */
function keyAfterPrefix(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCodePoint(prefix.codePointAt(prefix.length - 1)! + 1);
}

function hashKey(key: string): string {
  return `hash:${key}`;
}

/** What every member row of a set starts with; the member follows. */
function memberPrefix(key: string): string {
  return `set:${key}${MEMBER_SEPARATOR}`;
}
