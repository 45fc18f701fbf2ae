// The delivery key on Slack: message metadata on every post made for the core's Delivery, and
// how a conversation's history shows that a send interrupted by a crash arrived whole.
import { createHash } from 'node:crypto';

/** The metadata event_type of every post the core's Delivery makes (invisible to people). */
export const DELIVERY_EVENT_TYPE = 'liso_delivery';

/**
 * What a post made for Delivery carries: the hashed key and which page of how many, with the
 * number of files that follow the last page; a file shown inline (its upload failed) says which.
 */
export interface DeliveryMetadata {
  event_type: typeof DELIVERY_EVENT_TYPE;
  event_payload: { key: string; part: number; parts: number; files: number } | { key: string; file: number };
}

/**
 * The delivery key as it goes to Slack: a hash, since keys name people (`nudge-digest:slack:<user>:<day>`)
 * and metadata is readable by any app that can read the conversation.
 */
export function deliveryKeyHash(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 22);
}

export function pageMetadata(idempotencyKey: string, part: number, parts: number, files: number): DeliveryMetadata {
  return { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: deliveryKeyHash(idempotencyKey), part, parts, files } };
}

export function inlineFileMetadata(idempotencyKey: string, file: number): DeliveryMetadata {
  return { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: deliveryKeyHash(idempotencyKey), file } };
}

/** A message of conversations.history, as far as it is read here. */
export interface HistoryMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  files?: unknown[];
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** How much of a message a conversation shows: its first page's ts, and how many of its pages and files arrived. */
export interface Arrived {
  ts: string;
  /** Pages as the message was sent (its metadata), and how many of them arrived, from the first on. */
  parts: number;
  pages: number;
  /** Files as the message was sent, and how many of them arrived (in the order they are sent). */
  files: number;
  filesArrived: number;
}

/**
 * How much of the message sent under `idempotencyKey` `messages` (the pages of a conversation's
 * history, any order) hold: its pages by their metadata, then its files after the last of them
 * (an upload carries no metadata: the bot's file messages right after it, before its next message;
 * people's own messages and other apps' in between are passed over, the bot's own known by its
 * user id, or by any bot_id when that is not known; a file shown inline has metadata).
 * Undefined when its first page is not there; 'unknown' when the pages it shows make no sense
 * (a later page without an earlier one).
 */
export function arrivedIn(messages: readonly HistoryMessage[], idempotencyKey: string, botUserId: string | undefined): Arrived | undefined | 'unknown' {
  const key = deliveryKeyHash(idempotencyKey);
  const ordered = messages.filter((m) => typeof m.ts === 'string').sort((a, b) => Number(a.ts) - Number(b.ts));
  const ours = (m: HistoryMessage) => (m.metadata?.event_type === DELIVERY_EVENT_TYPE && m.metadata.event_payload?.['key'] === key ? m.metadata.event_payload : undefined);
  const pages = new Map<number, number>();
  for (const [index, m] of ordered.entries()) {
    const payload = ours(m);
    if (payload && typeof payload['part'] === 'number') pages.set(payload['part'], index);
  }
  const first = pages.get(0);
  if (first === undefined) return undefined;
  const { parts, files } = ours(ordered[first]!) as { parts: number; files: number };
  if ([...pages.keys()].some((part) => part >= parts || part > 0 && !pages.has(part - 1))) return 'unknown';
  let filesArrived = 0;
  for (const m of ordered.slice(Math.max(...pages.values()) + 1)) {
    if (filesArrived >= files) break;
    if (typeof ours(m)?.['file'] === 'number') filesArrived += 1;
    else if (!(botUserId === undefined ? m.bot_id !== undefined : m.user === botUserId)) continue;
    else if (m.files?.length) filesArrived += 1;
    else break;
  }
  return { ts: ordered[first]!.ts!, parts, pages: pages.size, files, filesArrived };
}
