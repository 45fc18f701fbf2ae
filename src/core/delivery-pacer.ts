// Keeps the sends of one process within the limits its adapters declare (RatePolicy): a sliding
// window per budget (and per conversation for per-conversation budgets), an app budget shared
// evenly among the live replicas, headroom left for messages a person waits for, and a pause
// when the platform answers "slow down" all the same.
import type { RateLimitHint } from './delivery-attempt.ts';
import type { Pacing, Reservation } from './delivery-pacing.ts';
import { DEFAULT_IN_FLIGHT } from './delivery-pacing.ts';
import type { DeliveryLane, DeliveryTarget } from './delivery-records.ts';
import type { Message } from './message.ts';
import type { RateBudget, RatePolicy } from './rate-policy.ts';

export interface PacerDeps {
  policyOf(platform: string): RatePolicy | undefined;
  /** Monotonic milliseconds: a wall clock set back must not stall the pace. */
  monotonicNow(): number;
  /** Replicas sharing the platforms' app budgets now (at least 1). */
  replicas(): number;
}

/**
 * A request leaves here a little before the platform counts it, and not all take equally long
 * on the way: windows are kept this much longer than the platform's, so two requests spaced by a
 * window here are never closer than that when they arrive.
 */
const WINDOW_MARGIN = 1.05;
const WINDOW_MARGIN_MS = 25;
/** Of an app budget, this share is left to messages a person is waiting for. */
const HEADROOM_FOR_NOW = 0.1;
/** Idle per-conversation windows are dropped after this many reservations. */
const PRUNE_EVERY = 2_000;
/** A budget taken up by sends under way is looked at again after this long (their end also wakes the worker). */
const PENDING_RECHECK_MS = 25;
const RESERVED_NOTHING: Reservation = { waitMs: 0, release: () => undefined, cancel: () => undefined };

export class Pacer implements Pacing {
  private readonly windows = new Map<string, SlidingWindow>();
  /** Conversations the platform asked to wait for (a route bucket it announced), until when. */
  private readonly pausedConversations = new Map<string, number>();
  private reservations = 0;
  private readonly everySendOf = new WeakMap<RatePolicy, string[]>();

  constructor(private readonly deps: PacerDeps) {}

  reserve(platform: string, target: DeliveryTarget, message: Message | undefined, lane: DeliveryLane): Reservation {
    const policy = this.deps.policyOf(platform);
    if (!policy || !message) return RESERVED_NOTHING;
    const costs = policy.costOf(target.kind === 'direct' ? { kind: 'direct', userId: target.userId, message } : { kind: 'channel', channelId: target.channelId, message });
    const now = this.deps.monotonicNow();
    const plan: Array<{ window: SlidingWindow; requests: number }> = [];
    const pausedUntil = this.pausedConversations.get(`${platform}\u0000${conversationOf(target)}`) ?? 0;
    let wait = pausedUntil > now ? Math.ceil(pausedUntil - now) : 0;
    for (const { budget: name, requests } of costs) {
      const budget = policy.budgets[name];
      if (!budget || requests <= 0) continue;
      const window = this.windowOf(platform, name, budget.scope === 'conversation' ? conversationOf(target) : undefined);
      const limit = this.limitOf(budget);
      const headroom = lane === 'batch' && budget.scope === 'app' ? Math.floor(limit * HEADROOM_FOR_NOW) : 0;
      wait = Math.max(wait, window.waitFor(requests, limit, widened(budget.windowMs), headroom, now));
      plan.push({ window, requests });
    }
    if (wait > 0) return { waitMs: wait, release: () => undefined, cancel: () => undefined };
    for (const { window, requests } of plan) window.take(requests);
    if (++this.reservations % PRUNE_EVERY === 0) this.prune(now);
    let released = false;
    return {
      waitMs: 0,
      release: () => {
        if (released) return;
        released = true;
        const end = this.deps.monotonicNow();
        for (const { window, requests } of plan) window.release(requests, end);
      },
      cancel: () => {
        if (released) return;
        released = true;
        for (const { window, requests } of plan) window.cancel(requests);
      },
    };
  }

  blockedFor(platform: string, lane: DeliveryLane): number {
    const policy = this.deps.policyOf(platform);
    if (!policy) return 0;
    const now = this.deps.monotonicNow();
    let wait = 0;
    for (const name of this.everySend(policy)) {
      const budget = policy.budgets[name]!;
      const limit = this.limitOf(budget);
      const headroom = lane === 'batch' ? Math.floor(limit * HEADROOM_FOR_NOW) : 0;
      wait = Math.max(wait, this.windowOf(platform, name, undefined).waitFor(1, limit, widened(budget.windowMs), headroom, now));
    }
    return wait;
  }

