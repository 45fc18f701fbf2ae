// How the delivery worker asks whether a platform allows one more send now.
import type { RateLimitHint } from './delivery-attempt.ts';
import type { DeliveryLane, DeliveryTarget } from './delivery-records.ts';
import type { Message } from './message.ts';

export interface Pacing {
  /**
   * Reserves the platform's budget for one send to `target` and returns 0, or returns the
   * milliseconds until it could (reserving nothing). Sends for a person ('now') may use budget
   * the batch leaves alone.
   */
  reserve(platform: string, target: DeliveryTarget, message: Message | undefined, lane: DeliveryLane): number;
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
