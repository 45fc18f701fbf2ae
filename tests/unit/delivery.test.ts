// Delivery: once per key across callers and processes, retries only for transient failures, fallback to the channel.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PersonKeys } from '../../src/core/person-keys.ts';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { MessageRef } from '../../src/core/chat-adapter.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { Delivery } from '../../src/core/delivery.ts';
import type { DeliveryTarget } from '../../src/core/delivery.ts';
import { createLogger } from '../../src/core/logger.ts';
import type { Message } from '../../src/core/message.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/port.ts';
import { RecordingAdapter } from '../fakes/recording-adapter.ts';

const redisUrl = process.env['REDIS_URL'];
const message: Message = { summary: 'Herinnering', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Agenda delen' }] }] };
const note: Message = { summary: 'Via kanaal', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Voor Anna: Agenda delen' }] }] };
const toAnna: DeliveryTarget = { kind: 'direct', platform: 'test', userId: 'anna', fallback: { channelId: 'kanaal-1', message: note } };

/** A recording adapter whose direct messages fail with the queued errors first. */
class FlakyAdapter extends RecordingAdapter {
  readonly dmFailures: Error[] = [];
  dmCalls = 0;
  delayMs = 0;

  override async sendDirect(userId: string, msg: Message): Promise<MessageRef> {
    this.dmCalls += 1;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure = this.dmFailures.shift();
    if (failure) throw failure;
    return super.sendDirect(userId, msg);
  }
}

async function setup(store: Store = new MemoryStore(), adapter = new FlakyAdapter(), clock = new SimulatedClock(new Date('2027-03-01T08:00:00Z'))) {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _e, done) => { lines.push(String(chunk)); done(); } });
  const personKeys = await PersonKeys.open(store);
  const delivery = new Delivery({ store, personKeys, clock, log: createLogger('info', sink), adapterFor: (p) => (p === 'test' ? adapter : undefined) });
  return { delivery, adapter, clock, store, lines };
}

