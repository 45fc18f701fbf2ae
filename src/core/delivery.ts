// Exactly-once delivery of the bot's own messages (nudges, pulse invitations, celebrations): a
// durable outbox per platform. A message is owed from the moment it is queued under its
// deterministic key; queued messages are sent, paced, by whichever process has the platform,
// retried only for transient failures, with a channel fallback for people who cannot be reached
// directly. A key counts as sent only once its record says so.
import type { ChatAdapter, MessageRef } from './chat-adapter.ts';
import type { Clock } from './clock.ts';
import { DeliveryAttempts, LEASE_MS } from './delivery-attempt.ts';
import { Pacer } from './delivery-pacer.ts';
import { ReplicaRoster } from './delivery-replicas.ts';
import { DeliveryQueue } from './delivery-queue.ts';
import type { DeliveryLane, DeliveryRecord, DeliveryTarget, DeliveryVia } from './delivery-records.ts';
import { RETRY_SET, expiryOf, isSettled, leaseKey, queueKey, recordKey, storedForm, ttlOf, unreachableKey, withoutBody } from './delivery-records.ts';
import { DeliveryPersonIndex } from './delivery-person-index.ts';
import type { PersonKeys } from './person-keys.ts';
import { intendedMentions } from './message.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import type { DomainEvents } from './domain-events.ts';
import type { Feature } from './feature.ts';
import { formatDate } from './i18n.ts';
import type { Logger } from './logger.ts';
import type { Message } from './message.ts';
import type { Store, StoreWrite } from '../store/port.ts';
import type { EnqueueOptions } from './delivery-queue.ts';

export type { DeliveryLane, DeliveryRecord, DeliveryTarget, DeliveryVia } from './delivery-records.ts';

export type DeliveryOutcome =
  | { status: 'sent'; ref: MessageRef; via: DeliveryVia }
  /** Owed and queued: another process is sending it, or the queue sends it shortly. */
  | { status: 'queued' }
  /** Settled before: sent, or failed for good. Never said of a message still owed. */
  | { status: 'duplicate' }
  | { status: 'retrying'; attempt: number; nextAttemptAt: Date }
  | { status: 'failed'; reason: string };

export type EnqueueOutcome = { status: 'queued' } | { status: 'duplicate' };

export interface SendOptions {
  /**
   * How long the record (who got what, when) is kept. The default outlives any planning horizon;
   * a feature whose messages concern something short-lived (a pulse invitation) keeps them only
   * as long as it needs them to avoid sending twice.
   */
  retentionMs?: number;
  /**
   * People the message names without a mention (a plain display name, "Gedeeld door Sanne"),
   * besides its recipient and the people it mentions: forgetting one of them blanks the record.
   */
  about?: readonly string[];
  /**
   * The network's zone, for a message whose moment would point at someone who acted without their
   * name: once settled its record keeps only the month, its expiry counted from the month's start.
   */
  coarseTimesIn?: string;
}

/**
 * Completes a message just before each attempt with what must never be stored, such as a pulse
 * ballot's token: the record keeps the message without it, and a retry completes it afresh.
 * Undefined withdraws the message (no longer wanted); it then fails without being reported.
 */
export type CompleteMessage = (message: Message, target: DeliveryTarget, key: string, now: Date) => Promise<Message | undefined>;

export interface DeliveryOptions {
  store: Store;
  /** Stand-ins for people's ids in the keys Delivery writes (its per-person index, the unreachable mark). */
  personKeys: PersonKeys;
  clock: Clock;
  log: Logger;
  adapterFor(platform: string): ChatAdapter | undefined;
  instanceId?: string;
  /** Attempts before a transiently failing message is given up (default 6). */
  maxAttempts?: number;
  /** Told about permanent failures, so someone can fix what retrying cannot. */
  events?: DomainEvents;
  /** Monotonic milliseconds for pacing and waits (default `performance.now`). */
  monotonicNow?: () => number;
  /** How long one attempt holds its key against other processes (tests shorten it). */
  leaseMs?: number;
}

const PERSONAL_LINES_SHOWN = 20;

export class Delivery {
  private readonly queue: DeliveryQueue;
  private readonly attempts: DeliveryAttempts;
  private readonly worker: DeliveryWorker;
  private readonly roster: ReplicaRoster;
  private readonly completions: Array<{ keyPrefix: string; complete: CompleteMessage }> = [];
  /** Per person, the records that concern them (to them, mentioning or naming them). */
  private readonly people: DeliveryPersonIndex;

