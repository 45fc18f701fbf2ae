// Delivery: a durable outbox. Once per key across callers and processes, never lost by a crash at
// any step, 'duplicate' only for a settled key, retries only for transient failures, fallback.
import { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import { PersonKeys } from '../../src/core/person-keys.ts';
import type { ChatAdapter, MessageRef, OutboundOptions } from '../../src/core/chat-adapter.ts';
import type { Clock } from '../../src/core/clock.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { Delivery } from '../../src/core/delivery.ts';
import type { DeliveryRecord, DeliveryTarget } from '../../src/core/delivery.ts';
import { createLogger } from '../../src/core/logger.ts';
import type { Message } from '../../src/core/message.ts';
import type { RatePolicy } from '../../src/core/rate-policy.ts';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/port.ts';
import { RecordingAdapter } from '../fakes/recording-adapter.ts';

const redisUrl = process.env['REDIS_URL'];
const message: Message = { summary: 'Herinnering', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Agenda delen' }] }] };
const note: Message = { summary: 'Via kanaal', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Voor Anna: Agenda delen' }] }] };
const toAnna: DeliveryTarget = { kind: 'direct', platform: 'test', userId: 'anna', fallback: { channelId: 'kanaal-1', message: note } };
const toBram: DeliveryTarget = { kind: 'direct', platform: 'test', userId: 'bram' };
const toChannel: DeliveryTarget = { kind: 'channel', platform: 'test', channelId: 'kanaal-1' };

/** A recording adapter whose direct messages fail with the queued errors first, or hang. */
class FlakyAdapter extends RecordingAdapter {
  readonly dmFailures: Error[] = [];
  dmCalls = 0;
  delayMs = 0;
  ratePolicy?: RatePolicy;
  /** Every call waits for this before answering (a send whose answer never comes while it is set). */
  gate: Promise<void> | undefined;
  readonly keys: string[] = [];
  /** Absent unless a test gives it (a platform that can look for an interrupted send). */
  finishInterrupted?: ChatAdapter['finishInterrupted'];

  override async sendDirect(userId: string, msg: Message, options: OutboundOptions = {}): Promise<MessageRef> {
    this.dmCalls += 1;
    if (options.idempotencyKey) this.keys.push(options.idempotencyKey);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.gate) await this.gate;
    const failure = this.dmFailures.shift();
    if (failure) throw failure;
    return super.sendDirect(userId, msg, options);
  }
}

async function setup(options: { store?: Store; adapter?: FlakyAdapter; clock?: Clock; leaseMs?: number } = {}) {
  const store = options.store ?? new MemoryStore();
  const adapter = options.adapter ?? new FlakyAdapter();
  // Tests that pass their own clock never advance it.
  const clock = (options.clock ?? new SimulatedClock(new Date('2027-03-01T08:00:00Z'))) as SimulatedClock;
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _e, done) => { lines.push(String(chunk)); done(); } });
  const delivery = new Delivery({
    store,
    personKeys: await PersonKeys.open(store),
    clock,
    log: createLogger('info', sink),
    adapterFor: (p) => (p === 'test' ? adapter : undefined),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
  });
  return { delivery, adapter, clock, store, lines };
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Delivery: once per key', () => {
  it('sends a key once, however often and however concurrently it is asked', async () => {
    const { delivery, adapter } = await setup();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => delivery.send('nudge:s1:agenda:anna', toAnna, message)));
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
    // The others asked while it was owed: queued, not yet settled; none may claim it was sent.
    expect(outcomes.filter((o) => o.status !== 'sent').every((o) => o.status === 'queued' || o.status === 'duplicate')).toBe(true);
    expect(await delivery.send('nudge:s1:agenda:anna', toAnna, message)).toEqual({ status: 'duplicate' });
    expect(await delivery.enqueue('nudge:s1:agenda:anna', toAnna, message)).toEqual({ status: 'duplicate' });
    expect(adapter.take().map((s) => s.kind)).toEqual(['direct']);
    expect((await delivery.status('nudge:s1:agenda:anna'))?.state).toBe('sent');
  });

  it('sends once when two processes share the store', async () => {
    const store = new MemoryStore();
    const adapter = new FlakyAdapter();
    adapter.delayMs = 20;
    const a = await setup({ store, adapter });
    const b = await setup({ store, adapter });
    const outcomes = await Promise.all([a.delivery.send('k', toAnna, message), b.delivery.send('k', toAnna, message)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['queued', 'sent']);
    await Promise.all([a.delivery.runDue(a.clock.now()), b.delivery.runDue(b.clock.now())]);
    expect(adapter.dmCalls).toBe(1);
  });

  it('queues for the batch: durable at once (record and queue entry together), sent by the next drain', async () => {
    const { delivery, adapter, store, clock } = await setup();
    expect(await delivery.enqueue('k', toChannel, message)).toEqual({ status: 'queued' });
    expect(adapter.sent).toHaveLength(0);
    expect(await delivery.status('k')).toMatchObject({ state: 'queued', lane: 'batch', message });
    expect(await store.setMembers('delivery-queue:test:batch')).toEqual(['k']);
    expect(await delivery.enqueue('k', toChannel, message)).toEqual({ status: 'queued' });
    await delivery.runDue(clock.now());
    expect(adapter.take().map((s) => [s.kind, s.to, s.idempotencyKey])).toEqual([['channel', 'kanaal-1', 'k']]);
    expect(await store.setMembers('delivery-queue:test:batch')).toEqual([]);
    expect(await delivery.enqueue('k', toChannel, message)).toEqual({ status: 'duplicate' });
  });

  it('keeps the message text only until the send settles', async () => {
    const { delivery, clock } = await setup();
    await delivery.enqueue('k', toAnna, message);
    expect(JSON.stringify(await delivery.status('k'))).toMatch(/Agenda delen/);
    await delivery.runDue(clock.now());
    const settled = await delivery.status('k');
    expect(settled).toMatchObject({ state: 'sent', via: 'direct', summary: 'Herinnering' });
    expect(JSON.stringify(settled)).not.toMatch(/Agenda delen/);
  });
});

