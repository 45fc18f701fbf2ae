// When a session's reminders go out: a week before (at the nudge time, on a working day) and on
// the morning of the session. Pure, so the tick, nextDue and the tests agree.
import { DateTime } from 'luxon';
import type { HolidayOptions } from '../../domain/dutch-holidays.ts';
import { addDays, isWorkingDay, nextWorkingDay, previousWorkingDay } from '../../domain/dutch-holidays.ts';
import type { Session } from '../../domain/types.ts';

export type ReminderKind = 'week' | 'day';

export interface ReminderRules {
  /** Wall-clock time HH:mm (LISO_NUDGE_TIME) in the network's zone. */
  time: string;
  holidays: HolidayOptions;
}

export interface ReminderMoment {
  kind: ReminderKind;
  /** From this instant the reminder is due. */
  at: Date;
  /** From this instant it is no longer worth sending (the next reminder, or the session itself). */
  until: Date;
}

/** The morning reminder comes at the latest this long before the start (an 08:30 session). */
const DAY_REMINDER_LEAD_MS = 60 * 60_000;

/**
 * The reminders of a planned session, in order. Both count from when the session got its current
 * moment (`updatedAt`): one planned or moved within the week gets its week reminder at the next
 * nudge time on a working day, unless that is the session's own day; one planned on the day
 * itself gets the morning reminder at once.
 */
export function reminderMoments(session: Pick<Session, 'startsAt' | 'updatedAt' | 'status'>, zone: string, rules: ReminderRules): ReminderMoment[] {
  if (session.status !== 'planned') return [];
  const start = session.startsAt.getTime();
  const anchor = session.updatedAt.getTime();
  if (anchor >= start) return [];
  const sessionDay = DateTime.fromJSDate(session.startsAt, { zone }).toISODate()!;
  const morning = Math.min(at(sessionDay, zone, rules.time).getTime(), start - DAY_REMINDER_LEAD_MS);
  const day = Math.max(morning, anchor);
  const moments: ReminderMoment[] = [];
  let week = at(previousWorkingDay(addDays(sessionDay, -7), rules.holidays), zone, rules.time).getTime();
  if (week < anchor) week = nextNudgeTime(new Date(anchor), zone, rules).getTime();
  const weekDay = DateTime.fromMillis(week, { zone }).toISODate()!;
  if (weekDay < sessionDay && week < day) moments.push({ kind: 'week', at: new Date(week), until: new Date(day) });
  if (day < start) moments.push({ kind: 'day', at: new Date(day), until: new Date(start) });
  return moments;
}

/** The first nudge time on a working day at or after `instant`. */
function nextNudgeTime(instant: Date, zone: string, rules: ReminderRules): Date {
  const today = DateTime.fromJSDate(instant, { zone }).toISODate()!;
  const todayAt = at(today, zone, rules.time);
  if (todayAt.getTime() >= instant.getTime() && isWorkingDay(today, rules.holidays)) return todayAt;
  return at(nextWorkingDay(addDays(today, 1), rules.holidays), zone, rules.time);
}

function at(day: string, zone: string, time: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromISO(day, { zone }).set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 }).toJSDate();
}
