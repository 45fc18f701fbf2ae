// Parsing and formatting the local date and time of a session in its IANA time zone.
import { DateTime, IANAZone } from 'luxon';

export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm, 24-hour */
  time: string;
  timeZone: string;
}

export type ParseFailure = 'date' | 'time' | 'zone' | 'nonexistent';

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DUTCH_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
// A full stop or comma after the time ends a sentence ("om 14:00."), it is no part of the time.
const TIME = /^(\d{1,2})(?:[:.u](\d{2}))?u?[.,]?$/;

/** Accepts 2027-03-11 and the Dutch 11-3-2027 (also with / or .); rejects impossible days. */
export function parseDate(text: string): string | undefined {
  const parts = writtenDate(text);
  if (!parts) return undefined;
  const parsed = DateTime.fromObject(parts, { zone: 'UTC' });
  return parsed.isValid ? parsed.toISODate()! : undefined;
}

/** Year, month and day as written in 2027-03-11 or 11-3-2027, whether or not that day exists (2027-02-29). */
export function writtenDate(text: string): { year: number; month: number; day: number } | undefined {
  const iso = ISO_DATE.exec(text);
  const dutch = DUTCH_DATE.exec(text);
  if (!iso && !dutch) return undefined;
  return iso ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) } : { year: Number(dutch![3]), month: Number(dutch![2]), day: Number(dutch![1]) };
}

/** Accepts 14:00, 9:30, 14.00, 14u and 14u30 (also followed by a full stop or comma). */
export function parseTime(text: string): string | undefined {
  const match = TIME.exec(text.toLowerCase());
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? '0');
  if (hour > 23 || minute > 59) return undefined;
  return clockTime(hour * 60 + minute);
}

/** Minutes since midnight of an HH:mm time. */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** HH:mm of minutes since midnight (0..1439). */
export function clockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The instant a local date and time denote; a time skipped by a DST change is an error. */
export function toInstant(local: LocalDateTime): Date | ParseFailure {
  if (!isValidZone(local.timeZone)) return 'zone';
  const [year, month, day] = local.date.split('-').map(Number);
  const [hour, minute] = local.time.split(':').map(Number);
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone: local.timeZone });
  if (!dt.isValid) return 'date';
  if (dt.hour !== hour || dt.minute !== minute) return 'nonexistent';
  return dt.toJSDate();
}

/**
 * Whether a local date and time happen twice: in the hour a DST change turns the clock back
 * (Europe/Amsterdam, 31 October 2027 02:30). Its instant would be one of the two, chosen unasked.
 */
export function occursTwice(local: LocalDateTime): boolean {
  if (!isValidZone(local.timeZone)) return false;
  const [year, month, day] = local.date.split('-').map(Number);
  const [hour, minute] = local.time.split(':').map(Number);
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone: local.timeZone });
  return dt.isValid && dt.getPossibleOffsets().length > 1;
}

/**
 * "donderdag 11 maart 2027, 14:00" in the reader's language, with " (Europe/London)" only when
 * the session's zone differs from the network's (`networkZone`; unknown means always shown).
 */
export function formatSessionMoment(local: LocalDateTime, lang: 'nl' | 'en', networkZone: string | undefined): string {
  return `${formatDay(local.date, lang)}, ${local.time}${zoneSuffix(local.timeZone, networkZone)}`;
}

/** "donderdag 11 maart 2027, 14:00–17:00", the zone shown as in `formatSessionMoment`. */
export function formatSessionSpan(local: LocalDateTime, end: Date, lang: 'nl' | 'en', networkZone: string | undefined): string {
  const endTime = DateTime.fromJSDate(end, { zone: local.timeZone });
  const endDate = endTime.toISODate();
  const until = endDate === local.date ? endTime.toFormat('HH:mm') : `${formatDay(endDate!, lang)}, ${endTime.toFormat('HH:mm')}`;
  return `${formatDay(local.date, lang)}, ${local.time}–${until}${zoneSuffix(local.timeZone, networkZone)}`;
}

export function formatDay(date: string, lang: 'nl' | 'en'): string {
  const [year, month, day] = date.split('-').map(Number);
  return DateTime.fromObject({ year, month, day }, { zone: 'UTC' }).setLocale(lang === 'nl' ? 'nl-NL' : 'en-GB').toFormat('cccc d LLLL yyyy');
}

function zoneSuffix(zone: string, networkZone: string | undefined): string {
  return zone === networkZone ? '' : ` (${zone})`;
}
