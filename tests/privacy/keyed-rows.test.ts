// A copy of the SQLite file must not show which records were written in the same moment: its rows
// sit in key order (a WITHOUT ROWID table), read as an attacker reads them (no ORDER BY) and in
// the raw bytes after a rewrite, and a file in the old layout is converted when it is opened.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { serializeRecord } from '../../src/store/serialization.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-keyed-'));
  dirs.push(dir);
  return path.join(dir, 'liso.sqlite');
}

/** The file opened directly with the driver, as someone with a copy would. */
async function withFile<T>(file: string, work: (all: (sql: string, ...params: unknown[]) => Promise<Array<Record<string, unknown>>>) => Promise<T>): Promise<T> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(opened)));
  });
  try {
    return await work((sql, ...params) => new Promise((resolve, reject) => db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as Array<Record<string, unknown>>)))));
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

const storedKeys = (file: string) => withFile(file, async (all) => (await all('SELECT key FROM keyv')).map((row) => String(row['key'])));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('SQLite rows in key order, not in the order they were written', () => {
  it('a person’s first message and the answer record written in the same moment are not neighbours in the file', async () => {
    const file = await tempFile();
    const store = await SqliteStore.open(file);
    // Other people's records first, then two written together, as a first direct message does.
    for (let i = 0; i < 20; i++) await store.set(`conversation:greeted:console:p${i}`, true);
    for (let i = 0; i < 20; i++) await store.set(`advice:answer:a${i}`, { held: { questionId: `q${i}` } });
    await store.set('conversation:greeted:console:eva', true);
    await store.set('advice:answer:a-eva', { held: { questionId: 'q-eva' } });
    await store.close();
    const keys = await storedKeys(file);
    expect(keys).toEqual([...keys].sort());
    expect(Math.abs(keys.indexOf('conversation:greeted:console:eva') - keys.indexOf('advice:answer:a-eva'))).toBeGreaterThan(1);
  });

  it('reads and lays out rows written in reverse key order in key order, in the rows and in the bytes after a rewrite', async () => {
    const file = await tempFile();
    const store = await SqliteStore.open(file);
    const key = (i: number) => `row:${String(i).padStart(3, '0')}`;
    const marker = (i: number) => `VALUE-${String(i).padStart(3, '0')}-`;
    // ~230 bytes a row: some 17 rows a page, so 300 rows span many pages.
    for (let i = 299; i >= 0; i--) await store.set(key(i), marker(i).padEnd(200, '.'));
    expect(await storedKeys(file)).toEqual(Array.from({ length: 300 }, (_, i) => key(i)));
    await store.eraseHistory({ rewrite: true });
    await store.close();
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const text = bytes.toString('latin1');
    // Page n starts at byte (n - 1) × page size.
    const pages = Array.from({ length: 300 }, (_, i) => {
      const at = text.indexOf(marker(i));
      expect(at, marker(i)).toBeGreaterThan(0);
      expect(text.indexOf(marker(i), at + 1), `${marker(i)} once`).toBe(-1);
      return Math.floor(at / pageSize) + 1;
    });
    // The first row written lies in the first leaf page, the last written in the last.
    expect(text.indexOf(marker(0))).toBeLessThan(text.indexOf(marker(299)));
    // A keyed table keeps whole rows in its interior pages too (the row between two leaves, every
    // ~17th key here, sits in the root page): the rest follow key order from page to page.
    const [table] = await withFile(file, (all) => all(`SELECT rootpage FROM sqlite_schema WHERE name = 'keyv'`));
    const inLeaves = pages.filter((page) => page !== table!['rootpage']);
    expect(inLeaves.length).toBeGreaterThan(250);
    expect(inLeaves.every((page, i) => i === 0 || page >= inLeaves[i - 1]!)).toBe(true);
    expect(inLeaves.at(-1)! - inLeaves[0]!).toBeGreaterThan(5);
  });
});

