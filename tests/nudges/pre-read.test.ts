// Reading an hour's sessions in the minutes before it: the hour's tick must decide exactly as it
// would on a fresh read. Whatever is written in between (an answer, a role, a move, another
// replica's write) makes the tick read that session again; an unchanged session is not read twice.
import { describe, expect, it } from 'vitest';
import { PRE_READ_MINUTES } from '../../src/features/nudges/pre-read.ts';
import { VIEW_SOURCE_PREFIXES, viewSourceKeys } from '../../src/features/nudges/session-view.ts';
import { TaskStates } from '../../src/features/nudges/task-states.ts';
import type { NudgeRunner } from '../../src/features/nudges/nudge-runner.ts';
import { nudgeKeys } from '../../src/features/nudges/keys.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/port.ts';
import { createHarness, readAheadBefore, runUntil, setUpNetwork } from './nudge-harness.ts';
import type { Harness } from './nudge-harness.ts';

const redisUrl = process.env['REDIS_URL'];
const START = new Date('2027-01-04T08:00:00Z');
/** 09:00 in Amsterdam, twelve weeks before the harness's 8 April session: four tasks fall due. */
const HOUR = new Date('2027-01-14T08:00:00Z');
const WEEK_12 = [
  ['ervaring-deelnemers', 'bram'],
  ['geleerde-lessen', 'anna'],
  ['notulen', 'bram'],
  ['uitnodigingen', 'bram'],
];

/** A store that notes the keys of every read, to tell a pre-read session from one read again. */
class ReadNotingStore extends MemoryStore {
  readonly reads: string[] = [];
  override async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    this.reads.push(...keys);
    return super.getMany<T>(keys);
  }
  override async get<T>(key: string): Promise<T | undefined> {
    this.reads.push(key);
    return super.get<T>(key);
  }
  override async setMembersMany(keys: readonly string[]): Promise<string[][]> {
    this.reads.push(...keys);
    return super.setMembersMany(keys);
  }
  override async setMembers(key: string): Promise<string[]> {
    this.reads.push(key);
    return super.setMembers(key);
  }
  override async hashGetMany<T>(keys: readonly string[], fields: readonly string[]): Promise<Array<Array<T | undefined>>> {
    this.reads.push(...keys);
    return super.hashGetMany<T>(keys, fields);
  }
  override async hashGetAllMany<T>(keys: readonly string[]): Promise<Array<Map<string, T>>> {
    this.reads.push(...keys);
    return super.hashGetAllMany<T>(keys);
  }
}

const runnerOf = (h: Harness) => (h.app.bot.features().find((f) => f.name === 'nudges') as unknown as { runner: NudgeRunner }).runner;
const nudgesAt = (h: Harness, at: Date) =>
  h.timed
    .nudges()
    .filter((n) => n.at === at.toISOString())
    .map((n) => [n.task!, n.to])
    .sort((a, b) => a.join().localeCompare(b.join()));

/** A network with its session, the clock just before the minutes before HOUR. */
async function networkBeforeHour(store: Store = new MemoryStore()): Promise<{ h: Harness; sessionId: string }> {
  const h = await createHarness({ start: START, store });
  const sessionId = await setUpNetwork(h);
  await runUntil([h], new Date(HOUR.getTime() - (PRE_READ_MINUTES + 1) * 60_000));
  return { h, sessionId };
}

async function tickAtHour(...apps: Harness[]): Promise<void> {
  for (const h of apps) h.clock.set(HOUR);
  for (const h of apps) await h.app.bot.tick(HOUR);
}

