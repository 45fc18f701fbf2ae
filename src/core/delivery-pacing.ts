// How the delivery worker asks whether a platform allows one more send now.
import type { RateLimitHint } from './delivery-attempt.ts';
import type { DeliveryLane, DeliveryTarget } from './delivery-records.ts';
import type { Message } from './message.ts';

export interface Reservation {
  /** 0 when the budget is reserved; otherwise the milliseconds until it could be (nothing is reserved then). */
  waitMs: number;
  /**
   * The send is over (its requests were made or never will be). Until then its requests count as
   * made just now: between reserving and a request reaching the platform lie store writes and the
   * SDK's own queues, and a request counted from the reservation alone could land in the next
   * window beside that window's own. Call once; nothing happens when nothing was reserved.
   */
  release(): void;
  /**
   * The send never reached the platform (another replica held its lease, or it was settled
   * meanwhile): its requests were not made and go back to the budget. Call instead of release.
   */
  cancel(): void;
}

export interface Pacing {
  /**
   * Reserves the platform's budget for one send to `target` (waitMs 0), or says how many
   * milliseconds until it could (reserving nothing). Sends for a person ('now') may use budget
   * the batch leaves alone.
   */
  reserve(platform: string, target: DeliveryTarget, message: Message | undefined, lane: DeliveryLane): Reservation;
  /**
   * Milliseconds until the budgets every send on the platform uses (an app's posts a minute,
   * Discord's global second) have room for one more send of `lane`; 0 when they have. While they
   * have none, no queued message can go, so there is no need to look at the rest of the queue.
   */
  blockedFor(platform: string, lane: DeliveryLane): number;
  /** What the platform said when it asked to slow down (for the app, or for this target's conversation). */
  observe(platform: string, target: DeliveryTarget, hint: RateLimitHint): void;
  /** Sends one process may have in flight on the platform at once (also the duplicates one crash can cause). */
  maxInFlight(platform: string): number;
}

/**
 * Sends in flight per platform and process when the adapter declares no limits of its own. A
 * process killed mid-send may have delivered each of them without recording it, so this is
 * also the most messages one crash can send twice on such a platform.
 */
export const DEFAULT_IN_FLIGHT = 4;