  constructor(private readonly options: DeliveryOptions) {
    this.queue = new DeliveryQueue(options.store, options.clock);
    this.people = new DeliveryPersonIndex(options.store, options.personKeys);
    this.attempts = new DeliveryAttempts({
      store: options.store,
      personKeys: options.personKeys,
      clock: options.clock,
      log: options.log,
      ...(options.events ? { events: options.events } : {}),
      adapterFor: options.adapterFor,
      instanceId: options.instanceId ?? 'local',
      maxAttempts: options.maxAttempts ?? 6,
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
      complete: (message, target, key, now) => {
        const completion = this.completions.find((c) => key.startsWith(c.keyPrefix));
        return completion ? completion.complete(message, target, key, now) : Promise.resolve(message);
      },
    });
    this.roster = new ReplicaRoster(options.store, options.instanceId ?? 'local');
    const monotonicNow = options.monotonicNow ?? (() => performance.now());
    this.worker = new DeliveryWorker({
      store: options.store,
      clock: options.clock,
      log: options.log,
      queue: this.queue,
      attempts: this.attempts,
      // Each platform at the pace its adapter declares; one without a rate policy is not paced.
      pacing: new Pacer({ policyOf: (platform) => options.adapterFor(platform)?.ratePolicy, monotonicNow, replicas: () => this.roster.count }),
      roster: this.roster,
      serves: (platform) => options.adapterFor(platform) !== undefined,
      monotonicNow,
      leaseMs: options.leaseMs ?? LEASE_MS,
    });
  }

  /**
   * Queues `message` under `key` for the batch: durable when this returns, sent by the queue
   * (in this process or another) at the platform's pace. 'duplicate' when the key was queued
   * before; the message is then owed or settled already, and nothing new is queued.
   */
  async enqueue(key: string, target: DeliveryTarget, message: Message, options: SendOptions = {}): Promise<EnqueueOutcome> {
    const queued = await this.queue.enqueue(key, target, message, this.enqueueOptions('batch', key, target, message, options));
    if (!queued.created) return isSettled(queued.record) ? { status: 'duplicate' } : { status: 'queued' };
    this.worker.wake();
    return { status: 'queued' };
  }

  /**
   * Queues `message` under `key` for a person who is waiting (a command, a button) and sends it
   * now, ahead of the batch, once per key however often and by however many processes asked.
   */
  async send(key: string, target: DeliveryTarget, message: Message, options: SendOptions = {}): Promise<DeliveryOutcome> {
    const queued = await this.queue.enqueue(key, target, message, this.enqueueOptions('now', key, target, message, options));
    if (isSettled(queued.record)) return { status: 'duplicate' };
    // A message waiting for its retry time keeps it; one queued or interrupted is tried now.
    if (queued.record.state === 'retrying') return { status: 'queued' };
    const outcome = await this.worker.sendNow(key, queued.record);
    switch (outcome.status) {
      case 'busy':
        return { status: 'queued' };
      case 'retrying':
        return { status: 'retrying', attempt: outcome.attempt, nextAttemptAt: outcome.nextAttemptAt };
      default:
        return outcome;
    }
  }

  /**
   * The writes that owe `message` under `key`, for a feature to commit with the state change that
   * calls for it (a win and its celebration): a stop after that commit leaves the message queued.
   * `send` with the same key then sends it at once.
   */
  pendingWrites(key: string, target: DeliveryTarget, message: Message, options: SendOptions = {}): StoreWrite[] {
    return this.queue.recordOf(key, target, message, this.enqueueOptions('now', key, target, message, options)).writes;
  }

  /** The queue's options, with the person-index entries committed with the record. */
  private enqueueOptions(lane: DeliveryLane, key: string, target: DeliveryTarget, message: Message, options: SendOptions): EnqueueOptions {
    const now = this.options.clock.now();
    const retention = { ...(options.retentionMs !== undefined ? { retentionMs: options.retentionMs } : {}), ...(options.coarseTimesIn !== undefined ? { coarseTimesIn: options.coarseTimesIn } : {}) };
    // The person index files the record under its expiry day: for a record kept coarse, a day of its month's start.
    const expiresAt = expiryOf({ queuedAt: now, ...retention }, now);
    return {
      lane,
      ...retention,
      alsoWrite: this.people.writesFor(target.platform, peopleIn(target, message, options.about), key, expiresAt),
    };
  }

