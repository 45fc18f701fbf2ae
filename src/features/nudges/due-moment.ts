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

// Calendar maths with time zones is costly and the same few days recur across thousands of
// sessions, so results are memoised; the functions are pure. The caches are bounded by clearing.
const CACHE_LIMIT = 50_000;
const localDays = new Map<string, string>();
const dueDays = new Map<string, string>();
const instants = new Map<string, number>();

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

/** A session's due day and instant by weeks before it. */
export type DueTable = (weeksBefore: number) => Readonly<{ day: string; at: Date }>;

/**
 * The due days and instants of one session start in one zone under one set of rules. There is
 * one such object per combination while it is cached, so caches built on it (shared plans) can
 * key on the object itself.
 */
export interface StartDues {
  readonly of: DueTable;
}

/** The due instant of a task `weeksBefore` a session that starts at `startsAt`. */
export function taskDue(startsAt: Date, zone: string, weeksBefore: number, rules: DueRules): { day: string; at: Date } {
  return dueTable(startsAt, zone, rules).of(weeksBefore);
}

// By due time, holiday choices, zone and start: nested maps, because a tick looks up a thousand
// sessions and a composite string key would be built and hashed for each.
const startDues = new Map<string, Map<number, Map<string, Map<number, StartDues>>>>();
let startDuesCount = 0;

/**
 * The due table of a session start: its tasks cost one cache lookup together instead of one
 * each. The returned Dates are shared between callers (nothing in the app mutates a Date), which
 * spares a tick thousands of allocations.
 */
export function dueTable(startsAt: Date, zone: string, rules: DueRules): StartDues {
  const { goodFriday, liberationDay } = rules.holidays;
  const start = startsAt.getTime();
  const byStart = child(child(child(startDues, rules.time), (goodFriday ? 1 : 0) | (liberationDay ? 2 : 0)), zone);
  let dues = byStart.get(start);
  if (!dues) {
    if (startDuesCount >= CACHE_LIMIT) {
      // Every map below the top one is dropped; byStart may be one of them, which is harmless.
      startDues.clear();
      startDuesCount = 0;
    }
    dues = startDuesOf(new Date(start), zone, rules);
    byStart.set(start, dues);
    startDuesCount++;
  }
  return dues;
}

function startDuesOf(startsAt: Date, zone: string, rules: DueRules): StartDues {
  const table: Array<{ day: string; at: Date } | undefined> = [];
  return {
    of: (weeksBefore) => {
      let due = table[weeksBefore];
      if (!due) {
        const day = dueDay(localDay(startsAt, zone), weeksBefore, rules);
        due = table[weeksBefore] = { day, at: dueInstant(day, zone, rules.time) };
      }
      return due;
    },
  };
}

function child<K, V extends Map<unknown, unknown>>(map: Map<K, V>, key: K): V {
  let found = map.get(key);
  if (!found) map.set(key, (found = new Map() as V));
  return found;
}

/** "Later": the due time two days after `now`'s day, on the first working day from there. */
export function laterMoment(now: Date, zone: string, rules: DueRules, days = 2): Date {
  const plain = DateTime.fromJSDate(now, { zone }).plus({ days }).toISODate()!;
  return dueInstant(nextWorkingDay(plain, rules.holidays), zone, rules.time);
}
