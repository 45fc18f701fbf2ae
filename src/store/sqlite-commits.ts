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

  /**
   * The whole transaction travels to SQLite as one script, so it runs start to finish in one
   * job on libuv's thread pool. Sent statement by statement, a commit held the write lock
   * between jobs while other writes of this process (the backend's own connection) sat in
   * SQLite's busy wait on every pool thread: the commit's next statement found no thread, and
   * both waited out the busy timeout (200 concurrent writes hung for minutes).
   */
  private async transaction(writes: readonly StoreWrite[], options: CommitOptions): Promise<boolean> {
    const { table } = this.encoding;
    if (options.ifAbsent === undefined) {
      await this.exec(['BEGIN IMMEDIATE', ...writes.flatMap((write) => this.statements(write, '')), 'COMMIT']);
      return true;
    }
    // A script has no branches: the check is kept in a temporary one-row table, and every
    // statement runs only while that row says the key was absent.
    const guard = ' AND (SELECT absent FROM temp.commit_guard) = 1';
    await this.exec([
      'CREATE TEMP TABLE IF NOT EXISTS commit_guard(absent INTEGER NOT NULL)',
      'BEGIN IMMEDIATE',
      'DELETE FROM temp.commit_guard',
      `INSERT INTO temp.commit_guard(absent) SELECT NOT EXISTS (SELECT 1 FROM ${table} WHERE key = ${literal(options.ifAbsent)} AND (json_extract(value, '$.expires') IS NULL OR json_extract(value, '$.expires') > ${Number(this.encoding.now())}))`,
      ...writes.flatMap((write) => this.statements(write, guard)),
      'COMMIT',
    ]);
    const [row] = (await this.all('SELECT absent FROM temp.commit_guard')) as Array<{ absent: number }>;
    return row?.absent === 1;
  }

  /** A write as SQL statements, each ending in a WHERE clause that `guard` extends. */
  private statements(write: StoreWrite, guard: string): string[] {
    const { table, record, hashField, hashKey, memberPrefix } = this.encoding;
    switch (write.op) {
      case 'set':
        // An upsert from a SELECT needs its WHERE (SQLite's parser), hence `WHERE true`.
        return [`INSERT INTO ${table}(key, value) SELECT ${literal(write.key)}, ${literal(record(write.value, write.ttlMs))} WHERE true${guard} ON CONFLICT(key) DO UPDATE SET value = excluded.value`];
      case 'delete':
        return [`DELETE FROM ${table} WHERE key = ${literal(write.key)}${guard}`];
      case 'setAdd':
        // Members travel as one JSON array, so a set of any size is one statement.
        if (write.members.length === 0) return [];
        return [`INSERT OR IGNORE INTO ${table}(key, value) SELECT ${literal(memberPrefix(write.key))} || j.value, ${literal(record(true))} FROM json_each(${literal(JSON.stringify(write.members))}) j WHERE true${guard}`];
      case 'setRemove':
        if (write.members.length === 0) return [];
        return [`DELETE FROM ${table} WHERE key IN (SELECT ${literal(memberPrefix(write.key))} || j.value FROM json_each(${literal(JSON.stringify(write.members))}) j)${guard}`];
      case 'hashSet':
        return [
          `INSERT INTO ${table}(key, value) SELECT ${literal(hashKey(write.key))}, ${literal(`{${JSON.stringify(write.field)}:${hashField(write.value)}}`)} WHERE true${guard} ON CONFLICT(key) DO UPDATE SET value = json_patch(${table}.value, excluded.value)`,
        ];
      case 'hashDelete':
        if (write.fields.length === 0) return [];
        return [
          `UPDATE ${table} SET value = json_patch(value, ${literal(JSON.stringify(Object.fromEntries(write.fields.map((field) => [field, null]))))}) WHERE key = ${literal(hashKey(write.key))}${guard}`,
          `DELETE FROM ${table} WHERE key = ${literal(hashKey(write.key))} AND value = '{}'${guard}`,
        ];
    }
  }

  private async exec(statements: readonly string[]): Promise<void> {
    try {
      await new Promise<void>((resolve, reject) => this.db.exec(`${statements.join(';\n')};`, (error: Error | null) => (error ? reject(error) : resolve())));
    } catch (error) {
      // A script that failed midway leaves its transaction open on this connection; without
      // one open, ROLLBACK fails harmlessly.
      await new Promise<void>((resolve) => this.db.exec('ROLLBACK', () => resolve()));
      throw error;
    }
  }

  private all(sql: string, ...params: unknown[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => this.db.all(sql, params, (error: Error | null, rows: unknown[]) => (error ? reject(error) : resolve(rows))));
  }
}

/**
 * A string as an SQL expression. Hex-encoded UTF-8, so no quote or backslash can end the literal,
 * and NUL characters joined in as `char(0)`: sqlite3_exec reads the script as a C string, and a
 * cast blob keeps a NUL out of comparisons with bound text.
 */
function literal(text: string): string {
  return text
    .split('\u0000')
    .map((part) => `CAST(X'${Buffer.from(part, 'utf8').toString('hex')}' AS TEXT)`)
    .join(' || char(0) || ');
}