describe('Delivery: a record kept coarse (a question passed on anonymously)', () => {
  it('keeps its moments while owed, only the month once sent by a later retry, and expires counted from that month', async () => {
    const zone = 'Europe/Amsterdam';
    const clock = new SimulatedClock(new Date('2027-03-17T10:23:00Z'));
    const adapter = new FlakyAdapter();
    adapter.dmFailures.push(new DeliveryError('transient', 'platform down'));
    const { delivery, store } = await setup({ store: new MemoryStore(clock), adapter, clock });
    expect((await delivery.send('advice-pass:q1:bram', toBram, message, { coarseTimesIn: zone })).status).toBe('retrying');
    // Owed: the retry's time and the moments stay, the retry needs them.
    expect(await delivery.status('advice-pass:q1:bram')).toMatchObject({ state: 'retrying', queuedAt: new Date('2027-03-17T10:23:00Z') });
    clock.advance(2 * 3_600_000);
    await delivery.runDue(clock.now());
    const month = DateTime.fromISO('2027-03-01', { zone });
    const sent = await delivery.status('advice-pass:q1:bram');
    expect(sent).toMatchObject({ state: 'sent', queuedAt: month.toJSDate(), updatedAt: month.toJSDate() });
    // The platform's message id is the moment it was posted on Slack and Discord: not kept either.
    expect(sent).not.toHaveProperty('ref');
    // Gone 800 days after the start of the month, not after the moment it was queued or sent.
    clock.set(month.plus({ days: 800 }).minus({ minutes: 1 }).toJSDate());
    expect(await delivery.status('advice-pass:q1:bram')).toBeDefined();
    clock.advance(2 * 60_000);
    expect(await delivery.status('advice-pass:q1:bram')).toBeUndefined();
  });
});

