// Milestones are celebrated exactly once over a simulated year, across restarts and replicas.
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/port.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { WinBook } from '../../src/features/wins/win-book.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import type { Sent } from '../fakes/recording-adapter.ts';
import { intendedMentions } from '../../src/core/message.ts';
import { channelPosts, startNetwork } from './wins-fixture.ts';

const redisUrl = process.env['REDIS_URL'];
const redisStores: RedisStore[] = [];
afterAll(async () => {
  for (const store of redisStores) {
    await store.clearPrefix();
    await store.close();
  }
});

const START = new Date('2027-01-04T08:00:00Z');
const END = new Date('2028-01-20T08:00:00Z');
const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

const MARKERS: Record<string, RegExp> = {
  'sessions-1': /voor het eerst samen/,
  'sessions-3': /derde keer/,
  'sessions-5': /vijfde sessie/,
  'sessions-10': /Tien sessies/,
  'year-1': /bestaat vandaag een jaar/,
};

/** Several processes on one store, each with its own adapter and clock; `posts` gathers what all of them sent. */
class Replicas {
  readonly posts: Sent[] = [];
  private constructor(
    public apps: TestApp[],
    private readonly stores: Store[],
  ) {}

  static async start(stores: Store[]): Promise<Replicas> {
    return new Replicas(await Promise.all(stores.map((store) => createTestApp({ start: START, store }))), stores);
  }

  get first(): TestApp {
    return this.apps[0]!;
  }

  /** Replaces every process with a fresh one on the same store (nothing in memory survives). */
  async restart(): Promise<void> {
    this.collect();
    const now = this.first.clock.now();
    this.apps = await Promise.all(this.stores.map((store) => createTestApp({ start: now, store })));
  }

  /** Moves every clock and lets all processes tick at once, twice (a tick may repeat). */
  async tickAll(at: Date): Promise<void> {
    for (const app of this.apps) app.clock.set(at);
    await Promise.all(this.apps.map((app) => app.app.bot.tick(at)));
    await Promise.all(this.apps.map((app) => app.app.bot.tick(at)));
  }

  collect(): Sent[] {
    for (const app of this.apps) this.posts.push(...channelPosts(app.adapter.take()));
    return this.posts;
  }
}

async function planYear(t: TestApp): Promise<string> {
  const networkId = await startNetwork(t);
  for (const month of MONTHS) await t.command('anna', `sessie 2027-${month}-14 14:00`);
  await t.command('anna', 'sessie annuleer 2027-03-14');
  t.adapter.take();
  return networkId;
}

/** Lives through the year by jumping from one due moment to the next, restarting every third step. */
async function liveThroughYear(replicas: Replicas): Promise<void> {
  let steps = 0;
  for (;;) {
    const now = replicas.first.clock.now();
    const due = await replicas.first.app.bot.nextDue(now);
    if (!due || due > END) break;
    await replicas.tickAll(due);
    if (++steps % 3 === 0) await replicas.restart();
    expect(steps).toBeLessThan(100);
  }
  await replicas.tickAll(END);
  replicas.collect();
}

function countsByMilestone(posts: Sent[]): Record<string, number> {
  return Object.fromEntries(Object.entries(MARKERS).map(([id, marker]) => [id, posts.filter((p) => marker.test(p.text)).length]));
}

const expectedReached = [
  ['sessions-1', '2027-01-14T13:00:00.000Z'],
  ['sessions-3', '2027-04-14T12:00:00.000Z'],
  ['sessions-5', '2027-06-14T12:00:00.000Z'],
  ['sessions-10', '2027-11-14T13:00:00.000Z'],
  ['year-1', '2028-01-04T08:00:00.000Z'],
];

async function runYear(stores: Store[]): Promise<void> {
  const replicas = await Replicas.start(stores);
  const networkId = await planYear(replicas.first);
  await liveThroughYear(replicas);
  expect(countsByMilestone(replicas.posts)).toEqual({ 'sessions-1': 1, 'sessions-3': 1, 'sessions-5': 1, 'sessions-10': 1, 'year-1': 1 });
  expect(replicas.posts.every((p) => p.to === 'kanaal-1')).toBe(true);
  const reached = (await new WinBook(stores[0]!).milestones(networkId)).map((m) => [m.id, m.reachedAt.toISOString()]);
  expect(reached).toEqual(expectedReached);
  // Nothing is left to do, and ticking again changes nothing.
  expect(await replicas.first.app.bot.nextDue(END)).toBeUndefined();
  await replicas.tickAll(new Date(END.getTime() + 60_000));
  expect(replicas.collect()).toHaveLength(5);
}