  /** Messages under keys starting with `keyPrefix` are completed by `complete` before each attempt. */
  completeBeforeSending(keyPrefix: string, complete: CompleteMessage): void {
    this.completions.push({ keyPrefix, complete });
  }

  async status(key: string): Promise<DeliveryRecord | undefined> {
    return this.options.store.get<DeliveryRecord>(recordKey(key));
  }

  /** Moves due retries back to the queue and sends what can go now (a tick without a background worker). */
  async runDue(now: Date): Promise<void> {
    await this.worker.drain(now);
  }

  /** The earliest retry still waiting. */
  nextRetry(): Promise<Date | undefined> {
    return this.queue.nextRetry();
  }

  /** Starts sending in the background (`liso start`, the console): queued messages go out as they come. */
  startWorker(): void {
    this.worker.start();
  }

  /**
   * Stops taking new sends and waits up to `deadlineMs` for those in flight. Returns how many
   * were still in flight at the deadline; they stay owed and are finished after their lease.
   */
  stopWorker(deadlineMs: number): Promise<number> {
    return this.worker.stop(deadlineMs);
  }

  /** Sends in flight in this process. */
  get sendsInFlight(): number {
    return this.worker.sendsInFlight;
  }

  /** Whether a person's direct messages failed for good recently (closed DMs, account gone). */
  async isUnreachable(platform: string, userId: string): Promise<boolean> {
    return (await this.options.store.get(unreachableKey(this.options.personKeys.of(platform, userId)))) !== undefined;
  }

  /** The direct messages kept for a person, newest first. */
  async recordsFor(platform: string, userId: string): Promise<DeliveryRecord[]> {
    return (await this.recordsAbout(platform, userId)).filter((r) => isTo(r, platform, userId));
  }

  /**
   * Erases a person from Delivery. Records of messages to them go, with their queue and retry
   * entries (no feature sends to them any more, so nothing is sent again; one still owed is not
   * sent). Records of messages to others that mention or name them keep key and state, so nothing
   * is sent twice, but lose their summary and any stored text; one still owed is given up rather
   * than sent with a name the person asked to have forgotten. A record whose key holds their person
   * key goes as well: no feature makes that key again once they are forgotten.
   */
  async forget(platform: string, userId: string): Promise<void> {
    const { store, clock } = this.options;
    const person = this.options.personKeys.of(platform, userId);
    const erased: string[] = [];
    for (const record of await this.recordsAbout(platform, userId)) {
      const unqueue: StoreWrite[] = [
        { op: 'setRemove', key: queueKey(record.target.platform, record.lane), members: [record.key] },
        { op: 'setRemove', key: RETRY_SET, members: [record.key] },
      ];
      // A key with their person key in it (a notice that they left a channel, a report that they
      // could not be reached) would still name them, blanked: the secret is in the same store.
      if (isTo(record, platform, userId) || record.key.split(':').includes(person)) {
        await store.commit([{ op: 'delete', key: recordKey(record.key) }, { op: 'delete', key: leaseKey(record.key) }, ...unqueue]);
        erased.push(record.key);
        continue;
      }
      const blanked: DeliveryRecord = { ...withoutBody(record), summary: '' };
      if (!isSettled(record)) Object.assign(blanked, { state: 'failed', reason: 'forgotten', updatedAt: clock.now() });
      await store.commit([{ op: 'set', key: recordKey(record.key), value: storedForm(blanked), ttlMs: ttlOf(blanked, clock.now()) }, ...(isSettled(record) ? [] : unqueue)]);
    }
    // Others' index entries of the erased records hold the keys too (a lead's entry of the notice that they left).
    await this.people.removeEverywhere(platform, userId, erased);
    await this.people.remove(platform, userId);
    await store.delete(unreachableKey(this.options.personKeys.of(platform, userId)));
  }

  /**
   * Removes records outright, with their lease, queue and retry entries: the messages of a deleted
   * network. One still owed is not sent. Index entries of people left pointing at nothing leave on
   * their next read or sweep; `eraseNaming` removes them at once.
   */
  async erase(keys: readonly string[]): Promise<void> {
    const { store } = this.options;
    const records = await store.getMany<DeliveryRecord>(keys.map(recordKey));
    for (const record of records) {
      if (!record) continue;
      await store.commit([
        { op: 'delete', key: recordKey(record.key) },
        { op: 'delete', key: leaseKey(record.key) },
        { op: 'setRemove', key: queueKey(record.target.platform, record.lane), members: [record.key] },
        { op: 'setRemove', key: RETRY_SET, members: [record.key] },
      ]);
    }
  }

