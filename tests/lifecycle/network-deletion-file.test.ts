// A closed network's deletion, read as an attacker reads a copy of the SQLite file: the network is
// used (roles, a pulse answer with an open answer, a win and a cheer, a question passed on, digests
// and reminders), closed, the process stops; a new process on the same file is killed midway
// through the deletion; a third finishes it. Afterwards the file's rows and raw bytes hold none of
// the network's people (except one who is in another network), its name, pulse answers or win texts.
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import type { Store } from '../../src/store/port.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { StoreImage } from '../privacy/store-audit.ts';
import { findPerson, imageOfMemory, imageOfRedis, imageOfSqliteFile } from '../privacy/store-audit.ts';
import { runConsoleLines } from '../console/console-helpers.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';

const USED = [
  '/liso start Zorgnetwerk Kattenburg',
  '/liso rol procesbegeleider @Bartholomeus',
  '/liso rol deelnemer @Wilhelmina @Gijsbrecht',
  '/liso sessie 2027-01-04 09:30',
  '/liso sessie 2027-03-11 14:00',
  ':klok +1h',
  '/liso pulse',
  ':als Wilhelmina',
  ':privé',
  ':knop 5',
  ':knop 32',
  'Meer tijd voor de casus van Zeeuwsmeisje',
  ':kanaal leernetwerk',
  '/liso vier De Kattenburgse zaal is geregeld met @Wilhelmina',
  ':als Gijsbrecht',
  ':knop 1',
  ':privé',
  '/liso hoe laat gaat de Kattenburgse bibliotheek open',
  ':knop 5',
  // Gijsbrecht is in a second network as well: his own record stays.
  ':als Anna',
  ':kanaal buurtteam',
  '/liso start Buurtteam Oost',
  '/liso rol deelnemer @Gijsbrecht',
  ':kanaal leernetwerk',
  ':klok 2027-02-25T09:05',
  ':klok 2027-03-05T10:00',
  '/liso netwerk afsluiten',
  ':knop 1',
  ':klok +1m',
];
const GONE = { ids: ['wilhelmina', 'bartholomeus'], names: ['Wilhelmina', 'Bartholomeus', 'Zorgnetwerk Kattenburg', 'Zeeuwsmeisje', 'Kattenburgse'] };

const dirs: string[] = [];
const redisUrl = globalThis.process.env['REDIS_URL'];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** One process: an app on the file, a console run of `lines`; the store is closed at the end, as at a stop. */
async function process(file: string, clock: SimulatedClock, lines: readonly string[], wrap: (store: Store) => Store = (s) => s): Promise<string> {
  const store = await SqliteStore.open(file, clock);
  const app = await createApp({ config: loadConfig({ LISO_STORE: `sqlite://${file}` }), clock, log: createLogger('silent'), store: wrap(store) });
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  try {
    await runConsole({ app, input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  } finally {
    await store.close();
  }
  return chunks.join('');
}

/**
 * A store that dies (every call fails, as after kill -9) `writes` writes after the deletion wrote
 * its intent: what the deletion wrote until then stays in the file, nothing after it.
 */
function dyingDuringDeletion(writes: number): (store: Store) => Store {
  return (store) => {
    let left: number | undefined;
    const mutating = new Set(['set', 'delete', 'setAdd', 'setRemove', 'hashSet', 'hashDelete', 'commit', 'claim']);
    return new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (left !== undefined && left <= 0) return Promise.reject(new Error('killed'));
          if (left !== undefined && mutating.has(String(prop))) left -= 1;
          if (prop === 'set' && String(args[0]).startsWith('privacy:network-erasure:')) left = writes;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  };
}

/** The ids of the Kattenburg network, its sessions and its pulses, read from a copy of the file. */
function idsOfNetwork(image: StoreImage): string[] {
  const network = image.entries.find((e) => /^network:[0-9a-f]{8}$/.test(e.key) && e.text.includes('Zorgnetwerk Kattenburg'))!.key.slice('network:'.length);
  const owned = image.entries.filter((e) => /^(session|pulse):[0-9a-f]{8}$/.test(e.key) && e.text.includes(`"networkId":"${network}"`)).map((e) => e.key.split(':')[1]!);
  return [network, ...owned];
}

/** The Kattenburg network used, closed, then a restart within the window: the file as the third process finds it. */
async function usedAndClosed(): Promise<{ file: string; before: StoreImage }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-network-end-'));
  dirs.push(dir);
  const file = path.join(dir, 'liso.sqlite');
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const used = await process(file, clock, USED);
  expect(used).toContain('Zorgnetwerk Kattenburg is afgesloten. De gegevens worden gewist op 4 april 2027.');
  // A restart within the window: the network is still there, closed, and nothing is sent for it.
  const restarted = await process(file, clock, [':klok +2w', '/liso netwerk']);
  expect(restarted).toContain('Dit netwerk is afgesloten. Op 4 april 2027 worden al zijn gegevens gewist');
  expect(restarted).not.toMatch(/── privébericht|── kanaal/);
  return { file, before: await imageOfSqliteFile(file, 'before') };
}

/** A copy of the file in a directory of its own. */
async function copied(file: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-network-end-'));
  dirs.push(dir);
  for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) await copyFile(file + suffix, path.join(dir, `liso.sqlite${suffix}`));
  return path.join(dir, 'liso.sqlite');
}

