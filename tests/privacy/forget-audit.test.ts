// Issue 21 §3 from outside: a participant uses every feature (a pulse answer, wins and 🎉, an
// advice question passed on with her name, a role with a task in her daily digest, a session
// reminder she answers), then confirms /liso vergeet-mij.
// Her id and name must appear nowhere in the store: not in the SQLite file's rows or raw bytes,
// not in the memory store, not in Redis; nor any recomputable hash of her.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { Feature } from '../../src/core/feature.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { Store } from '../../src/store/port.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { StoreImage } from './store-audit.ts';
import { findPerson, imageOfMemory, imageOfRedis, imageOfSqliteFile, linkingAttacks } from './store-audit.ts';

const SCRIPT = readFileSync(path.resolve(import.meta.dirname, '../fixtures/console/forget-me.txt'), 'utf8');
const SANNE = { ids: ['sanne'], names: ['Sanne'] };
const redisUrl = process.env['REDIS_URL'];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs the script on `store`; `/liso kopie <label>` takes an image of the store at that moment. */
async function live(store: Store, image: () => Promise<StoreImage>): Promise<{ transcript: string; images: Map<string, StoreImage> }> {
  // Warnings and errors go into the transcript, so a failed step shows up where a finding does.
  const warnings: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      warnings.push(String(chunk));
      done();
    },
  });
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock: new SimulatedClock(new Date('2027-01-04T08:00:00Z')), log: createLogger('warn', sink), store });
  const images = new Map<string, StoreImage>();
  const copier: Feature = { name: 'copier', commands: [{ name: 'kopie', summary: 'help.summary', usage: 'help.usage', run: async (ctx) => void images.set(ctx.rest, await image()) }] };
  app.bot.use(copier);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await runConsole({ app, input: Readable.from(SCRIPT.split('\n').map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  return { transcript: `${chunks.join('')}\n${warnings.join('')}`, images };
}

function expectForgotten(images: Map<string, StoreImage>, transcript: string): void {
  // She really used everything: the copy before the erasure holds her in each feature.
  const before = findPerson(images.get('voor')!, SANNE).map((f) => f.where.split(' ')[1]!.replace(/^set:/, '').split(':')[0]);
  for (const area of ['person', 'network', 'wins', 'advice', 'delivery', 'nudges', 'sessions']) expect(before, area).toContain(area);
  expect(transcript).toMatch(/Opgeslagen: 4|bijgewerkt/);
  expect(transcript).toMatch(/Je vraag is doorgestuurd|doorgestuurd/);
  expect(transcript).toMatch(/Klaar: je gegevens en rollen zijn gewist/);
  const after = images.get('na')!;
  expect(findPerson(after, SANNE), transcript.slice(-3000)).toEqual([]);
  // Nor any hash of her id a copy could recompute (keyed with any stored string, or plain).
  expect(linkingAttacks([after], { platform: 'console', people: [SANNE] })).toEqual([]);
  // What was the network's stays, without her.
  const texts = after.entries.map((e) => `${e.key} ${e.text}`).join('\n');
  expect(texts).toContain('De koffie was top, dank ');
  expect(texts).toMatch(/"kind":"someone"/);
  expect(texts).toContain('hoe laat gaat de bibliotheek open');
  // Her pulse answer is counted in the closed pulse's anonymous result, which stays.
  expect(after.entries.find((e) => /^pulse:[a-f0-9]{8}:result$/.test(e.key))?.text).toMatch(/"respondents":1/);
}

describe('forgetting is complete (console run, every feature)', () => {
  it('SQLite: her id and name are in no row and nowhere in the raw bytes of the file, its log or index', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-forget-'));
    dirs.push(dir);
    const file = path.join(dir, 'liso.sqlite');
    const store = await SqliteStore.open(file);
    const { transcript, images } = await live(store, () => imageOfSqliteFile(file));
    await store.close();
    expect(images.get('na')!.raw.length).toBeGreaterThan(0);
    expectForgotten(images, transcript);
  });

  it('memory store: nothing of her is left', async () => {
    const store = new MemoryStore();
    const { transcript, images } = await live(store, async () => imageOfMemory(store));
    expectForgotten(images, transcript);
  });

  it.skipIf(!redisUrl)(`Redis: nothing of her is left under the bot's keys${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    const prefix = `liso-forget-test:${process.pid}:${Date.now()}:`;
    const store = await RedisStore.open(redisUrl!, prefix);
    try {
      const { transcript, images } = await live(store, () => imageOfRedis(redisUrl!, prefix));
      expectForgotten(images, transcript);
    } finally {
      await store.clearPrefix();
      await store.close();
    }
  });
});