describe('milestones over a simulated year', () => {
  it('celebrates the 1st, 3rd, 5th and 10th session held and one year together exactly once, across restarts', async () => {
    await runYear([new MemoryStore()]);
  });

  it('celebrates each exactly once with two processes on one store', async () => {
    const store = new MemoryStore();
    await runYear([store, store]);
  });

  describe.skipIf(!redisUrl)(`with two processes on one Redis${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}`, () => {
    it('celebrates each exactly once', async () => {
      const prefix = `liso-wins-test:${process.pid}:${Date.now()}:`;
      const a = await RedisStore.open(redisUrl!, prefix);
      const b = await RedisStore.open(redisUrl!, prefix);
      redisStores.push(a, b);
      await runYear([a, b]);
    });
  });

  it('jumps the clock to the session that completes the next milestone and to the anniversary', async () => {
    const t = await createTestApp({ start: START });
    await planYear(t);
    const moments: string[] = [];
    let now = START;
    // The wins feature's own due moments (other features, such as preparation nudges, have theirs).
    const wins = t.app.bot.features().find((f) => f.name === 'wins')!;
    for (let due = await wins.nextDue!(now); due && due <= END; due = await wins.nextDue!(now)) {
      moments.push(due.toISOString());
      t.clock.set(due);
      await t.app.bot.tick(due);
      now = due;
    }
    expect(moments).toEqual(expectedReached.map(([, at]) => at));
  });
});

describe('milestones found late', () => {
  it('records a milestone reached long ago without announcing it', async () => {
    const t = await createTestApp({ start: START });
    const networkId = await startNetwork(t);
    await t.command('anna', 'sessie 2027-01-14 14:00');
    await t.command('anna', 'sessie 2027-02-25 14:00');
    t.adapter.take();
    t.clock.set(new Date('2027-02-26T09:00:00Z'));
    await t.app.bot.tick();
    expect(channelPosts(t.adapter.take())).toEqual([]);
    expect((await new WinBook(t.app.store).milestones(networkId)).map((m) => m.id)).toEqual(['sessions-1']);
  });
});

describe('milestones from other features', () => {
  it('thanks the people who prepared a session once, leaving out anyone who opted out', async () => {
    const store = new MemoryStore();
    const a = await createTestApp({ start: START, store });
    const b = await createTestApp({ start: START, store });
    const networkId = await startNetwork(a);
    await a.command('anna', 'sessie 2027-03-11 14:00');
    await a.command('anna', 'vier uit');
    const session = (await a.app.sessions.list(networkId))[0]!;
    a.adapter.take();
    const event = { type: 'preparation.completed', networkId, sessionId: session.id, at: new Date('2027-03-01T09:00:00Z') } as const;
    await Promise.all([a.app.events.emit(event), b.app.events.emit(event), a.app.events.emit(event)]);
    // The celebration is queued; the queue sends it (here drained by both processes at once).
    await Promise.all([a.app.delivery.runDue(a.clock.now()), b.app.delivery.runDue(b.clock.now())]);
    const posts = [...channelPosts(a.adapter.take()), ...channelPosts(b.adapter.take())];
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('Alle voorbereiding voor de sessie van donderdag 11 maart 2027, 14:00 is op tijd klaar');
    expect(intendedMentions(posts[0]!.message!)).toEqual(['bram']);
    expect(posts[0]!.text).not.toContain('Anna');
  });

  it('celebrates a pulse everyone answered even when the process died right after recording the close', async () => {
    const store = new MemoryStore();
    const dead = await createTestApp({ start: START, store });
    const networkId = await startNetwork(dead);
    const at = new Date('2027-01-10T09:00:00Z');
    dead.clock.set(at);
    // What recording pulse.closed writes; the process is killed before any handler runs.
    await store.commit(dead.app.events.pendingWrites({ type: 'pulse.closed', networkId, pulseId: 'p9', invited: 4, respondents: 4, at }));
    dead.adapter.take();
    const restarted = await createTestApp({ start: new Date(at.getTime() + 60_000), store });
    await restarted.app.bot.tick();
    const posts = channelPosts(restarted.adapter.take());
    expect(posts.map((p) => p.text)).toEqual([expect.stringContaining('Iedereen heeft de pulse ingevuld (4 van de 4)')]);
    await restarted.app.bot.tick();
    expect(channelPosts(restarted.adapter.take())).toEqual([]);
  });

  it('celebrates a pulse everyone answered, once, and no other pulse', async () => {
    const t = await createTestApp({ start: START });
    const networkId = await startNetwork(t);
    const at = new Date('2027-01-10T09:00:00Z');
    t.clock.set(at);
    await t.app.events.emit({ type: 'pulse.closed', networkId, pulseId: 'p1', invited: 5, respondents: 4, at });
    await t.app.events.emit({ type: 'pulse.closed', networkId, pulseId: 'p2', invited: 0, respondents: 0, at });
    await t.app.delivery.runDue(at);
    expect(channelPosts(t.adapter.take())).toEqual([]);
    await t.app.events.emit({ type: 'pulse.closed', networkId, pulseId: 'p3', invited: 5, respondents: 5, at });
    await t.app.events.emit({ type: 'pulse.closed', networkId, pulseId: 'p3', invited: 5, respondents: 5, at });
    await t.app.delivery.runDue(at);
    const posts = channelPosts(t.adapter.take());
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('Iedereen heeft de pulse ingevuld (5 van de 5)');
    await t.command('anna', 'reisverslag');
    const file = t.adapter.take()[0]!.message!.attachments![0]!;
    expect(file.content).toContain('- 10 januari 2027: Pulse waarop iedereen reageerde (5 mensen)');
  });
});
