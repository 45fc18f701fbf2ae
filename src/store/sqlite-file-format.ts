// The SQLite file's format steps, run at open once keyv has created its table. `user_version`
// records the last step done; each step is safe to run again (a process killed halfway, two
// processes opening one file at once), so the version is written only after all of them.
export type Query = (sql: string, ...params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * 1: rewritten once with secure_delete on (a file from before may hold erased rows in free pages).
 * 2: the table keyed (WITHOUT ROWID) and the file rewritten after, so its rows sit in key order.
 */
export const FILE_VERSION = 2;

export async function bringFileUpToDate(query: Query, table: string): Promise<void> {
  const [row] = await query('PRAGMA user_version');
  if (Number(row?.['user_version'] ?? 0) >= FILE_VERSION) return;
  await keyRows(query, table);
  // VACUUM rewrites the file from its live rows: what earlier deletes (before secure_delete) and
  // the dropped rowid table left in free pages goes, and the keyed table is written out in key
  // order. VACUUM keeps `user_version`, so a kill before the next line means one more VACUUM.
  await query('VACUUM');
  await query(`PRAGMA user_version = ${FILE_VERSION}`);
}

/**
 * keyv creates its table as a rowid table: every row gets the next number and the table is stored
 * in that order, which VACUUM keeps, so a copy of the file shows which records were written in the
 * same moment (a person's first message next to the record of the question they then kept without
 * a name). Keyed by its primary key, the table is stored in key order and its rows carry no number.
 *
 * What holds: any read without ORDER BY, and every walk of the table, returns rows in key order,
 * and nothing in a row counts writes. Every VACUUM (this one, the daily one and the one after a
 * forget-me, `eraseHistory({ rewrite: true })`) copies the table by walking it, so afterwards the
 * pages follow key order through the file too. What does not: between two rewrites a new row's
 * bytes go wherever its page has room, and a page that splits takes a free page or one at the end
 * of the file, so the layout inside a page and the newest page numbers still hint at which rows
 * came since the last rewrite (at most a day), and the write-ahead log holds changed pages in
 * write order until a checkpoint empties it.
 *
 * One transaction: a copy ordered by key, the rowid table dropped (secure_delete zeroes its
 * pages), the copy renamed to keyv's name, so keyv's own statements find it. BEGIN IMMEDIATE
 * waits for another process converting the same file; it then finds the table keyed.
 */
async function keyRows(query: Query, table: string): Promise<void> {
  await query('BEGIN IMMEDIATE');
  try {
    const [found] = await query(`SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?`, table);
    if (Number(found?.['wr']) !== 1) {
      const keyed = `${table}_keyed`;
      // keyv's own column declarations (keySize 255), so the table reads the same to keyv.
      await query(`CREATE TABLE ${keyed}(key VARCHAR(255) PRIMARY KEY, value TEXT) WITHOUT ROWID`);
      // A keyed table's key cannot be NULL; keyv never writes such a row and no lookup finds one.
      await query(`INSERT INTO ${keyed}(key, value) SELECT key, value FROM ${table} WHERE key IS NOT NULL ORDER BY key`);
      await query(`DROP TABLE ${table}`);
      await query(`ALTER TABLE ${keyed} RENAME TO ${table}`);
    }
    await query('COMMIT');
  } catch (error) {
    await query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
