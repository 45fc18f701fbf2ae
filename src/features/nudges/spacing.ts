// What planning a session close to another does to the preparation plan: the later session's
// tasks cannot fall due before the earlier one has ended, so they bunch up after it. Planning
// less than four weeks from another session asks for confirmation with this explanation.
import { DateTime } from 'luxon';
import type { Translator } from '../../core/i18n.ts';
import type { RichText } from '../../core/rich-text.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Network, Session } from '../../domain/types.ts';
import { sessionEnd } from '../../domain/session-length.ts';
import { daysBetween } from '../../domain/dutch-holidays.ts';
import type { DueRules } from './due-moment.ts';
import { nudgeMomentFrom, taskDue } from './due-moment.ts';
import { formatMoment } from './nudge-messages.ts';
import type { Timelines } from './timeline-data.ts';

/** Sessions closer together than this, in calendar days, ask for confirmation: four weeks is the usual rhythm. */
export const CLOSE_SESSIONS_DAYS = 28;

/** How a new session and its nearest neighbour within four weeks affect the later one's plan. */
export interface SpacingImpact {
  /** The session planned already, before or after the new one. */
  other: Session;
  /** Calendar days between the two sessions' days, in the network's zone. */
  days: number;
  /** The new session comes after the other one (so its own plan moves), not before it. */
  after: boolean;
  /** Tasks of the later session that move to `from`, of `total`. */
  moved: number;
  total: number;
  /** The first nudge moment after the earlier session ends and after now: the later session's tasks start there. */
  from: Date;
}

export interface SpacingDeps {
  sessions: SessionPlanner;
  timelines: Timelines;
  rules: DueRules;
}

/**
 * The impact of planning a session at `startsAt` at `now` (leaving out `except`, a session being
 * moved); undefined when no session is within four weeks. When the earlier session was held days
 * ago, the tasks come at the next nudge moment from now, not on a day already past.
 */
export async function spacingImpact(deps: SpacingDeps, network: Network, startsAt: Date, now: Date, except?: string): Promise<SpacingImpact | undefined> {
  const planned = (await deps.sessions.list(network.id)).filter((s) => s.status === 'planned' && s.id !== except);
  const gap = (s: Session) => Math.abs(s.startsAt.getTime() - startsAt.getTime());
  // Counted in days, not hours: Monday 1 March 14:00 to Monday 29 March 14:00 is four weeks, though summer time makes
  // it an hour short of 28 × 24 hours, and so is 14:00 to 10:00 four weeks later.
  const day = (instant: Date) => DateTime.fromJSDate(instant, { zone: network.timeZone }).toISODate()!;
  const days = (s: Session) => Math.abs(daysBetween(day(s.startsAt), day(startsAt)));
  const near = planned.filter((s) => days(s) < CLOSE_SESSIONS_DAYS).sort((a, b) => gap(a) - gap(b))[0];
  if (!near) return undefined;
  const after = near.startsAt.getTime() < startsAt.getTime();
  const [earlierEnd, later] = after ? [sessionEnd(near), startsAt] : [sessionEnd({ startsAt }), near.startsAt];
  const from = nudgeMomentFrom(new Date(Math.max(earlierEnd.getTime(), now.getTime())), network.timeZone, deps.rules).at;
  const tasks = deps.timelines.regular.tasks;
  const moved = tasks.filter((task) => taskDue(later, network.timeZone, task.weeksBefore, deps.rules).at.getTime() < from.getTime()).length;
  return { other: near, days: days(near), after, moved, total: tasks.length, from };
}

/** The explanation shown before confirming. */
export function spacingWarning(t: Translator, network: Network, impact: SpacingImpact): RichText {
  const weeks = Math.floor(impact.days / 7);
  const distance =
    weeks === 0
      ? t.text(impact.days === 1 ? 'nudge.spacing.day.one' : 'nudge.spacing.day.many', { count: impact.days })
      : t.text(weeks === 1 ? 'nudge.spacing.weeks.one' : 'nudge.spacing.weeks.many', { count: weeks });
  return t.rich(impact.after ? 'nudge.spacing.after' : 'nudge.spacing.before', {
    weeks: distance,
    other: formatSessionMoment(impact.other, t.lang, network.timeZone),
    moved: impact.moved,
    total: impact.total,
    day: formatMoment(impact.from, network.timeZone, t.lang),
  });
}
