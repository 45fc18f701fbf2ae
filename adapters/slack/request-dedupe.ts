// Drops Slack retries and replays before they reach a listener, across every replica.
import { createHash } from 'node:crypto';
import type { Store } from '../../src/store/port.ts';
import { slackKeys } from './keys.ts';

// Slack retries an event three times within about five minutes, and a signed request can be
// replayed for five minutes; an hour covers both with a wide margin.
export const SEEN_TTL_MS = 60 * 60 * 1000;

interface RequestBody {
  type?: string;
  event_id?: string;
  trigger_id?: string;
}

/**
 * A stable id for one Slack request: the event id for Events API deliveries (the same on every
 * retry), the trigger id for commands, presses and submissions (unique per user action), else a
 * hash of the payload (a replay is byte for byte the same request).
 */
export function requestIdOf(body: RequestBody, payloadHash: string): string {
  if (body.type === 'event_callback' && typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string' && body.trigger_id !== '') return `trigger:${body.trigger_id}`;
  return `hash:${payloadHash}`;
}

export function hashPayload(raw: string | Buffer): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 32);
}

/** True for exactly one replica and one delivery of a request; false for every repeat. */
export async function claimRequest(store: Store, requestId: string): Promise<boolean> {
  return store.claim(slackKeys.seenRequest(requestId), 1, SEEN_TTL_MS);
}
