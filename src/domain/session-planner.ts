// Planning, moving and cancelling a network's sessions.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Store, StoreWrite } from '../store/port.ts';
import type { Clock } from '../core/clock.ts';
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
    await this.save(
      [
        { op: 'set', key: keys.session(session.id), value: session },
        { op: 'setAdd', key: keys.networkSessions(networkId), members: [session.id] },
        ...(alsoWrite?.(session) ?? []),
      ],
      { type: 'session.planned', networkId, sessionId: session.id, at: now },
    );
    return { ok: true, session };
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
    await this.save([{ op: 'set', key: keys.session(session.id), value: moved }, ...(alsoWrite?.(moved) ?? [])], { type: 'session.moved', networkId: session.networkId, sessionId: session.id, at: moved.updatedAt });
    return { ok: true, session: moved };
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
    await this.save([{ op: 'set', key: keys.session(session.id), value: cancelled }, ...(alsoWrite?.(cancelled) ?? [])], { type: 'session.cancelled', networkId: session.networkId, sessionId: session.id, at: cancelled.updatedAt });
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

  /** A session change and its event in one commit: nudges re-plan even after a crash right after it. */
  private async save(writes: StoreWrite[], event: DomainEvent): Promise<void> {
    await this.store.commit([...writes, ...(this.events?.pendingWrites(event) ?? [])]);
    await this.events?.dispatch(event);
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
