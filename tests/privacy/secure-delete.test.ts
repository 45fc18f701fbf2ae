// Issue 21 §2: what the store erases is gone from its files, read byte by byte as an attacker would.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-secure-'));
  dirs.push(dir);
  return path.join(dir, 'liso.sqlite');
}

/** The database, its write-ahead log and its index, as bytes. */
function rawOf(file: string): string {
  return ['', '-wal', '-shm'].map((suffix) => (existsSync(file + suffix) ? readFileSync(file + suffix).toString('latin1') : '')).join('\n');
}

describe('SQLite: deleted means gone from the file', () => {
  it('zeroes erased values, hash fields, set members and earlier versions once the log is checkpointed', async () => {
    const file = await tempFile();
    const store = await SqliteStore.open(file);
    // Enough other rows that the erased ones share pages with live data.
    for (let i = 0; i < 300; i++) await store.set(`filler:${i}`, `x${i}`.padEnd(200, '.'));
    await store.set('person:test:sanne', { displayName: 'SANNE-VALUE' });
    await store.hashSet('nudges:task-marks:s1', 'agenda', { by: 'SANNE-FIELD' });
    await store.setAdd('wins:person:test:SANNE-MEMBER:wins', ['w1']);
    await store.set('pulse:p1:ballots', { old: 'OLD-VERSION' });
    await store.set('pulse:p1:ballots', { new: 'NEW-VERSION' });
    const secrets = ['SANNE-VALUE', 'SANNE-FIELD', 'SANNE-MEMBER', 'OLD-VERSION'];
    expect(secrets.filter((s) => rawOf(file).includes(s))).toEqual(secrets);
    await store.delete('person:test:sanne');
    await store.hashDelete('nudges:task-marks:s1', ['agenda']);
    await store.setRemove('wins:person:test:SANNE-MEMBER:wins', ['w1']);
    await store.eraseHistory();
    expect(secrets.filter((s) => rawOf(file).includes(s))).toEqual([]);
    expect(rawOf(file)).toContain('NEW-VERSION');
    await store.close();
  });

  it('purges expired values nobody reads again', async () => {
    const file = await tempFile();
    const store = await SqliteStore.open(file);
    await store.set('privacy:forget-request:test:sanne', 'EXPIRED-NONCE', 1);
    await store.set('kept', 'STILL-HERE', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.purgeExpired();
    await store.eraseHistory();
    expect(rawOf(file)).not.toContain('EXPIRED-NONCE');
    expect(await store.get('kept')).toBe('STILL-HERE');
    await store.close();
  });

  it('rewrites a file from before secure_delete once, dropping what earlier deletes left behind', async () => {
    const file = await tempFile();
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened: sqlite3.Database = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(opened)));
    });
    const run = (sql: string, ...params: unknown[]) => new Promise<void>((resolve, reject) => db.run(sql, params, (error) => (error ? reject(error) : resolve())));
    await run('PRAGMA secure_delete = OFF');
    await run('CREATE TABLE keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)');
    for (let i = 0; i < 50; i++) await run('INSERT INTO keyv VALUES(?, ?)', `row:${i}`, JSON.stringify({ value: `LEFT-BEHIND-${i}`.padEnd(300, '.') }));
    await run("DELETE FROM keyv WHERE key LIKE 'row:%'");
    await new Promise<void>((resolve) => db.close(() => resolve()));
    expect(rawOf(file)).toContain('LEFT-BEHIND-');
    const store = await SqliteStore.open(file);
    await store.eraseHistory();
    expect(rawOf(file)).not.toContain('LEFT-BEHIND-');
    await store.close();
  });
});

describe('memory store', () => {
  it('drops expired values on purge', async () => {
    const store = new MemoryStore();
    await store.set('a', 1, 1);
    await store.set('b', 2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.purgeExpired();
    expect(store.dump().map((e) => e.key)).toEqual(['b']);
  });
});
