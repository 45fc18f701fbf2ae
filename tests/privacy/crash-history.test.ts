// A process killed (kill -9) between a write and the erasure of the history after it leaves the
// write-ahead log holding the new version and the database file the earlier one. The next process
// to open the file erases that before it writes anything of its own, so a copy taken after a
// restart does not show which record changed last before the crash.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

// A real process on the real store module: a pulse's ballots changed, then killed before its erasure.
const CRASHING_WRITER = `
const { register } = await import('tsx/esm/api');
register();
const { SqliteStore } = await import(process.env.STORE_MODULE);
const store = await SqliteStore.open(process.env.FILE);
for (let i = 0; i < 50; i++) await store.set('filler:' + i, 'x'.repeat(100));
await store.set('pulse:p1:ballots', { value: 'EARLIER-VERSION' });
await store.eraseHistory();
await store.set('pulse:p1:ballots', { value: 'LATER-VERSION' });
process.kill(process.pid, 'SIGKILL');
`;

function rawOf(file: string): string {
  return ['', '-wal'].map((suffix) => (existsSync(file + suffix) ? readFileSync(file + suffix).toString('latin1') : '')).join('\n');
}

describe('SQLite after kill -9 between a write and its erasure', () => {
  it('the next open erases the earlier version before anything else is written', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-crash-history-'));
    dirs.push(dir);
    const file = path.join(dir, 'liso.sqlite');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', CRASHING_WRITER], {
      cwd: packageRoot(),
      env: { ...process.env, FILE: file, STORE_MODULE: path.join(packageRoot(), 'src/store/sqlite-store.ts') },
      encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL');
    // What the crash left: both versions, the earlier in the file and the later in its log.
    expect(rawOf(file)).toContain('EARLIER-VERSION');
    expect(rawOf(file)).toContain('LATER-VERSION');

    const store = await SqliteStore.open(file);
    await store.set('heartbeat', 1);
    expect(rawOf(file)).not.toContain('EARLIER-VERSION');
    expect(await store.get('pulse:p1:ballots')).toEqual({ value: 'LATER-VERSION' });
    await store.close();
  });
});
