// Reads what follows `/liso sessie`: a date, a start time (or a range), an optional time zone,
// an optional length and the place. Pure: every failure is a UserError naming what is missing.
import { DateTime } from 'luxon';
import { UserError } from '../../core/user-error.ts';
import { MAX_SESSION_MINUTES } from '../../domain/session-length.ts';
import type { LocalDateTime } from '../../domain/session-time.ts';
import { clockTime, formatDay, isValidZone, minutesOfDay, parseTime } from '../../domain/session-time.ts';
import { readDate } from '../../domain/date-words.ts';
import { truncate } from '../../core/sanitize.ts';
import { keywordOf } from '../../core/command-words.ts';

export interface SessionMoment {
  local: LocalDateTime;
  /** Given as a range (14:00-17:00) or a length (2u30); undefined when neither was typed. */
  durationMinutes?: number;
}

// A word that names an IANA zone ("Europe/Amsterdam", "America/Argentina/Buenos_Aires", "UTC").
const ZONE_LIKE = /^(?:[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+|UTC)$/;
const RANGE = /^(.+?)[-–](.+)$/;
const RANGE_WORDS = new Set(['-', '–', 'tot', 'to', 'until', 'tm', 't/m']);
// 3u, 2u30, 2h, 2h30, 3uur, 2,5u, 1.5h, 90m, 90min
const HOURS = /^(\d{1,2})(?:[.,](\d))?(?:u|h|uur|hours?)(\d{2})?$/;
const MINUTES = /^(\d{2,3})(?:m|min|minuten|minutes)$/;
// "om 14:00", "van 14:00 tot 17:00": words before the start time that say nothing more.
const TIME_LEAD_WORDS = new Set(['om', 'van', 'vanaf', 'at', 'from']);
// "14.00-17.00 uur": a word after the time that is no place.
const HOUR_WORDS = new Set(['uur', 'u', "o'clock"]);
// "2 uur 's middags", "2pm": the half of the day after the time, as one word or two ("'s middags").
const AFTERNOON = new Set(["'s middags", 's middags', 'smiddags', "'s avonds", 's avonds', 'savonds', 'pm', 'p.m.']);
const MORNING = new Set(["'s ochtends", 's ochtends', "'s morgens", 's morgens', 'am', 'a.m.']);
const HALF_DAY_SUFFIX = /^(.+?)(am|pm|a\.m\.|p\.m\.)$/i;
// "2", "2u", "2 uur": an hour alone, which people say for the afternoon; before 07:00 it is asked about, not planned.
const BARE_HOUR = /^(\d{1,2})(?:u|h|uur)?$/i;
const FIRST_DAY_HOUR = 7;
const MIN_SESSION_MINUTES = 15;
const SHOWN = 40;

/** What a lead typed, quoted back in an error: short, and never cut inside a character. */
export function shownTyped(text: string): string {
  return truncate(text, SHOWN);
}

/** Where a date is read: today's date (YYYY-MM-DD) in the network's zone, and the reader's language for errors. */
export interface DateContext {
  today: string;
  lang: 'nl' | 'en';
}

/** The date at the start of `words` and how many words it took; a UserError saying what is wrong otherwise. */
export function readSessionDate(words: readonly string[], at: DateContext): { date: string; used: number } {
  const reading = readDate(words, at.today);
  if (!reading) throw new UserError('session.badDate', { typed: shownTyped(words[0] ?? '') });
  if ('noSuchDay' in reading) {
    const { month, year, days } = reading.noSuchDay;
    const monthName = DateTime.fromObject({ year: year ?? 2028, month }).setLocale(at.lang === 'nl' ? 'nl-NL' : 'en-GB').toFormat(year === undefined ? 'LLLL' : 'LLLL yyyy');
    throw new UserError('session.noSuchDay', { typed: shownTyped(words.slice(0, reading.used).join(' ')), month: monthName, days });
  }
  if ('mismatch' in reading) {
    throw new UserError('session.weekdayMismatch', { typed: shownTyped(words.slice(0, reading.used).join(' ')), date: formatDay(reading.mismatch.date, at.lang) });
  }
  return reading;
}

/**
 * The moment and length at the start of `words`, and the words after them (the place, when
 * planning). `fallbackZone` is the network's (or, when moving, the session's) zone.
 */
export function readMoment(words: readonly string[], fallbackZone: string, on: DateContext): { moment: SessionMoment; rest: string[] } {
  const read = readSessionDate(words, on);
  const date = read.date;
  let at = read.used;
  if (TIME_LEAD_WORDS.has(keywordOf(words[at])) && words[at + 1] !== undefined) at += 1;
  const timeWord = words[at] ?? '';
  if (timeWord === '') throw new UserError('session.needsTime', { date });
  const startWord = words[at]!;
  const suffix = HALF_DAY_SUFFIX.exec(startWord);
  const typedTimes = readTimes(suffix ? [...words.slice(0, at), suffix[1]!, ...words.slice(at + 1)] : words, at);
  at += typedTimes.used;
  if (HOUR_WORDS.has(keywordOf(words[at]))) at += 1;
  const half = suffix ? { afternoon: /^p/i.test(suffix[2]!), used: 0 } : halfOfDay(words, at);
  at += half.used;
  const { time, end } = half.afternoon ? { time: afternoon(typedTimes.time), end: typedTimes.end === undefined ? undefined : afternoon(typedTimes.end) } : typedTimes;
  const bareHour = BARE_HOUR.exec(suffix ? suffix[1]! : startWord);
  if (bareHour && half.afternoon === undefined && Number(bareHour[1]) < FIRST_DAY_HOUR) {
    throw new UserError('session.nightHour', { typed: shownTyped(startWord), night: time, day: afternoon(time) });
  }
  let timeZone = fallbackZone;
  const zoneWord = words[at];
  if (zoneWord !== undefined && ZONE_LIKE.test(zoneWord)) {
    if (!isValidZone(zoneWord)) throw new UserError('session.badZone', { typed: truncate(zoneWord, 60) });
    timeZone = zoneWord;
    at += 1;
  }
  let durationMinutes = end === undefined ? undefined : minutesBetween(time, end);
  const lengthWord = words[at];
  if (lengthWord !== undefined && durationMinutes === undefined) {
    const length = parseLength(lengthWord);
    if (length !== undefined) {
      durationMinutes = length;
      at += 1;
    }
  }
  if (durationMinutes !== undefined) checkLength(durationMinutes, time, end);
  return { moment: { local: { date, time, timeZone }, ...(durationMinutes !== undefined ? { durationMinutes } : {}) }, rest: words.slice(at) };
}

/** Whether a word is a start time or a range ("14:00", "14-17"): a sign that a date is missing before it. */
export function looksLikeTime(word: string): boolean {
  return parseTime(word) !== undefined || parseTime(RANGE.exec(word)?.[1] ?? '') !== undefined;
}

/**
 * Whether the words start with a time or a range of two times ("14:00", "om 15:00", "14:00-16:30"): after a move's one
 * date, the same day at a new time. A word that is only half a time ("11-3-11-3-…") is not one.
 */
export function startsWithTime(words: readonly string[]): boolean {
  const word = withoutClosingPunctuation(words[TIME_LEAD_WORDS.has(keywordOf(words[0])) ? 1 : 0] ?? '');
  const range = RANGE.exec(word);
  return parseTime(word) !== undefined || (range !== null && parseTime(range[1]!) !== undefined && parseTime(range[2]!) !== undefined);
}

/** "14:00", "14:00-17:00", "14:00 - 17:00" or "14:00 tot 17:00" (a full stop after it is no part of it); `used` counts the words read. */
function readTimes(words: readonly string[], at: number): { time: string; end?: string; used: number } {
  const word = withoutClosingPunctuation(words[at]!);
  const joined = RANGE.exec(word);
  if (joined && parseTime(joined[1]!) !== undefined) {
    const time = parseTime(joined[1]!)!;
    const end = parseTime(joined[2]!);
    if (!end) throw new UserError('session.badEnd', { typed: shownTyped(joined[2]!), start: time });
    return { time, end, used: 1 };
  }
  const time = parseTime(word);
  if (!time) throw new UserError('session.badTime', { typed: shownTyped(word) });
  const separator = words[at + 1]?.toLowerCase();
  if (separator !== undefined && RANGE_WORDS.has(separator)) {
    const endWord = withoutClosingPunctuation(words[at + 2] ?? '');
    const end = parseTime(endWord);
    if (!end) throw new UserError('session.badEnd', { typed: shownTyped(endWord), start: time });
    return { time, end, used: 3 };
  }
  return { time, used: 1 };
}

/** "'s middags" or "pm" at `at` (afternoon: true), "'s ochtends" or "am" (false), or neither; `used` counts the words read. */
function halfOfDay(words: readonly string[], at: number): { afternoon?: boolean; used: number } {
  for (const used of [2, 1]) {
    if (words.length - at < used) continue;
    const phrase = words.slice(at, at + used).join(' ').toLowerCase().replace(/[’‘]/g, "'");
    if (AFTERNOON.has(phrase)) return { afternoon: true, used };
    if (MORNING.has(phrase)) return { afternoon: false, used };
  }
  return { used: 0 };
}

/** 2:00 as 14:00; a time from noon on stays. */
function afternoon(time: string): string {
  const minutes = minutesOfDay(time);
  return minutes < 12 * 60 ? clockTime(minutes + 12 * 60) : time;
}

/** "14:00." at the end of a sentence is 14:00. */
function withoutClosingPunctuation(word: string): string {
  return word.replace(/[.,;!]+$/, '');
}

/** A length such as 3u, 2u30, 2,5u or 90m in minutes; undefined when the word is no length. */
export function parseLength(word: string): number | undefined {
  const lower = word.toLowerCase();
  const hours = HOURS.exec(lower);
  if (hours) {
    if (hours[2] !== undefined && hours[3] !== undefined) return undefined;
    return Number(hours[1]) * 60 + (hours[2] !== undefined ? Number(hours[2]) * 6 : 0) + Number(hours[3] ?? '0');
  }
  const minutes = MINUTES.exec(lower);
  return minutes ? Number(minutes[1]) : undefined;
}

function minutesBetween(start: string, end: string): number {
  return minutesOfDay(end) - minutesOfDay(start);
}

function checkLength(minutes: number, start: string, end: string | undefined): void {
  if (end !== undefined && minutes <= 0) throw new UserError('session.endBeforeStart', { start, end });
  if (minutes < MIN_SESSION_MINUTES || minutes > MAX_SESSION_MINUTES) {
    throw new UserError('session.badLength', { min: MIN_SESSION_MINUTES, maxHours: MAX_SESSION_MINUTES / 60 });
  }
}
