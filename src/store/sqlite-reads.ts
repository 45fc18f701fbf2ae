// The SQLite backend's batch reads: a connection of their own, every statement prepared once.
import sqlite3 from 'sqlite3';

type Row = Record<string, unknown>;

/**
 * node-sqlite3 prepares an ad-hoc statement on its thread pool and only then, after a turn of
 * the main thread, starts executing it; a prepared statement starts executing at once. A read
 * issued just before CPU work (a tick deciding one batch while it reads the next) therefore runs
 * beside that work instead of after it. Its own connection keeps reads from queueing behind the
 * writer's statements; in WAL mode every read sees each write whose promise has resolved.
 */
export class SqliteReads {
  private readonly statements = new Map<string, sqlite3.Statement>();
  private readonly preparing = new Map<string, Promise<sqlite3.Statement>>();

  private constructor(private readonly db: sqlite3.Database) {}

  static async open(file: string, busyTimeoutMs: number): Promise<SqliteReads> {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (error) => (error ? reject(error) : resolve(opened)));
    });
    db.configure('busyTimeout', busyTimeoutMs);
    return new SqliteReads(db);
  }

  /**
   * Every row of a read. A statement is prepared on first use and kept (callers use fixed SQL);
   * once prepared, the read is handed to the thread pool before this returns.
   */
  all(sql: string, ...params: unknown[]): Promise<Row[]> {
    const statement = this.statements.get(sql);
    if (statement) return run(statement, params);
    return this.prepare(sql).then((prepared) => run(prepared, params));
  }

  private prepare(sql: string): Promise<sqlite3.Statement> {
    let preparing = this.preparing.get(sql);
    if (!preparing) {
      // A failed preparation drops reads queued on the statement without calling them back, so
      // reads wait for it here; a failure is not kept (the next read prepares again).
      preparing = new Promise<sqlite3.Statement>((resolve, reject) => {
        const statement: sqlite3.Statement = this.db.prepare(sql, (error: Error | null) => (error ? reject(error) : resolve(statement)));
      }).then(
        (statement) => {
          this.statements.set(sql, statement);
          this.preparing.delete(sql);
          return statement;
        },
        (error: unknown) => {
          this.preparing.delete(sql);
          throw error;
        },
      );
      this.preparing.set(sql, preparing);
    }
    return preparing;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.preparing.values()]);
    await Promise.all([...this.statements.values()].map((statement) => new Promise<void>((resolve) => statement.finalize(() => resolve()))));
    this.statements.clear();
    await new Promise<void>((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  }
}

function run(statement: sqlite3.Statement, params: readonly unknown[]): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    statement.all(params, (error: Error | null, rows: Row[]) => (error ? reject(error) : resolve(rows)));
  });
}
