// Reads a date the way people type one in a chat: "2027-01-14", "14-1-2027", "14-1", "14 januari",
// "do 14 jan", "Thursday 14 January 2027", "morgen", "donderdag", "volgende week donderdag". A date without a year is the first
// such day from today on (a session is planned ahead, and is looked up among those still to come).
import { DateTime } from 'luxon';
import { parseDate, parseTime, writtenDate } from './session-time.ts';

export type DateReading =
  /** The date (YYYY-MM-DD) and how many of the words it took. */
  | { date: string; used: number }
  /** A weekday was typed that the date does not fall on ("vr 14 januari 2027" is a Thursday). */
  | { mismatch: { date: string; weekday: number }; used: number }
  /** A day its month does not have ("29 februari 2027", "31-4"): the month (and year, when typed) and the words. */
  | { noSuchDay: NoSuchDay; used: number };

export interface NoSuchDay {
  month: number;
  year?: number;
  /** How many days that month has (February without a year: 29). */
  days: number;
}

const MONTHS = new Map<string, number>();
const monthNames: Array<[number, string[]]> = [
  [1, ['januari', 'jan', 'january']],
  [2, ['februari', 'feb', 'february']],
  [3, ['maart', 'mrt', 'mar', 'march']],
  [4, ['april', 'apr']],
  [5, ['mei', 'may']],
  [6, ['juni', 'jun', 'june']],
  [7, ['juli', 'jul', 'july']],
  [8, ['augustus', 'aug', 'august']],
  [9, ['september', 'sep', 'sept']],
  [10, ['oktober', 'okt', 'oct', 'october']],
  [11, ['november', 'nov']],
  [12, ['december', 'dec']],
];
for (const [month, names] of monthNames) for (const name of names) MONTHS.set(name, month);

/** ISO weekday numbers (Monday 1). */
const WEEKDAYS = new Map<string, number>();
const weekdayNames: Array<[number, string[]]> = [
  [1, ['ma', 'maandag', 'mon', 'monday']],
  [2, ['di', 'dinsdag', 'tue', 'tues', 'tuesday']],
  [3, ['wo', 'woensdag', 'wed', 'wednesday']],
  [4, ['do', 'donderdag', 'thu', 'thur', 'thurs', 'thursday']],
  [5, ['vr', 'vrijdag', 'fri', 'friday']],
  [6, ['za', 'zaterdag', 'sat', 'saturday']],
  [7, ['zo', 'zondag', 'sun', 'sunday']],
];
for (const [day, names] of weekdayNames) for (const name of names) WEEKDAYS.set(name, day);

// Days before today are dates too: planning on one is refused as in the past, never as no date at all.
const RELATIVE = new Map([
  ['eergisteren', -2],
  ['gisteren', -1],
  ['yesterday', -1],
  ['vandaag', 0],
  ['today', 0],
  ['morgen', 1],
  ['tomorrow', 1],
  ['overmorgen', 2],
]);

// "volgende donderdag", "volgende week donderdag", "donderdag volgende week".
const NEXT_WORDS = new Set(['volgende', 'komende', 'aanstaande', 'next', 'coming']);
const WEEK_WORDS = new Set(['week']);

const DAY_MONTH = /^(\d{1,2})[-/.](\d{1,2})$/;
const DAY = /^(\d{1,2})(?:e|st|nd|rd|th)?$/;
const YEAR = /^(\d{4})$/;

/** A word without the punctuation people put after it ("do,", "jan.", "14 januari,"). */
const bare = (word: string | undefined) => (word ?? '').toLowerCase().replace(/[.,]+$/, '');

/** A real calendar day, or undefined ("31-2"). */
function calendarDay(year: number, month: number, day: number): string | undefined {
  const parsed = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
  return parsed.isValid ? parsed.toISODate()! : undefined;
}

/** The first date on or after `today` with this month and day (29 February waits for a leap year, within eight). */
function nextOccurrence(month: number, day: number, today: string): string | undefined {
  const year = Number(today.slice(0, 4));
  for (let y = year; y <= year + 8; y++) {
    const date = calendarDay(y, month, day);
    if (date && date >= today) return date;
  }
  return undefined;
}

function weekdayOf(date: string): number {
  return DateTime.fromISO(date, { zone: 'UTC' }).weekday;
}

/** The day a month does not have, as a reading; undefined for a month that does not exist ("14-13"). */
function noSuchDay(month: number, used: number, year?: number): { noSuchDay: NoSuchDay; used: number } | undefined {
  if (month < 1 || month > 12) return undefined;
  const days = DateTime.fromObject({ year: year ?? 2028, month }, { zone: 'UTC' }).daysInMonth!;
  return { noSuchDay: { month, ...(year === undefined ? {} : { year }), days }, used };
}

type DayMonthReading = { date: string; used: number } | { noSuchDay: NoSuchDay; used: number };