describe('Delivery: a crash at any step loses nothing', () => {
  // Each case leaves the store as a process killed at that step would, then lets another
  // process (a restart, or a replica) run. The message must arrive, and nobody may report the
  // key as settled while it is not.

  it('killed right after queueing: the message is still owed and goes out on the next drain', async () => {
    const store = new MemoryStore();
    const dead = await setup({ store });
    await dead.delivery.enqueue('k', toAnna, message);
    const restarted = await setup({ store });
    await restarted.delivery.runDue(restarted.clock.now());
    expect(restarted.adapter.take().map((s) => s.to)).toEqual(['anna']);
  });

  it('killed after taking the lease, before marking it sending: never counted as sent, sent once the lease runs out', async () => {
    const store = new MemoryStore();
    const restarted = await setup({ store, leaseMs: 50 });
    await restarted.delivery.enqueue('k', toAnna, message);
    // The dead process's lease, taken a moment before it died.
    await store.claim('delivery-lease:k', 'dead-process', 50);
    // Restarted within the lease: still owed, and the queue knows it.
    expect(await restarted.delivery.send('k', toAnna, message)).toEqual({ status: 'queued' });
    expect(await restarted.delivery.enqueue('k', toAnna, message)).toEqual({ status: 'queued' });
    await restarted.delivery.runDue(restarted.clock.now());
    expect(restarted.adapter.sent).toHaveLength(0);
    await later(60);
    await restarted.delivery.runDue(restarted.clock.now());
    expect(restarted.adapter.take().map((s) => s.to)).toEqual(['anna']);
    expect((await restarted.delivery.status('k'))?.state).toBe('sent');
  });

  it('a key found leased is tried again once the injected clock has passed the lease, however little real time went by (a console walk)', async () => {
    const clock = new SimulatedClock(new Date('2027-03-01T08:00:00Z'));
    const store = new MemoryStore(clock);
    const restarted = await setup({ store, clock });
    await restarted.delivery.enqueue('k', toAnna, message);
    // A killed process's lease on the store's (simulated) clock: two minutes.
    await store.claim('delivery-lease:k', 'dead-process', 120_000);
    await restarted.delivery.runDue(clock.now());
    expect(restarted.adapter.sent).toHaveLength(0);
    // Before, the key was skipped for five seconds of real time, so a walk moving the clock on in
    // less than that never sent it.
    clock.set(new Date('2027-03-01T08:03:00Z'));
    await restarted.delivery.runDue(clock.now());
    expect(restarted.adapter.take().map((s) => s.to)).toEqual(['anna']);
  });

  it('killed while the platform was being called: sent again after the lease, with the same idempotency key, and logged', async () => {
    // Leases and the worker's skip of a busy key run on real time: 300 ms leaves a loaded
    // machine room between the first call and the restart's send.
    const store = new MemoryStore();
    const hanging = new FlakyAdapter();
    let never!: () => void;
    hanging.gate = new Promise<void>((resolve) => (never = resolve));
    const dead = await setup({ store, adapter: hanging, leaseMs: 300 });
    await dead.delivery.enqueue('k', toAnna, message);
    void dead.delivery.runDue(dead.clock.now());
    await vi.waitFor(() => expect(hanging.dmCalls).toBe(1), { interval: 2 });
    expect((await dead.delivery.status('k'))?.state).toBe('sending');
    // The process is gone (its send never answers); a restart finds the message owed.
    const restarted = await setup({ store, leaseMs: 300 });
    expect(await restarted.delivery.send('k', toAnna, message)).toEqual({ status: 'queued' });
    await later(350);
    await restarted.delivery.runDue(restarted.clock.now());
    expect(restarted.adapter.take().map((s) => [s.to, s.idempotencyKey])).toEqual([['anna', 'k']]);
    expect(hanging.keys).toEqual(['k']);
    expect(restarted.lines.join('')).toMatch(/may get it twice/);
    never();
  });

  it.each([
    ['a ref (it arrived before the crash)', 0, 'found'],
    ['undefined (it is not there)', 1, undefined],
    ["'unknown' (it cannot tell)", 1, 'unknown'],
    ['a throw', 1, 'throws'],
  ] as const)('found sending after a crash, the adapter is asked whether it arrived (only then): it answers %s, and it is sent again %i time(s)', async (_answer, resends, answer) => {
    const asked: Array<[unknown, string, Date]> = [];
    const adapter = new FlakyAdapter();
    const ref: MessageRef = { platform: 'test', conversationId: 'dm-anna', messageId: 'm-found' };
    adapter.finishInterrupted = async (destination, _message, key, since) => {
      asked.push([destination, key, since]);
      if (answer === 'throws') throw new Error('history unavailable');
      return answer === 'found' ? ref : answer;
    };
    const { delivery, store, clock, lines } = await setup({ adapter });
    await delivery.send('normal', toBram, message);
    expect(asked).toHaveLength(0);
    const crashedAt = new Date(clock.now().getTime() - 3 * 60_000);
    const record: DeliveryRecord = { key: 'k', state: 'sending', lane: 'batch', target: toAnna, message, summary: '', attempts: 1, queuedAt: crashedAt, updatedAt: crashedAt };
    await store.commit([{ op: 'set', key: 'delivery:k', value: record }, { op: 'setAdd', key: 'delivery-queue:test:batch', members: ['k'] }, { op: 'setAdd', key: 'delivery-platforms', members: ['test'] }]);
    adapter.take();
    await delivery.runDue(clock.now());
    expect(asked).toEqual([[{ kind: 'direct', userId: 'anna' }, 'k', crashedAt]]);
    expect(adapter.take()).toHaveLength(resends);
    const settled = await delivery.status('k');
    expect(settled).toMatchObject({ state: 'sent', via: 'direct', attempts: 1 + resends });
    if (answer === 'found') expect(settled?.ref).toEqual(ref);
    expect(lines.join('').includes('may get it twice')).toBe(answer !== 'found');
    if (answer === 'throws') expect(lines.join('')).toMatch(/looking for an interrupted send failed/);
    await delivery.runDue(clock.now());
    expect(asked).toHaveLength(1);
  });

  it('a settled key stays settled after a restart: nothing is sent again', async () => {
    const store = new MemoryStore();
    const first = await setup({ store });
    await first.delivery.enqueue('k', toAnna, message);
    await first.delivery.runDue(first.clock.now());
    const restarted = await setup({ store });
    expect(await restarted.delivery.send('k', toAnna, message)).toEqual({ status: 'duplicate' });
    await restarted.delivery.runDue(restarted.clock.now());
    expect(restarted.adapter.sent).toHaveLength(0);
  });

  it('says duplicate only of settled keys, never of one still owed, in any state', async () => {
    const { delivery, store } = await setup();
    const states: Array<DeliveryRecord['state']> = ['queued', 'sending', 'retrying', 'sent', 'failed'];
    for (const state of states) {
      const record: DeliveryRecord = { key: state, state, lane: 'batch', target: toAnna, message, summary: '', attempts: 1, queuedAt: new Date(), updatedAt: new Date(), nextAttemptAt: new Date(Date.now() + 3_600_000) };
      await store.set(`delivery:${state}`, record);
      await store.claim(`delivery-lease:${state}`, 'other', 60_000);
    }
    const outcomes = await Promise.all(states.map(async (state) => [state, (await delivery.send(state, toAnna, message)).status, (await delivery.enqueue(state, toAnna, message)).status]));
    expect(outcomes).toEqual([
      ['queued', 'queued', 'queued'],
      ['sending', 'queued', 'queued'],
      ['retrying', 'queued', 'queued'],
      ['sent', 'duplicate', 'duplicate'],
      ['failed', 'duplicate', 'duplicate'],
    ]);
  });
});