describe('Delivery', () => {
  it('sends a key once, however often and however concurrently it is asked', async () => {
    const { delivery, adapter } = await setup();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => delivery.send('nudge:s1:agenda:anna', toAnna, message)));
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(7);
    expect(await delivery.send('nudge:s1:agenda:anna', toAnna, message)).toEqual({ status: 'duplicate' });
    expect(adapter.take().map((s) => s.kind)).toEqual(['direct']);
    expect((await delivery.status('nudge:s1:agenda:anna'))?.state).toBe('sent');
  });

  it('sends once when two processes share the store', async () => {
    const store = new MemoryStore();
    const adapter = new FlakyAdapter();
    adapter.delayMs = 20;
    const a = await setup(store, adapter);
    const b = await setup(store, adapter);
    const outcomes = await Promise.all([a.delivery.send('k', toAnna, message), b.delivery.send('k', toAnna, message)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['duplicate', 'sent']);
    expect(adapter.dmCalls).toBe(1);
  });

  it('retries a transient failure after Retry-After, driven by the tick', async () => {
    const { delivery, adapter, clock } = await setup();
    adapter.dmFailures.push(new DeliveryError('transient', 'ratelimited', 30 * 60_000));
    const first = await delivery.send('k', toAnna, message);
    expect(first).toMatchObject({ status: 'retrying', attempt: 1, nextAttemptAt: new Date('2027-03-01T08:30:00Z') });
    expect(await delivery.nextRetry()).toEqual(new Date('2027-03-01T08:30:00Z'));
    expect(await delivery.send('k', toAnna, message)).toEqual({ status: 'duplicate' });
    clock.advance(29 * 60_000);
    await delivery.retryDue(clock.now());
    expect(adapter.sent).toHaveLength(0);
    clock.advance(60_000);
    await delivery.retryDue(clock.now());
    expect(adapter.take().map((s) => s.kind)).toEqual(['direct']);
    expect(await delivery.status('k')).toMatchObject({ state: 'sent', attempts: 2, via: 'direct' });
    expect(await delivery.nextRetry()).toBeUndefined();
  });

  it('gives up after the maximum number of transient failures', async () => {
    const { delivery, adapter, clock } = await setup();
    for (let i = 0; i < 6; i++) adapter.dmFailures.push(new Error('socket hang up'));
    await delivery.send('k', { kind: 'direct', platform: 'test', userId: 'anna' }, message);
    for (let i = 0; i < 10; i++) {
      clock.advance(4 * 3_600_000);
      await delivery.retryDue(clock.now());
    }
    expect(await delivery.status('k')).toMatchObject({ state: 'failed', attempts: 6, reason: 'socket hang up' });
    expect(adapter.dmCalls).toBe(6);
  });

  it('posts in the channel when a direct message fails for good, and remembers the person', async () => {
    const { delivery, adapter } = await setup();
    adapter.dmFailures.push(new DeliveryError('permanent', 'dm-closed'));
    expect(await delivery.send('k1', toAnna, message)).toMatchObject({ status: 'sent', via: 'fallback' });
    expect(adapter.take().map((s) => [s.kind, s.to, s.text])).toEqual([['channel', 'kanaal-1', 'Voor Anna: Agenda delen']]);
    expect(await delivery.isUnreachable('test', 'anna')).toBe(true);
    expect(await delivery.send('k2', toAnna, message)).toMatchObject({ status: 'sent', via: 'fallback' });
    expect(adapter.dmCalls).toBe(1);
  });

  it('fails without retrying when a permanent failure has no fallback', async () => {
    const { delivery, adapter } = await setup();
    adapter.dmFailures.push(new DeliveryError('permanent', 'account_inactive'));
    expect(await delivery.send('k', { kind: 'direct', platform: 'test', userId: 'bob' }, message)).toEqual({ status: 'failed', reason: 'account_inactive' });
    expect(await delivery.nextRetry()).toBeUndefined();
    expect(await delivery.send('k', { kind: 'direct', platform: 'test', userId: 'bob' }, message)).toEqual({ status: 'duplicate' });
  });

  it('takes over a send interrupted by a crash once the lease expires, and logs the possible duplicate', async () => {
    const { delivery, adapter, store, lines } = await setup();
    // A process wrote 'sending', may have sent, and died before marking it sent; its lease has expired.
    await store.set('delivery:k', { key: 'k', state: 'sending', target: toAnna, message, attempts: 1, firstAttemptAt: new Date(), updatedAt: new Date() });
    expect(await delivery.send('k', toAnna, message)).toMatchObject({ status: 'sent' });
    expect(adapter.take()).toHaveLength(1);
    expect(lines.join('')).toMatch(/may get it twice/);
    expect(await delivery.send('k', toAnna, message)).toEqual({ status: 'duplicate' });
  });

  it('does not take over while another process still holds the lease', async () => {
    const { delivery, store } = await setup();
    await store.set('delivery:k', { key: 'k', state: 'sending', target: toAnna, message, attempts: 1, firstAttemptAt: new Date(), updatedAt: new Date() });
    await store.claim('delivery-lease:k', 'other', 60_000);
    expect(await delivery.send('k', toAnna, message)).toEqual({ status: 'duplicate' });
  });

  it('lists a person\'s messages for mijn-gegevens; forgetting drops them and blanks others\' messages that name her', async () => {
    const store = new MemoryStore();
    const { delivery, adapter } = await setup(store);
    const channel = { kind: 'channel' as const, platform: 'test', channelId: 'kanaal-1' };
    const mentioning: Message = { summary: 'Dank', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Dank aan ' }, { type: 'mention', userId: 'anna', fallback: '@Anna' }] }] };
    const naming: Message = { summary: 'Gedeeld door Anna', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Gedeeld door Anna' }] }] };
    await delivery.send('k1', toAnna, message);
    await delivery.send('k2', channel, mentioning);
    await delivery.send('k3', channel, naming, { about: ['anna'] });
    await delivery.send('k4', channel, message);
    const { loadPrompts } = await import('../../src/core/prompt-files.ts');
    const t = loadPrompts(new URL('../../prompts', import.meta.url).pathname).translator('nl');
    const feature = delivery.feature();
    const [section] = await feature.personalData!({ platform: 'test', userId: 'anna' }, t);
    expect(section?.lines).toEqual([expect.stringMatching(/^2027-03-01: Herinnering \(verstuurd\)$/)]);
    await feature.forgetPerson!({ platform: 'test', userId: 'anna' });
    expect(await feature.personalData!({ platform: 'test', userId: 'anna' }, t)).toEqual([]);
    expect(await delivery.status('k1')).toBeUndefined();
    for (const key of ['k2', 'k3']) {
      expect(await delivery.status(key)).toMatchObject({ state: 'sent', message: { summary: '', blocks: [] } });
      expect(await delivery.send(key, channel, mentioning)).toEqual({ status: 'duplicate' });
    }
    expect((await delivery.status('k4'))?.message).toEqual(message);
    expect(JSON.stringify(store.dump())).not.toMatch(/anna|Anna/);
    expect(adapter.take()).toHaveLength(4);
  });

  it('keeps a record only as long as the caller asks', async () => {
    const { delivery, store } = await setup();
    await delivery.send('short', toAnna, message, { retentionMs: 30 });
    expect(await store.get('delivery:short')).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await store.get('delivery:short')).toBeUndefined();
  });

  it('retries later when the platform adapter is not running in this process', async () => {
    const { delivery } = await setup();
    expect(await delivery.send('k', { kind: 'channel', platform: 'discord', channelId: 'c' }, message)).toMatchObject({ status: 'retrying' });
  });
});

// Without REDIS_URL the test shows as skipped, with its title saying why.
describe('Delivery on Redis', () => {
  it.skipIf(!redisUrl)(`sends once when two processes with their own connections race${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    const prefix = `liso-test-delivery:${process.pid}:${Date.now()}:`;
    const [storeA, storeB] = await Promise.all([RedisStore.open(redisUrl!, prefix), RedisStore.open(redisUrl!, prefix)]);
    const adapter = new FlakyAdapter();
    adapter.delayMs = 20;
    const a = await setup(storeA, adapter);
    const b = await setup(storeB, adapter);
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).delivery.send('k', toAnna, message)));
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(1);
    expect(adapter.dmCalls).toBe(1);
    await storeA.clearPrefix();
    await storeA.close();
    await storeB.close();
  });
});
