// Exactly-once delivery of the bot's own messages (nudges, pulse invitations, celebrations):
// claimed per deterministic key before sending, retried only for transient failures, with a
// channel fallback for people who cannot be reached directly.
import type { ChatAdapter, MessageRef } from './chat-adapter.ts';
import { DeliveryError } from './chat-adapter.ts';
import type { Clock } from './clock.ts';
import type { DomainEvents } from './domain-events.ts';
import type { Feature } from './feature.ts';
import type { Logger } from './logger.ts';
import type { Message } from './message.ts';
import type { Store } from '../store/port.ts';

export type DeliveryTarget =
  | { kind: 'direct'; platform: string; userId: string; fallback?: { channelId: string; message: Message } }
  | { kind: 'channel'; platform: string; channelId: string };

export type DeliveryOutcome =
  | { status: 'sent'; ref: MessageRef; via: DeliveryVia }
  /** Already sent, failed for good, waiting for a retry, or being sent by another process. */
  | { status: 'duplicate' }
  | { status: 'retrying'; attempt: number; nextAttemptAt: Date }
  | { status: 'failed'; reason: string };

export type DeliveryVia = 'direct' | 'channel' | 'fallback';

export interface DeliveryRecord {
  key: string;
  state: 'sending' | 'sent' | 'retrying' | 'failed';
  target: DeliveryTarget;
  message: Message;
  attempts: number;
  firstAttemptAt: Date;
  updatedAt: Date;
  nextAttemptAt?: Date;
  via?: DeliveryVia;
  ref?: MessageRef;
  reason?: string;
  /** How long the record is kept after its last change. */
  retentionMs?: number;
}

export interface SendOptions {
  /**
   * How long the record (who got what, when) is kept. The default outlives any planning horizon;
   * a feature whose messages reveal something (a pulse reminder tells who had not answered yet)
   * keeps them only as long as it needs them to avoid sending twice.
   */
  retentionMs?: number;
}

/**
 * Completes a message just before each attempt with what must never be stored, such as a pulse
 * ballot's token: the record keeps the message without it, and a retry completes it afresh.
 * Undefined withdraws the message (no longer wanted); it then fails without being reported.
 */
export type CompleteMessage = (message: Message, target: DeliveryTarget, key: string, now: Date) => Promise<Message | undefined>;

export interface DeliveryOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  adapterFor(platform: string): ChatAdapter | undefined;
  instanceId?: string;
  /** Attempts before a transiently failing message is given up (default 6). */
  maxAttempts?: number;
  /** Told about permanent failures, so someone can fix what retrying cannot. */
  events?: DomainEvents;
}

/** Long enough for one slow send; short enough that a process killed mid-send is taken over soon. */
const LEASE_MS = 2 * 60_000;
/** Records outlive every feature's own planning horizon (a network meets for years at most). */
const RECORD_TTL_MS = 800 * 24 * 3_600_000;
/** A person who cannot get direct messages is not tried again for every message for a week. */
const UNREACHABLE_TTL_MS = 7 * 24 * 3_600_000;
const BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 60 * 60_000];

const recordKey = (key: string) => `delivery:${key}`;
const leaseKey = (key: string) => `delivery-lease:${key}`;
const RETRY_SET = 'delivery-retries';
const unreachableKey = (platform: string, userId: string) => `delivery-unreachable:${platform}:${userId}`;
const personIndex = (platform: string, userId: string) => `delivery-person:${platform}:${userId}`;
const PERSONAL_LINES_SHOWN = 20;
const WITHDRAWN = 'withdrawn';

export class Delivery {
  private readonly maxAttempts: number;
  private readonly completions: Array<{ keyPrefix: string; complete: CompleteMessage }> = [];

  constructor(private readonly options: DeliveryOptions) {
    this.maxAttempts = options.maxAttempts ?? 6;
  }

  /**
   * Sends `message` once under `key`, whichever process asks and however often. A record left in
   * 'sending' by a process that died mid-send is taken over after the lease expires; that one
   * resend is the only possible duplicate, and it is logged.
   */
  async send(key: string, target: DeliveryTarget, message: Message, options: SendOptions = {}): Promise<DeliveryOutcome> {
    const { store } = this.options;
    if (isSettled(await store.get<DeliveryRecord>(recordKey(key)))) return { status: 'duplicate' };
    if (!(await store.claim(leaseKey(key), this.options.instanceId ?? 'local', LEASE_MS))) return { status: 'duplicate' };
    const existing = await store.get<DeliveryRecord>(recordKey(key));
    if (isSettled(existing)) {
      await store.delete(leaseKey(key));
      return { status: 'duplicate' };
    }
    if (existing?.state === 'sending') {
      this.options.log.warn({ delivery: key, since: existing.updatedAt }, 'resending a message whose earlier attempt was interrupted; the recipient may get it twice');
    }
    const now = this.options.clock.now();
    const record: DeliveryRecord = existing ?? { key, state: 'sending', target, message, attempts: 0, firstAttemptAt: now, updatedAt: now };
    if (target.kind === 'direct') await store.setAdd(personIndex(target.platform, target.userId), [key]);
    return this.attempt({ ...record, target, message, ...(options.retentionMs !== undefined ? { retentionMs: options.retentionMs } : {}) });
  }

