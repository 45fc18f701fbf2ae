// Embedded default backend: one SQLite file through @keyv/sqlite, atomics in SQL.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { KeyvStore } from './keyv-store.ts';
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

  async close(): Promise<void> {
    await this.adapter.disconnect?.();
  }
}

function memberKey(key: string, member: string): string {
  return `set:${key}${MEMBER_SEPARATOR}${member}`;
}