  /** The app budgets even the smallest send uses (found by asking the policy the cost of an empty post). */
  private everySend(policy: RatePolicy): string[] {
    let names = this.everySendOf.get(policy);
    if (!names) {
      const costs = policy.costOf({ kind: 'channel', channelId: '', message: { summary: '', blocks: [] } });
      names = costs.filter((c) => c.requests > 0 && policy.budgets[c.budget]?.scope === 'app').map((c) => c.budget);
      this.everySendOf.set(policy, names);
    }
    return names;
  }

  observe(platform: string, target: DeliveryTarget, hint: RateLimitHint): void {
    const policy = this.deps.policyOf(platform);
    if (!policy) return;
    const until = this.deps.monotonicNow() + hint.retryAfterMs;
    if (hint.scope === 'conversation') {
      const key = `${platform}\u0000${conversationOf(target)}`;
      this.pausedConversations.set(key, Math.max(until, this.pausedConversations.get(key) ?? 0));
    }
    for (const [name, budget] of Object.entries(policy.budgets)) {
      if (budget.scope !== hint.scope) continue;
      this.windowOf(platform, name, budget.scope === 'conversation' ? conversationOf(target) : undefined).pauseUntil(until);
    }
  }

  maxInFlight(platform: string): number {
    return this.deps.policyOf(platform)?.maxInFlight ?? DEFAULT_IN_FLIGHT;
  }

  /** An app budget is split evenly among the replicas sending on it. */
  private limitOf(budget: RateBudget): number {
    if (budget.scope === 'conversation') return budget.requests;
    return Math.max(1, Math.floor(budget.requests / Math.max(1, this.deps.replicas())));
  }

  private windowOf(platform: string, budget: string, conversation: string | undefined): SlidingWindow {
    const key = conversation === undefined ? `${platform}\u0000${budget}` : `${platform}\u0000${budget}\u0000${conversation}`;
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = new SlidingWindow()));
    return window;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.idleAt(now)) this.windows.delete(key);
    for (const [key, until] of this.pausedConversations) if (until <= now) this.pausedConversations.delete(key);
  }
}

/**
 * The requests of one budget: those of sends still under way (counted as made now, whenever
 * they were reserved), and the times of those whose send ended within the last window, oldest first.
 */
class SlidingWindow {
  private readonly times: number[] = [];
  private pending = 0;
  private paused = 0;
  private lastWindowMs = 0;

  /** Milliseconds until `requests` more fit within `limit` (keeping `headroom` free); 0 when they fit now. */
  waitFor(requests: number, limit: number, windowMs: number, headroom: number, now: number): number {
    this.lastWindowMs = windowMs;
    if (this.paused > now) return Math.ceil(this.paused - now);
    while (this.times.length > 0 && this.times[0]! <= now - windowMs) this.times.shift();
    const allowed = Math.max(1, limit - headroom);
    // One send costing more than the whole budget goes when the window is empty.
    const needed = Math.min(requests, allowed);
    const excess = this.pending + this.times.length + needed - allowed;
    if (excess <= 0) return 0;
    // Only sends under way would have to end first: their end is not known, so look again soon.
    if (excess > this.times.length) return PENDING_RECHECK_MS;
    return Math.max(1, Math.ceil(this.times[excess - 1]! + windowMs - now));
  }

  take(requests: number): void {
    this.pending += requests;
  }

  /** The send that reserved `requests` ended at `end` (monotonic, so never before a time already kept). */
  release(requests: number, end: number): void {
    this.pending = Math.max(0, this.pending - requests);
    for (let i = 0; i < requests; i++) this.times.push(end);
  }

  /** The send that reserved `requests` made none of them. */
  cancel(requests: number): void {
    this.pending = Math.max(0, this.pending - requests);
  }

  pauseUntil(until: number): void {
    this.paused = Math.max(this.paused, until);
  }

  idleAt(now: number): boolean {
    return this.pending === 0 && this.paused <= now && (this.times.length === 0 || this.times.at(-1)! <= now - this.lastWindowMs);
  }
}

function widened(windowMs: number): number {
  return Math.ceil(windowMs * WINDOW_MARGIN + WINDOW_MARGIN_MS);
}

function conversationOf(target: DeliveryTarget): string {
  return target.kind === 'direct' ? `direct:${target.userId}` : `channel:${target.channelId}`;
}