describe('a file in the old layout (a rowid table)', () => {
  const clock = () => new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const expires = new Date('2027-01-05T08:00:00Z').getTime();
  // Written in an order unlike key order, as a running bot writes them.
  const rows: Array<[string, string]> = [
    ['session:s1', serializeRecord({ value: { at: { $date: '2027-03-11T13:00:00.000Z' } }, expires })],
    ['network:n1', serializeRecord({ value: { name: 'Jeugd Leiden' } })],
    ['set:members\u001fu2', serializeRecord({ value: true })],
    ['hash:marks', JSON.stringify({ agenda: 'done||0', seen: true })],
    ['set:members\u001fu1', serializeRecord({ value: true })],
    ['confirm:c1', serializeRecord({ value: 'nonce', expires })],
  ];

  /** The layout the store left before this version: keyv's table with rowids, vacuumed once (user_version 1). */
  async function oldFile(): Promise<string> {
    const file = await tempFile();
    await withFile(file, async (all) => {
      await all('PRAGMA journal_mode = WAL');
      await all('CREATE TABLE keyv(key VARCHAR(255) PRIMARY KEY, value TEXT )');
      for (const [key, value] of rows) await all('INSERT INTO keyv(key, value) VALUES(?, ?)', key, value);
      await all('PRAGMA user_version = 1');
    });
    return file;
  }

  const layout = (file: string) =>
    withFile(file, async (all) => ({
      keyed: (await all(`SELECT wr FROM pragma_table_list WHERE name = 'keyv'`))[0]?.['wr'],
      version: (await all('PRAGMA user_version'))[0]?.['user_version'],
      rows: (await all('SELECT key, value FROM keyv')).map((row) => [row['key'], row['value']]),
    }));

  it('is converted when opened, keeping every value and expiry, and a second open changes nothing', async () => {
    const file = await oldFile();
    expect((await layout(file)).keyed).toBe(0);
    const store = await SqliteStore.open(file, clock());
    expect(await store.get('session:s1')).toEqual({ at: new Date('2027-03-11T13:00:00.000Z') });
    expect(await store.get('network:n1')).toEqual({ name: 'Jeugd Leiden' });
    expect(await store.setMembers('members')).toEqual(['u1', 'u2']);
    expect(Object.fromEntries((await store.hashGetAllMany(['marks']))[0]!)).toEqual({ agenda: 'done||0', seen: true });
    await store.close();
    const converted = await layout(file);
    expect(converted).toEqual({ keyed: 1, version: 2, rows: [...rows].sort(([a], [b]) => (a < b ? -1 : 1)) });

    const before = sha256(file);
    const again = await SqliteStore.open(file, clock());
    await again.close();
    expect(sha256(file)).toBe(before);
    expect(await layout(file)).toEqual(converted);
  });

  it('keeps expiries working after the conversion', async () => {
    const later = clock();
    const store = await SqliteStore.open(await oldFile(), later);
    expect(await store.get('confirm:c1')).toBe('nonce');
    later.set(new Date(expires + 1));
    expect(await store.get('confirm:c1')).toBeUndefined();
    expect(await store.get('network:n1')).toEqual({ name: 'Jeugd Leiden' });
    await store.close();
  });

  it('is converted once when two connections open it at once', async () => {
    const file = await oldFile();
    const [a, b] = await Promise.all([SqliteStore.open(file, clock()), SqliteStore.open(file, clock())]);
    expect(await a.claim('shared', 'a')).not.toBe(await b.claim('shared', 'b'));
    expect(await b.setMembers('members')).toEqual(['u1', 'u2']);
    await a.close();
    await b.close();
    const { keyed, version, rows: stored } = await layout(file);
    expect({ keyed, version }).toEqual({ keyed: 1, version: 2 });
    expect(stored.map(([key]) => key)).toEqual([...rows.map(([key]) => key), 'shared'].sort());
  });

  it('is finished by the next open when a process stopped after the conversion, before the rewrite', async () => {
    const file = await tempFile();
    await withFile(file, async (all) => {
      await all('CREATE TABLE keyv(key VARCHAR(255) PRIMARY KEY, value TEXT) WITHOUT ROWID');
      for (const [key, value] of rows) await all('INSERT INTO keyv(key, value) VALUES(?, ?)', key, value);
      await all('PRAGMA user_version = 1');
    });
    const store = await SqliteStore.open(file, clock());
    await store.close();
    expect((await layout(file)).version).toBe(2);
    expect((await layout(file)).rows.length).toBe(rows.length);
  });
});
