// /liso vergeet-mij through kill -9: the real bot process (the console on a real SQLite file) is
// killed after the erasure began (her roles are gone) and before it ended (her record is still
// there). Her confirmation is used up and nobody would ask again: the restarted process must
// finish the erasure by itself, down to the raw bytes of the file.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const BIN = path.join(packageRoot(), 'bin/liso.js');
// Enough wins naming her that erasing her takes a few hundred milliseconds: a window to kill in.
const WINS = 300;
const START = '2027-01-04T10:00:00+01:00';

function consoleArgs(clock: string, script?: string): string[] {
  return [BIN, 'console', '--simulated-clock', clock, ...(script ? ['--script', script] : [])];
}

function envFor(file: string): NodeJS.ProcessEnv {
  return { ...process.env, LISO_STORE: `sqlite://${file}`, LOG_LEVEL: 'warn' };
}

/** Runs `read` on the file opened read-only, and closes it. */
async function withDatabase<T>(file: string, read: (db: sqlite3.Database) => Promise<T>): Promise<T> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => (error ? reject(error) : resolve(opened)));
  });
  try {
    return await read(db);
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

const query = (file: string, sql: string) =>
  withDatabase(file, (db) => new Promise<number>((resolve, reject) => db.get(sql, (error, row: { n: number }) => (error ? reject(error) : resolve(row.n)))));

const herRoles = (file: string) => query(file, "SELECT count(*) AS n FROM keyv WHERE key LIKE 'set:network:%:roles%:sanne'");
const herRecord = (file: string) => query(file, "SELECT count(*) AS n FROM keyv WHERE key = 'person:console:sanne'");
const rowsNamingHer = (file: string) => query(file, "SELECT count(*) AS n FROM keyv WHERE key LIKE '%sanne%' OR value LIKE '%sanne%'");
/** The keys of the rows that still name her, each with where in the value she is named: what a failure shows. */
async function rowsNamingHerListed(file: string): Promise<string[]> {
  const rows = await withDatabase(
    file,
    (db) =>
      new Promise<Array<{ key: string; value: string }>>((resolve, reject) =>
        db.all("SELECT key, value FROM keyv WHERE key LIKE '%sanne%' OR value LIKE '%sanne%'", (error, found: Array<{ key: string; value: string }>) => (error ? reject(error) : resolve(found))),
      ),
  );
  return rows.map((row) => {
    const value = String(row.value);
    const at = value.toLowerCase().indexOf('sanne');
    return `${row.key} … ${value.slice(Math.max(0, at - 80), at + 40)}`;
  });
}

function rawFiles(file: string): string {
  return ['', '-wal', '-shm'].map((s) => (existsSync(file + s) ? readFileSync(file + s).toString('latin1') : '')).join('\n');
}

/** Runs the console on the file until `killWhen` says so, then SIGKILL; resolves with its output. */
async function killDuringForget(file: string): Promise<{ killedMidway: boolean; output: string }> {
  const child = spawn(process.execPath, consoleArgs(START), { env: envFor(file), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const waitFor = async (pattern: RegExp) => {
    for (let i = 0; i < 600 && !pattern.test(output); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(output).toMatch(pattern);
  };
  child.stdin.write(':als Sanne\n/liso vergeet-mij\n');
  await waitFor(/Alles over jou wissen\?/);
  child.stdin.write(':knop 1\n');
  let killedMidway = false;
  for (let i = 0; i < 2000; i++) {
    if ((await herRoles(file)) === 0) {
      child.kill('SIGKILL');
      killedMidway = (await herRecord(file)) === 1;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  await exited;
  return { killedMidway, output };
}

describe('chaos: kill -9 during /liso vergeet-mij', { timeout: 180_000 }, () => {
  it('the restarted process finishes the erasure: nothing of her is left in the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-forget-kill-'));
    dirs.push(dir);
    const file = path.join(dir, 'liso.sqlite');
    const seed = path.join(dir, 'seed.txt');
    const wins = Array.from({ length: WINS }, (_, i) => `/liso vier Mijlpaal ${i + 1} gehaald met @Sanne`);
    await writeFile(seed, ['/liso start Jeugd Leiden', '/liso rol deelnemer @Sanne @Ahmed', ...wins, ''].join('\n'));
    const seeded = spawnSync(process.execPath, consoleArgs('2027-01-04T08:00:00+01:00', seed), { env: envFor(file), encoding: 'utf8' });
    expect(seeded.status).toBe(0);
    expect(await rowsNamingHer(file)).toBeGreaterThan(WINS);

    const { killedMidway, output } = await killDuringForget(file);
    expect(killedMidway, 'killed after her roles went and before her record did').toBe(true);
    expect(output).not.toMatch(/Klaar: je gegevens en rollen zijn gewist/);
    expect(await rowsNamingHer(file)).toBeGreaterThan(0);

    // Restarted a few minutes later: only its own ticks run; nobody presses anything.
    const tick = path.join(dir, 'tick.txt');
    await writeFile(tick, ':klok +3m\n');
    const restarted = spawnSync(process.execPath, consoleArgs('2027-01-04T10:01:00+01:00', tick), { env: envFor(file), encoding: 'utf8' });
    expect(restarted.status).toBe(0);
    expect(await rowsNamingHerListed(file)).toEqual([]);
    expect(await query(file, "SELECT count(*) AS n FROM keyv WHERE key LIKE 'privacy:forget%'")).toBe(0);
    const raw = rawFiles(file);
    expect(raw).not.toContain('sanne');
    expect(raw).not.toContain('Sanne');
    // Her wins stay, without her: the erasure ran to its end, not a wipe.
    expect(raw).toContain(`Mijlpaal ${WINS} gehaald met`);
  });
});
