// The same contract runs against every Store backend: memory, SQLite and (when REDIS_URL is set) Redis.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/port.ts';
import { KEY_PAGE, StoreOpenError } from '../../src/store/port.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import sqlite3 from 'sqlite3';
import type { Clock } from '../../src/core/clock.ts';
import { SimulatedClock } from '../../src/core/clock.ts';

const redisUrl = process.env['REDIS_URL'];
const tempDirs: string[] = [];

async function tempFile(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-store-'));
  tempDirs.push(dir);
  return path.join(dir, name);
}

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Backend {
  name: string;
  skip?: string;
  open(clock?: Clock): Promise<Store>;
  /** A second, independent connection to the same data (another process in production). */
  openTwin?(store: Store): Promise<Store>;
}

const backends: Backend[] = [
  { name: 'memory', open: async (clock) => new MemoryStore(clock) },
  {
    name: 'sqlite',
    open: async (clock) => SqliteStore.open(await tempFile('contract.sqlite'), clock),
  },
  {
    name: 'redis',
    ...(redisUrl ? {} : { skip: 'REDIS_URL is not set; Redis contract tests skipped' }),
    open: async (clock) => RedisStore.open(redisUrl!, `liso-test:${process.pid}:${Date.now()}:${Math.random()}:`, clock),
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`Store contract: ${backend.name}${backend.skip ? ` (${backend.skip})` : ''}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await backend.open();
      return async () => {
        if (store instanceof RedisStore) await store.clearPrefix();
        await store.close();
      };
    });

    it('returns undefined for a missing key', async () => {
      expect(await store.get('missing')).toBeUndefined();
    });

    it('round-trips nested values, with Dates as Dates', async () => {
      const value = {
        name: 'Leernetwerk Jeugd',
        at: new Date('2027-03-11T13:00:00.000Z'),
        list: [1, 'two', null, { nested: new Date('2027-01-01T00:00:00.000Z') }],
        flag: false,
      };
      await store.set('network:1', value);
      const back = await store.get<typeof value>('network:1');
      expect(back).toEqual(value);
      expect(back?.at).toBeInstanceOf(Date);
      expect((back?.list[3] as { nested: Date }).nested).toBeInstanceOf(Date);
    });

    it('keeps an object with a "$date" field that is not a tagged date', async () => {
      await store.set('odd', { $date: 'not a date', other: 1 });
      expect(await store.get('odd')).toEqual({ $date: 'not a date', other: 1 });
    });

    it('overwrites and deletes', async () => {
      await store.set('k', 1);
      await store.set('k', 2);
      expect(await store.get('k')).toBe(2);
      expect(await store.delete('k')).toBe(true);
      expect(await store.delete('k')).toBe(false);
      expect(await store.get('k')).toBeUndefined();
    });

    it('reads many keys in order', async () => {
      await store.set('a', 'A');
      await store.set('c', 'C');
      expect(await store.getMany(['a', 'b', 'c'])).toEqual(['A', undefined, 'C']);
      // A dense array: callers map over it, and map skips holes.
      expect((await store.getMany(['b', 'a'])).map((value) => value ?? 'absent')).toEqual(['absent', 'A']);
      expect(await store.getMany([])).toEqual([]);
    });

    it('expires values after their ttl', async () => {
      // Real time on purpose (the default clock); 250 ms leaves a loaded machine room before the first read.
      await store.set('short', 'x', 250);
      expect(await store.get('short')).toBe('x');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await store.get('short')).toBeUndefined();
    });

    it('reads expired values as absent in a batch, keeps Dates, and answers repeated keys', async () => {
      const at = new Date('2027-04-08T12:00:00.000Z');
      await store.set('fresh', { at, list: [at, { nested: at }] });
      await store.set('stale', 'x', 250);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [fresh, stale, again] = await store.getMany<{ at: Date; list: [Date, { nested: Date }] }>(['fresh', 'stale', 'fresh']);
      expect(stale).toBeUndefined();
      expect(fresh?.at).toBeInstanceOf(Date);
      expect(fresh?.list[1].nested.getTime()).toBe(at.getTime());
      expect(again).toEqual(fresh);
      expect(await store.claim('stale', 'mine', 1_000)).toBe(true);
      expect(await store.getMany(['stale'])).toEqual(['mine']);
    });

    it('keeps a stored "__proto__" key a plain key', async () => {
      const value = JSON.parse('{"__proto__": {"$date": "2027-01-01T00:00:00.000Z"}, "ok": 1}') as Record<string, unknown>;
      await store.set('proto', value);
      const [read] = await store.getMany<Record<string, unknown>>(['proto']);
      expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
      expect(read?.['ok']).toBe(1);
    });

    it('claims a key exactly once', async () => {
      expect(await store.claim('nudge:1', { by: 'a' })).toBe(true);
      expect(await store.claim('nudge:1', { by: 'b' })).toBe(false);
      expect(await store.get('nudge:1')).toEqual({ by: 'a' });
    });

    it('lets exactly one of many concurrent claimers win', async () => {
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => store.claim('race', i)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('can claim again once a claim has expired', async () => {
      expect(await store.claim('lock', 'first', 250)).toBe(true);
      expect(await store.claim('lock', 'second', 250)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await store.claim('lock', 'third', 1_000)).toBe(true);
      expect(await store.get('lock')).toBe('third');
    });

    it('expires on the injected clock: a 15-minute entry is gone 20 simulated minutes later, in every read and claim', async () => {
      // A simulated clock far from real time, both ways: neither the system time nor the
      // backend's own expiry may decide.
      for (const start of ['2031-05-01T09:00:00Z', '2019-05-01T09:00:00Z']) {
        const clock = new SimulatedClock(new Date(start));
        const clocked = await backend.open(clock);
        try {
          await clocked.set('confirm', { nonce: 'n1' }, 15 * 60_000);
          expect(await clocked.claim('lease', 'first', 15 * 60_000)).toBe(true);
          clock.advance(14 * 60_000);
          expect(await clocked.get('confirm')).toEqual({ nonce: 'n1' });
          expect(await clocked.getMany(['confirm', 'lease'])).toEqual([{ nonce: 'n1' }, 'first']);
          expect(await clocked.claim('lease', 'second', 15 * 60_000)).toBe(false);
          clock.advance(6 * 60_000);
          expect(await clocked.get('confirm')).toBeUndefined();
          expect(await clocked.getMany(['confirm', 'lease'])).toEqual([undefined, undefined]);
          expect(await clocked.claim('lease', 'third', 15 * 60_000)).toBe(true);
          expect(await clocked.get('lease')).toBe('third');
        } finally {
          if (clocked instanceof RedisStore) await clocked.clearPrefix();
          await clocked.close();
        }
      }
    });

    it('does not claim a key that was set without ttl', async () => {
      await store.set('plain', 1);
      expect(await store.claim('plain', 2)).toBe(false);
    });

    it('keeps sets of strings', async () => {
      expect(await store.setMembers('roles')).toEqual([]);
      await store.setAdd('roles', ['trekker|u1', 'deelnemer|u2']);
      await store.setAdd('roles', ['trekker|u1', 'deelnemer|u3']);
      expect((await store.setMembers('roles')).sort()).toEqual(['deelnemer|u2', 'deelnemer|u3', 'trekker|u1']);
      await store.setRemove('roles', ['deelnemer|u2', 'never-there']);
      expect((await store.setMembers('roles')).sort()).toEqual(['deelnemer|u3', 'trekker|u1']);
      expect(await store.setMembers('role')).toEqual([]);
      expect(await store.setMembers('roles-other')).toEqual([]);
      await store.setAdd('roles', []);
      await store.setRemove('roles', []);
    });

    it('keeps set members with separators and unicode intact', async () => {
      const members = ['a:b', 'x|y|z', 'ü 🎉', ''];
      await store.setAdd('odd-set', members);
      expect((await store.setMembers('odd-set')).sort()).toEqual([...members].sort());
    });

    it('reads many sets at once, in the order asked, empty where missing', async () => {
      await store.setAdd('team', ['a', 'b']);
      await store.setAdd('team-b', ['c']);
      await store.setAdd('tea', ['d']);
      await store.setAdd('x:y|z', ['ü 🎉', '']);
      const read = await store.setMembersMany(['team-b', 'missing', 'team', 'tea', 'team', 'x:y|z']);
      expect(read.map((members) => [...members].sort())).toEqual([['c'], [], ['a', 'b'], ['d'], ['a', 'b'], ['', 'ü 🎉']]);
      expect(await store.setMembersMany([])).toEqual([]);
    });

    it('reads members and field names that need escaping in JSON back unchanged through the batch reads', async () => {
      const odd = ['"quoted"', 'back\\slash', 'a/b', 'tab\tline\nend', '\u0001', 'ü 🎉'];
      await store.setAdd('escapes', odd);
      for (const [i, name] of odd.entries()) await store.hashSet('escapes', name, i);
      const [members] = await store.setMembersMany(['escapes']);
      expect([...members!].sort()).toEqual([...odd].sort());
      const [hash] = await store.hashGetAllMany<number>(['escapes']);
      expect(Object.fromEntries(hash!)).toEqual(Object.fromEntries(odd.map((name, i) => [name, i])));
    });

    it('reads more sets at once than one statement holds', async () => {
      const names = Array.from({ length: 950 }, (_, i) => `bulk:${i}`);
      for (const [i, name] of names.entries()) if (i % 3 !== 0) await store.setAdd(name, [`m${i}`, `n${i}`]);
      const read = await store.setMembersMany(names);
      expect(read).toHaveLength(names.length);
      read.forEach((members, i) => expect([...members].sort()).toEqual(i % 3 === 0 ? [] : [`m${i}`, `n${i}`]));
    });

    it('keeps hashes: fields set, replaced and removed one by one, Dates as Dates', async () => {
      const at = new Date('2027-04-08T12:00:00.000Z');
      expect(await store.hashGetAllMany(['h'])).toEqual([new Map()]);
      await store.hashSet('h', 'a', { status: 'open', laterUntil: at, rounds: 1 });
      await store.hashSet('h', 'b', true);
      await store.hashSet('h', 'a', { status: 'done' });
      const [hash] = await store.hashGetAllMany<unknown>(['h']);
      expect(hash).toEqual(new Map<string, unknown>([['a', { status: 'done' }], ['b', true]]));
      await store.hashSet('h', 'c', { at });
      expect(((await store.hashGetAllMany<{ at: Date }>(['h']))[0]!.get('c')!.at as Date).getTime()).toBe(at.getTime());
      await store.hashDelete('h', ['a', 'never-there']);
      expect([...(await store.hashGetAllMany(['h']))[0]!.keys()].sort()).toEqual(['b', 'c']);
      await store.hashDelete('h', ['b', 'c']);
      expect(await store.hashGetAllMany(['h'])).toEqual([new Map()]);
      await store.hashDelete('h', []);
    });

    it('reads many hashes at once, in the order asked, with odd field names', async () => {
      await store.hashSet('one', '__proto__', 1);
      await store.hashSet('one', 'ü 🎉 "x"', 2);
      await store.hashSet('two', 'k', 3);
      const read = await store.hashGetAllMany<number>(['two', 'missing', 'one', 'two']);
      expect(read.map((hash) => Object.fromEntries(hash))).toEqual([{ k: 3 }, {}, { ['__proto__']: 1, 'ü 🎉 "x"': 2 }, { k: 3 }].map((o) => ({ ...o })));
      expect(read[2]!.get('__proto__')).toBe(1);
      expect(await store.hashGetAllMany([])).toEqual([]);
    });

    it('reads named fields of many hashes, in the order asked, undefined where absent', async () => {
      const at = new Date('2027-04-08T12:00:00.000Z');
      await store.hashSet('a', 'state', 'done||0');
      await store.hashSet('a', 'seen', true);
      await store.hashSet('a', 'count', 0);
      await store.hashSet('a', 'mark', { by: 'u1', at });
      await store.hashSet('a', 'none', null);
      await store.hashSet('a', 'list', ['x', 1]);
      await store.hashSet('a', 'unasked', 'not read');
      await store.hashSet('b', 'seen', false);
      const fields = ['seen', 'state', 'count', 'mark', 'none', 'list', 'missing'];
      const read = await store.hashGetMany<unknown>(['b', 'nothing', 'a'], fields);
      expect(read).toEqual([
        [false, undefined, undefined, undefined, undefined, undefined, undefined],
        [undefined, undefined, undefined, undefined, undefined, undefined, undefined],
        [true, 'done||0', 0, { by: 'u1', at }, null, ['x', 1], undefined],
      ]);
      expect((read[2]![3] as { at: Date }).at).toBeInstanceOf(Date);
      expect(await store.hashGetMany(['a'], ['state'])).toEqual([['done||0']]);
      expect(await store.hashGetMany(['a', 'b'], [])).toEqual([[], []]);
      expect(await store.hashGetMany([], ['state'])).toEqual([]);
    });

    it('reads named fields whatever their names, and more of them than one statement picks', async () => {
      const odd = ['__proto__', 'ü 🎉 "x"', 'back\\slash', 'dot.ted', 'brack]et', 'new\nline', "it's"];
      for (const [i, field] of odd.entries()) await store.hashSet('odd', field, i);
      expect(await store.hashGetMany<number>(['odd'], [...odd, 'constructor'])).toEqual([[0, 1, 2, 3, 4, 5, 6, undefined]]);
      // Names that JSON writes as they are (read by path in SQLite), apart from those it escapes.
      expect(await store.hashGetMany<number>(['odd'], ['__proto__', 'dot.ted', 'brack]et', "it's", 'toString'])).toEqual([[0, 3, 4, 6, undefined]]);
      const many = Array.from({ length: 150 }, (_, i) => `task-${i}`);
      for (const field of many.filter((_, i) => i % 4 === 0)) await store.hashSet('wide', field, field);
      const [wide] = await store.hashGetMany<string>(['wide'], many);
      expect(wide).toEqual(many.map((field, i) => (i % 4 === 0 ? field : undefined)));
    });

    it('never stores a hash field that keeps the other fields of a batch from being read', async () => {
      await store.hashSet('u', 'ok', 'done||0');
      await store.hashSet('u', 'nothing', undefined);
      await store.hashSet('v', 'ok', 'open||0');
      const read = await store.hashGetMany<string>(['u', 'v'], ['ok', 'nothing']);
      expect(read.map((fields) => fields[0])).toEqual(['done||0', 'open||0']);
      expect(read[0]![1] ?? undefined).toBeUndefined();
    });

    it('keeps every field when many writers set fields of one hash at once', async () => {
      await Promise.all(Array.from({ length: 30 }, (_, i) => store.hashSet('busy', `f${i}`, i)));
      expect((await store.hashGetAllMany<number>(['busy']))[0]!.size).toBe(30);
    });

    it('keeps hashes apart from plain keys and sets of the same name', async () => {
      await store.set('same', 'plain');
      await store.setAdd('same', ['member']);
      await store.hashSet('same', 'f', 'field');
      expect(await store.get('same')).toBe('plain');
      expect(await store.setMembers('same')).toEqual(['member']);
      expect((await store.hashGetAllMany(['same']))[0]!.get('f')).toBe('field');
    });

    it('lists the plain keys under a prefix in pages, without sets, hashes, other prefixes or expired values', async () => {
      const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
      const own = await backend.open(clock);
      try {
        const people = Array.from({ length: KEY_PAGE + 7 }, (_, i) => `person:console:u${String(i).padStart(5, '0')}`);
        for (const key of people) await own.set(key, { key });
        await own.set('person:console:brief', 1, 60_000);
        await own.setAdd('person:console:u00001:networks', ['n1']);
        await own.hashSet('person:console:hash', 'f', 1);
        await own.set('persons', 1);
        await own.set('person', 1);
        clock.advance(120_000);
        const found = new Set<string>();
        let next: string | undefined;
        let pages = 0;
        do {
          const page = await own.scanKeys('person:', next);
          for (const key of page.keys) found.add(key);
          next = page.next;
          pages++;
        } while (next !== undefined && pages < 1_000);
        // Redis SCAN may also list an expired key it has not removed yet; it reads as absent.
        const values = await own.getMany([...found]);
        expect([...found].filter((_, i) => values[i] !== undefined).sort()).toEqual(people);
        if (backend.name !== 'redis') expect(pages).toBeGreaterThan(1);
      } finally {
        if (own instanceof RedisStore) await own.clearPrefix();
        await own.close();
      }
    });

    it('keeps sets apart from plain keys of the same name', async () => {
      await store.set('both', 'plain');
      await store.setAdd('both', ['member']);
      expect(await store.get('both')).toBe('plain');
      expect(await store.setMembers('both')).toEqual(['member']);
    });

    // 100,000 networks put up to a third of their sessions in one hour's due bucket; SQLite
    // once failed on a set of 16,384 members (bound variables) and overflowed the stack near
    // 32,766 (arguments spread into one call), so every batch is tried far past those sizes.
    describe('batches of any size', { timeout: 120_000 }, () => {
      const HUGE = 100_000;
      const many = (prefix: string) => Array.from({ length: HUGE }, (_, i) => `${prefix}${i}`);

      it('adds, lists and removes 100,000 members of one set in single calls', async () => {
        const members = many('session-');
        await store.setAdd('due:huge', members);
        await store.setAdd('due:huge', members.slice(0, 40_000));
        expect((await store.setMembers('due:huge')).length).toBe(HUGE);
        const [listed, missing] = await store.setMembersMany(['due:huge', 'due:none']);
        expect(new Set(listed)).toEqual(new Set(members));
        expect(missing).toEqual([]);
        await store.setRemove('due:huge', members.filter((_, i) => i % 3 !== 0));
        const left = await store.setMembers('due:huge');
        expect(left.sort()).toEqual(members.filter((_, i) => i % 3 === 0).sort());
        await store.setRemove('due:huge', [...left, 'never-there']);
        expect(await store.setMembers('due:huge')).toEqual([]);
      });

      it('reads 100,000 keys, sets and hashes in single calls, in order', async () => {
        const keys = many('k:');
        const picked = [7, 33_333, 65_535, 99_999];
        for (const i of picked) {
          await store.set(keys[i]!, { i });
          await store.setAdd(keys[i]!, [`m${i}`]);
          await store.hashSet(keys[i]!, 'state', `s${i}`);
        }
        const values = await store.getMany<{ i: number }>(keys);
        expect(values).toHaveLength(HUGE);
        expect(values.flatMap((value, i) => (value ? [[i, value.i]] : []))).toEqual(picked.map((i) => [i, i]));
        const sets = await store.setMembersMany(keys);
        expect(sets.flatMap((members, i) => (members.length > 0 ? [[i, members]] : []))).toEqual(picked.map((i) => [i, [`m${i}`]]));
        const fields = await store.hashGetMany<string>(keys, ['state', 'other']);
        expect(fields.flatMap((row, i) => (row[0] !== undefined ? [[i, row]] : []))).toEqual(picked.map((i) => [i, [`s${i}`, undefined]]));
        const hashes = await store.hashGetAllMany<string>(keys);
        expect(hashes.flatMap((hash, i) => (hash.size > 0 ? [[i, Object.fromEntries(hash)]] : []))).toEqual(picked.map((i) => [i, { state: `s${i}` }]));
      });

      it('deletes 100,000 hash fields in one call, keeping the others', async () => {
        await store.hashSet('wide-hash', 'keep', 1);
        await store.hashSet('wide-hash', 'f-5', 2);
        await store.hashDelete('wide-hash', many('f-'));
        expect(Object.fromEntries((await store.hashGetAllMany(['wide-hash']))[0]!)).toEqual({ keep: 1 });
      });
    });
  });
}

describe('SQLite persistence', () => {
  it('keeps data across close and reopen of the file', async () => {
    const file = await tempFile('persist.sqlite');
    const first = await SqliteStore.open(file);
    await first.set('session', { at: new Date('2027-03-11T13:00:00Z') });
    await first.setAdd('members', ['u1']);
    await first.close();
    const second = await SqliteStore.open(file);
    expect(await second.get('session')).toEqual({ at: new Date('2027-03-11T13:00:00Z') });
    expect(await second.setMembers('members')).toEqual(['u1']);
    await second.close();
  });

  it('lets two connections to one file claim a key only once', async () => {
    const file = await tempFile('twin.sqlite');
    const [a, b] = await Promise.all([SqliteStore.open(file), SqliteStore.open(file)]);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).claim('shared', i)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('reads hashes written by earlier versions, which kept every value in a one-element array', async () => {
    const file = await tempFile('earlier-hash.sqlite');
    const store = await SqliteStore.open(file);
    await store.hashSet('h', 'seed', 1);
    await store.close();
    const db = new sqlite3.Database(file);
    const earlier = JSON.stringify({ state: ['done||0'], seen: [true], mark: [{ by: 'u1', at: { $date: '2027-04-08T12:00:00.000Z' } }], none: [null] });
    await new Promise<void>((resolve, reject) => db.run(`UPDATE keyv SET value = ? WHERE key = 'hash:h'`, [earlier], (error) => (error ? reject(error) : resolve())));
    await new Promise<void>((resolve) => db.close(() => resolve()));
    const reopened = await SqliteStore.open(file);
    const mark = { by: 'u1', at: new Date('2027-04-08T12:00:00.000Z') };
    expect(await reopened.hashGetMany(['h'], ['state', 'seen', 'mark', 'none'])).toEqual([['done||0', true, mark, null]]);
    expect(Object.fromEntries((await reopened.hashGetAllMany(['h']))[0]!)).toEqual({ state: 'done||0', seen: true, mark, none: null });
    // A field written now replaces its earlier form and leaves the others.
    await reopened.hashSet('h', 'state', 'open||0');
    expect(await reopened.hashGetMany(['h'], ['state', 'seen'])).toEqual([['open||0', true]]);
    await reopened.close();
  });

  it('keeps every field two connections write into one hash at once', async () => {
    const file = await tempFile('twin-hash.sqlite');
    const [a, b] = await Promise.all([SqliteStore.open(file), SqliteStore.open(file)]);
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).hashSet('shared', `task${i}`, { i })));
    const [fields] = await a.hashGetAllMany<{ i: number }>(['shared']);
    expect([...fields!.values()].map((v) => v.i).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await a.close();
    await b.close();
  });
});

describe('openStore', () => {
  it('creates missing directories for the SQLite file', async () => {
    const file = path.join(await tempFile('x'), 'deeper', 'still', 'liso.sqlite');
    const store = await openStore(`sqlite://${file}`);
    expect(store.kind).toBe('sqlite');
    await store.close();
  });

  it('fails with a clear message when the SQLite path cannot be used', async () => {
    // A regular file where a directory should be: no directory can be made below it.
    const blocker = await tempFile('not-a-directory');
    await writeFile(blocker, 'x');
    const url = `sqlite://${blocker}/sub/liso.sqlite`;
    await expect(openStore(url)).rejects.toThrow(StoreOpenError);
    await expect(openStore(url)).rejects.toThrow(/LISO_STORE/);
  });

  it('fails with a clear message when the SQLite file is not a database', async () => {
    const file = await tempFile('garbage.sqlite');
    await writeFile(file, 'this is not an SQLite database, just text '.repeat(200));
    await expect(openStore(`sqlite://${file}`)).rejects.toThrow(/LISO_STORE/);
  });

  it('fails with a clear message when Redis is down', async () => {
    // Port 1 on loopback refuses connections.
    await expect(openStore('redis://127.0.0.1:1')).rejects.toThrow(/Redis.*LISO_STORE/);
  });

  it('rejects an unknown scheme, naming the variable', async () => {
    await expect(openStore('postgres://x')).rejects.toThrow(/LISO_STORE/);
  });

  it('opens memory://', async () => {
    expect((await openStore('memory://')).kind).toBe('memory');
  });
});

describe.runIf(redisUrl)('Redis across connections', () => {
  it('lets two connections claim a key only once', async () => {
    const prefix = `liso-test-twin:${process.pid}:${Date.now()}:`;
    const [a, b] = await Promise.all([RedisStore.open(redisUrl!, prefix), RedisStore.open(redisUrl!, prefix)]);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).claim('shared', i)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    await a.clearPrefix();
    await a.close();
    await b.close();
  });
});
