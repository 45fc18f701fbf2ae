// Notifications between features, so one feature reacts to another's state change without
// importing it. Every event is recorded in the store as pending work (an outbox) before its
// handlers run, and run again after a crash or a failed handler until every handler succeeded;
// handlers must therefore be idempotent (durable effects claim their own key, messages go
// through Delivery under a deterministic key).
import { createHash } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { Feature } from './feature.ts';
import type { Logger } from './logger.ts';
import type { Store, StoreWrite } from '../store/port.ts';

export type DomainEvent =
  | { type: 'session.planned'; networkId: string; sessionId: string; at: Date }
  | { type: 'session.moved'; networkId: string; sessionId: string; at: Date }
  | { type: 'session.cancelled'; networkId: string; sessionId: string; at: Date }
  /**
   * Someone got a role in a network (a new trekker taking over, say): work already due for that
   * role is owed to them too. Who got it is not in the event; the network's roles say it.
   */
  | { type: 'role.assigned'; networkId: string; at: Date }
  /**
   * Every preparation task of a session is done (or not applicable) before it starts. `markedBy`:
   * the people who marked its tasks (each once), to thank them.
   */
  | { type: 'preparation.completed'; networkId: string; sessionId: string; at: Date; markedBy?: string[] }
  | { type: 'pulse.closed'; networkId: string; pulseId: string; sessionId?: string; invited: number; respondents: number; at: Date }
  /**
   * A message could not reach its target for a reason retrying will not fix (closed DMs, the bot
   * not in the channel). `fallbackChannelId` is where it went instead, if anywhere.
   */
  | { type: 'delivery.problem'; key: string; platform: string; target: 'direct' | 'channel'; userId?: string; channelId?: string; fallbackChannelId?: string; reason: string; at: Date }
  /**
   * A person asked to be forgotten; features holding data about them erase it. `request` is the
   * confirmation's random nonce: the event's identity, so even its hashed key holds nothing one
   * could recompute from the person's id.
   */
  | { type: 'person.forgotten'; platform: string; userId: string; request: string; at: Date };

export type DomainEventType = DomainEvent['type'];
type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
type Handler<T extends DomainEventType> = (event: EventOf<T>) => Promise<void> | void;

/**
 * The identity of an event: the same state change always yields the same id, so recording it
 * again (a step repeated after a crash) is a no-op and its handlers run once to completion.
 */
export function eventId(event: DomainEvent): string {
  switch (event.type) {
    case 'session.planned':
    case 'session.cancelled':
    case 'preparation.completed':
      return `${event.type}:${event.sessionId}`;
    case 'session.moved':
      return `${event.type}:${event.sessionId}:${event.at.toISOString()}`;
    case 'role.assigned':
      return `${event.type}:${event.networkId}:${event.at.toISOString()}`;
    case 'pulse.closed':
      return `${event.type}:${event.pulseId}`;
    case 'delivery.problem':
      return `${event.type}:${event.key}:${event.target}:${event.fallbackChannelId ?? ''}:${event.reason}`;
    case 'person.forgotten':
      return `${event.type}:${event.request}`;
  }
}

interface EventRecord {
  /** Absent once every handler succeeded (or the event was given up): nothing about it is kept. */
  event?: DomainEvent;
  recordedAt: Date;
  attempts: number;
  nextAttemptAt?: Date;
}

export interface DomainEventsDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  /** Names this process in the lease of an event it is running. */
  instanceId?: string;
}

/** A recorded event is kept this long, so recording it again within that time is recognised. */
const RECORD_TTL_MS = 30 * 24 * 3_600_000;
/** One run of an event's handlers; a process killed while running them is taken over after this. */
const LEASE_MS = 2 * 60_000;
/** Events younger than this are left to the process that recorded them (it runs them at once). */
const PICK_UP_AFTER_MS = 60_000;
/** Runs of a failing event before it is given up (the waits double from a minute: a day and a half). */
const MAX_ATTEMPTS = 12;
const PENDING_SET = 'domain-events:pending';

// The store key is a hash of the id: a done event keeps no user id, not even in its key.
const recordKey = (id: string) => `domain-event:${createHash('sha256').update(id).digest('base64url')}`;
const leaseKey = (id: string) => `domain-event-lease:${createHash('sha256').update(id).digest('base64url')}`;

export class DomainEvents {
  private readonly handlers = new Map<DomainEventType, Array<Handler<DomainEventType>>>();

  constructor(private readonly deps: DomainEventsDeps) {}

