// The SQLite backend's atomic commits: a connection of their own, one transaction per commit.
import sqlite3 from 'sqlite3';
import type { CommitOptions, StoreWrite } from './port.ts';

/** How a commit's values are encoded, shared with the backend's single-key writes. */
export interface SqliteEncoding {
  table: string;
  /** A plain value's row text (the keyv envelope with its expiry). */
  record(value: unknown, ttlMs?: number): string;
  /** A hash field's text inside the hash row's JSON object. */
  hashField(value: unknown): string;
  hashKey(key: string): string;
  /** The row key of a set's member is `memberPrefix(key) + member`. */
  memberPrefix(key: string): string;
  /** Now in epoch ms on the store's clock, against which expiries are compared. */
  now(): number;
}

/**
 * A commit runs `BEGIN IMMEDIATE … COMMIT` on this connection, so no statement of another
 * caller can land inside the transaction (the backend's other connections are separate SQLite
 * connections, which the write lock keeps out until it commits). Commits of this process wait
 * for each other here; other processes wait on SQLite's lock (busy timeout).
 */
export class SqliteCommits {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: sqlite3.Database,
    private readonly encoding: SqliteEncoding,
  ) {}

  static async open(file: string, busyTimeoutMs: number, encoding: SqliteEncoding): Promise<SqliteCommits> {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (error) => (error ? reject(error) : resolve(opened)));
    });
    db.configure('busyTimeout', busyTimeoutMs);
    // Per connection, like the backend's own: rows this connection erases are zeroed, not left in free space.
    await new Promise<void>((resolve, reject) => db.run('PRAGMA secure_delete = ON', (error: Error | null) => (error ? reject(error) : resolve())));
    return new SqliteCommits(db, encoding);
  }

  commit(writes: readonly StoreWrite[], options: CommitOptions = {}): Promise<boolean> {
    const result = this.queue.then(() => this.transaction(writes, options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs statements on this connection between commits, never inside one (a checkpoint, a
   * VACUUM): run on another connection while a commit holds the write lock, they wait on each
   * other until the busy timeout.
   */
  between<T>(work: (run: (sql: string) => Promise<unknown[]>) => Promise<T>): Promise<T> {
    const result = this.queue.then(() => work((sql) => this.all(sql)));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.queue;
    await new Promise<void>((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  }

  private async transaction(writes: readonly StoreWrite[], options: CommitOptions): Promise<boolean> {
    const { table } = this.encoding;
    await this.run('BEGIN IMMEDIATE');
    try {
      if (options.ifAbsent !== undefined) {
        const live = await this.all(
          `SELECT 1 FROM ${table} WHERE key = ? AND (json_extract(value, '$.expires') IS NULL OR json_extract(value, '$.expires') > ?)`,
          options.ifAbsent,
          this.encoding.now(),
        );
        if (live.length > 0) {
          await this.run('ROLLBACK');
          return false;
        }
      }
      for (const write of writes) await this.apply(write);
      await this.run('COMMIT');
      return true;
    } catch (error) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async apply(write: StoreWrite): Promise<void> {
    const { table, record, hashField, hashKey, memberPrefix } = this.encoding;
    switch (write.op) {
      case 'set':
        await this.run(`INSERT INTO ${table}(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, write.key, record(write.value, write.ttlMs));
        return;
      case 'delete':
        await this.run(`DELETE FROM ${table} WHERE key = ?`, write.key);
        return;
      case 'setAdd':
        // Members travel as one JSON array, so a set of any size is one statement with three variables.
        if (write.members.length > 0) {
          await this.run(`INSERT OR IGNORE INTO ${table}(key, value) SELECT ?1 || j.value, ?2 FROM json_each(?3) j`, memberPrefix(write.key), record(true), JSON.stringify(write.members));
        }
        return;
      case 'setRemove':
        if (write.members.length > 0) {
          await this.run(`DELETE FROM ${table} WHERE key IN (SELECT ?1 || j.value FROM json_each(?2) j)`, memberPrefix(write.key), JSON.stringify(write.members));
        }
        return;
      case 'hashSet':
        await this.run(
          `INSERT INTO ${table}(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = json_patch(${table}.value, excluded.value)`,
          hashKey(write.key),
          `{${JSON.stringify(write.field)}:${hashField(write.value)}}`,
        );
        return;
      case 'hashDelete':
        if (write.fields.length > 0) {
          await this.run(`UPDATE ${table} SET value = json_patch(value, ?) WHERE key = ?`, JSON.stringify(Object.fromEntries(write.fields.map((field) => [field, null]))), hashKey(write.key));
          await this.run(`DELETE FROM ${table} WHERE key = ? AND value = '{}'`, hashKey(write.key));
        }
        return;
    }
  }

  private run(sql: string, ...params: unknown[]): Promise<void> {
    return new Promise((resolve, reject) => this.db.run(sql, params, (error: Error | null) => (error ? reject(error) : resolve())));
  }

  private all(sql: string, ...params: unknown[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => this.db.all(sql, params, (error: Error | null, rows: unknown[]) => (error ? reject(error) : resolve(rows))));
  }
}