describe('Delivery: failures', () => {
  it('retries a transient failure after Retry-After, driven by the tick', async () => {
    const { delivery, adapter, clock } = await setup();
    adapter.dmFailures.push(new DeliveryError('transient', 'ratelimited', 30 * 60_000));
    const first = await delivery.send('k', toAnna, message);
    expect(first).toMatchObject({ status: 'retrying', attempt: 1, nextAttemptAt: new Date('2027-03-01T08:30:00Z') });
    expect(await delivery.nextRetry()).toEqual(new Date('2027-03-01T08:30:00Z'));
    expect(await delivery.send('k', toAnna, message)).toEqual({ status: 'queued' });
    clock.advance(29 * 60_000);
    await delivery.runDue(clock.now());
    expect(adapter.sent).toHaveLength(0);
    clock.advance(60_000);
    await delivery.runDue(clock.now());
    expect(adapter.take().map((s) => s.kind)).toEqual(['direct']);
    expect(await delivery.status('k')).toMatchObject({ state: 'sent', attempts: 2, via: 'direct' });
    expect(await delivery.nextRetry()).toBeUndefined();
  });

  it('waits out a short "slow down" in the queue without using up an attempt', async () => {
    const { delivery, adapter, clock } = await setup({ adapter: new FlakyAdapter() });
    for (let i = 0; i < 8; i++) adapter.dmFailures.push(new DeliveryError('transient', 'rate-limited', 2_000, 'app'));
    await delivery.enqueue('k', toAnna, message);
    for (let i = 0; i < 9; i++) {
      await delivery.runDue(clock.now());
      clock.advance(2_000);
    }
    expect(await delivery.status('k')).toMatchObject({ state: 'sent', attempts: 1, rateLimited: 8 });
    expect(adapter.dmCalls).toBe(9);
  });

  it('gives up after the maximum number of transient failures', async () => {
    const { delivery, adapter, clock } = await setup();
    for (let i = 0; i < 6; i++) adapter.dmFailures.push(new Error('socket hang up'));
    await delivery.send('k', { kind: 'direct', platform: 'test', userId: 'anna' }, message);
    for (let i = 0; i < 10; i++) {
      clock.advance(4 * 3_600_000);
      await delivery.runDue(clock.now());
    }
    expect(await delivery.status('k')).toMatchObject({ state: 'failed', attempts: 6, reason: 'socket hang up' });
    expect(adapter.dmCalls).toBe(6);
  });

  it('resends a message the platform took but did not confirm, with the same idempotency key (a duplicate only where the platform ignores it)', async () => {
    const { delivery, adapter, clock } = await setup();
    const original = adapter.sendDirect.bind(adapter);
    let calls = 0;
    adapter.sendDirect = async (userId, msg, options) => {
      calls += 1;
      const ref = await original(userId, msg, options);
      if (calls === 1) throw new DeliveryError('transient', 'timeout');
      return ref;
    };
    await delivery.enqueue('k', toAnna, message);
    await delivery.runDue(clock.now());
    clock.advance(60_000);
    await delivery.runDue(clock.now());
    expect(adapter.take().map((s) => s.idempotencyKey)).toEqual(['k', 'k']);
    expect((await delivery.status('k'))?.state).toBe('sent');
  });

  it.each([
    ['a ref (it arrived)', DeliveryError.outcomeUnknown('no_answer'), 'found', 1, 0],
    ['undefined (it is not there)', DeliveryError.outcomeUnknown('no_answer'), undefined, 1, 1],
    ["'unknown' (it cannot tell)", DeliveryError.outcomeUnknown('http_502'), 'unknown', 1, 1],
    ['nothing: a clean refusal is not looked for', new DeliveryError('transient', 'internal_error'), 'found', 0, 1],
    ['nothing: nor is a "slow down"', new DeliveryError('transient', 'ratelimited', 1_000, 'app'), 'found', 0, 1],
  ] as const)('a send whose outcome is unknown is looked for before its retry, from that attempt\'s start; the adapter answers %s', async (_answer, failure, answer, looks, resends) => {
    const asked: Array<[unknown, string, Date]> = [];
    const adapter = new FlakyAdapter();
    const ref: MessageRef = { platform: 'test', conversationId: 'dm-anna', messageId: 'm-found' };
    adapter.finishInterrupted = async (destination, _message, key, since) => {
      asked.push([destination, key, since]);
      return answer === 'found' ? ref : answer;
    };
    const { delivery, clock } = await setup({ adapter });
    const startedAt = clock.now();
    adapter.dmFailures.push(failure);
    const first = await delivery.send('k', toAnna, message);
    expect(first.status).toBe('retrying');
    expect((await delivery.status('k'))?.outcomeUnknownSince).toEqual(failure.outcomeUnknown ? startedAt : undefined);
    adapter.take();
    clock.advance(60 * 60_000);
    await delivery.runDue(clock.now());
    expect(asked).toEqual(Array(looks).fill([{ kind: 'direct', userId: 'anna' }, 'k', startedAt]));
    expect(adapter.take()).toHaveLength(resends);
    const settled = await delivery.status('k');
    expect(settled).toMatchObject({ state: 'sent', via: 'direct' });
    expect(settled).not.toHaveProperty('outcomeUnknownSince');
    if (looks === 1 && answer === 'found') expect(settled?.ref).toEqual(ref);
  });

  it('does not hold a retry back when the clock is set back an hour', async () => {
    let now = new Date('2027-03-01T08:00:00Z');
    const clock: Clock = { now: () => now };
    const { delivery, adapter } = await setup({ clock });
    adapter.dmFailures.push(new Error('socket hang up'));
    await delivery.enqueue('k', toAnna, message);
    await delivery.runDue(now);
    expect(await delivery.status('k')).toMatchObject({ state: 'retrying', nextAttemptAt: new Date('2027-03-01T08:01:00Z') });
    now = new Date('2027-03-01T07:00:30Z');
    await delivery.runDue(now);
    expect((await delivery.status('k'))?.state).toBe('sent');
  });

  it('posts in the channel when a direct message fails for good, and remembers the person', async () => {
    const { delivery, adapter } = await setup();
    adapter.dmFailures.push(new DeliveryError('permanent', 'dm-closed'));
    expect(await delivery.send('k1', toAnna, message)).toMatchObject({ status: 'sent', via: 'fallback' });
    expect(adapter.take().map((s) => [s.kind, s.to, s.text, s.idempotencyKey])).toEqual([['channel', 'kanaal-1', 'Voor Anna: Agenda delen', 'k1#fallback']]);
    expect(await delivery.isUnreachable('test', 'anna')).toBe(true);
    expect(await delivery.send('k2', toAnna, message)).toMatchObject({ status: 'sent', via: 'fallback' });
    expect(adapter.dmCalls).toBe(1);
    expect(JSON.stringify(await delivery.status('k2'))).not.toMatch(/Agenda delen/);
  });

  it('fails without retrying when a permanent failure has no fallback', async () => {
    const { delivery, adapter } = await setup();
    adapter.dmFailures.push(new DeliveryError('permanent', 'account_inactive'));
    expect(await delivery.send('k', { kind: 'direct', platform: 'test', userId: 'bob' }, message)).toEqual({ status: 'failed', reason: 'account_inactive' });
    expect(await delivery.nextRetry()).toBeUndefined();
    expect(await delivery.send('k', { kind: 'direct', platform: 'test', userId: 'bob' }, message)).toEqual({ status: 'duplicate' });
  });

  it('retries later when the platform adapter is not running in this process', async () => {
    const { delivery } = await setup();
    expect(await delivery.send('k', { kind: 'channel', platform: 'discord', channelId: 'c' }, message)).toMatchObject({ status: 'retrying' });
  });
});