  on<T extends DomainEventType>(type: T, handler: Handler<T>): this {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as unknown as Handler<DomainEventType>);
    this.handlers.set(type, list);
    return this;
  }

  /**
   * Records the event as pending work (once per `eventId`) and runs its handlers now. Call it
   * from a step that is repeated until it completes (the state change is then never without its
   * event); otherwise commit `pendingWrites` together with the state change and call `dispatch`.
   * An event already recorded is not run again here: if it is still pending, the tick runs it.
   */
  async emit(event: DomainEvent): Promise<void> {
    const id = eventId(event);
    if (!(await this.deps.store.commit(this.pendingWrites(event), { ifAbsent: recordKey(id) }))) return;
    await this.dispatch(event);
  }

  /** The writes that record `event` as pending work, to commit atomically with the state change causing it. */
  pendingWrites(event: DomainEvent): StoreWrite[] {
    const id = eventId(event);
    const record: EventRecord = { event, recordedAt: this.deps.clock.now(), attempts: 0 };
    return [
      { op: 'set', key: recordKey(id), value: record, ttlMs: RECORD_TTL_MS },
      { op: 'setAdd', key: PENDING_SET, members: [id] },
    ];
  }

  /**
   * Runs the handlers of a recorded event now, unless another process is running them or they
   * all succeeded already. One failing handler is logged and does not stop the others; the
   * event then stays pending and the tick runs it again later.
   */
  async dispatch(event: DomainEvent): Promise<void> {
    const id = eventId(event);
    const { store } = this.deps;
    if (!(await store.claim(leaseKey(id), this.deps.instanceId ?? 'local', LEASE_MS))) return;
    const record = await store.get<EventRecord>(recordKey(id));
    if (!record?.event) {
      // Done meanwhile, or expired: nothing left to run.
      await store.commit([{ op: 'setRemove', key: PENDING_SET, members: [id] }, { op: 'delete', key: leaseKey(id) }]);
      return;
    }
    await this.run(id, record, record.event);
  }

  /** Runs every pending event whose time has come: left by a crash, or waiting after a failed handler. */
  async redispatch(now: Date): Promise<void> {
    const { store } = this.deps;
    const ids = await store.setMembers(PENDING_SET);
    if (ids.length === 0) return;
    const records = await store.getMany<EventRecord>(ids.map(recordKey));
    for (const [index, record] of records.entries()) {
      const id = ids[index]!;
      if (!record?.event) {
        await store.setRemove(PENDING_SET, [id]);
        continue;
      }
      if (!isDue(record, now)) continue;
      await this.dispatch(record.event);
    }
  }

  /** The earliest retry of a pending event, so a simulated clock stops there. */
  async nextDue(now: Date): Promise<Date | undefined> {
    const { store } = this.deps;
    const ids = await store.setMembers(PENDING_SET);
    const records = await store.getMany<EventRecord>(ids.map(recordKey));
    let earliest: number | undefined;
    for (const record of records) {
      const at = record?.event ? dueAt(record).getTime() : undefined;
      if (at !== undefined && at > now.getTime() && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest === undefined ? undefined : new Date(earliest);
  }

  /** The outbox's tick, registered with the bot like any feature. */
  feature(): Feature {
    return { name: 'domain-events', tick: (now) => this.redispatch(now), nextDue: (now) => this.nextDue(now) };
  }

  private async run(id: string, record: EventRecord, event: DomainEvent): Promise<void> {
    const { store, clock, log } = this.deps;
    let failed = false;
    for (const handler of this.handlers.get(event.type) ?? []) {
      try {
        await handler(event as never);
      } catch (error) {
        failed = true;
        log.error({ err: error, event: event.type, attempt: record.attempts + 1 }, 'domain event handler failed');
      }
    }
    const attempts = record.attempts + 1;
    if (!failed || attempts >= MAX_ATTEMPTS) {
      if (failed) log.error({ event: event.type, attempts }, 'domain event given up after repeated handler failures');
      // Kept without the event until the record expires, so recording it again is recognised.
      const done: EventRecord = { recordedAt: record.recordedAt, attempts };
      await store.commit([
        { op: 'set', key: recordKey(id), value: done, ttlMs: RECORD_TTL_MS },
        { op: 'setRemove', key: PENDING_SET, members: [id] },
        { op: 'delete', key: leaseKey(id) },
      ]);
      return;
    }
    const waiting: EventRecord = { ...record, attempts, nextAttemptAt: new Date(clock.now().getTime() + 2 ** (attempts - 1) * 60_000) };
    await store.commit([
      { op: 'set', key: recordKey(id), value: waiting, ttlMs: RECORD_TTL_MS },
      { op: 'delete', key: leaseKey(id) },
    ]);
  }
}

function dueAt(record: EventRecord): Date {
  return record.nextAttemptAt ?? new Date(record.recordedAt.getTime() + PICK_UP_AFTER_MS);
}

/** Due when its time has come, or when the clock reads earlier than its recording (it was set back). */
function isDue(record: EventRecord, now: Date): boolean {
  return now.getTime() >= dueAt(record).getTime() || now.getTime() < record.recordedAt.getTime();
}
