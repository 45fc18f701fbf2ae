// Dutch public holidays (algemeen erkende feestdagen), computed per year: Easter-based ones from
// the Gregorian computus, so no table needs updating.
import { DateTime } from 'luxon';

export interface HolidayOptions {
  /** Goede Vrijdag is a day off only in some collective agreements; off unless asked for. */
  goodFriday: boolean;
  /** Bevrijdingsdag is a national day off only every five years for most employers; off unless asked for. */
  liberationDay: boolean;
}

export const defaultHolidayOptions: HolidayOptions = { goodFriday: false, liberationDay: false };

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher), as YYYY-MM-DD. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

const cache = new Map<string, Map<string, string>>();

/** The holidays of a year: ISO date → Dutch name. */
export function dutchHolidays(year: number, options: HolidayOptions = defaultHolidayOptions): Map<string, string> {
  const cacheKey = `${year}:${options.goodFriday}:${options.liberationDay}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const easter = DateTime.fromISO(easterSunday(year), { zone: 'UTC' });
  const fromEaster = (days: number) => easter.plus({ days }).toISODate()!;
  // Koningsdag moves to Saturday 26 April when 27 April is a Sunday.
  const kingsDay = DateTime.fromObject({ year, month: 4, day: 27 }, { zone: 'UTC' });
  const holidays = new Map<string, string>([
    [isoDate(year, 1, 1), 'Nieuwjaarsdag'],
    [fromEaster(0), 'Eerste Paasdag'],
    [fromEaster(1), 'Tweede Paasdag'],
    [(kingsDay.weekday === 7 ? kingsDay.minus({ days: 1 }) : kingsDay).toISODate()!, 'Koningsdag'],
    [fromEaster(39), 'Hemelvaartsdag'],
    [fromEaster(49), 'Eerste Pinksterdag'],
    [fromEaster(50), 'Tweede Pinksterdag'],
    [isoDate(year, 12, 25), 'Eerste Kerstdag'],
    [isoDate(year, 12, 26), 'Tweede Kerstdag'],
  ]);
  if (options.goodFriday) holidays.set(fromEaster(-2), 'Goede Vrijdag');
  if (options.liberationDay) holidays.set(isoDate(year, 5, 5), 'Bevrijdingsdag');
  cache.set(cacheKey, holidays);
  return holidays;
}

/** The holiday's name on an ISO date, if it is one. */
export function dutchHolidayOn(date: string, options: HolidayOptions = defaultHolidayOptions): string | undefined {
  return dutchHolidays(Number(date.slice(0, 4)), options).get(date);
}

/** Monday to Friday and not a holiday. */
export function isWorkingDay(date: string, options: HolidayOptions = defaultHolidayOptions): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && dutchHolidayOn(date, options) === undefined;
}

/** The date itself when it is a working day, else the nearest working day before it. */
export function previousWorkingDay(date: string, options: HolidayOptions = defaultHolidayOptions): string {
  let day = date;
  while (!isWorkingDay(day, options)) day = addDays(day, -1);
  return day;
}

/** The date itself when it is a working day, else the nearest working day after it. */
export function nextWorkingDay(date: string, options: HolidayOptions = defaultHolidayOptions): string {
  let day = date;
  while (!isWorkingDay(day, options)) day = addDays(day, 1);
  return day;
}

/**
 * An ISO calendar date `days` later (earlier when negative). Plain UTC arithmetic: calendar days
 * have no time zone, and a tick plans thousands of them, where a DateTime per step is costly.
 */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole calendar days from one ISO date to another (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
