// Task records as a tick reads them: only the asked tasks, each session's own states and nudged
// flags, on the embedded store (fields picked by SQLite) and in memory.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TaskStates } from '../../src/features/nudges/task-states.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { Store } from '../../src/store/port.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const backends: Array<[string, () => Promise<Store>]> = [
  ['memory', async () => new MemoryStore()],
  [
    'sqlite',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-task-states-'));
      dirs.push(dir);
      return SqliteStore.open(path.join(dir, 'states.sqlite'));
    },
  ],
];

const at = new Date('2027-03-01T08:00:00Z');

describe.each(backends)('task records on the %s store', (_, open) => {
  it('reads each session its own states and nudged flags, for the asked tasks only', async () => {
    const store = await open();
    try {
      const states = new TaskStates(store);
      await states.mark('test', 's1', 'agenda', 'done', 'u1', at);
      await states.mark('test', 's2', 'agenda', 'skipped', 'u2', at);
      await states.mark('test', 's2', 'catering', 'done', 'u2', at);
      const until = new Date('2027-03-03T08:00:00Z');
      expect(await states.later('test', 's1', 'catering', 'u1', at, until)).toBe(1);
      await states.markNudged('s1', ['agenda', 'draaiboek']);
      await states.markNudged('s2', ['catering']);
      await states.mark('test', 's3', 'not-asked', 'done', 'u3', at);

      const [one, two, three, none] = await states.ofMany(['s1', 's2', 's3', 'never'], ['agenda', 'catering', 'draaiboek']);
      expect(one!.states.get('agenda')).toEqual({ status: 'done', laterRounds: 0 });
      expect(one!.states.get('catering')).toEqual({ status: 'open', laterUntil: until, laterRounds: 1 });
      expect(one!.states.get('draaiboek')).toEqual({ status: 'open', laterRounds: 0 });
      expect([...one!.nudged].sort()).toEqual(['agenda', 'draaiboek']);
      expect(two!.states.get('agenda')).toEqual({ status: 'skipped', laterRounds: 0 });
      expect(two!.states.get('catering')).toEqual({ status: 'done', laterRounds: 0 });
      expect([...two!.nudged]).toEqual(['catering']);
      // A task that was not asked about is not read.
      expect(three!.states.get('not-asked')).toBeUndefined();
      expect(none!.states.get('agenda')).toEqual({ status: 'open', laterRounds: 0 });
      expect(none!.nudged.size).toBe(0);

      // Reopening one session's task leaves the same answer of another session as it was.
      await states.mark('test', 's2', 'catering', 'open', 'u2', at);
      const [again1, again2] = await states.ofMany(['s1', 's2'], ['catering', 'agenda']);
      expect(again2!.states.get('catering')).toEqual({ status: 'open', laterRounds: 0 });
      expect(again1!.states.get('agenda')).toEqual({ status: 'done', laterRounds: 0 });
      expect(again1!.states.get('catering')!.laterUntil).toEqual(until);
    } finally {
      await store.close();
    }
  });
});
