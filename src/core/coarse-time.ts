// The times kept next to something stored without a name (a question kept or passed on
// anonymously) and about people ("first and last seen"): calendar months, not moments or days.
//
// Why a month: a copy of the store must not single out who asked. A time next to the question is
// matched against the times the store keeps of people (their "last seen", a win's author and
// moment, a task mark): with a day, the asker was often the only person of the network active that
// day, and stayed the only match until they used the bot again. With a month on both sides, the
// question matches everyone of the network active that month (whose last seen is that month or
// later), the anonymity set. A network meets about once a quarter and its reminders, nudges and
// pulses bring most of its people to the bot each month; a week would often be one or two people.
import { DateTime } from 'luxon';

/** The start of the calendar month of `at` in `zone`: all a copy may learn of when it happened. */
export function monthStart(at: Date, zone: string): Date {
  return DateTime.fromJSDate(at, { zone }).startOf('month').toJSDate();
}

/** `days` calendar days after `start` in `zone` (a whole day, whatever daylight saving does meanwhile). */
export function daysAfter(start: Date, zone: string, days: number): Date {
  return DateTime.fromJSDate(start, { zone }).plus({ days }).toJSDate();
}

/**
 * The expiry of a record kept `retentionMs` counted from the month it concerns: the start of that
 * month plus whole days, so the expiry says the month and nothing finer (not the moment of the press).
 */
export function expiryFromMonth(at: Date, zone: string, retentionMs: number): Date {
  return daysAfter(monthStart(at, zone), zone, Math.ceil(retentionMs / 86_400_000));
}

/**
 * The end of the day after the one `at` falls on in `zone`: what is held "for a day" is held until
 * a whole day, so its expiry says the day and not the moment it was stored.
 */
export function endOfNextDay(at: Date, zone: string): Date {
  return DateTime.fromJSDate(at, { zone }).startOf('day').plus({ days: 2 }).toJSDate();
}

/** Milliseconds from `now` to `until`, at least 1 (a store's time to live must be positive). */
export function ttlUntil(until: Date, now: Date): number {
  return Math.max(1, until.getTime() - now.getTime());
}

/** A month as people read it: "januari 2027", "January 2027". */
export function formatMonth(at: Date, zone: string, lang: 'nl' | 'en'): string {
  return DateTime.fromJSDate(at, { zone }).setLocale(lang === 'nl' ? 'nl-NL' : 'en-GB').toFormat('LLLL yyyy');
}