/** Day and month (and perhaps a year) at the start of `words`, in any of the accepted forms. */
function readDayMonth(words: readonly string[], today: string): DayMonthReading | undefined {
  const first = bare(words[0]);
  const written = parseDate(first);
  if (written) return { date: written, used: 1 };
  const parts = writtenDate(first);
  if (parts) return noSuchDay(parts.month, 1, parts.year);
  const dayMonth = DAY_MONTH.exec(first);
  if (dayMonth) {
    const date = nextOccurrence(Number(dayMonth[2]), Number(dayMonth[1]), today);
    return date ? { date, used: 1 } : noSuchDay(Number(dayMonth[2]), 1);
  }
  // "14 januari [2027]" or "january 14 [2027]"
  const second = bare(words[1]);
  const [dayWord, monthWord] = DAY.test(first) && MONTHS.has(second) ? [first, second] : MONTHS.has(first) && DAY.test(second) ? [second, first] : [];
  if (dayWord === undefined || monthWord === undefined) return undefined;
  const day = Number(DAY.exec(dayWord)![1]);
  const month = MONTHS.get(monthWord)!;
  const year = YEAR.exec(bare(words[2]));
  if (year) {
    const date = calendarDay(Number(year[1]), month, day);
    return date ? { date, used: 3 } : noSuchDay(month, 3, Number(year[1]));
  }
  const date = nextOccurrence(month, day, today);
  return date ? { date, used: 2 } : noSuchDay(month, 2);
}

/**
 * "9.05" after a weekday is the time ("do 9.05 Zaal 3"), not 9 May; it is a day and month only when a
 * time follows ("do 10.12 14:00").
 */
function isDottedTime(words: readonly string[]): boolean {
  const first = bare(words[0]);
  return /^\d{1,2}\.\d{2}$/.test(first) && parseTime(first) !== undefined && parseTime(bare(words[1])) === undefined;
}

/**
 * "do 14 14:00": a day of the month after a weekday, when the time follows it ("do 14 Buurthuis" is Thursday at
 * 14:00). The 14th of this month or the next that is that weekday; else the next 14th, which the weekday does not fit.
 */
function weekdayAndDay(words: readonly string[], weekday: number, today: string): { date: string; used: number } | undefined {
  const day = DAY.exec(bare(words[0]));
  if (!day || parseTime(bare(words[1])) === undefined) return undefined;
  const start = DateTime.fromISO(today, { zone: 'UTC' });
  const days = [0, 1].map((months) => start.plus({ months })).map((month) => calendarDay(month.year, month.month, Number(day[1])));
  const coming = days.filter((date): date is string => date !== undefined && date >= today);
  const date = coming.find((d) => weekdayOf(d) === weekday) ?? coming[0];
  return date ? { date, used: 1 } : undefined;
}

/**
 * "volgende donderdag" (the first Thursday after today, as "donderdag" alone), "volgende week donderdag" and
 * "donderdag volgende week" (the Thursday of next week, Monday to Sunday).
 */
function readNextWeekday(words: readonly string[], today: string): { date: string; used: number } | undefined {
  const [first, second, third] = [bare(words[0]), bare(words[1]), bare(words[2])];
  const start = DateTime.fromISO(today, { zone: 'UTC' });
  const inNextWeek = (weekday: number) => start.plus({ weeks: 1 }).set({ weekday: weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7 }).toISODate()!;
  if (NEXT_WORDS.has(first) && WEEK_WORDS.has(second) && WEEKDAYS.has(third)) return { date: inNextWeek(WEEKDAYS.get(third)!), used: 3 };
  if (WEEKDAYS.has(first) && NEXT_WORDS.has(second) && WEEK_WORDS.has(third)) return { date: inNextWeek(WEEKDAYS.get(first)!), used: 3 };
  if (NEXT_WORDS.has(first) && WEEKDAYS.has(second)) return { date: firstWeekdayAfter(today, WEEKDAYS.get(second)!), used: 2 };
  return undefined;
}

/** The first such weekday after today: "donderdag" said on a Thursday means next week's. */
function firstWeekdayAfter(today: string, weekday: number): string {
  const start = DateTime.fromISO(today, { zone: 'UTC' });
  const ahead = ((weekday - start.weekday + 6) % 7) + 1;
  return start.plus({ days: ahead }).toISODate()!;
}

/**
 * The date at the start of `words` (`today` is the local date, YYYY-MM-DD, in the network's zone), or undefined when
 * they do not start with one. Reads at most four words, so it is linear in nothing the user controls.
 */
export function readDate(words: readonly string[], today: string): DateReading | undefined {
  const next = readNextWeekday(words, today);
  if (next) return next;
  const first = bare(words[0]);
  const relative = RELATIVE.get(first);
  if (relative !== undefined) return { date: DateTime.fromISO(today, { zone: 'UTC' }).plus({ days: relative }).toISODate()!, used: 1 };
  const weekday = WEEKDAYS.get(first);
  if (weekday === undefined) return readDayMonth(words, today);
  const after = isDottedTime(words.slice(1)) ? undefined : (readDayMonth(words.slice(1), today) ?? weekdayAndDay(words.slice(1), weekday, today));
  if (!after) return { date: firstWeekdayAfter(today, weekday), used: 1 };
  const used = after.used + 1;
  if ('noSuchDay' in after) return { ...after, used };
  return weekdayOf(after.date) === weekday ? { date: after.date, used } : { mismatch: { date: after.date, weekday: weekdayOf(after.date) }, used };
}
