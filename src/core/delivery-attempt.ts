// One attempt at one queued message: lease, mark 'sending', call the platform, settle. The
// settle is one commit (record, queues, lease), so a crash leaves either the old state or the
// new one, and a key only counts as sent once its record says so.
import type { ChatAdapter, Destination, MessageRef } from './chat-adapter.ts';
import { DeliveryError } from './chat-adapter.ts';
import type { Clock } from './clock.ts';
import type { DomainEvents } from './domain-events.ts';
import type { DeliveryLane, DeliveryRecord, DeliveryTarget, DeliveryVia } from './delivery-records.ts';
import type { Message } from './message.ts';
import type { PersonKeys } from './person-keys.ts';
import { RETRY_SET, isSettled, leaseKey, queueKey, recordKey, storedForm, ttlOf, unreachableKey, withoutBody } from './delivery-records.ts';
import { eraseHistoryIfPossible } from '../store/erase-history.ts';
import type { Logger } from './logger.ts';
import type { Store, StoreWrite } from '../store/port.ts';

export type AttemptOutcome =
  /** `found`: an interrupted attempt had delivered it; this one recorded that (and sent only what the crash cut off). */
  | { status: 'sent'; ref: MessageRef; via: DeliveryVia; found?: true }
  /** Settled before this attempt could start (sent or failed earlier, by any process). */
  | { status: 'duplicate' }
  /** Another process holds the send's lease: it is sending it, or will once its lease runs out. */
  | { status: 'busy' }
  | { status: 'retrying'; attempt: number; nextAttemptAt: Date; rateLimit?: RateLimitHint }
  | { status: 'failed'; reason: string };

/** What a platform said about slowing down, for the pacer. */
export interface RateLimitHint {
  retryAfterMs: number;
  scope: 'app' | 'conversation';
}

export interface AttemptDeps {
  store: Store;
  /** Stand-ins for user ids in the unreachable mark's key. */
  personKeys: PersonKeys;
  clock: Clock;
  log: Logger;
  events?: DomainEvents;
  adapterFor(platform: string): ChatAdapter | undefined;
  instanceId: string;
  /** Attempts before a transiently failing message is given up. */
  maxAttempts: number;
  /** How long an attempt holds its key (default LEASE_MS). */
  leaseMs?: number;
  /** The message as sent: completed with what is never stored, or undefined when withdrawn. */
  complete(message: Message, target: DeliveryTarget, key: string, now: Date): Promise<Message | undefined>;
}

/**
 * Long enough for the slowest send (an adapter's requests each time out after 10 s; a long
 * message is a few requests); short enough that a send interrupted by a crash goes out soon
 * after a restart. While it runs, no other process sends the same key.
 */
export const LEASE_MS = 2 * 60_000;
/** A person who cannot get direct messages is not tried again for every message for a week. */
const UNREACHABLE_TTL_MS = 7 * 24 * 3_600_000;
const BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 60 * 60_000];
/** A platform's "slow down" up to this long is waited out in the queue without using an attempt. */
const RATE_LIMIT_REQUEUE_MS = 60_000;
/** Times a message may be sent back to the queue by rate limits before they count as failures. */
const MAX_RATE_LIMITED = 30;
/** The reason of a message its feature no longer wants sent (not a problem to report). */
const WITHDRAWN = 'withdrawn';

export class DeliveryAttempts {
  constructor(private readonly deps: AttemptDeps) {}

  /**
   * Sends the message of `key` once more if it is still owed and no other process holds it.
   * `queued` names the queue the caller found the key in, to clean it when the record is gone.
   */
  async attempt(key: string, queued?: { platform: string; lane: DeliveryLane }): Promise<AttemptOutcome> {
    const { store } = this.deps;
    if (!(await store.claim(leaseKey(key), this.deps.instanceId, this.deps.leaseMs ?? LEASE_MS))) return { status: 'busy' };
    const record = await store.get<DeliveryRecord>(recordKey(key));
    if (!record || isSettled(record) || !record.message) {
      // Settled (or expired, or forgotten) since it was queued: only the queue entry is left to clean.
      const stale = record ?? (queued ? { target: { kind: 'channel' as const, platform: queued.platform, channelId: '' }, lane: queued.lane } : undefined);
      await store.commit([...dequeue(key, stale), { op: 'delete', key: leaseKey(key) }]);
      return { status: 'duplicate' };
    }
    // Since when an earlier attempt may have arrived unbeknown to us: a crash mid-send (found
    // `sending`), or a send whose answer never came (`outcomeUnknownSince` on a retrying record).
    let unknownSince = record.outcomeUnknownSince ?? (record.state === 'sending' ? record.updatedAt : undefined);
    if (unknownSince !== undefined) {
      const found = await this.finishedInterrupted(record, unknownSince);
      if (found !== 'absent' && found !== 'unknown') {
        // It arrived (what was cut off of it is sent now): settled without posting it again.
        const via: DeliveryVia = record.target.kind === 'direct' ? 'direct' : 'channel';
        await this.settle(record, { ...withoutBody(record), state: 'sent', ref: found, via, updatedAt: this.deps.clock.now() });
        return { status: 'sent', ref: found, via, found: true };
      }
      this.deps.log.warn({ delivery: key, since: unknownSince }, 'resending a message whose earlier attempt was interrupted; the recipient may get it twice');
      // Not there: that attempt did not arrive. Could not tell: it is still to be looked for should this one fail too.
      if (found === 'absent') unknownSince = undefined;
    }
    const started = this.deps.clock.now();
    const sending: DeliveryRecord = { ...record, state: 'sending', attempts: record.attempts + 1, updatedAt: started };
    delete sending.nextAttemptAt;
    if (unknownSince === undefined) delete sending.outcomeUnknownSince;
    else sending.outcomeUnknownSince = unknownSince;
    // Durable before the platform is called: a crash from here on is known to maybe have sent it.
    await store.set(recordKey(key), sending, ttlOf(sending, started));
    try {
      const { ref, via } = await this.deliverOnce(sending);
      await this.settle(sending, { ...withoutBody(sending), state: 'sent', ref, via, updatedAt: this.deps.clock.now() });
      return { status: 'sent', ref, via };
    } catch (error) {
      return this.failed(sending, classify(error));
    }
  }

