// When a pulse's one reminder goes out: on its day at the nudge time, on a working day. A reminder
// on a Saturday evening is noise to people who take part from their work, and it is the only one.
import { DateTime } from 'luxon';
import { nextWorkingDay, previousWorkingDay } from '../../domain/dutch-holidays.ts';
import { dueInstant } from '../nudges/due-moment.ts';
import type { DueRules } from '../nudges/due-moment.ts';

/** The nudge time (LISO_NUDGE_TIME) and the days off, as for preparation nudges. */
export type ReminderRules = DueRules;

/**
 * The reminder of a pulse started at `startedAt` that closes at `closesAt`: the nudge time on the
 * `day`th day after the start, or on the next working day when that day is not one, or on the
 * working day before when the next one is not before the close. When neither lies between start
 * and close (a very short pulse), the plain moment `day` days after the start.
 */
export function pulseReminderAt(startedAt: Date, closesAt: Date, day: number, zone: string, rules: ReminderRules): Date {
  const plain = DateTime.fromJSDate(startedAt, { zone }).plus({ days: day });
  const date = plain.toISODate()!;
  for (const candidate of [nextWorkingDay(date, rules.holidays), previousWorkingDay(date, rules.holidays)]) {
    const at = dueInstant(candidate, zone, rules.time);
    if (at > startedAt && at < closesAt) return at;
  }
  return plain.toJSDate();
}
