// Embedded default backend: one SQLite file through @keyv/sqlite, atomics in SQL, batch reads
// on a second connection (sqlite-reads.ts).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { KeyvStore } from './keyv-store.ts';
import type { StoredRecord } from './serialization.ts';
import { deserializeValue, serializeValue } from './serialization.ts';
import { StoreOpenError } from './port.ts';
import { SqliteReads } from './sqlite-reads.ts';

const TABLE = 'keyv';
const BUSY_TIMEOUT_MS = 5_000;
// Set members are rows "<set key><US><member>": a key range scan lists them through the index.
const MEMBER_SEPARATOR = '\u001f';
const AFTER_SEPARATOR = '\u0020';

type Query = (sql: string, ...params: unknown[]) => Promise<Array<Record<string, unknown>>>;

export class SqliteStore extends KeyvStore {
  readonly kind = 'sqlite' as const;

  private constructor(
    private readonly adapter: KeyvSqlite,
    private readonly query: Query,
    private readonly reads: SqliteReads,
  ) {
    super(adapter);
  }

  /** Opens (and creates when missing) the database file, failing loudly when it cannot. */
  static async open(filePath: string): Promise<SqliteStore> {
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
    try {
      await query('PRAGMA journal_mode = WAL');
      // In WAL mode NORMAL is still crash-safe for the process (a kill loses no commit); only a
      // power cut can lose the last commits. FULL would fsync every claim and set write.
      await query('PRAGMA synchronous = NORMAL');
      await query(`SELECT count(*) FROM ${TABLE}`);
      // Opened once the file is known to be a database with the table in WAL mode.
      reads = await SqliteReads.open(absolute, BUSY_TIMEOUT_MS);
    } catch (error) {
      await adapter.disconnect?.().catch(() => undefined);
      throw new StoreOpenError(
        `Kan het SQLite-bestand ${absolute} niet openen; controleer LISO_STORE. ` +
          `Cannot open the SQLite file; check LISO_STORE. (${(error as Error).message})`,
        error,
      );
    }
    return new SqliteStore(adapter, query, reads);
  }

  override async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    // The adapter's own getMany matches rows to keys by linear search (quadratic in the batch).
    // Here SQLite joins every found record, with its position in `keys`, into one JSON array:
    // one result row to convert and one parse instead of one of each per record.
    if (keys.length === 0) return [];
    const found = await this.readJoined<StoredRecord<T>>(`SELECT ${pairs('j.key', 'k.value')} AS found FROM json_each(?) j JOIN ${TABLE} k ON k.key = j.value`, keys);
    const now = Date.now();
    const result = new Array<T | undefined>(keys.length).fill(undefined);
    const expired: string[] = [];
    for (const [i, record] of found) {
      // Same rule as keyv's get: expired records read as absent and are removed on the way.
      if (typeof record.expires === 'number' && now > record.expires) expired.push(keys[i]!);
      else result[i] = record.value;
    }
    if (expired.length > 0) {
      // Only if still expired: another process may have claimed the key again meanwhile.
      await this.query(
        `DELETE FROM ${TABLE} WHERE key IN (SELECT value FROM json_each(?)) AND json_extract(value, '$.expires') < ?`,
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
      Date.now(),
    );
    return rows.length === 1;
  }

  async setAdd(key: string, members: readonly string[]): Promise<void> {
    if (members.length === 0) return;
    const encoded = this.encode(true);
    const placeholders = members.map(() => '(?, ?)').join(', ');
    const params = members.flatMap((member) => [memberKey(key, member), encoded]);
    await this.query(`INSERT OR IGNORE INTO ${TABLE}(key, value) VALUES ${placeholders}`, ...params);
  }

  async setRemove(key: string, members: readonly string[]): Promise<void> {
    if (members.length === 0) return;
    const placeholders = members.map(() => '?').join(', ');
    await this.query(
      `DELETE FROM ${TABLE} WHERE key IN (${placeholders})`,
      ...members.map((member) => memberKey(key, member)),
    );
  }

