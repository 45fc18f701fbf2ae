// The pacer keeps sends within an adapter's declared budgets: sliding windows, shares among
// replicas, headroom for messages a person waits for, pauses when the platform says "slow down".
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/core/delivery-pacer.ts';
import type { DeliveryTarget } from '../../src/core/delivery.ts';
import type { Message } from '../../src/core/message.ts';
import type { RatePolicy } from '../../src/core/rate-policy.ts';

const short: Message = { summary: 'kort', blocks: [] };
const long: Message = { summary: 'lang', blocks: [{ type: 'section', text: [{ type: 'text', text: 'x'.repeat(10) }] }] };
const toChannel = (channelId: string): DeliveryTarget => ({ kind: 'channel', platform: 'p', channelId });
const toPerson = (userId: string): DeliveryTarget => ({ kind: 'direct', platform: 'p', userId });

/** 10 a second for the whole app, 1 a second per conversation; a message with blocks costs 2. */
const policy: RatePolicy = {
  budgets: {
    app: { requests: 10, windowMs: 1_000, scope: 'app' },
    conversation: { requests: 1, windowMs: 1_000, scope: 'conversation' },
  },
  costOf: (send) => {
    const parts = send.message.blocks.length > 0 ? 2 : 1;
    return [
      { budget: 'app', requests: parts },
      { budget: 'conversation', requests: 1 },
    ];
  },
  maxInFlight: 3,
};

function pacer(replicas = 1) {
  let now = 1_000_000;
  const p = new Pacer({ policyOf: (platform) => (platform === 'p' ? policy : undefined), monotonicNow: () => now, replicas: () => replicas });
  return { p, advance: (ms: number) => (now += ms) };
}

/** One send that ends at once: the milliseconds to wait for it, 0 when it went. */
function send(p: Pacer, target: DeliveryTarget, message: Message, lane: 'now' | 'batch', platform = 'p'): number {
  const reservation = p.reserve(platform, target, message, lane);
  reservation.release();
  return reservation.waitMs;
}

/** How many of `count` sends (to different conversations) the pacer allows at one instant. */
function burst(p: Pacer, count: number, lane: 'now' | 'batch', message = short, prefix = 'c'): number {
  let allowed = 0;
  for (let i = 0; i < count; i++) if (send(p, toChannel(`${prefix}${i}`), message, lane) === 0) allowed += 1;
  return allowed;
}

describe('Pacer', () => {
  it('allows an app budget per sliding window, leaving a tenth to messages a person waits for', () => {
    const { p, advance } = pacer();
    expect(burst(p, 20, 'batch')).toBe(9);
    expect(burst(p, 5, 'now', short, 'n')).toBe(1);
    advance(500);
    expect(burst(p, 5, 'batch', short, 'b')).toBe(0);
    // The window is kept a little longer than the platform's (latency on the way).
    advance(580);
    expect(burst(p, 20, 'batch', short, 'd')).toBe(9);
  });

  it('says how long to wait, and that wait is enough', () => {
    const { p, advance } = pacer();
    burst(p, 9, 'batch');
    const wait = send(p, toChannel('x'), short, 'batch');
    expect(wait).toBeGreaterThan(1_000);
    expect(wait).toBeLessThan(1_200);
    advance(wait);
    expect(send(p, toChannel('x'), short, 'batch')).toBe(0);
  });

  it('counts every request of a send (a long message is several)', () => {
    const { p } = pacer();
    expect(burst(p, 10, 'batch', long)).toBe(4);
  });

  it('keeps one conversation at its own pace while others go on', () => {
    const { p, advance } = pacer();
    expect(send(p, toPerson('anna'), short, 'batch')).toBe(0);
    expect(send(p, toPerson('anna'), short, 'batch')).toBeGreaterThan(0);
    expect(send(p, toPerson('bram'), short, 'batch')).toBe(0);
    advance(1_100);
    expect(send(p, toPerson('anna'), short, 'batch')).toBe(0);
  });

  it('counts the requests of a send under way as made now, until it ends (store writes and SDK queues lie between reserving and sending)', () => {
    const { p, advance } = pacer();
    const underWay = Array.from({ length: 9 }, (_, i) => p.reserve('p', toChannel(`c${i}`), short, 'batch'));
    expect(underWay.map((r) => r.waitMs)).toEqual(Array(9).fill(0));
    advance(5_000);
    // Reserved five seconds ago, but not yet sent: a request made now would share a second with them.
    expect(send(p, toChannel('x'), short, 'batch')).toBeGreaterThan(0);
    for (const reservation of underWay) reservation.release();
    advance(1_000);
    expect(send(p, toChannel('x'), short, 'batch')).toBeGreaterThan(0);
    advance(100);
    expect(send(p, toChannel('x'), short, 'batch')).toBe(0);
  });

  it('gives back the requests of a send that never reached the platform (another replica held it)', () => {
    const { p } = pacer();
    const found = Array.from({ length: 9 }, (_, i) => p.reserve('p', toChannel(`c${i}`), short, 'batch'));
    expect(send(p, toChannel('x'), short, 'batch')).toBeGreaterThan(0);
    for (const reservation of found) reservation.cancel();
    // A release after the cancel changes nothing: one or the other, once.
    for (const reservation of found) reservation.release();
    expect(burst(p, 9, 'batch')).toBe(9);
  });

  it('says when the budget every send needs is used up, so the worker stops reading the queue', () => {
    const { p, advance } = pacer();
    expect(p.blockedFor('p', 'batch')).toBe(0);
    burst(p, 9, 'batch');
    expect(p.blockedFor('p', 'batch')).toBeGreaterThan(0);
    // The tenth left to messages a person waits for is still there.
    expect(p.blockedFor('p', 'now')).toBe(0);
    advance(p.blockedFor('p', 'batch'));
    expect(p.blockedFor('p', 'batch')).toBe(0);
    expect(p.blockedFor('console', 'batch')).toBe(0);
  });

  it('splits an app budget evenly among replicas', () => {
    expect(burst(pacer(2).p, 20, 'now')).toBe(5);
    expect(burst(pacer(20).p, 20, 'now')).toBe(1);
  });

  it('pauses the app, or one conversation, for as long as the platform said', () => {
    const { p, advance } = pacer();
    p.observe('p', toChannel('c0'), { retryAfterMs: 3_000, scope: 'app' });
    expect(send(p, toChannel('other'), short, 'now')).toBe(3_000);
    advance(3_000);
    expect(send(p, toChannel('other'), short, 'now')).toBe(0);
    p.observe('p', toPerson('anna'), { retryAfterMs: 2_000, scope: 'conversation' });
    expect(send(p, toPerson('anna'), short, 'now')).toBe(2_000);
    expect(send(p, toPerson('bram'), short, 'now')).toBe(0);
  });

  it('never waits for a platform without a policy, and allows the declared sends in flight', () => {
    const { p } = pacer();
    expect(burst({ reserve: (_p: string, t: DeliveryTarget, m: Message, l: 'now' | 'batch') => p.reserve('console', t, m, l) } as Pacer, 100, 'batch')).toBe(100);
    expect(p.maxInFlight('p')).toBe(3);
    expect(p.maxInFlight('console')).toBe(4);
  });
});
