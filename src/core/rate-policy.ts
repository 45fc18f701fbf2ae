// The limits an adapter declares for the messages the core sends through it. Neutral: budgets
// with a count per window; which requests a send makes is the adapter's knowledge, how to keep
// within the budgets (pacing, sharing among replicas, backing off after a 429) the core's.
import type { Message } from './message.ts';

export interface RateBudget {
  /** Requests allowed within any `windowMs` (a sliding window: the strictest reading of a limit). */
  requests: number;
  windowMs: number;
  /**
   * 'app': one budget for everything the bot sends on the platform, shared by all its replicas
   * (Discord's global limit, a Slack method's tier). 'conversation': one per recipient
   * (Slack's message per second per channel, Discord's per-channel route bucket).
   */
  scope: 'app' | 'conversation';
}

/** One send the core is about to make through an adapter. */
export type OutboundSend = { kind: 'direct'; userId: string; message: Message } | { kind: 'channel'; channelId: string; message: Message };

export interface RatePolicy {
  /** The platform's budgets by name (names are the adapter's: a method, a route). */
  budgets: Readonly<Record<string, RateBudget>>;
  /** The requests one send makes, per budget (a long message is several posts; a first DM opens a conversation). */
  costOf(send: OutboundSend): ReadonlyArray<{ budget: string; requests: number }>;
  /**
   * Sends one process may have in flight on this platform. Throughput needs about budget ×
   * latency of them; each is a message a crash can repeat where the platform has no idempotency
   * key, so it is kept small.
   */
  maxInFlight: number;
}
