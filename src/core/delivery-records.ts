// The stored layout of Delivery: one record per delivery key, the queues that hold unsettled
// keys per platform, the retry set and the per-person index.
import type { MessageRef } from './chat-adapter.ts';
import { expiryFromMonth, monthStart, ttlUntil } from './coarse-time.ts';
import type { Message } from './message.ts';

export type DeliveryTarget =
  | { kind: 'direct'; platform: string; userId: string; fallback?: { channelId: string; message?: Message } }
  | { kind: 'channel'; platform: string; channelId: string };

export type DeliveryVia = 'direct' | 'channel' | 'fallback';

/**
 * Who waits for a message: `now` is caused by a person just now (a command, a button) and goes
 * before `batch`, the scheduled work of ticks (nudges, results, milestones).
 */
export type DeliveryLane = 'now' | 'batch';

/**
 * 'queued' → 'sending' → 'sent' | 'retrying' | 'failed'. Queued, sending and retrying are
 * unsettled: the message is still owed. A record is written 'sending' before the platform is
 * called, so one found 'sending' with no live lease was interrupted and may have arrived.
 */
export type DeliveryState = 'queued' | 'sending' | 'sent' | 'retrying' | 'failed';

export interface DeliveryRecord {
  key: string;
  state: DeliveryState;
  lane: DeliveryLane;
  target: DeliveryTarget;
  /** The message, kept only until the send settles (sent or failed). */
  message?: Message;
  /** The message's one-line summary, for `/liso mijn-gegevens`. */
  summary: string;
  attempts: number;
  queuedAt: Date;
  updatedAt: Date;
  nextAttemptAt?: Date;
  /** Times the platform asked to slow down; these do not count as attempts. */
  rateLimited?: number;
  via?: DeliveryVia;
  ref?: MessageRef;
  reason?: string;
  /**
   * The start of the earliest attempt that may have reached the platform without the bot learning
   * so (it timed out, lost its connection, or was cut off by a crash) and that no look since has
   * ruled out: the next attempt first asks the adapter whether it arrived (`finishInterrupted`).
   */
  outcomeUnknownSince?: Date;
  /** How long the record is kept after its last change. */
  retentionMs?: number;
  /**
   * For a message whose moment would point at someone who acted without their name (a question
   * passed on anonymously): the zone whose calendar month the record keeps once settled, in place of
   * the moments it was queued and sent, and from whose start its retention is counted.
   */
  coarseTimesIn?: string;
}

export const recordKey = (key: string) => `delivery:${key}`;
export const leaseKey = (key: string) => `delivery-lease:${key}`;
export const queueKey = (platform: string, lane: DeliveryLane) => `delivery-queue:${platform}:${lane}`;
export const RETRY_SET = 'delivery-retries';
/** Platforms that have had a queue, so a worker knows which queues to read. */
export const PLATFORM_SET = 'delivery-platforms';
/** A person (by person key, src/core/person-keys.ts) whose direct messages failed for good recently. */
export const unreachableKey = (person: string) => `delivery-unreachable:${person}`;

/** Records outlive every feature's own planning horizon (a network meets for years at most). */
export const RECORD_TTL_MS = 800 * 24 * 3_600_000;

export function isSettled(record: DeliveryRecord | undefined): boolean {
  return record !== undefined && (record.state === 'sent' || record.state === 'failed');
}

/** A settled record keeps who, when and how, but no message text (neither the message nor its fallback). */
export function withoutBody(record: DeliveryRecord): DeliveryRecord {
  const { message: _message, outcomeUnknownSince: _unknownSince, ...rest } = record;
  const target: DeliveryTarget = record.target.kind === 'direct' && record.target.fallback ? { ...record.target, fallback: { channelId: record.target.fallback.channelId } } : record.target;
  return { ...rest, target };
}

export function retentionOf(record: Pick<DeliveryRecord, 'retentionMs'>): number {
  return record.retentionMs ?? RECORD_TTL_MS;
}

/**
 * When a record written now expires: its retention after this change, or for one kept coarse, its
 * retention counted from the start of the month it was queued in, the same expiry at every write.
 */
export function expiryOf(record: Pick<DeliveryRecord, 'queuedAt' | 'retentionMs' | 'coarseTimesIn'>, now: Date): Date {
  const retention = retentionOf(record);
  return record.coarseTimesIn ? expiryFromMonth(record.queuedAt, record.coarseTimesIn, retention) : new Date(now.getTime() + retention);
}

/** The time to live of a record written now (see expiryOf). */
export function ttlOf(record: DeliveryRecord, now: Date): number {
  return ttlUntil(expiryOf(record, now), now);
}

/**
 * What is stored of a record: one kept coarse, once settled, keeps the month it was queued in as
 * both its times, and not the platform's id of the message sent (a Slack `ts` and a Discord
 * snowflake are the moment it was posted; nothing edits such a message later). Until it settles the
 * moments are needed (retries, an interrupted send looked for since its start); settled, only
 * mijn-gegevens reads them (the recipient then sees the month's first day).
 */
export function storedForm(record: DeliveryRecord): DeliveryRecord {
  if (!record.coarseTimesIn || !isSettled(record)) return record;
  const month = monthStart(record.queuedAt, record.coarseTimesIn);
  const { ref: _ref, nextAttemptAt: _next, ...rest } = record;
  return { ...rest, queuedAt: month, updatedAt: month };
}
