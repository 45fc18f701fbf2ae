// Embedded default backend: one SQLite file through @keyv/sqlite, atomics in SQL.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { KeyvStore } from './keyv-store.ts';
import { deserializeRecord, deserializeValue, serializeValue } from './serialization.ts';
import { StoreOpenError } from './port.ts';

const TABLE = 'keyv';
// Set members are rows "<set key><US><member>": a key range scan lists them through the index.
const MEMBER_SEPARATOR = '\u001f';
const AFTER_SEPARATOR = '\u0020';

type Query = (sql: string, ...params: unknown[]) => Promise<Array<Record<string, unknown>>>;

export class SqliteStore extends KeyvStore {
  readonly kind = 'sqlite' as const;

  private constructor(
    private readonly adapter: KeyvSqlite,
    private readonly query: Query,
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
    const adapter = new KeyvSqlite({ uri: `sqlite://${absolute}`, table: TABLE, busyTimeout: 5_000 });
    adapter.on('error', () => {});
    const query = adapter.query as unknown as Query;
    try {
      await query('PRAGMA journal_mode = WAL');
      // In WAL mode NORMAL is still crash-safe for the process (a kill loses no commit); only a
      // power cut can lose the last commits. FULL would fsync every claim and set write.
      await query('PRAGMA synchronous = NORMAL');
      await query(`SELECT count(*) FROM ${TABLE}`);
    } catch (error) {
      throw new StoreOpenError(
        `Kan het SQLite-bestand ${absolute} niet openen; controleer LISO_STORE. ` +
          `Cannot open the SQLite file; check LISO_STORE. (${(error as Error).message})`,
        error,
      );
    }
    return new SqliteStore(adapter, query);
  }

  override async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    // The adapter's own getMany matches rows to keys by linear search (quadratic in the batch);
    // here each row names its position in `keys`.
    if (keys.length === 0) return [];
    const rows = await this.query(`SELECT j.key AS i, k.value FROM json_each(?) j JOIN ${TABLE} k ON k.key = j.value`, JSON.stringify(keys));
    const now = Date.now();
    const result = new Array<T | undefined>(keys.length).fill(undefined);
    const expired: string[] = [];
    for (const row of rows) {
      const i = row['i'] as number;
      const record = deserializeRecord<T>(row['value'] as string);
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
    const rows = await this.query(
      `SELECT key FROM ${TABLE} WHERE key >= ? AND key < ?`,
      prefix,
      `set:${key}${AFTER_SEPARATOR}`,
    );
    return rows.map((row) => String(row['key']).slice(prefix.length));
  }

  async setMembersMany(keys: readonly string[]): Promise<string[][]> {
    const result = keys.map((): string[] => []);
    if (keys.length === 0) return result;
    // One statement for every set, one row per set: a range scan through the primary-key index
    // per listed set, its members gathered into a JSON array by SQLite. A member starts after
    // "set:", the set key and the separator (substr counts from 1).
    const rows = await this.query(
      `SELECT j.key AS i, json_group_array(substr(k.key, length(j.value) + 6)) AS members FROM json_each(?) j
       JOIN ${TABLE} k ON k.key >= ('set:' || j.value || char(31)) AND k.key < ('set:' || j.value || char(32))
       GROUP BY j.key`,
      JSON.stringify(keys),
    );
    for (const row of rows) result[row['i'] as number] = JSON.parse(row['members'] as string) as string[];
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
    const rows = await this.query(
      `SELECT j.key AS i, k.value FROM json_each(?) j JOIN ${TABLE} k ON k.key = ('hash:' || j.value)`,
      JSON.stringify(keys),
    );
    for (const row of rows) {
      const fields = deserializeValue<Record<string, [T]>>(String(row['value']));
      const hash = result[Number(row['i'])]!;
      for (const field of Object.keys(fields)) hash.set(field, fields[field]![0]);
    }
    return result;
  }

  async close(): Promise<void> {
    await this.adapter.disconnect?.();
  }
}

function hashKey(key: string): string {
  return `hash:${key}`;
}

function memberKey(key: string, member: string): string {
  return `set:${key}${MEMBER_SEPARATOR}${member}`;
}
