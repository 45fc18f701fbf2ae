// Planning, moving and cancelling a network's sessions.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { CommitOptions, Store, StoreWrite } from '../store/port.ts';
import type { Clock } from '../core/clock.ts';
import { ttlUntil } from '../core/coarse-time.ts';
import type { DomainEvent, DomainEvents } from '../core/domain-events.ts';
import { keys } from './keys.ts';
import type { LocalDateTime, ParseFailure } from './session-time.ts';
import { occursTwice, toInstant } from './session-time.ts';
import type { Session } from './types.ts';

export type PlanResult = { ok: true; session: Session } | { ok: false; reason: ParseFailure | 'ambiguous' | 'past' | 'duplicate' | 'tooFar' };

/** Writes owed with a session change (its announcement in the channel), made from the changed session. */
export type AlsoWrite = (session: Session) => StoreWrite[];

/** What a session may have beside its moment. */
export interface SessionDetails {
  durationMinutes?: number;
  place?: string;
  agenda?: string;
}

/** Sessions are planned at most this far ahead; later dates are nearly always a mistyped year. */
export const MAX_PLAN_AHEAD_YEARS = 1;
/** How long a day's claim outlives its session's start: a past date is refused anyway, so no longer is needed. */
const DAY_CLAIM_KEPT_AFTER_MS = 2 * 24 * 60 * 60 * 1000;

