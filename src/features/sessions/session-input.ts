// Reads what follows `/liso sessie`: a date, a start time (or a range), an optional time zone,
// an optional length and the place. Pure: every failure is a UserError naming what is missing.
import { UserError } from '../../core/user-error.ts';
import { MAX_SESSION_MINUTES } from '../../domain/session-length.ts';
import type { LocalDateTime } from '../../domain/session-time.ts';
import { formatDay, isValidZone, minutesOfDay, parseTime } from '../../domain/session-time.ts';
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
const TIME_LEADS = new Set(['om', 'van', 'vanaf', 'at', 'from']);
const HOUR_WORDS = new Set(['uur', 'u']);
// 3u, 2u30, 2h, 2h30, 3uur, 2,5u, 1.5h, 90m, 90min
const HOURS = /^(\d{1,2})(?:[.,](\d))?(?:u|h|uur|hours?)(\d{2})?$/;
const MINUTES = /^(\d{2,3})(?:m|min|minuten|minutes)$/;
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
  // "18 maart om 14:00", "van 14:00 tot 17:00": the word before the time says nothing more.
  if (TIME_LEADS.has(keywordOf(words[at])) && words[at + 1] !== undefined) at += 1;
  const timeWord = words[at] ?? '';
  if (timeWord === '') throw new UserError('session.needsTime', { date });
  const { time, end, used } = readTimes(words, at);
  at += used;
  // "14:00-17:00 uur": the hours' word after the times is no place.
  if (HOUR_WORDS.has(keywordOf(words[at]))) at += 1;
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

/** "14:00", "14:00-17:00", "14:00 - 17:00" or "14:00 tot 17:00"; `used` counts the words read. */
function readTimes(words: readonly string[], at: number): { time: string; end?: string; used: number } {
  const word = words[at]!;
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
    const endWord = words[at + 2] ?? '';
    const end = parseTime(endWord);
    if (!end) throw new UserError('session.badEnd', { typed: shownTyped(endWord), start: time });
    return { time, end, used: 3 };
  }
  return { time, used: 1 };
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