describe('a closed network is deleted from the SQLite file', () => {
  let used: { file: string; before: StoreImage };
  beforeAll(async () => {
    used = await usedAndClosed();
  }, 60_000);

  it('holds all of it before the deletion (what an attacker would find without it)', () => {
    expect(new Set(findPerson(used.before, GONE).map((f) => f.what))).toEqual(new Set([...GONE.ids, ...GONE.names]));
    expect(idsOfNetwork(used.before).length).toBeGreaterThanOrEqual(4);
  });

  // Kill points across the deletion's ~150 writes (a sweep of every point from 1 to 150 passed when this was written).
  it.each([3, 15, 50, 100, 140])('after the window, with a process killed %i writes into the deletion, the next finishes it; nothing of it is left in the file', async (writes) => {
    const file = await copied(used.file);
    const clock = new SimulatedClock(new Date('2027-04-04T12:00:00Z'));
    const dying = await SqliteStore.open(file, clock);
    const app = await createApp({ config: loadConfig({ LISO_STORE: `sqlite://${file}` }), clock, log: createLogger('silent'), store: dyingDuringDeletion(writes)(dying) });
    await app.bot.tick(clock.now());
    await dying.close();
    const killed = await imageOfSqliteFile(file, 'killed');
    expect(killed.entries.some((e) => /^network:[0-9a-f]{8}$/.test(e.key) && e.text.includes('Zorgnetwerk Kattenburg')), 'the kill left the network half deleted').toBe(true);

    // The next process finishes it once the killed one's lease (two minutes) has run out; the channel can start a new network.
    // Meanwhile the half-deleted network cannot be reopened (once its roles are gone, Anna leads it no more).
    const after = await process(file, clock, [':klok +1m', '/liso netwerk heropenen', ':klok +3m', '/liso netwerk', '/liso start Zorgnetwerk Oost', ':als Gijsbrecht', '/liso mijn-gegevens']);
    expect(after).toMatch(/Zorgnetwerk Kattenburg wordt nu gewist: heropenen kan niet meer\.|Alleen de trekker of procesbegeleider van Zorgnetwerk Kattenburg/);
    if (writes < 20) expect(after).toContain('Zorgnetwerk Kattenburg wordt nu gewist: heropenen kan niet meer.');
    expect(after).not.toContain('is heropend');
    expect(after).toContain('Dit kanaal hoort nog niet bij een leernetwerk.');
    expect(after).toContain('Zorgnetwerk Oost is gestart. @Anna is de trekker.');
    expect(after).toContain('Buurtteam Oost: deelnemer');
    expect(after.slice(after.indexOf(':klok +3m'))).not.toContain('Kattenburg');

    const image = await imageOfSqliteFile(file, 'after');
    expect(findPerson(image, GONE)).toEqual([]);
    // Nor any record of the network, its sessions or its pulse, by id.
    const ids = idsOfNetwork(used.before);
    expect(image.entries.filter((e) => ids.some((id) => e.key.includes(id) || e.text.includes(id))).map((e) => `${e.key} ${e.text.slice(0, 120)}`)).toEqual([]);
    // The person in another network keeps his record; the deletion's own bookkeeping is gone too.
    expect(findPerson(image, { ids: ['gijsbrecht'], names: ['Gijsbrecht'] }).length).toBeGreaterThan(0);
    expect(image.entries.filter((e) => e.key.startsWith('privacy:network-erasure'))).toEqual([]);
  }, 60_000);
});