export class SessionPlanner {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events?: DomainEvents,
  ) {}

  /** Why planning `local` would be refused (past, a second session that day, too far ahead, …), if it would. */
  async refusal(networkId: string, local: LocalDateTime): Promise<Extract<PlanResult, { ok: false }>['reason'] | undefined> {
    const startsAt = this.validate(local);
    if (!(startsAt instanceof Date)) return startsAt;
    const existing = await this.list(networkId);
    return existing.some((s) => s.status === 'planned' && s.date === local.date) ? 'duplicate' : undefined;
  }

  async plan(networkId: string, local: LocalDateTime, createdBy: string, details: SessionDetails = {}, alsoWrite?: AlsoWrite): Promise<PlanResult> {
    const startsAt = this.validate(local);
    if (!(startsAt instanceof Date)) return { ok: false, reason: startsAt };
    const existing = await this.list(networkId);
    if (existing.some((s) => s.status === 'planned' && s.date === local.date)) return { ok: false, reason: 'duplicate' };
    const now = this.clock.now();
    const session: Session = {
      id: randomUUID().slice(0, 8),
      networkId,
      ...local,
      startsAt,
      status: 'planned',
      createdAt: now,
      createdBy,
      updatedAt: now,
      movedFrom: [],
      ...withoutUndefined(details),
    };
    const planned = await this.saveOnItsDay(
      session,
      [
        { op: 'set', key: keys.session(session.id), value: session },
        { op: 'setAdd', key: keys.networkSessions(networkId), members: [session.id] },
        ...(alsoWrite?.(session) ?? []),
      ],
      { type: 'session.planned', networkId, sessionId: session.id, at: now },
    );
    return planned ? { ok: true, session } : { ok: false, reason: 'duplicate' };
  }

  /**
   * Moves a planned session; its id stays, so whatever hangs off it follows the new date. A new
   * length replaces the old one; place and agenda stay.
   */
  async move(session: Session, local: LocalDateTime, durationMinutes?: number, alsoWrite?: AlsoWrite): Promise<PlanResult> {
    const startsAt = this.validate(local);
    if (!(startsAt instanceof Date)) return { ok: false, reason: startsAt };
    const others = (await this.list(session.networkId)).filter((s) => s.id !== session.id);
    if (others.some((s) => s.status === 'planned' && s.date === local.date)) return { ok: false, reason: 'duplicate' };
    const moved: Session = {
      ...session,
      ...local,
      startsAt,
      updatedAt: this.clock.now(),
      movedFrom: [...session.movedFrom, { date: session.date, time: session.time, timeZone: session.timeZone }],
      ...(durationMinutes !== undefined ? { durationMinutes } : {}),
    };
    const writes: StoreWrite[] = [{ op: 'set', key: keys.session(session.id), value: moved }, ...(alsoWrite?.(moved) ?? [])];
    const event: DomainEvent = { type: 'session.moved', networkId: session.networkId, sessionId: session.id, at: moved.updatedAt };
    if (local.date === session.date) {
      // The same day at another time: the day stays this session's (its claim renewed, or made for a session planned before claims).
      await this.save([...writes, this.dayClaim(moved)], event);
      return { ok: true, session: moved };
    }
    const movedThere = await this.saveOnItsDay(moved, [...writes, { op: 'delete', key: keys.sessionDay(session.networkId, session.date) }], event);
    return movedThere ? { ok: true, session: moved } : { ok: false, reason: 'duplicate' };
  }

  /**
   * Sets or clears (an empty text) a session's place or agenda. The moment does not change, so
   * nothing planned from it moves and `updatedAt` (the anchor of catch-up lists) stays.
   */
  async describe(session: Session, change: Pick<SessionDetails, 'place' | 'agenda'>, alsoWrite?: AlsoWrite): Promise<Session> {
    const described: Session = { ...session };
    for (const field of ['place', 'agenda'] as const) {
      const value = change[field];
      if (value === undefined) continue;
      if (value === '') delete described[field];
      else described[field] = value;
    }
    await this.store.commit([{ op: 'set', key: keys.session(session.id), value: described }, ...(alsoWrite?.(described) ?? [])]);
    return described;
  }

  async cancel(session: Session, alsoWrite?: AlsoWrite): Promise<Session> {
    const cancelled: Session = { ...session, status: 'cancelled', updatedAt: this.clock.now() };
    const writes: StoreWrite[] = [{ op: 'set', key: keys.session(session.id), value: cancelled }, { op: 'delete', key: keys.sessionDay(session.networkId, session.date) }, ...(alsoWrite?.(cancelled) ?? [])];
    await this.save(writes, { type: 'session.cancelled', networkId: session.networkId, sessionId: session.id, at: cancelled.updatedAt });
    return cancelled;
  }

  async get(sessionId: string): Promise<Session | undefined> {
    return this.store.get<Session>(keys.session(sessionId));
  }

  /** Sessions in the order of `sessionIds`, undefined where unknown. */
  async getMany(sessionIds: readonly string[]): Promise<Array<Session | undefined>> {
    return this.store.getMany<Session>(sessionIds.map(keys.session));
  }

  /** The sessions of several networks (each list in date order), in the order of `networkIds`. */
  async listMany(networkIds: readonly string[]): Promise<Session[][]> {
    const idSets = await this.store.setMembersMany(networkIds.map(keys.networkSessions));
    const all = await this.store.getMany<Session>(idSets.flat().map(keys.session));
    let at = 0;
    return idSets.map((ids) => {
      const sessions = all.slice(at, (at += ids.length)).filter((s): s is Session => s !== undefined);
      return sessions.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    });
  }

  /** Every session of a network, cancelled ones included, in date order. */
  async list(networkId: string): Promise<Session[]> {
    return (await this.listMany([networkId]))[0]!;
  }

  /** Takes a forgotten person's id out of the sessions they planned (`createdBy`) in these networks. */
  async forgetCreator(networkIds: readonly string[], userId: string): Promise<void> {
    for (const sessions of await this.listMany(networkIds)) {
      for (const session of sessions) {
        if (session.createdBy !== userId) continue;
        const { createdBy: _forgotten, ...rest } = session;
        await this.store.set(keys.session(session.id), rest);
      }
    }
  }

  /** Planned sessions that have not started yet. */
  async upcoming(networkId: string): Promise<Session[]> {
    const now = this.clock.now().getTime();
    return (await this.list(networkId)).filter((s) => s.status === 'planned' && s.startsAt.getTime() > now);
  }

  async next(networkId: string): Promise<Session | undefined> {
    return (await this.upcoming(networkId))[0];
  }

  /** The planned session on a local date, if any. */
  async onDate(networkId: string, date: string): Promise<Session | undefined> {
    return (await this.list(networkId)).find((s) => s.status === 'planned' && s.date === date);
  }

  /** A session change and its event in one commit: nudges re-plan even after a crash right after it. False when `options` stopped it. */
  private async save(writes: StoreWrite[], event: DomainEvent, options?: CommitOptions): Promise<boolean> {
    if (!(await this.store.commit([...writes, ...(this.events?.pendingWrites(event) ?? [])], options))) return false;
    await this.events?.dispatch(event);
    return true;
  }

  /**
   * Commits a change that puts `session` on its date together with the claim of that day, unless another planned
   * session holds the day. The list read before is only a first answer: two leads planning the same day at the same
   * moment (two processes or replicas on one store) both read a free day, and only the claim's atomic test lets one
   * through.
   */
  private async saveOnItsDay(session: Session, writes: StoreWrite[], event: DomainEvent): Promise<boolean> {
    const day = keys.sessionDay(session.networkId, session.date);
    for (let round = 0; round < 2; round++) {
      if (await this.save([...writes, this.dayClaim(session)], event, { ifAbsent: day })) return true;
      // A claim goes in the commit that takes its session off the day, so the holder should be planned there;
      // one that is not (a claim left by a fault) is checked rather than trusted, and cleared once.
      const holder = await this.store.get<string>(day);
      const held = holder === undefined ? undefined : await this.get(holder);
      if (held?.status === 'planned' && held.date === session.date) return false;
      if (holder !== undefined) await this.store.delete(day);
    }
    return false;
  }

  /** The claim of a session's day, kept until its date has passed (its expiry counted on the injected clock by the store). */
  private dayClaim(session: Session): StoreWrite {
    const ttlMs = ttlUntil(new Date(session.startsAt.getTime() + DAY_CLAIM_KEPT_AFTER_MS), this.clock.now());
    return { op: 'set', key: keys.sessionDay(session.networkId, session.date), value: session.id, ttlMs };
  }

  private validate(local: LocalDateTime): Date | ParseFailure | 'ambiguous' | 'past' | 'tooFar' {
    const startsAt = toInstant(local);
    if (!(startsAt instanceof Date)) return startsAt;
    // Either of the two would be a guess: reminders and the calendar file an hour off from what was meant.
    if (occursTwice(local)) return 'ambiguous';
    const now = this.clock.now();
    if (startsAt.getTime() <= now.getTime()) return 'past';
    if (startsAt > DateTime.fromJSDate(now, { zone: local.timeZone }).plus({ years: MAX_PLAN_AHEAD_YEARS }).toJSDate()) return 'tooFar';
    return startsAt;
  }
}

function withoutUndefined(details: SessionDetails): SessionDetails {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)) as SessionDetails;
}