  /** Erases the records listed for each of `userIds` whose key `matches`, and those index entries. */
  async eraseNaming(platform: string, userIds: readonly string[], matches: (key: string) => boolean): Promise<void> {
    for (const userId of userIds) {
      const keys = (await this.people.keysOf(platform, userId)).filter(matches);
      if (keys.length === 0) continue;
      await this.erase(keys);
      await this.people.remove(platform, userId, keys);
    }
  }

  /**
   * Erases the records listed for each of `userIds` that went, or would have fallen back, to
   * `channelId`: a deleted network's channel stays in no record (a person's daily message keyed by
   * day, not by network, keeps it as its fallback).
   */
  async eraseThrough(platform: string, userIds: readonly string[], channelId: string): Promise<void> {
    for (const userId of userIds) {
      const keys = await this.people.keysOf(platform, userId);
      const records = await this.options.store.getMany<DeliveryRecord>(keys.map(recordKey));
      const through = records.filter((r): r is DeliveryRecord => r !== undefined && r.target.platform === platform && channelOf(r.target) === channelId).map((r) => r.key);
      if (through.length === 0) continue;
      await this.erase(through);
      await this.people.remove(platform, userId, through);
    }
  }

  /** Every record the person received, is mentioned in or named in; expired ones leave the index. */
  private async recordsAbout(platform: string, userId: string): Promise<DeliveryRecord[]> {
    const keysOfPerson = await this.people.keysOf(platform, userId);
    const records = await this.options.store.getMany<DeliveryRecord>(keysOfPerson.map(recordKey));
    const gone = keysOfPerson.filter((_, i) => records[i] === undefined);
    if (gone.length > 0) await this.people.remove(platform, userId, gone);
    return records.filter((r): r is DeliveryRecord => r !== undefined).sort((a, b) => b.queuedAt.getTime() - a.queuedAt.getTime());
  }

  /** What Delivery keeps about a person, for mijn-gegevens and vergeet-mij. */
  feature(): Feature {
    return {
      name: 'delivery',
      personalData: async (person, t) => {
        const records = await this.recordsFor(person.platform, person.userId);
        if (records.length === 0) return [];
        const lines = records
          .slice(0, PERSONAL_LINES_SHOWN)
          .map((r) => t.text('delivery.privacy.line', { date: formatDate(r.queuedAt, t.lang), summary: r.summary || '–', state: t.text(`delivery.state.${r.state}`) }));
        if (records.length > PERSONAL_LINES_SHOWN) lines.push(t.text('delivery.privacy.more', { count: records.length - PERSONAL_LINES_SHOWN }));
        if (await this.isUnreachable(person.platform, person.userId)) lines.push(t.text('delivery.privacy.unreachable'));
        return [{ title: t.text('delivery.privacy.title'), lines }];
      },
      forgetPerson: (person) => this.forget(person.platform, person.userId),
      // Index entries of records that expired leave their person's index (once a day, one replica).
      tick: (now) => this.people.sweep(now, async (keys) => (await this.options.store.getMany(keys.map(recordKey))).map((r) => r !== undefined)),
    };
  }

  /**
   * The queue on the bot's tick; registered after every other feature, so what their ticks
   * queued goes out in the same tick. With the background worker running the tick only wakes it.
   */
  queueFeature(): Feature {
    return {
      name: 'delivery-queue',
      tick: async (now) => {
        if (this.worker.isRunning) this.worker.wake();
        else await this.worker.drain(now);
      },
      nextDue: () => this.nextRetry(),
    };
  }
}

/** Whom a message concerns: its direct recipient, everyone it mentions, and `about`. */
function peopleIn(target: DeliveryTarget, message: Message, about: readonly string[] = []): Set<string> {
  const people = new Set<string>([...intendedMentions(message), ...about]);
  if (target.kind === 'direct') {
    people.add(target.userId);
    if (target.fallback?.message) for (const id of intendedMentions(target.fallback.message)) people.add(id);
  }
  return people;
}

function isTo(record: DeliveryRecord, platform: string, userId: string): boolean {
  return record.target.kind === 'direct' && record.target.platform === platform && record.target.userId === userId;
}

/** The channel a message went to, or would fall back to when a direct message fails. */
function channelOf(target: DeliveryTarget): string | undefined {
  return target.kind === 'channel' ? target.channelId : target.fallback?.channelId;
}
