// Drains the delivery queues: per platform, at most a few sends in flight and each one paced
// within the platform's limits. A tick drains synchronously (tests, the console's simulated
// clock); `liso start` runs the same passes in the background on every replica, which share the
// queues (each send under its own lease) and the platform's budget (the pacer).
import type { AttemptOutcome, DeliveryAttempts } from './delivery-attempt.ts';
import type { DeliveryLane, DeliveryRecord, DeliveryTarget } from './delivery-records.ts';
import { isSettled, queueKey, recordKey } from './delivery-records.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import type { Pacing, Reservation } from './delivery-pacing.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';
import type { Store } from '../store/port.ts';
import { StoreUnavailableError } from '../store/port.ts';
import { PrioritySlots } from './priority-slots.ts';
import type { ReplicaRoster } from './delivery-replicas.ts';
import { ROSTER_REFRESH_MS } from './delivery-replicas.ts';

export interface WorkerDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  queue: DeliveryQueue;
  attempts: DeliveryAttempts;
  pacing: Pacing;
  /** The replicas sharing the platforms' budgets, refreshed while the background worker runs. */
  roster: ReplicaRoster;
  /** Whether this process can send on a platform (its adapter is attached). */
  serves(platform: string): boolean;
  /** Monotonic milliseconds for waits and pacing, which a wall clock set back must not stall. */
  monotonicNow(): number;
  /** An attempt's lease: a key another process holds is not asked for again within it. */
  leaseMs: number;
}

/** Records read together while walking a queue. */
const CHUNK = 64;
/** A key whose lease another process holds is not asked for again for this long (or its lease, if shorter). */
const BUSY_SKIP_MS = 5_000;
/** An idle background worker looks for messages queued by other processes this often. */
const IDLE_POLL_MS = 1_000;
/** Retries whose time has come are moved back to their queue this often in the background. */
const PROMOTE_EVERY_MS = 1_000;
/** A tick's drain waits for the pacer at most this long at a time; beyond it, the next tick goes on. */
const MAX_DRAIN_WAIT_MS = 5_000;

export class DeliveryWorker {
  private readonly slots = new Map<string, PrioritySlots>();
  private readonly inFlight = new Map<string, Promise<AttemptOutcome>>();
  /**
   * Keys another holder leased, skipped for a short while: until the monotonic wait is over or the
   * injected clock, which the lease is measured on, has moved as far (a simulated clock jumps ahead
   * of real time, and the lease it held has run out by then).
   */
  private readonly busyUntil = new Map<string, { monotonic: number; clock: number }>();
  /** Recipients with a send in flight here: one at a time each, so a failure is learnt before the next try. */
  private readonly busyTargets = new Set<string>();
  private readonly loops = new Map<string, Promise<void>>();
  private running = false;
  private stopping = false;
  private readonly waiters = new Set<() => void>();
  private stopped: { promise: Promise<void>; resolve(): void } = signal();
  private main: Promise<void> | undefined;

  constructor(private readonly deps: WorkerDeps) {}

  /** Whether the background passes run in this process. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Sends in flight in this process now. */
  get sendsInFlight(): number {
    return this.inFlight.size;
  }

  /**
   * Sends everything owed that can go now, paced, and returns when nothing more can: what is
   * left waits for a retry time or is held by another process.
   */
  async drain(now: Date): Promise<void> {
    await this.deps.queue.promoteDue(now);
    const platforms = (await this.deps.queue.platforms()).filter((p) => this.deps.serves(p));
    await Promise.all(platforms.map((platform) => this.drainPlatform(platform)));
  }

  /** One message a person is waiting for, sent now ahead of the batch (it still keeps the platform's pace). */
  async sendNow(key: string, record: DeliveryRecord): Promise<AttemptOutcome> {
    const platform = record.target.platform;
    // Once stopping (SIGTERM), nothing new starts: the store closes after the sends in flight,
    // and one started later would be cut off mid-send. It stays queued for the next process.
    if (this.inFlight.has(key) || this.stopping) return { status: 'busy' };
    const slots = this.slotsOf(platform);
    await slots.acquire('now');
    let reservation: Reservation | undefined;
    try {
      for (;;) {
        if (this.stopping) return { status: 'busy' };
        reservation = this.deps.pacing.reserve(platform, record.target, record.message, 'now');
        if (reservation.waitMs <= 0) break;
        await sleep(reservation.waitMs);
      }
      return await this.track(key, { platform, lane: 'now' }, record.target, reservation);
    } finally {
      reservation?.release();
      slots.release();
    }
  }