  /** Messages under keys starting with `keyPrefix` are completed by `complete` before each attempt. */
  completeBeforeSending(keyPrefix: string, complete: CompleteMessage): void {
    this.completions.push({ keyPrefix, complete });
  }

  async status(key: string): Promise<DeliveryRecord | undefined> {
    return this.options.store.get<DeliveryRecord>(recordKey(key));
  }

  /** Retries transient failures whose time has come; called on every tick. */
  async retryDue(now: Date): Promise<void> {
    const { store } = this.options;
    const pending = await store.setMembers(RETRY_SET);
    const records = await store.getMany<DeliveryRecord>(pending.map(recordKey));
    for (const [index, record] of records.entries()) {
      if (!record || record.state !== 'retrying') {
        await store.setRemove(RETRY_SET, [pending[index]!]);
        continue;
      }
      if (record.nextAttemptAt && record.nextAttemptAt.getTime() > now.getTime()) continue;
      if (!(await store.claim(leaseKey(record.key), this.options.instanceId ?? 'local', LEASE_MS))) continue;
      const fresh = await store.get<DeliveryRecord>(recordKey(record.key));
      if (fresh?.state !== 'retrying') {
        await store.delete(leaseKey(record.key));
        continue;
      }
      await this.attempt(fresh);
    }
  }