describe('Delivery: people', () => {
  it('lists a person\'s messages for mijn-gegevens; forgetting drops them and blanks others\' messages that name her', async () => {
    const store = new MemoryStore();
    const { delivery, adapter } = await setup({ store });
    const mentioning: Message = { summary: 'Dank aan Anna', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Dank aan ' }, { type: 'mention', userId: 'anna', fallback: '@Anna' }] }] };
    const naming: Message = { summary: 'Gedeeld door Anna', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Gedeeld door Anna' }] }] };
    await delivery.send('k1', toAnna, message);
    await delivery.send('k2', toChannel, mentioning);
    await delivery.send('k3', toChannel, naming, { about: ['anna'] });
    await delivery.send('k4', toChannel, message);
    const t = loadPrompts(new URL('../../prompts', import.meta.url).pathname).translator('nl');
    const feature = delivery.feature();
    const [section] = await feature.personalData!({ platform: 'test', userId: 'anna' }, t);
    expect(section?.lines).toEqual([expect.stringMatching(/^1 maart 2027: Herinnering \(verstuurd\)$/)]);
    await feature.forgetPerson!({ platform: 'test', userId: 'anna' });
    expect(await feature.personalData!({ platform: 'test', userId: 'anna' }, t)).toEqual([]);
    expect(await delivery.status('k1')).toBeUndefined();
    for (const key of ['k2', 'k3']) {
      expect(await delivery.status(key)).toMatchObject({ state: 'sent', summary: '' });
      expect(await delivery.send(key, toChannel, mentioning)).toEqual({ status: 'duplicate' });
    }
    expect((await delivery.status('k4'))?.summary).toBe(message.summary);
    expect(JSON.stringify(store.dump())).not.toMatch(/anna|Anna/);
    expect(adapter.take()).toHaveLength(4);
  });

  it('does not send a message still queued for a person who asked to be forgotten, nor one that names her', async () => {
    const store = new MemoryStore();
    const { delivery, adapter, clock } = await setup({ store });
    await delivery.enqueue('k', toAnna, message);
    await delivery.enqueue('k2', toChannel, { summary: 'Gedeeld door Anna', blocks: [] }, { about: ['anna'] });
    await delivery.forget('test', 'anna');
    await delivery.runDue(clock.now());
    expect(adapter.sent).toHaveLength(0);
    expect(await delivery.status('k')).toBeUndefined();
    expect(await delivery.status('k2')).toMatchObject({ state: 'failed', reason: 'forgotten', summary: '' });
    expect(JSON.stringify(store.dump())).not.toMatch(/anna|Anna|Agenda/);
  });

  it('keeps a record only as long as the caller asks', async () => {
    const { delivery, store } = await setup();
    await delivery.send('short', toAnna, message, { retentionMs: 30 });
    expect(await store.get('delivery:short')).toBeDefined();
    await later(60);
    expect(await store.get('delivery:short')).toBeUndefined();
  });
});

describe('Delivery: the background worker', () => {
  it('sends what is queued without a tick, and on stop lets the send in flight finish before returning', async () => {
    const { delivery, adapter } = await setup();
    adapter.delayMs = 50;
    delivery.startWorker();
    await delivery.enqueue('k1', toAnna, message);
    await later(20);
    expect(delivery.sendsInFlight).toBe(1);
    expect(await delivery.stopWorker(5_000)).toBe(0);
    expect(adapter.take().map((s) => s.to)).toEqual(['anna']);
    expect((await delivery.status('k1'))?.state).toBe('sent');
    // Stopped: nothing new is taken.
    await delivery.enqueue('k2', toAnna, message);
    await later(30);
    expect(adapter.sent).toHaveLength(0);
  });

  it('once stopping, a message for a waiting person is queued but not started (the store closes next); the next process sends it once', async () => {
    const { delivery, adapter, store, clock } = await setup();
    delivery.startWorker();
    // A send asked for while the stop waits for the one in flight must not start after it.
    adapter.delayMs = 50;
    await delivery.enqueue('k1', toAnna, message);
    await later(20);
    const stopping = delivery.stopWorker(5_000);
    const asked = await delivery.send('k2', toBram, message);
    expect(await stopping).toBe(0);
    expect(asked.status).toBe('queued');
    expect(delivery.sendsInFlight).toBe(0);
    expect(adapter.take().map((s) => s.to)).toEqual(['anna']);
    const next = await setup({ store, adapter, clock });
    await next.delivery.runDue(clock.now());
    expect(adapter.take().map((s) => s.to)).toEqual(['bram']);
    expect((await next.delivery.status('k2'))?.state).toBe('sent');
  });

  it('an attempt that finds the lease held by another replica (alive or killed) spends none of the budget', async () => {
    // What a replica killed mid-send leaves: its leases, held until they run out. The survivor
    // walks the same queue; trying those keys made no request, so its budget must stay whole.
    const { delivery, adapter, store } = await setup();
    adapter.ratePolicy = { budgets: { app: { requests: 2, windowMs: 60_000, scope: 'app' } }, costOf: () => [{ budget: 'app', requests: 1 }], maxInFlight: 4 };
    for (const key of ['k1', 'k2', 'k3']) await delivery.enqueue(key, { kind: 'direct', platform: 'test', userId: key }, message);
    for (const key of ['k1', 'k2']) await store.claim(`delivery-lease:${key}`, 'vm:4242:dead01', 120_000);
    await delivery.runDue(new Date());
    expect(adapter.take().map((s) => s.to)).toEqual(['k3']);
  });

  it('gives up waiting at the deadline and says how many sends were still in flight', async () => {
    const { delivery, adapter } = await setup();
    let release!: () => void;
    adapter.gate = new Promise<void>((resolve) => (release = resolve));
    delivery.startWorker();
    await delivery.enqueue('k1', toAnna, message);
    await later(20);
    expect(await delivery.stopWorker(30)).toBe(1);
    release();
  });
});

// Without REDIS_URL the test shows as skipped, with its title saying why.
describe('Delivery on Redis', () => {
  it.skipIf(!redisUrl)(`sends once when two processes with their own connections race${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    const prefix = `liso-test-delivery:${process.pid}:${Date.now()}:`;
    const [storeA, storeB] = await Promise.all([RedisStore.open(redisUrl!, prefix), RedisStore.open(redisUrl!, prefix)]);
    const adapter = new FlakyAdapter();
    adapter.delayMs = 20;
    const a = await setup({ store: storeA, adapter });
    const b = await setup({ store: storeB, adapter });
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).delivery.send('k', toAnna, message)));
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
    for (let i = 0; i < 20; i++) await a.delivery.enqueue(`batch-${i}`, toAnna, message);
    await Promise.all([a.delivery.runDue(a.clock.now()), b.delivery.runDue(b.clock.now())]);
    expect(adapter.dmCalls).toBe(21);
    expect(new Set(adapter.keys).size).toBe(21);
    await storeA.clearPrefix();
    await storeA.close();
    await storeB.close();
  });
});
