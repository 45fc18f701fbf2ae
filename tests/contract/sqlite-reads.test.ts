// The SQLite backend reads batches on a second connection with prepared statements: what it
// reads must be what the writer connection wrote, and a statement that fails must not hang reads.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteReads } from '../../src/store/sqlite-reads.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

const tempDirs: string[] = [];

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-reads-'));
  tempDirs.push(dir);
  return path.join(dir, 'reads.sqlite');
}

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('SQLite batch reads', () => {
  it('see every write whose promise resolved, read after read on the same prepared statements', async () => {
    const store = await SqliteStore.open(await tempFile());
    try {
      for (let round = 0; round < 20; round++) {
        await store.set(`k${round}`, { round });
        await store.hashSet('h', `f${round}`, round);
        await store.setAdd('s', [`m${round}`]);
        const [values, [hash], [members]] = await Promise.all([
          store.getMany<{ round: number }>(Array.from({ length: round + 1 }, (_, i) => `k${i}`)),
          store.hashGetAllMany<number>(['h']),
          store.setMembersMany(['s']),
        ]);
        expect(values.map((value) => value?.round)).toEqual(Array.from({ length: round + 1 }, (_, i) => i));
        expect(hash!.size).toBe(round + 1);
        expect(members).toHaveLength(round + 1);
        expect(await store.setMembers('s')).toHaveLength(round + 1);
      }
      await store.hashDelete('h', ['f0']);
      await store.setRemove('s', ['m0']);
      expect((await store.hashGetAllMany(['h']))[0]!.has('f0')).toBe(false);
      expect(await store.setMembers('s')).not.toContain('m0');
    } finally {
      await store.close();
    }
  });

  it('rejects a statement that cannot be prepared, every time, and keeps serving others', async () => {
    const file = await tempFile();
    const store = await SqliteStore.open(file);
    await store.set('a', 1);
    const reads = await SqliteReads.open(file, 1_000);
    try {
      await expect(reads.all('SELECT missing_column FROM keyv')).rejects.toThrow(/missing_column/);
      await expect(reads.all('SELECT missing_column FROM keyv')).rejects.toThrow(/missing_column/);
      expect(await reads.all('SELECT key FROM keyv WHERE key = ?', 'a')).toEqual([{ key: 'a' }]);
    } finally {
      await reads.close();
      await store.close();
    }
  });

  it('fails to open a file that does not exist instead of creating it', async () => {
    await expect(SqliteReads.open(path.join(await tempFile(), 'missing.sqlite'), 1_000)).rejects.toThrow(/SQLITE_CANTOPEN/);
  });
});