  /** Starts the background passes (one loop per platform with an attached adapter). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.stopped = signal();
    this.main = this.supervise();
  }

  /** Wakes an idle background worker: something was queued. */
  wake(): void {
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }

  /**
   * Stops taking new sends and waits up to `deadlineMs` for the ones in flight to settle.
   * Returns how many were still in flight at the deadline (their leases let another process, or
   * this one after a restart, finish them).
   */
  async stop(deadlineMs: number): Promise<number> {
    this.stopping = true;
    this.stopped.resolve();
    this.wake();
    const deadline = timeout(deadlineMs);
    try {
      await Promise.race([Promise.allSettled([...this.inFlight.values()]), deadline.promise]);
      const left = this.inFlight.size;
      // The loops end at their next check once nothing is in flight.
      if (left === 0) await Promise.race([Promise.allSettled([this.main, ...this.loops.values()]), deadline.promise]);
      return left;
    } finally {
      deadline.cancel();
      this.running = false;
      this.loops.clear();
      await this.deps.roster.leave().catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not leave the replica roster; it expires by itself'));
    }
  }

  private async supervise(): Promise<void> {
    let nextPromote = 0;
    let nextRoster = 0;
    while (!this.stopping) {
      try {
        if (this.deps.monotonicNow() >= nextRoster) {
          nextRoster = this.deps.monotonicNow() + ROSTER_REFRESH_MS;
          await this.deps.roster.refresh();
        }
        if (this.deps.monotonicNow() >= nextPromote) {
          nextPromote = this.deps.monotonicNow() + PROMOTE_EVERY_MS;
          if ((await this.deps.queue.promoteDue(this.deps.clock.now())) > 0) this.wake();
        }
        for (const platform of await this.deps.queue.platforms()) {
          if (!this.loops.has(platform) && this.deps.serves(platform)) this.loops.set(platform, this.loop(platform));
        }
      } catch (error) {
        // The store's watcher logged the outage once; the worker waits for it quietly.
        if (!(error instanceof StoreUnavailableError)) this.deps.log.error({ err: error }, 'delivery worker could not read its queues; trying again');
      }
      const pause = timeout(PROMOTE_EVERY_MS);
      await Promise.race([pause.promise, this.stopped.promise]);
      pause.cancel();
    }
  }

