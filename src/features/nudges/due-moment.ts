// When a preparation task falls due: N weeks before the session's day, moved back to a working
// day, at the configured wall-clock time in the network's zone (so DST never shifts it).
import { DateTime } from 'luxon';
import type { HolidayOptions } from '../../domain/dutch-holidays.ts';
import { nextWorkingDay, previousWorkingDay } from '../../domain/dutch-holidays.ts';

export interface DueRules {
  /** Wall-clock time HH:mm at which tasks fall due. */
  time: string;
  holidays: HolidayOptions;
}

/** The session's calendar day as seen in `zone`. */
export function localDay(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** The working day a task `weeksBefore` a session day falls on (never later than the plain date). */
export function dueDay(sessionDay: string, weeksBefore: number, rules: DueRules): string {
  const plain = DateTime.fromISO(sessionDay, { zone: 'UTC' }).minus({ weeks: weeksBefore }).toISODate()!;
  return previousWorkingDay(plain, rules.holidays);
}

/** The instant of `time` on a local day in `zone`; a time skipped by DST moves forward with it. */
export function dueInstant(day: string, zone: string, time: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromISO(day, { zone }).set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 }).toJSDate();
}

/** The due instant of a task `weeksBefore` a session that starts at `startsAt`. */
export function taskDue(startsAt: Date, zone: string, weeksBefore: number, rules: DueRules): { day: string; at: Date } {
  const day = dueDay(localDay(startsAt, zone), weeksBefore, rules);
  return { day, at: dueInstant(day, zone, rules.time) };
}

/** "Later": the due time two days after `now`'s day, on the first working day from there. */
export function laterMoment(now: Date, zone: string, rules: DueRules, days = 2): Date {
  const plain = DateTime.fromJSDate(now, { zone }).plus({ days }).toISODate()!;
  return dueInstant(nextWorkingDay(plain, rules.holidays), zone, rules.time);
}