describe('a closed network is deleted from the other backends too', () => {
  /** The used network on `store`, then the clock past its deletion date; the store's image after. */
  async function usedThenDeleted(store: Store, clock: SimulatedClock): Promise<string> {
    const run = await runConsoleLines([...USED, ':klok 2027-04-05T12:00'], { store, clock });
    return run.text;
  }

  it('memory: nothing of the network is left', async () => {
    const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
    const store = new MemoryStore(clock);
    await usedThenDeleted(store, clock);
    const image = imageOfMemory(store);
    expect(findPerson(image, GONE)).toEqual([]);
    expect(findPerson(image, { ids: ['gijsbrecht'], names: ['Gijsbrecht'] }).length).toBeGreaterThan(0);
  });

  it('memory: a network closed, reopened, renamed and closed again leaves neither of its closing posts', async () => {
    const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
    const store = new MemoryStore(clock);
    await runConsoleLines(['/liso start Jeugd Leiden', '/liso rol deelnemer @Ahmed', '/liso netwerk afsluiten', ':knop 1', ':klok +1d', '/liso netwerk heropenen', '/liso netwerk naam Wonen Oost', '/liso netwerk afsluiten', ':knop 1', ':klok +1m'], { store, clock });
    const id = imageOfMemory(store).entries.find((e) => /^network:[0-9a-f]{8}$/.test(e.key))!.key.slice('network:'.length);
    await runConsoleLines([':klok 2027-03-20T12:00'], { store, clock });
    // Before, the first close's record stayed 800 days: 'Leernetwerk Jeugd Leiden is afgesloten. …'.
    const left = imageOfMemory(store).entries.filter((e) => e.key.includes(id) || e.text.includes(id) || /Jeugd Leiden|Wonen Oost/.test(e.text));
    expect(left.map((e) => e.key)).toEqual([]);
  });

  it("memory: the network's own channel posts (start, roles, name, reopening, a session) are owed while it lives, and no key of them is left after its deletion", async () => {
    const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
    const store = new MemoryStore(clock);
    const lived = [
      '/liso start Jeugd Leiden',
      '/liso rol deelnemer @Ahmed @Sanne',
      '/liso rol weg deelnemer @Sanne',
      '/liso netwerk naam Wonen Oost',
      '/liso sessie 2027-03-11 14:00',
      '/liso netwerk afsluiten',
      ':knop 1',
      ':klok +1d',
      '/liso netwerk heropenen',
      '/liso netwerk afsluiten',
      ':knop 1',
      ':klok +1m',
    ];
    await runConsoleLines(lived, { store, clock });
    const announcements = () => imageOfMemory(store).entries.filter((e) => /announcement/.test(e.key) || /announcement/.test(e.text)).map((e) => e.key);
    const owed = announcements();
    for (const change of ['started', 'role', 'renamed', 'reopened']) expect(owed.filter((key) => key.includes(`network-announcement:`) && key.includes(`:${change}`)), change).not.toEqual([]);
    expect(owed.filter((key) => key.includes(':role:'))).toHaveLength(2);
    await runConsoleLines([':klok 2027-03-20T12:00'], { store, clock });
    expect(announcements()).toEqual([]);
  });

  it.skipIf(!redisUrl)(`Redis: nothing of the network is left under the bot's keys${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
    const prefix = `liso-network-end-test:${globalThis.process.pid}:${Date.now()}:`;
    const store = await RedisStore.open(redisUrl!, prefix, clock);
    try {
      await usedThenDeleted(store, clock);
      const stored = await imageOfRedis(redisUrl!, prefix);
      // Redis expires a key on its own (wall) clock, which the simulated months did not move: values
      // whose expiry has passed on the bot's clock (pulse invitations, a day after the close) are
      // gone for the bot and would be gone from Redis by now in a real run; they are left out.
      const live = stored.entries.filter((e) => !((JSON.parse(e.text) as { expires?: number }).expires! < clock.now().getTime()));
      const image = { ...stored, entries: live };
      expect(live.length).toBeLessThan(stored.entries.length);
      expect(findPerson(image, GONE)).toEqual([]);
      expect(findPerson(image, { ids: ['gijsbrecht'], names: ['Gijsbrecht'] }).length).toBeGreaterThan(0);
    } finally {
      await store.clearPrefix();
      await store.close();
    }
  });
});