  private async loop(platform: string): Promise<void> {
    while (!this.stopping) {
      let started = 0;
      let waitMs = IDLE_POLL_MS;
      try {
        ({ started, waitMs } = await this.pass(platform));
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) this.deps.log.error({ err: error, platform }, 'delivery pass failed; trying again');
      }
      if (started === 0 && !this.stopping) await this.idle(Math.min(waitMs, IDLE_POLL_MS));
    }
  }

  private async drainPlatform(platform: string): Promise<void> {
    for (;;) {
      const { started, waitMs } = await this.pass(platform);
      if (started > 0) continue;
      const pending = [...this.inFlight.values()];
      if (pending.length > 0) {
        await Promise.race(pending);
        continue;
      }
      if (!Number.isFinite(waitMs) || waitMs > MAX_DRAIN_WAIT_MS || this.stopping) return;
      await sleep(waitMs);
    }
  }

  /**
   * One walk over a platform's queue: starts every send the slots and the pacer allow now.
   * Returns how many it started and, when it started none, how long until the pacer allows one.
   */
  private async pass(platform: string): Promise<{ started: number; waitMs: number }> {
    const clock = this.deps.monotonicNow();
    const entries = (await this.deps.queue.queued(platform)).filter(({ key }) => !this.inFlight.has(key) && !this.skipping(key, clock));
    let started = 0;
    let waitMs = Number.POSITIVE_INFINITY;
    const slots = this.slotsOf(platform);
    walk: for (let at = 0; at < entries.length && !this.stopping; at += CHUNK) {
      const chunk = entries.slice(at, at + CHUNK);
      // With the budget every send needs used up, nothing further in the queue can go: the rest
      // is not read (a long batch would otherwise be read whole after every send).
      const blocked = this.deps.pacing.blockedFor(platform, chunk[0]!.lane);
      if (blocked > 0) {
        waitMs = Math.min(waitMs, blocked);
        break;
      }
      const records = await this.deps.store.getMany<DeliveryRecord>(chunk.map(({ key }) => recordKey(key)));
      for (const [i, entry] of chunk.entries()) {
        const record = records[i];
        if (!record || isSettled(record)) {
          // Settled or expired since it was listed: only the queue entry is left.
          await this.deps.store.setRemove(queueKey(platform, entry.lane), [entry.key]);
          continue;
        }
        const recipient = recipientOf(record);
        if (this.busyTargets.has(recipient)) continue;
        await slots.acquire(entry.lane);
        if (this.stopping) {
          slots.release();
          break;
        }
        const reservation = this.deps.pacing.reserve(platform, record.target, record.message, entry.lane);
        if (reservation.waitMs > 0) {
          slots.release();
          waitMs = Math.min(waitMs, reservation.waitMs);
          const blockedForAll = this.deps.pacing.blockedFor(platform, entry.lane);
          if (blockedForAll > 0) break walk;
          continue;
        }
        started += 1;
        this.busyTargets.add(recipient);
        void this.track(entry.key, { platform, lane: entry.lane }, record.target, reservation).finally(() => {
          reservation.release();
          this.busyTargets.delete(recipient);
          slots.release();
          this.wake();
        });
      }
    }
    this.forgetOldBusy(clock);
    return { started, waitMs };
  }

  /**
   * Runs one attempt, known to this process while it is in flight. An attempt that found the key
   * leased by another replica, or settled, called no platform: its `reservation` goes back to the
   * budget. Replicas walk the same queue and meet on the same keys, and a survivor meets a killed
   * replica's leases every few seconds until they run out; counted as sends, those meetings took
   * up to half of what two replicas could send.
   */
  private track(key: string, queued: { platform: string; lane: DeliveryLane }, target: DeliveryTarget, reservation: Reservation): Promise<AttemptOutcome> {
    const running = this.deps.attempts
      .attempt(key, queued)
      .then((outcome) => {
        if (outcome.status === 'busy' || outcome.status === 'duplicate') reservation.cancel();
        if (outcome.status === 'busy') this.skip(key);
        if (outcome.status === 'retrying' && outcome.rateLimit) this.deps.pacing.observe(queued.platform, target, outcome.rateLimit);
        return outcome;
      })
      .catch((error: unknown): AttemptOutcome => {
        // The store failed around the send: the lease runs out and the message is tried again.
        if (!(error instanceof StoreUnavailableError)) this.deps.log.error({ err: error, delivery: key }, 'delivery attempt failed; the message stays queued');
        this.skip(key);
        return { status: 'busy' };
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, running);
    return running;
  }

  private slotsOf(platform: string): PrioritySlots {
    let slots = this.slots.get(platform);
    if (!slots) this.slots.set(platform, (slots = new PrioritySlots(this.deps.pacing.maxInFlight(platform))));
    return slots;
  }

  /** Waits `ms` or until woken (something queued or settled, or the worker stopping). */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  private skip(key: string): void {
    const wait = Math.min(BUSY_SKIP_MS, this.deps.leaseMs);
    this.busyUntil.set(key, { monotonic: this.deps.monotonicNow() + wait, clock: this.deps.clock.now().getTime() + wait });
  }

  private skipping(key: string, monotonicNow: number): boolean {
    const until = this.busyUntil.get(key);
    return until !== undefined && until.monotonic > monotonicNow && until.clock > this.deps.clock.now().getTime();
  }

  private forgetOldBusy(now: number): void {
    if (this.busyUntil.size < 10_000) return;
    for (const key of [...this.busyUntil.keys()]) if (!this.skipping(key, now)) this.busyUntil.delete(key);
  }
}

/** Whom a send reaches: a person's direct messages, or a channel. */
function recipientOf(record: DeliveryRecord): string {
  const { target } = record;
  return target.kind === 'direct' ? `${target.platform}\u0000direct\u0000${target.userId}` : `${target.platform}\u0000channel\u0000${target.channelId}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A wait that can be cancelled, so no timer outlives what it was for (it would hold the process open). */
function timeout(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

function signal(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