  private async failed(sending: DeliveryRecord, failure: Failure): Promise<AttemptOutcome> {
    const { clock, log } = this.deps;
    const now = clock.now();
    if (failure.outcomeUnknown) {
      // The platform may have taken it: the retry first looks (from the earliest such attempt on).
      sending = { ...sending, outcomeUnknownSince: sending.outcomeUnknownSince ?? sending.updatedAt };
    }
    const rateLimited = sending.rateLimited ?? 0;
    if (failure.kind === 'transient' && failure.rateLimit && failure.rateLimit.retryAfterMs <= RATE_LIMIT_REQUEUE_MS && rateLimited < MAX_RATE_LIMITED) {
      // Asked to slow down: back in the queue once the platform allows it, the attempt not counted.
      const nextAttemptAt = new Date(now.getTime() + failure.rateLimit.retryAfterMs);
      const waiting: DeliveryRecord = { ...sending, state: 'retrying', attempts: sending.attempts - 1, rateLimited: rateLimited + 1, nextAttemptAt, reason: failure.reason, updatedAt: now };
      await this.settle(sending, waiting);
      return { status: 'retrying', attempt: sending.attempts, nextAttemptAt, rateLimit: failure.rateLimit };
    }
    if (failure.kind === 'transient' && sending.attempts < this.deps.maxAttempts) {
      const wait = Math.max(failure.retryAfterMs ?? 0, BACKOFF_MS[Math.min(sending.attempts - 1, BACKOFF_MS.length - 1)]!);
      const nextAttemptAt = new Date(now.getTime() + wait);
      log.warn({ delivery: sending.key, reason: failure.reason, attempt: sending.attempts, nextAttemptAt }, 'delivery failed for now; will retry');
      await this.settle(sending, { ...sending, state: 'retrying', nextAttemptAt, reason: failure.reason, updatedAt: now });
      // A long Retry-After is this message's retry time only: the pacer is not paused for hours.
      return { status: 'retrying', attempt: sending.attempts, nextAttemptAt };
    }
    log.warn({ delivery: sending.key, reason: failure.reason, kind: failure.kind, attempts: sending.attempts }, 'delivery failed for good');
    // Recorded before the send settles: a crash in between repeats the attempt, never loses the report.
    if (failure.kind === 'permanent' && failure.reason !== WITHDRAWN) await this.reportProblem(sending, failure.reason);
    await this.settle(sending, { ...withoutBody(sending), state: 'failed', reason: failure.reason, updatedAt: now });
    return { status: 'failed', reason: failure.reason };
  }

  /**
   * After a crash mid-send or a send whose answer never came (an attempt since `since`): the
   * message's ref when its platform shows it arrived under this key (what was cut off of it sent
   * now); 'absent' when the platform says it is not there; 'unknown' when it cannot look or tell
   * (either way it is sent again, as a repeat is better than a loss). Only its direct conversation
   * or channel is looked in: a fallback post is not.
   */
  private async finishedInterrupted(record: DeliveryRecord, since: Date): Promise<MessageRef | 'absent' | 'unknown'> {
    const { target } = record;
    const adapter = this.deps.adapterFor(target.platform);
    if (!adapter?.finishInterrupted) return 'unknown';
    const destination: Destination = target.kind === 'direct' ? { kind: 'direct', userId: target.userId } : { kind: 'channel', channelId: target.channelId };
    try {
      // As it would be sent now (completing may issue what a resend would: a fresh pulse ballot,
      // unused when nothing is missing); a withdrawn message is left to the attempt, which settles it so.
      const message = await this.deps.complete(record.message!, target, record.key, this.deps.clock.now());
      if (!message) return 'unknown';
      const found = await adapter.finishInterrupted(destination, message, record.key, since);
      if (found === 'unknown') this.deps.log.info({ delivery: record.key }, 'could not tell whether an interrupted send arrived');
      return found ?? 'absent';
    } catch (error) {
      this.deps.log.warn({ err: error, delivery: record.key }, 'looking for an interrupted send failed');
      return 'unknown';
    }
  }