  async nextRetry(): Promise<Date | undefined> {
    const { store } = this.options;
    const records = await store.getMany<DeliveryRecord>((await store.setMembers(RETRY_SET)).map(recordKey));
    let earliest: number | undefined;
    // A loop, not Math.min(...times): an outage can leave more retries than a call takes arguments.
    for (const r of records) {
      const at = r?.state === 'retrying' ? r.nextAttemptAt?.getTime() : undefined;
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest === undefined ? undefined : new Date(earliest);
  }

  /** Whether a person's direct messages failed for good recently (closed DMs, account gone). */
  async isUnreachable(platform: string, userId: string): Promise<boolean> {
    return (await this.options.store.get(unreachableKey(platform, userId))) !== undefined;
  }

  /** The direct messages kept for a person, newest first (expired ones are dropped from the index). */
  async recordsFor(platform: string, userId: string): Promise<DeliveryRecord[]> {
    const { store } = this.options;
    const index = personIndex(platform, userId);
    const keysOfPerson = await store.setMembers(index);
    const records = await store.getMany<DeliveryRecord>(keysOfPerson.map(recordKey));
    const gone = keysOfPerson.filter((_, i) => records[i] === undefined);
    if (gone.length > 0) await store.setRemove(index, gone);
    return records.filter((r): r is DeliveryRecord => r !== undefined).sort((a, b) => b.firstAttemptAt.getTime() - a.firstAttemptAt.getTime());
  }

  /**
   * Keeps each record's key and state (so nothing is sent twice after forgetting) but drops the
   * person's id, the message and where it landed.
   */
  async forget(platform: string, userId: string): Promise<void> {
    const { store } = this.options;
    for (const record of await this.recordsFor(platform, userId)) {
      const redacted: DeliveryRecord = { ...record, target: { kind: 'direct', platform, userId: 'forgotten' }, message: { summary: '', blocks: [] } };
      delete redacted.ref;
      await store.set(recordKey(record.key), redacted, record.retentionMs ?? RECORD_TTL_MS);
    }
    const index = personIndex(platform, userId);
    await store.setRemove(index, await store.setMembers(index));
    await store.delete(unreachableKey(platform, userId));
  }

  /** The retry loop as a feature, so the bot's tick drives it and a simulated clock jumps to it. */
  feature(): Feature {
    return {
      name: 'delivery',
      tick: (now) => this.retryDue(now),
      nextDue: () => this.nextRetry(),
      personalData: async (person, t) => {
        const records = await this.recordsFor(person.platform, person.userId);
        if (records.length === 0) return [];
        const lines = records
          .slice(0, PERSONAL_LINES_SHOWN)
          .map((r) => t.text('delivery.privacy.line', { date: r.firstAttemptAt.toISOString().slice(0, 10), summary: r.message.summary || '–', state: t.text(`delivery.state.${r.state}`) }));
        if (records.length > PERSONAL_LINES_SHOWN) lines.push(t.text('delivery.privacy.more', { count: records.length - PERSONAL_LINES_SHOWN }));
        if (await this.isUnreachable(person.platform, person.userId)) lines.push(t.text('delivery.privacy.unreachable'));
        return [{ title: t.text('delivery.privacy.title'), lines }];
      },
      forgetPerson: (person) => this.forget(person.platform, person.userId),
    };
  }

  private async attempt(record: DeliveryRecord): Promise<DeliveryOutcome> {
    const { store, clock, log } = this.options;
    const started = clock.now();
    const sending: DeliveryRecord = { ...record, state: 'sending', attempts: record.attempts + 1, updatedAt: started };
    delete sending.nextAttemptAt;
    const retention = record.retentionMs ?? RECORD_TTL_MS;
    await store.set(recordKey(record.key), sending, retention);
    let outcome: DeliveryOutcome;
    let settled: DeliveryRecord;
    try {
      const { ref, via } = await this.deliverOnce(sending);
      outcome = { status: 'sent', ref, via };
      settled = { ...sending, state: 'sent', ref, via, updatedAt: clock.now() };
    } catch (error) {
      const failure = classify(error);
      if (failure.kind === 'transient' && sending.attempts < this.maxAttempts) {
        const wait = Math.max(failure.retryAfterMs ?? 0, BACKOFF_MS[Math.min(sending.attempts - 1, BACKOFF_MS.length - 1)]!);
        const nextAttemptAt = new Date(clock.now().getTime() + wait);
        outcome = { status: 'retrying', attempt: sending.attempts, nextAttemptAt };
        settled = { ...sending, state: 'retrying', nextAttemptAt, reason: failure.reason, updatedAt: clock.now() };
        log.warn({ delivery: record.key, reason: failure.reason, attempt: sending.attempts, nextAttemptAt }, 'delivery failed for now; will retry');
      } else {
        outcome = { status: 'failed', reason: failure.reason };
        settled = { ...sending, state: 'failed', reason: failure.reason, updatedAt: clock.now() };
        log.warn({ delivery: record.key, reason: failure.reason, kind: failure.kind, attempts: sending.attempts }, 'delivery failed for good');
        if (failure.kind === 'permanent' && failure.reason !== WITHDRAWN) await this.reportProblem(record, failure.reason);
      }
    }
    await store.set(recordKey(record.key), settled, retention);
    if (settled.state === 'retrying') await store.setAdd(RETRY_SET, [record.key]);
    else await store.setRemove(RETRY_SET, [record.key]);
    await store.delete(leaseKey(record.key));
    return outcome;
  }

  private async reportProblem(record: DeliveryRecord, reason: string): Promise<void> {
    const { target } = record;
    await this.options.events?.emit({
      type: 'delivery.problem',
      key: record.key,
      platform: target.platform,
      target: target.kind,
      ...(target.kind === 'direct' ? { userId: target.userId } : { channelId: target.channelId }),
      // A direct message whose fallback post failed: the channel is the problem to report.
      ...(target.kind === 'direct' && target.fallback ? { channelId: target.fallback.channelId } : {}),
      reason,
      at: this.options.clock.now(),
    });
  }

  private async deliverOnce(record: DeliveryRecord): Promise<{ ref: MessageRef; via: DeliveryVia }> {
    const { target } = record;
    const adapter = this.options.adapterFor(target.platform);
    if (!adapter) throw new DeliveryError('transient', `no adapter running for ${target.platform}`);
    const completion = this.completions.find((c) => record.key.startsWith(c.keyPrefix));
    const message = completion ? await completion.complete(record.message, target, record.key, this.options.clock.now()) : record.message;
    if (!message) throw new DeliveryError('permanent', WITHDRAWN);
    if (target.kind === 'channel') return { ref: await adapter.postToChannel(target.channelId, message), via: 'channel' };
    const { store } = this.options;
    if (!(await this.isUnreachable(target.platform, target.userId))) {
      try {
        return { ref: await adapter.sendDirect(target.userId, message), via: 'direct' };
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.kind !== 'permanent') throw error;
        await store.set(unreachableKey(target.platform, target.userId), { reason: error.reason, at: this.options.clock.now() }, UNREACHABLE_TTL_MS);
        if (!target.fallback) throw error;
        this.options.log.info({ delivery: record.key, reason: error.reason }, 'direct message impossible; posting in the network channel');
        await this.options.events?.emit({
          type: 'delivery.problem',
          key: record.key,
          platform: target.platform,
          target: 'direct',
          userId: target.userId,
          fallbackChannelId: target.fallback.channelId,
          reason: error.reason,
          at: this.options.clock.now(),
        });
      }
    } else if (!target.fallback) {
      throw new DeliveryError('permanent', 'recipient unreachable by direct message');
    }
    return { ref: await adapter.postToChannel(target.fallback!.channelId, target.fallback!.message), via: 'fallback' };
  }
}

function isSettled(record: DeliveryRecord | undefined): boolean {
  return record !== undefined && record.state !== 'sending';
}

function classify(error: unknown): { kind: 'permanent' | 'transient'; reason: string; retryAfterMs?: number } {
  if (error instanceof DeliveryError) {
    return { kind: error.kind, reason: error.reason, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
  }
  // An unclassified error is most likely the network or an outage: worth a bounded retry.
  return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
}