  async setMembers(key: string): Promise<string[]> {
    const prefix = `set:${key}${MEMBER_SEPARATOR}`;
    const rows = await this.reads.all(
      `SELECT key FROM ${TABLE} WHERE key >= ? AND key < ?`,
      prefix,
      `set:${key}${AFTER_SEPARATOR}`,
    );
    return rows.map((row) => String(row['key']).slice(prefix.length));
  }

  async setMembersMany(keys: readonly string[]): Promise<string[][]> {
    const result = keys.map((): string[] => []);
    if (keys.length === 0) return result;
    // A range scan through the primary-key index per listed set, its members gathered into a
    // JSON array by SQLite, every set into one result. A member starts after "set:", the set key
    // and the separator (substr counts from 1).
    const found = await this.readJoined<string[]>(
      `SELECT ${pairs('i', 'members')} AS found FROM (
         SELECT j.key AS i, json_group_array(substr(k.key, length(j.value) + 6)) AS members FROM json_each(?) j
         JOIN ${TABLE} k ON k.key >= ('set:' || j.value || char(31)) AND k.key < ('set:' || j.value || char(32))
         GROUP BY j.key)`,
      keys,
    );
    for (const [i, members] of found) result[i] = members;
    return result;
  }

  async hashSet<T>(key: string, field: string, value: T): Promise<void> {
    // A hash is one row holding {field: [value]}; a JSON merge patch in the upsert replaces one
    // field atomically, so concurrent writers of other fields lose nothing. The array keeps the
    // patch from merging into (and dropping nulls of) an object value: arrays are replaced whole.
    await this.query(
      `INSERT INTO ${TABLE}(key, value) VALUES(?, ?)
       ON CONFLICT(key) DO UPDATE SET value = json_patch(${TABLE}.value, excluded.value)`,
      hashKey(key),
      `{${JSON.stringify(field)}:[${serializeValue(value)}]}`,
    );
  }

  async hashDelete(key: string, fields: readonly string[]): Promise<void> {
    if (fields.length === 0) return;
    // In a merge patch null removes a field.
    const patch = JSON.stringify(Object.fromEntries(fields.map((field) => [field, null])));
    await this.query(`UPDATE ${TABLE} SET value = json_patch(value, ?) WHERE key = ?`, patch, hashKey(key));
    await this.query(`DELETE FROM ${TABLE} WHERE key = ? AND value = '{}'`, hashKey(key));
  }

  async hashGetAllMany<T>(keys: readonly string[]): Promise<Array<Map<string, T>>> {
    const result = keys.map(() => new Map<string, T>());
    if (keys.length === 0) return result;
    const found = await this.readJoined<Record<string, [T]>>(`SELECT ${pairs('j.key', 'k.value')} AS found FROM json_each(?) j JOIN ${TABLE} k ON k.key = ('hash:' || j.value)`, keys);
    for (const [i, fields] of found) {
      const hash = result[i]!;
      for (const field of Object.keys(fields)) hash.set(field, fields[field]![0]);
    }
    return result;
  }

  /**
   * Runs a read over `keys` (bound as a JSON array; `j.key` is a key's position) whose one row holds a
   * JSON array of [position, value] pairs: the values are stored JSON, so they are joined as
   * text and parsed together. No row when nothing was found.
   */
  private async readJoined<V>(sql: string, keys: readonly string[]): Promise<Array<[number, V]>> {
    const [row] = await this.reads.all(sql, JSON.stringify(keys));
    const found = row?.['found'];
    return typeof found === 'string' ? deserializeValue<Array<[number, V]>>(found) : [];
  }

  async close(): Promise<void> {
    await this.reads.close();
    await this.adapter.disconnect?.();
  }
}

/** SQL aggregating `[position, json]` pairs of rows into one JSON array text (NULL for no rows). */
function pairs(position: string, json: string): string {
  return `'[' || group_concat('[' || ${position} || ',' || ${json} || ']', ',') || ']'`;
}

function hashKey(key: string): string {
  return `hash:${key}`;
}

function memberKey(key: string, member: string): string {
  return `set:${key}${MEMBER_SEPARATOR}${member}`;
}