  /** The new state of the record, its queue entries and the lease, in one commit. */
  private async settle(sending: DeliveryRecord, next: DeliveryRecord): Promise<void> {
    const stored = storedForm(next);
    const writes: StoreWrite[] = [{ op: 'set', key: recordKey(next.key), value: stored, ttlMs: ttlOf(next, this.deps.clock.now()) }, ...dequeue(next.key, sending)];
    if (next.state === 'retrying') writes.push({ op: 'setAdd', key: RETRY_SET, members: [next.key] });
    writes.push({ op: 'delete', key: leaseKey(next.key) });
    await this.deps.store.commit(writes);
    // Its versions with the moments (queued, sending) stay in the store's log until a checkpoint: not after it settled.
    if (stored !== next) await eraseHistoryIfPossible(this.deps.store);
  }

  private async reportProblem(record: DeliveryRecord, reason: string): Promise<void> {
    const { target } = record;
    await this.deps.events?.emit({
      type: 'delivery.problem',
      key: record.key,
      platform: target.platform,
      target: target.kind,
      ...(target.kind === 'direct' ? { userId: target.userId } : { channelId: target.channelId }),
      // A direct message whose fallback post failed: the channel is the problem to report.
      ...(target.kind === 'direct' && target.fallback ? { channelId: target.fallback.channelId } : {}),
      reason,
      at: this.deps.clock.now(),
    });
  }

  private async deliverOnce(record: DeliveryRecord): Promise<{ ref: MessageRef; via: DeliveryVia }> {
    const { target } = record;
    const adapter = this.deps.adapterFor(target.platform);
    if (!adapter) throw new DeliveryError('transient', `no adapter running for ${target.platform}`);
    const message = await this.deps.complete(record.message!, target, record.key, this.deps.clock.now());
    if (!message) throw new DeliveryError('permanent', WITHDRAWN);
    // The key is the idempotency key: a platform that dedupes by it makes a resend after a crash harmless.
    if (target.kind === 'channel') return { ref: await adapter.postToChannel(target.channelId, message, { idempotencyKey: record.key }), via: 'channel' };
    const { store } = this.deps;
    const fallback = target.fallback;
    const unreachable = await store.get<{ reason: string }>(unreachableKey(this.deps.personKeys.of(target.platform, target.userId)));
    if (unreachable === undefined) {
      try {
        return { ref: await adapter.sendDirect(target.userId, message, { idempotencyKey: record.key }), via: 'direct' };
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.kind !== 'permanent') throw error;
        await store.set(unreachableKey(this.deps.personKeys.of(target.platform, target.userId)), { reason: error.reason, at: this.deps.clock.now() }, UNREACHABLE_TTL_MS);
        if (!fallback?.message) throw error;
        this.deps.log.info({ delivery: record.key, reason: error.reason }, 'direct message impossible; posting in the network channel');
        await this.deps.events?.emit({
          type: 'delivery.problem',
          key: record.key,
          platform: target.platform,
          target: 'direct',
          userId: target.userId,
          fallbackChannelId: fallback.channelId,
          reason: error.reason,
          at: this.deps.clock.now(),
        });
      }
    } else if (!fallback?.message) {
      // The reason the person was found unreachable: the trekker was told about it once already.
      throw new DeliveryError('permanent', unreachable.reason);
    }
    return { ref: await adapter.postToChannel(fallback!.channelId, fallback!.message!, { idempotencyKey: `${record.key}#fallback` }), via: 'fallback' };
  }
}

/** Removes a key from the queues it may sit in (its own lane's, and the retry set). */
function dequeue(key: string, record: Pick<DeliveryRecord, 'target' | 'lane'> | undefined): StoreWrite[] {
  if (!record) return [];
  return [
    { op: 'setRemove', key: queueKey(record.target.platform, record.lane), members: [key] },
    { op: 'setRemove', key: RETRY_SET, members: [key] },
  ];
}

interface Failure {
  kind: 'permanent' | 'transient';
  reason: string;
  retryAfterMs?: number;
  rateLimit?: RateLimitHint;
  /** The platform may have carried it out (DeliveryError.outcomeUnknown). */
  outcomeUnknown?: true;
}

function classify(error: unknown): Failure {
  if (error instanceof DeliveryError) {
    return {
      kind: error.kind,
      reason: error.reason,
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      ...(error.rateLimit && error.retryAfterMs !== undefined ? { rateLimit: { retryAfterMs: error.retryAfterMs, scope: error.rateLimit } } : {}),
      ...(error.outcomeUnknown ? { outcomeUnknown: true as const } : {}),
    };
  }
  // An unclassified error is most likely the network or an outage: worth a bounded retry.
  return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
}
