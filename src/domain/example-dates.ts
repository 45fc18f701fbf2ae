// The dates in the examples the bot shows (`/liso sessie 2027-03-11 14:00`), computed from the
// clock when the text is made: a fixed date would teach a command that is refused once it has passed.
import { DateTime } from 'luxon';
import { addDays, nextWorkingDay } from './dutch-holidays.ts';

/** The placeholders every prompt may use without its caller passing them. */
export const exampleDateNames = ['exampleDate', 'exampleDateDutch', 'exampleNewDate', 'exampleClock'] as const;
export type ExampleDates = Record<(typeof exampleDateNames)[number], string>;

// Far enough ahead to plan a session that gets the handbook's preparation without a warning.
const PLAN_AHEAD_DAYS = 28;
const MOVE_BY_DAYS = 7;
const FALLBACK_ZONE = 'Europe/Amsterdam';

/**
 * In `zone` at `now`: `exampleDate` is the first working day (no weekend, no Dutch public holiday)
 * at least four weeks ahead, ISO (`2027-03-11`); `exampleDateDutch` the same day written the Dutch
 * way (`11-3-2027`); `exampleNewDate` the first working day a week after it (a move's target);
 * `exampleClock` 09:00 a week before it (`2027-03-04T09:00`, a console clock jump to its reminder),
 * still at least three weeks ahead.
 */
export function exampleDates(now: Date, zone: string): ExampleDates {
  const local = DateTime.fromJSDate(now, { zone });
  // A zone Luxon does not know (a stored network from an older release) falls back to the Dutch one.
  const today = (local.isValid ? local : DateTime.fromJSDate(now, { zone: FALLBACK_ZONE })).toISODate()!;
  const date = nextWorkingDay(addDays(today, PLAN_AHEAD_DAYS));
  const [year, month, day] = date.split('-').map(Number);
  return {
    exampleDate: date,
    exampleDateDutch: `${day}-${month}-${year}`,
    exampleNewDate: nextWorkingDay(addDays(date, MOVE_BY_DAYS)),
    exampleClock: `${addDays(date, -MOVE_BY_DAYS)}T09:00`,
  };
}
