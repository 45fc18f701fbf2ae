// When a preparation task falls due: N weeks before the session's day, moved back to a working
// day, at the configured wall-clock time in the network's zone (so DST never shifts it).
import { DateTime } from 'luxon';
import type { HolidayOptions } from '../../domain/dutch-holidays.ts';
import { addDays, nextWorkingDay, previousWorkingDay } from '../../domain/dutch-holidays.ts';

export interface DueRules {
  /** Wall-clock time HH:mm at which tasks fall due. */
  time: string;
  holidays: HolidayOptions;
}

// Time-zone maths (Luxon) is the costly part of planning, and a busy 09:00 plans thousands of
// sessions on the same few days, so the pure results are memoised, bounded by clearing.
const CACHE_LIMIT = 50_000;
const localDays = new Map<string, string>();
const dueDays = new Map<string, string>();
const instants = new Map<string, number>();
/** Per session start, zone and rules: weeks before → due day and instant (one key per session, not per task). */
const dueTables = new Map<string, Map<number, Readonly<{ day: string; at: Date }>>>();
/** Tables hold up to MAX_WEEKS_BEFORE entries each. */
const TABLE_LIMIT = 5_000;

function memo<V>(cache: Map<string, V>, key: string, compute: () => V, limit = CACHE_LIMIT): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  if (cache.size >= limit) cache.clear();
  const value = compute();
  cache.set(key, value);
  return value;
}

/** The session's calendar day as seen in `zone`. */
export function localDay(instant: Date, zone: string): string {
  return memo(localDays, `${instant.getTime()}|${zone}`, () => DateTime.fromJSDate(instant, { zone }).toISODate()!);
}

/** The working day a task `weeksBefore` a session day falls on (never later than the plain date). */
export function dueDay(sessionDay: string, weeksBefore: number, rules: DueRules): string {
  const { goodFriday, liberationDay } = rules.holidays;
  return memo(dueDays, `${sessionDay}|${weeksBefore}|${goodFriday}|${liberationDay}`, () => {
    return previousWorkingDay(addDays(sessionDay, -7 * weeksBefore), rules.holidays);
  });
}

/** The instant of `time` on a local day in `zone`; a time skipped by DST moves forward with it. */
export function dueInstant(day: string, zone: string, time: string): Date {
  const ms = memo(instants, `${day}|${zone}|${time}`, () => {
    const [hour, minute] = time.split(':').map(Number);
    return DateTime.fromISO(day, { zone }).set({ hour: hour!, minute: minute!, second: 0, millisecond: 0 }).toMillis();
  });
  return new Date(ms);
}

/**
 * The due day and instant of a task `weeksBefore` a session that starts at `startsAt`. The
 * result is shared between callers (nothing in the app mutates a Date).
 */
export function taskDue(startsAt: Date, zone: string, weeksBefore: number, rules: DueRules): Readonly<{ day: string; at: Date }> {
  return taskDues(startsAt, zone, rules)(weeksBefore);
}

/** `taskDue` for every task of one session: the session's part of the lookup is done once. */
export function taskDues(startsAt: Date, zone: string, rules: DueRules): (weeksBefore: number) => Readonly<{ day: string; at: Date }> {
  const { goodFriday, liberationDay } = rules.holidays;
  const table = memo(dueTables, `${startsAt.getTime()}|${zone}|${rules.time}|${goodFriday}|${liberationDay}`, () => new Map(), TABLE_LIMIT);
  return (weeksBefore) => {
    let due = table.get(weeksBefore);
    if (due === undefined) {
      const day = dueDay(localDay(startsAt, zone), weeksBefore, rules);
      due = { day, at: dueInstant(day, zone, rules.time) };
      table.set(weeksBefore, due);
    }
    return due;
  };
}

/**
 * The first nudge moment (the nudge time on a working day) at or after `instant`: when a task's
 * day has passed (the previous session ended after it, or it was due before the session was
 * planned), this is when it is due instead.
 */
export function nudgeMomentFrom(instant: Date, zone: string, rules: DueRules): Readonly<{ day: string; at: Date }> {
  let day = nextWorkingDay(localDay(instant, zone), rules.holidays);
  let at = dueInstant(day, zone, rules.time);
  if (at.getTime() < instant.getTime()) {
    day = nextWorkingDay(addDays(day, 1), rules.holidays);
    at = dueInstant(day, zone, rules.time);
  }
  return { day, at };
}

/** "Later": the due time two days after `now`'s day, on the first working day from there. */
export function laterMoment(now: Date, zone: string, rules: DueRules, days = 2): Date {
  const plain = DateTime.fromJSDate(now, { zone }).plus({ days }).toISODate()!;
  return dueInstant(nextWorkingDay(plain, rules.holidays), zone, rules.time);
}
