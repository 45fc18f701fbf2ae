// Which milestones a network has reached, derived from stored state only (pure functions).
import { DateTime } from 'luxon';
import type { Network, Session } from '../../domain/types.ts';
import type { MilestoneRecord } from './win-types.ts';
import { SESSION_MILESTONES } from './win-types.ts';

/** Sessions that took place: planned (not cancelled) and started at or before `now`, oldest first. */
export function heldSessions(sessions: readonly Session[], now: Date): Session[] {
  return sessions
    .filter((s) => s.status === 'planned' && s.startsAt.getTime() <= now.getTime())
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The 1st, 3rd, 5th and 10th session milestones reached by `now`, each dated at that session's start. */
export function reachedSessionMilestones(sessions: readonly Session[], now: Date): MilestoneRecord[] {
  const held = heldSessions(sessions, now);
  return SESSION_MILESTONES.filter((n) => held.length >= n).map((n) => ({
    id: `sessions-${n}`,
    kind: 'sessions',
    count: n,
    sessionId: held[n - 1]!.id,
    reachedAt: held[n - 1]!.startsAt,
  }));
}

/** The network's first anniversary, on the same wall-clock moment in its time zone. */
export function firstAnniversary(network: Network): Date {
  return DateTime.fromJSDate(network.createdAt, { zone: network.timeZone }).plus({ years: 1 }).toJSDate();
}

export function reachedYearMilestone(network: Network, now: Date): MilestoneRecord | undefined {
  const at = firstAnniversary(network);
  return at.getTime() <= now.getTime() ? { id: 'year-1', kind: 'year', count: 1, reachedAt: at } : undefined;
}

/**
 * The next moment after `now` at which a counted milestone falls due: the start of the session
 * that completes the next session count, or the first anniversary. Undefined when none is ahead.
 */
export function nextMilestoneMoment(network: Network, sessions: readonly Session[], reached: ReadonlySet<string>, now: Date): Date | undefined {
  const candidates: Date[] = [];
  const held = heldSessions(sessions, now).length;
  const upcoming = sessions
    .filter((s) => s.status === 'planned' && s.startsAt.getTime() > now.getTime())
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const nextCount = SESSION_MILESTONES.find((n) => n > held && !reached.has(`sessions-${n}`));
  const completing = nextCount === undefined ? undefined : upcoming[nextCount - held - 1];
  if (completing) candidates.push(completing.startsAt);
  const anniversary = firstAnniversary(network);
  if (!reached.has('year-1') && anniversary.getTime() > now.getTime()) candidates.push(anniversary);
  return candidates.sort((a, b) => a.getTime() - b.getTime())[0];
}
