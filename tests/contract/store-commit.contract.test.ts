// Store.commit on every backend: all writes or none, conditional on an absent key, seen whole by
// another connection (another process in production), and atomic under concurrent committers.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store, StoreWrite } from '../../src/store/port.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

const redisUrl = process.env['REDIS_URL'];
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Backend {
  name: string;
  skip?: string;
  /** Two connections to the same data (one store twice for memory). */
  open(): Promise<{ store: Store; twin: Store; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'memory',
    async open() {
      const store = new MemoryStore();
      return { store, twin: store, close: () => store.close() };
    },
  },
  {
    name: 'sqlite',
    async open() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-commit-'));
      tempDirs.push(dir);
      const file = path.join(dir, 'commit.sqlite');
      const store = await SqliteStore.open(file);
      const twin = await SqliteStore.open(file);
      return { store, twin, close: async () => (await twin.close(), await store.close()) };
    },
  },
  {
    name: 'redis',
    ...(redisUrl ? {} : { skip: 'REDIS_URL is not set' }),
    async open() {
      const prefix = `liso-commit-test:${process.pid}:${Date.now()}:${Math.random()}:`;
      const store = await RedisStore.open(redisUrl!, prefix);
      const twin = await RedisStore.open(redisUrl!, prefix);
      return {
        store,
        twin,
        close: async () => {
          await store.clearPrefix();
          await twin.close();
          await store.close();
        },
      };
    },
  },
];

const outboxWrites = (id: string): StoreWrite[] => [
  { op: 'set', key: `record:${id}`, value: { id, at: new Date('2027-03-11T09:00:00Z') }, ttlMs: 60_000 },
  { op: 'setAdd', key: 'pending', members: [id] },
  { op: 'hashSet', key: 'tasks:s1', field: `state:${id}`, value: 'done' },
];

