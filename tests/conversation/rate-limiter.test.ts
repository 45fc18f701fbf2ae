// The per-person token bucket, on a simulated clock (no timings asserted).
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { RateLimiter } from '../../src/core/rate-limiter.ts';

const START = new Date('2027-01-04T08:00:00Z');

describe('RateLimiter', () => {
  it('lets a burst through, refuses the rest, tells of a refusal once a minute, and refills with time', () => {
    const clock = new SimulatedClock(START);
    const limiter = new RateLimiter({ perMinute: 20, burst: 10 }, clock);
    const first = Array.from({ length: 10 }, () => limiter.take('slack:U1'));
    expect(first.every((d) => d.allowed)).toBe(true);
    const refused = [limiter.take('slack:U1'), limiter.take('slack:U1')];
    expect(refused.map((d) => [d.allowed, d.tell])).toEqual([
      [false, true],
      [false, false],
    ]);
    // 20 a minute: one more token every 3 seconds.
    expect(refused[0]!.retryAfterMs).toBe(3_000);
    clock.advance(3_000);
    expect(limiter.take('slack:U1').allowed).toBe(true);
    expect(limiter.take('slack:U1')).toMatchObject({ allowed: false, tell: false });
    clock.advance(57_000);
    for (let i = 0; i < 10; i++) expect(limiter.take('slack:U1').allowed).toBe(true);
    expect(limiter.take('slack:U1')).toMatchObject({ allowed: false, tell: true });
  });

  it('keeps people apart: one flooding does not limit another', () => {
    const clock = new SimulatedClock(START);
    const limiter = new RateLimiter({ perMinute: 20, burst: 10 }, clock);
    for (let i = 0; i < 100; i++) limiter.take('discord:flooder');
    expect(limiter.take('discord:other').allowed).toBe(true);
    expect(limiter.take('slack:flooder').allowed).toBe(true);
  });

  it('50 events in 10 seconds: the burst and the refill pass, the rest is refused', () => {
    const clock = new SimulatedClock(START);
    const limiter = new RateLimiter({ perMinute: 20, burst: 10 }, clock);
    let allowed = 0;
    for (let i = 0; i < 50; i++) {
      if (limiter.take('test:anna').allowed) allowed += 1;
      clock.advance(200);
    }
    expect(allowed).toBe(13);
  });

  it('a clock stepping back neither refills nor breaks the bucket', () => {
    let now = START.getTime();
    const limiter = new RateLimiter({ perMinute: 60, burst: 1 }, { now: () => new Date(now) });
    expect(limiter.take('a').allowed).toBe(true);
    now -= 3_600_000;
    expect(limiter.take('a').allowed).toBe(false);
    now += 1_000;
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('forgets the longest silent people beyond its capacity, keeping memory bounded', () => {
    const clock = new SimulatedClock(START);
    const limiter = new RateLimiter({ perMinute: 20, burst: 1 }, clock, 3);
    limiter.take('a');
    for (const who of ['b', 'c', 'd']) limiter.take(who);
    // 'a' was dropped (the longest silent), so it starts with a full bucket again; 'd' is kept.
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('d').allowed).toBe(false);
  });
});
