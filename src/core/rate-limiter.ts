// A per-person token bucket, so one person flooding the bot cannot slow everyone else down.
import type { Clock } from './clock.ts';

export interface RateLimit {
  /** Events a person may send per minute, sustained. */
  perMinute: number;
  /** Events a person may send at once after a quiet spell. */
  burst: number;
}

export interface RateDecision {
  allowed: boolean;
  /**
   * A refusal the person should be told about: the first, then at most one a minute while they
   * keep sending, so a flood is not answered with a flood of notices.
   */
  tell: boolean;
  /** Milliseconds until the next event would be allowed (0 when allowed). */
  retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** When the person was last told they were refused. */
  toldAt?: number;
}

const TELL_AGAIN_AFTER_MS = 60_000;

// People not heard from for long have full buckets; beyond this many, the longest silent go.
const DEFAULT_MAX_TRACKED = 20_000;

/**
 * Kept in memory per process: a check costs no store round trip, and it guards what a flood
 * costs, which is this process's work. With several replicas, Discord gives every replica every
 * gateway event, so each counts all of a person's events and decides alike; Slack spreads events
 * over replicas, so across N replicas a person gets at most N times the rate, and each replica's
 * share of the work stays bounded.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
    private readonly maxTracked = DEFAULT_MAX_TRACKED,
  ) {
    if (!(limit.perMinute > 0) || !(limit.burst >= 1)) throw new Error('a rate limit needs perMinute > 0 and burst >= 1');
    this.perMs = limit.perMinute / 60_000;
  }

  /** Counts one event of `who` and says whether it may be handled. */
  take(who: string): RateDecision {
    const now = this.clock.now().getTime();
    const bucket: Bucket = this.buckets.get(who) ?? { tokens: this.limit.burst, at: now };
    // A clock that stepped back refills nothing and takes nothing away.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + elapsed * this.perMs);
    bucket.at = now;
    let decision: RateDecision;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      decision = { allowed: true, tell: false, retryAfterMs: 0 };
    } else {
      const tell = bucket.toldAt === undefined || now - bucket.toldAt >= TELL_AGAIN_AFTER_MS || now < bucket.toldAt;
      if (tell) bucket.toldAt = now;
      decision = { allowed: false, tell, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs) };
    }
    // Re-inserting keeps the map in order of last use, so the front is the longest silent.
    this.buckets.delete(who);
    this.buckets.set(who, bucket);
    while (this.buckets.size > this.maxTracked) this.buckets.delete(this.buckets.keys().next().value!);
    return decision;
  }
}