for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`Store.commit: ${backend.name}`, () => {
    it('applies every kind of write together, seen by another connection', async () => {
      const { store, twin, close } = await backend.open();
      try {
        await store.set('gone', 1);
        await store.setAdd('old', ['a', 'b', 'c']);
        await store.hashSet('h', 'keep', 1);
        await store.hashSet('h', 'drop', 2);
        expect(
          await store.commit([
            ...outboxWrites('e1'),
            { op: 'delete', key: 'gone' },
            { op: 'setRemove', key: 'old', members: ['a', 'c', 'absent'] },
            { op: 'hashDelete', key: 'h', fields: ['drop'] },
            { op: 'set', key: 'forever', value: 'x' },
          ]),
        ).toBe(true);
        expect(await twin.get('record:e1')).toEqual({ id: 'e1', at: new Date('2027-03-11T09:00:00Z') });
        expect(await twin.setMembers('pending')).toEqual(['e1']);
        expect(await twin.hashGetMany(['tasks:s1', 'h'], ['state:e1', 'keep', 'drop'])).toEqual([
          ['done', undefined, undefined],
          [undefined, 1, undefined],
        ]);
        expect(await twin.get('gone')).toBeUndefined();
        expect(await twin.setMembers('old')).toEqual(['b']);
        expect(await twin.get('forever')).toBe('x');
      } finally {
        await close();
      }
    });

    it('writes nothing when the ifAbsent key is live, and again once it expired', async () => {
      const { store, twin, close } = await backend.open();
      try {
        expect(await store.commit(outboxWrites('e1'), { ifAbsent: 'record:e1' })).toBe(true);
        await store.setRemove('pending', ['e1']);
        expect(await twin.commit(outboxWrites('e1'), { ifAbsent: 'record:e1' })).toBe(false);
        expect(await twin.setMembers('pending')).toEqual([]);
        await store.set('short', 1, 30);
        expect(await store.commit([{ op: 'set', key: 'short', value: 2 }], { ifAbsent: 'short' })).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 60));
        expect(await store.commit([{ op: 'set', key: 'short', value: 3 }], { ifAbsent: 'short' })).toBe(true);
        expect(await twin.get('short')).toBe(3);
        // A key holding a set or a hash of the same name is not a plain key.
        expect(await store.commit([{ op: 'set', key: 'pending', value: 1 }], { ifAbsent: 'pending' })).toBe(true);
      } finally {
        await close();
      }
    });

    it('lets exactly one of many concurrent conditional commits on two connections win, each whole', async () => {
      const { store, twin, close } = await backend.open();
      try {
        const attempts = Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? store : twin).commit(
            [
              { op: 'set', key: 'lease', value: `owner-${i}` },
              { op: 'setAdd', key: 'owners', members: [`owner-${i}`] },
            ],
            { ifAbsent: 'lease' },
          ),
        );
        const won = (await Promise.all(attempts)).flatMap((ok, i) => (ok ? [`owner-${i}`] : []));
        expect(won).toHaveLength(1);
        expect(await store.get('lease')).toBe(won[0]);
        expect(await twin.setMembers('owners')).toEqual(won);
      } finally {
        await close();
      }
    });

    it('adds and removes a hundred thousand members in one commit', async () => {
      const { store, twin, close } = await backend.open();
      try {
        const members = Array.from({ length: 100_000 }, (_, i) => `session-${i}`);
        expect(await store.commit([{ op: 'setAdd', key: 'bucket', members }])).toBe(true);
        expect((await twin.setMembers('bucket')).length).toBe(100_000);
        expect(await store.commit([{ op: 'setRemove', key: 'bucket', members: members.slice(1) }])).toBe(true);
        expect(await twin.setMembers('bucket')).toEqual(['session-0']);
      } finally {
        await close();
      }
    }, 60_000);

    it('writes nothing of a commit whose value cannot be stored, and the next commit works', async () => {
      const { store, twin, close } = await backend.open();
      try {
        const unstorable: Record<string, unknown> = { run: () => 1 };
        unstorable['self'] = unstorable;
        await expect(store.commit([{ op: 'set', key: 'first', value: 1 }, { op: 'setAdd', key: 'bucket', members: ['x'] }, { op: 'set', key: 'second', value: unstorable }])).rejects.toThrow();
        expect(await twin.get('first')).toBeUndefined();
        expect(await twin.setMembers('bucket')).toEqual([]);
        expect(await store.commit([{ op: 'set', key: 'first', value: 2 }])).toBe(true);
        expect(await twin.get('first')).toBe(2);
      } finally {
        await close();
      }
    });

    it('finishes commits racing many single writes of the same process', async () => {
      // On SQLite the single writes use another connection: a commit that held the write lock
      // while waiting for a thread used to hang here until every busy timeout ran out.
      const { store, twin, close } = await backend.open();
      try {
        const racing = Array.from({ length: 200 }, (_, i) => [
          store.set(`single:${i}`, i),
          store.commit([{ op: 'set', key: `together:${i}`, value: i }, { op: 'setAdd', key: 'raced', members: [`m${i}`] }], i % 2 === 0 ? {} : { ifAbsent: `together:${i}` }),
        ]).flat();
        const settled = await Promise.allSettled(racing);
        expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);
        expect(await twin.get('single:199')).toBe(199);
        expect(await twin.get('together:199')).toBe(199);
        expect((await twin.setMembers('raced')).length).toBe(200);
      } finally {
        await close();
      }
    }, 60_000);

    it('keeps keys, members and fields with quotes and backslashes, and values with NUL, exactly', async () => {
      const { store, twin, close } = await backend.open();
      const odd = "it's \\ a \"key\"; DROP TABLE x; --end";
      const value = `${odd}\u0000after`;
      try {
        expect(await store.commit([
          { op: 'set', key: `k:${odd}`, value },
          { op: 'setAdd', key: `s:${odd}`, members: [odd, "o'neil"] },
          { op: 'hashSet', key: `h:${odd}`, field: odd, value: odd },
        ], { ifAbsent: `k:${odd}` })).toBe(true);
        expect(await twin.get(`k:${odd}`)).toBe(value);
        expect((await twin.setMembers(`s:${odd}`)).sort()).toEqual([odd, "o'neil"].sort());
        expect(await twin.hashGetMany([`h:${odd}`], [odd])).toEqual([[odd]]);
        expect(await store.commit([{ op: 'set', key: `k:${odd}`, value: 'again' }], { ifAbsent: `k:${odd}` })).toBe(false);
        expect(await twin.get(`k:${odd}`)).toBe(value);
        // A NUL in a key must not cut the commit short and leave its transaction open.
        await store.commit([{ op: 'set', key: 'nul\u0000key', value: 1 }, { op: 'set', key: 'after-nul', value: 2 }]);
        expect(await twin.get('after-nul')).toBe(2);
        expect(await store.commit([{ op: 'set', key: 'next', value: 3 }])).toBe(true);
        expect(await twin.get('next')).toBe(3);
      } finally {
        await close();
      }
    });

    it('treats an empty commit as applied', async () => {
      const { store, close } = await backend.open();
      try {
        expect(await store.commit([])).toBe(true);
        expect(await store.commit([], { ifAbsent: 'nothing' })).toBe(true);
      } finally {
        await close();
      }
    });
  });
}
