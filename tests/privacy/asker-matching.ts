// The attack on a question kept without a name or passed on anonymously, read from a copy of the
// store: every time the copy ties to the question (its values, the expiries of its records, the
// records that point at it) against every time it ties to a person ("last seen", a win's author and
// moment). Whoever matches the question's finest time is a candidate; one candidate is an asker found.
import { DateTime } from 'luxon';
import type { StoreImage } from './store-audit.ts';

/** How fine a stored time is: a moment, the start of a day, or the start of a month (in the zone). */
export type Grain = 'moment' | 'day' | 'month';
const FINENESS: Record<Grain, number> = { moment: 0, day: 1, month: 2 };

export interface Evidence {
  at: DateTime;
  grain: Grain;
  /** Where the copy showed it, readable when a test fails. */
  from: string;
}

/** Retentions an attacker who knows the code tries on an expiry (and an index day, one day later). */
const RETENTION_DAYS = [1, 2, 730, 731, 800, 801];
/** Two people's moments this close count as the same moment (a press and a win a few minutes apart). */
const SAME_MOMENT_MS = 15 * 60_000;

interface Row {
  key: string;
  value: Record<string, unknown> | undefined;
  expires: number | undefined;
}

function rowsOf(image: StoreImage): Row[] {
  return image.entries.map((e) => {
    try {
      const parsed = JSON.parse(e.text) as { value?: unknown; expires?: number };
      const value = parsed.value && typeof parsed.value === 'object' ? (parsed.value as Record<string, unknown>) : undefined;
      return { key: e.key, value, expires: parsed.expires };
    } catch {
      return { key: e.key, value: undefined, expires: undefined };
    }
  });
}

export function grainOf(at: DateTime): Grain {
  if (!at.equals(at.startOf('day'))) return 'moment';
  return at.day === 1 ? 'month' : 'day';
}

function evidence(iso: string | number, zone: string, from: string): Evidence {
  const at = typeof iso === 'number' ? DateTime.fromMillis(iso, { zone }) : DateTime.fromISO(iso, { zone });
  return { at, grain: grainOf(at), from };
}

/** Every `{"$date": …}` in a value, by the path it was at. */
function datesIn(value: unknown, path = ''): Array<{ path: string; iso: string }> {
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (typeof record['$date'] === 'string') return [{ path, iso: record['$date'] }];
  return Object.entries(record).flatMap(([k, v]) => datesIn(v, path ? `${path}.${k}` : k));
}

/** What an expiry says of when its record was written: each known retention back, if that falls in `window`. */
function fromExpiry(expires: number, zone: string, from: string, window: [DateTime, DateTime]): Evidence[] {
  const end = DateTime.fromMillis(expires, { zone });
  return RETENTION_DAYS.map((days) => end.minus({ days })).filter((at) => at >= window[0] && at <= window[1]).map((at) => ({ at, grain: grainOf(at), from: `${from} expiry` }));
}

/** The times a copy ties to the question `questionId`, each as fine as it is stored. */
export function questionEvidence(image: StoreImage, questionId: string, zone: string, now: Date): Evidence[] {
  const window: [DateTime, DateTime] = [DateTime.fromJSDate(now, { zone }).minus({ days: 62 }), DateTime.fromJSDate(now, { zone })];
  const rows = rowsOf(image);
  const answers = rows.filter((r) => r.key.startsWith('advice:answer:') && (r.value?.['held'] as { questionId?: string } | undefined)?.questionId === questionId);
  const answerIds = answers.map((r) => String(r.value?.['answerId']));
  const linked = rows.filter(
    (r) =>
      [`advice:question:${questionId}`, `advice:held:${questionId}`, `advice:kept:${questionId}`, `advice:pass:${questionId}`].includes(r.key) ||
      r.key.startsWith(`delivery:advice-pass:${questionId}:`) ||
      answers.includes(r) ||
      answerIds.some((id) => r.key === `advice:feedback:${id}`),
  );
  const found: Evidence[] = [];
  const expiries: Evidence[] = [];
  for (const row of linked) {
    for (const { path, iso } of datesIn(row.value)) found.push(evidence(iso, zone, `${row.key} ${path}`));
    if (row.expires !== undefined) expiries.push(...fromExpiry(row.expires, zone, row.key, window));
  }
  // The per-person index of Delivery files a record under the day after it expires.
  for (const row of rows) {
    const day = new RegExp(`(\\d{4}-\\d{2}-\\d{2})\\u001fadvice-pass:${questionId}:`).exec(row.key)?.[1];
    if (day) expiries.push(...fromExpiry(DateTime.fromISO(day, { zone }).toMillis(), zone, row.key.slice(0, 40), window));
  }
  // Of the retentions tried, the attacker keeps those that agree with the day or month the question says it was asked.
  const asked = found.filter((e) => /^advice:(question|held):\S+ askedAt$/.test(e.from));
  return [...found, ...expiries.filter((e) => asked.length === 0 || asked.some((a) => sameAt(a, e)))];
}

/** The times a copy ties to each person: their record's first and last seen, and the wins they shared. */
export function personEvidence(image: StoreImage, platform: string, zone: string): Map<string, Evidence[]> {
  const people = new Map<string, Evidence[]>();
  const add = (userId: string, e: Evidence) => people.set(userId, [...(people.get(userId) ?? []), e]);
  for (const row of rowsOf(image)) {
    const person = new RegExp(`^person:${platform}:([^:]+)$`).exec(row.key)?.[1];
    if (person && row.value) for (const { path, iso } of datesIn(row.value)) add(person, evidence(iso, zone, `${row.key} ${path}`));
    if (row.key.startsWith('wins:win:') && typeof row.value?.['authorId'] === 'string') {
      for (const { path, iso } of datesIn(row.value)) add(row.value['authorId'], evidence(iso, zone, `${row.key} ${path}`));
    }
  }
  return people;
}

function sameAt(a: Evidence, b: Evidence): boolean {
  const grain = FINENESS[a.grain] >= FINENESS[b.grain] ? a.grain : b.grain;
  if (grain === 'moment') return Math.abs(a.at.toMillis() - b.at.toMillis()) < SAME_MOMENT_MS;
  return a.at.hasSame(b.at, grain);
}

/** The people whose times match the question's finest: the asker is found when they are the only one. */
export function candidatesFor(question: readonly Evidence[], people: Map<string, Evidence[]>): string[] {
  const finest = Math.min(...question.map((e) => FINENESS[e.grain]));
  const sharpest = question.filter((e) => FINENESS[e.grain] === finest);
  return [...people.entries()].filter(([, seen]) => seen.some((s) => sharpest.some((q) => sameAt(s, q)))).map(([userId]) => userId).sort();
}

/**
 * Versions of a pass-on's delivery record in raw file bytes (the database and its write-ahead
 * log, where earlier versions of a row stay until a checkpoint), with the times they keep.
 */
export function passRecordVersions(image: StoreImage): Array<{ file: string; state: string; times: string[] }> {
  const pattern = /"key":"advice-pass:[^"]+","state":"(\w+)".{0,6000}?"queuedAt":\{"\$date":"([^"]+)"\},"updatedAt":\{"\$date":"([^"]+)"\}/gs;
  return image.raw.flatMap(({ file, text }) => [...text.matchAll(pattern)].map((m) => ({ file, state: m[1]!, times: [m[2]!, m[3]!] })));
}
