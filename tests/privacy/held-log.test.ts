// The SQLite file while another connection holds a read on it (a backup tool, an sqlite3 shell):
// its write-ahead log cannot be emptied then, so it would keep every version of a pulse's ballots in
// the order they were written, next to what was written around them, and the database file would
// keep rows erased by /liso vergeet-mij. A console run on a real file, read byte by byte.
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import type { Feature } from '../../src/core/feature.ts';
import { consoleAppOnFile } from './console-app.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const OPEN_ANSWER = 'Graag eerder de stukken';

// Between `/liso lezer aan` and `/liso lezer uit` another connection holds a read transaction.
const SCRIPT = `
/liso start Jeugd Leiden
/liso rol deelnemer @Sanne @Ahmed @Xaviera
/liso sessie 2027-01-04 09:30
:klok +1h
/liso pulse
/liso lezer aan
:als Sanne
:privé
:knop 5
:knop 32
${OPEN_ANSWER}
/liso kopie
:als Xaviera
/liso vergeet-mij
:knop 1
# Anything Xaviera did now would start a new record: the rest is done by others.
:als Anna
/liso kopie
/liso lezer uit
:als Ahmed
:privé
:knop 6
:klok +1h
:als Anna
/liso kopie
`;

interface Copy {
  /** The database file, its write-ahead log and its index as they were on disk, as latin1 text. */
  raw: string;
  /** The current ballots record, as the bot reads it. */
  ballots: Record<string, Record<string, unknown>>;
}

async function run(): Promise<{ transcript: string; copies: Copy[]; logs: string[] }> {
  const { dir, file, store, app, logs } = await consoleAppOnFile('liso-held-log-', 'info');
  dirs.push(dir);
  let reader: sqlite3.Database | undefined;
  const copies: Copy[] = [];
  const tools: Feature = {
    name: 'attacker',
    commands: [
      {
        name: 'lezer',
        summary: 'help.summary',
        usage: 'help.usage',
        run: async (ctx) => {
          if (ctx.args[0] === 'aan') reader = await holdRead(file);
          else await new Promise<void>((resolve) => reader!.close(() => resolve()));
        },
      },
      {
        name: 'kopie',
        summary: 'help.summary',
        usage: 'help.usage',
        run: async () => {
          const raw = ['', '-wal', '-shm'].map((s) => (existsSync(file + s) ? readFileSync(file + s).toString('latin1') : '')).join('\n');
          const key = (await store.setMembers('pulse:active'))[0];
          copies.push({ raw, ballots: (key ? await store.get<Record<string, Record<string, unknown>>>(`pulse:${key}:ballots`) : undefined) ?? {} });
        },
      },
    ],
  };
  app.bot.use(tools);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await runConsole({ app, input: Readable.from(SCRIPT.split('\n').map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  await store.close();
  return { transcript: chunks.join(''), copies, logs };
}

/** A second connection, as a backup tool would open one, inside a read transaction that stays open. */
async function holdRead(file: string): Promise<sqlite3.Database> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => (error ? reject(error) : resolve(opened)));
  });
  await new Promise<void>((resolve, reject) => db.exec('BEGIN; SELECT count(*) FROM keyv;', (error) => (error ? reject(error) : resolve())));
  return db;
}

describe('SQLite: another connection holding the write-ahead log', { timeout: 120_000 }, async () => {
  const { transcript, copies, logs } = await run();
  const [whileHeld, afterForget, afterRelease] = copies;

  it('refuses a pulse answer it cannot keep apart from the history, and says so', () => {
    expect(transcript).toContain('Dit kan ik nu niet anoniem opslaan');
    // Nothing of Sanne's presses was written: every ballot is still empty, in the file and in its log.
    expect(Object.values(whileHeld!.ballots).every((answers) => Object.keys(answers).length === 0)).toBe(true);
    expect(whileHeld!.raw).not.toContain(OPEN_ANSWER);
    expect(whileHeld!.raw).not.toMatch(/"sessie":4/);
    expect(logs.join('')).toMatch(/event refused: the store could not erase its history/);
  });

  it('forgets a person all the same, warns the operator while the file still holds them, and clears the file once the reader is gone', () => {
    expect(transcript).toMatch(/Klaar: je gegevens en rollen zijn gewist/);
    expect(logs.join('')).toMatch(/person forgotten, but another connection holds a read on the store file/);
    expect(afterForget!.raw).toContain('xaviera');
    expect(afterRelease!.raw).not.toContain('xaviera');
    expect(afterRelease!.raw).not.toContain('Xaviera');
  });

  it('takes answers again once the reader lets go', () => {
    expect(Object.values(afterRelease!.ballots).some((answers) => answers['sessie'] === 5)).toBe(true);
  });
});
