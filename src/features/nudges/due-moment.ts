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

// Calendar maths with time zones is costly and the same few days recur across thousands of
// sessions, so results are memoised; the functions are pure. The caches are bounded by clearing.
const CACHE_LIMIT = 50_000;
const localDays = new Map<string, string>();
const dueDays = new Map<string, string>();
const instants = new Map<string, number>();
const dueTables = new Map<string, Array<{ day: string; at: Date } | undefined>>();

function memo<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  if (cache.size >= CACHE_LIMIT) cache.clear();
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
    const plain = DateTime.fromISO(sessionDay, { zone: 'UTC' }).minus({ weeks: weeksBefore }).toISODate()!;
    return previousWorkingDay(plain, rules.holidays);
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

/** A session's due day and instant by weeks before it. */
export type DueTable = (weeksBefore: number) => Readonly<{ day: string; at: Date }>;

/** The due instant of a task `weeksBefore` a session that starts at `startsAt`. */
export function taskDue(startsAt: Date, zone: string, weeksBefore: number, rules: DueRules): { day: string; at: Date } {
  return dueTable(startsAt, zone, rules).of(weeksBefore);
}

/**
 * Due days and instants of one session start, by weeks before (`of`), and the key naming
 * everything they depend on (for caches built on them, such as shared plans): a session's tasks
 * cost one cache lookup together instead of one each. The returned Dates are shared between
 * callers (nothing in the app mutates a Date), which spares a tick thousands of allocations.
 */
export function dueTable(startsAt: Date, zone: string, rules: DueRules): { key: string; of: DueTable } {
  const { goodFriday, liberationDay } = rules.holidays;
  const key = `${startsAt.getTime()}|${zone}|${rules.time}|${goodFriday}|${liberationDay}`;
  const table = memo(dueTables, key, () => []);
  const of: DueTable = (weeksBefore) => {
    let due = table[weeksBefore];
    if (!due) {
      const day = dueDay(localDay(startsAt, zone), weeksBefore, rules);
      due = table[weeksBefore] = { day, at: dueInstant(day, zone, rules.time) };
    }
    return due;
  };
  return { key, of };
}

/** "Later": the due time two days after `now`'s day, on the first working day from there. */
export function laterMoment(now: Date, zone: string, rules: DueRules, days = 2): Date {
  const plain = DateTime.fromJSDate(now, { zone }).plus({ days }).toISODate()!;
  return dueInstant(nextWorkingDay(plain, rules.holidays), zone, rules.time);
}