describe('reading the coming hour ahead', () => {
  it('decides a session read ahead without reading its records again, and sends what is due', async () => {
    const store = new ReadNotingStore();
    const { h, sessionId } = await networkBeforeHour(store);
    await readAheadBefore([h], HOUR);
    expect(runnerOf(h).preReadSize).toBe(1);
    store.reads.length = 0;
    await tickAtHour(h);
    expect(nudgesAt(h, HOUR)).toEqual(WEEK_12);
    expect(store.reads).not.toContain(nudgeKeys.taskRecords(sessionId));
    expect(runnerOf(h).preReadSize).toBe(0);
  });

  it('reads the records at the hour when nothing was read ahead (the control for the test above)', async () => {
    const store = new ReadNotingStore();
    const { h, sessionId } = await networkBeforeHour(store);
    store.reads.length = 0;
    await tickAtHour(h);
    expect(nudgesAt(h, HOUR)).toEqual(WEEK_12);
    expect(store.reads).toContain(nudgeKeys.taskRecords(sessionId));
  });

  it('does not nudge a task answered after the session was read ahead', async () => {
    const { h, sessionId } = await networkBeforeHour();
    await readAheadBefore([h], HOUR);
    await new TaskStates(h.app.store).mark('test', sessionId, 'notulen', 'done', 'bram', h.clock.now());
    await tickAtHour(h);
    expect(nudgesAt(h, HOUR)).toEqual(WEEK_12.filter(([task]) => task !== 'notulen'));
  });

  it('sends to a role holder added after the session was read ahead', async () => {
    const { h } = await networkBeforeHour();
    await readAheadBefore([h], HOUR);
    await h.run('anna', 'rol procesbegeleider <@carla>');
    await tickAtHour(h);
    const expected = WEEK_12.flatMap(([task, to]) => (to === 'bram' ? [[task, 'bram'], [task, 'carla']] : [[task, to]]));
    expect(nudgesAt(h, HOUR)).toEqual(expected.sort((a, b) => a.join().localeCompare(b.join())));
  });

  it('follows a session moved after it was read ahead', async () => {
    const { h, sessionId } = await networkBeforeHour();
    await readAheadBefore([h], HOUR);
    const session = (await h.app.sessions.getMany([sessionId]))[0]!;
    const moved = await h.app.sessions.move(session, { date: '2027-04-15', time: '14:00', timeZone: 'Europe/Amsterdam' });
    expect(moved.ok).toBe(true);
    await tickAtHour(h);
    expect(nudgesAt(h, HOUR)).toEqual([]);
    // Twelve weeks before the new day the same four tasks fall due.
    await runUntil([h], new Date('2027-01-21T08:00:00Z'));
    expect(nudgesAt(h, new Date('2027-01-21T08:00:00Z'))).toEqual(WEEK_12);
  });

  async function writeOnOtherReplica(storeA: Store, storeB: Store): Promise<void> {
    const { h: a, sessionId } = await networkBeforeHour(storeA);
    const b = await createHarness({ start: a.clock.now(), store: storeB });
    await readAheadBefore([a, b], HOUR);
    await new TaskStates(b.app.store).mark('test', sessionId, 'uitnodigingen', 'skipped', 'bram', b.clock.now());
    await tickAtHour(a);
    expect(nudgesAt(a, HOUR)).toEqual(WEEK_12.filter(([task]) => task !== 'uitnodigingen'));
  }

  it('sees a write another replica made after the session was read ahead', async () => {
    const store = new MemoryStore();
    await writeOnOtherReplica(store, store);
  });

  it.skipIf(!redisUrl)(`sees it through Redis, each replica on its own connection${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    const prefix = `liso-test-pre-read:${process.pid}:${Date.now()}:`;
    const [storeA, storeB] = await Promise.all([RedisStore.open(redisUrl!, prefix), RedisStore.open(redisUrl!, prefix)]);
    try {
      await writeOnOtherReplica(storeA, storeB);
    } finally {
      await storeA.clearPrefix();
      await storeA.close();
      await storeB.close();
    }
  }, 30_000);

  it('reads an hour a share per minute and the rest in its last minute', async () => {
    const h = await createHarness({ start: START });
    for (let n = 0; n < 25; n++) {
      const network = (await h.app.directory.create({ name: `Netwerk ${n}`, platform: 'test', channelId: `kanaal-${n}`, timeZone: 'Europe/Amsterdam', createdBy: `t${n}` }))!;
      const planned = await h.app.sessions.plan(network.id, { date: '2027-04-08', time: '14:00', timeZone: 'Europe/Amsterdam' }, `t${n}`);
      expect(planned.ok).toBe(true);
    }
    await runUntil([h], new Date(HOUR.getTime() - (PRE_READ_MINUTES + 1) * 60_000));
    const runner = runnerOf(h);
    const sizes: number[] = [];
    for (const minutesLeft of [PRE_READ_MINUTES, PRE_READ_MINUTES - 1, 5, 1]) {
      const at = new Date(HOUR.getTime() - minutesLeft * 60_000);
      h.clock.set(at);
      await runner.readAhead(at);
      sizes.push(runner.preReadSize);
    }
    // ceil(25/30) = 1, then ceil(24/29) = 1, then (minutes missed) ceil(23/5) = 5, then the 18 left.
    expect(PRE_READ_MINUTES).toBe(30);
    expect(sizes).toEqual([1, 2, 7, 25]);
    // Not taken by a tick here (another replica ran it): dropped a few minutes into the hour.
    h.clock.set(new Date(HOUR.getTime() + 10 * 60_000));
    await runner.readAhead(h.clock.now());
    expect(runner.preReadSize).toBe(0);
  });
});

describe('the records a view is read from', () => {
  it('are exactly the keys the change log is asked about, and writes to all of them are listed', async () => {
    const store = new ReadNotingStore();
    const { h, sessionId } = await networkBeforeHour(store);
    const session = (await h.app.sessions.getMany([sessionId]))[0]!;
    store.reads.length = 0;
    await readAheadBefore([h], HOUR);
    const sources = viewSourceKeys(sessionId, session.networkId);
    const bucket = nudgeKeys.dueBucket(HOUR.getTime() / 3_600_000);
    expect([...new Set(store.reads)].filter((key) => key !== bucket).sort()).toEqual([...sources].sort());
    for (const key of sources) expect(VIEW_SOURCE_PREFIXES.some((prefix) => key.startsWith(prefix))).toBe(true);
  });
});
