// Pure rules of the timeline: Dutch holidays, due days and instants, the calendar invitation,
// the data file's validation and the `liso timeline` CLI.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/core/data-file.ts';
import { DateTime } from 'luxon';
import { addDays, dutchHolidays, easterSunday, isWorkingDay, previousWorkingDay } from '../../src/domain/dutch-holidays.ts';
import { dueDay, laterMoment, taskDue } from '../../src/features/nudges/due-moment.ts';
import { escapeText, foldLine, sessionInvite } from '../../src/domain/calendar-invite.ts';
import { loadTimeline } from '../../src/features/nudges/timeline-data.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const rules = { time: '09:00', holidays: { goodFriday: false, liberationDay: false } };
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('Dutch holidays', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('Easter %i is %s', (year, date) => expect(easterSunday(year)).toBe(date));

  it('lists the 2027 holidays', () => {
    expect([...dutchHolidays(2027).entries()].sort()).toEqual([
      ['2027-01-01', 'Nieuwjaarsdag'],
      ['2027-03-28', 'Eerste Paasdag'],
      ['2027-03-29', 'Tweede Paasdag'],
      ['2027-04-27', 'Koningsdag'],
      ['2027-05-06', 'Hemelvaartsdag'],
      ['2027-05-16', 'Eerste Pinksterdag'],
      ['2027-05-17', 'Tweede Pinksterdag'],
      ['2027-12-25', 'Eerste Kerstdag'],
      ['2027-12-26', 'Tweede Kerstdag'],
    ]);
  });

  it('moves Koningsdag to Saturday 26 April when the 27th is a Sunday (2025)', () => {
    expect(dutchHolidays(2025).get('2025-04-26')).toBe('Koningsdag');
    expect(dutchHolidays(2025).has('2025-04-27')).toBe(false);
  });

  it('adds Goede Vrijdag and Bevrijdingsdag only when configured', () => {
    expect(isWorkingDay('2027-03-26')).toBe(true);
    expect(isWorkingDay('2027-03-26', { goodFriday: true, liberationDay: false })).toBe(false);
    expect(isWorkingDay('2027-05-05')).toBe(true);
    expect(isWorkingDay('2027-05-05', { goodFriday: false, liberationDay: true })).toBe(false);
  });

  it.each([
    ['2027-03-29', '2027-03-26'], // Tweede Paasdag → Friday
    ['2027-04-27', '2027-04-26'], // Koningsdag → Monday
    ['2027-05-17', '2027-05-14'], // Tweede Pinksterdag → Friday
    ['2027-12-27', '2027-12-27'], // a Monday after Christmas is a working day
    ['2027-12-26', '2027-12-24'], // Sunday, Tweede Kerstdag → Friday
    ['2028-01-01', '2027-12-31'], // Saturday, Nieuwjaarsdag
    ['2027-05-06', '2027-05-05'], // Hemelvaartsdag → Wednesday (Bevrijdingsdag off by default)
  ])('previous working day of %s is %s', (given, expected) => expect(previousWorkingDay(given)).toBe(expected));

  it('counts calendar days across months, leap days and years as the calendar does', () => {
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    // Twelve weeks before a session on 2027-04-08, across the change to summer time.
    expect(addDays('2027-04-08', -84)).toBe('2027-01-14');
    let day = DateTime.fromISO('2026-12-01', { zone: 'UTC' });
    for (let i = 0; i < 800; i++, day = day.plus({ days: 1 })) {
      const iso = day.toISODate()!;
      expect(addDays(iso, -7 * (i % 13))).toBe(day.minus({ weeks: i % 13 }).toISODate());
      expect(isWorkingDay(iso)).toBe(day.weekday <= 5 && !dutchHolidays(day.year).has(iso));
    }
  });
});

describe('due moments', () => {
  it.each([
    ['2027-04-08T12:00:00Z', 2, '2027-03-25T08:00:00.000Z'], // CET
    ['2027-04-15T12:00:00Z', 2, '2027-04-01T07:00:00.000Z'], // CEST, after 28 March
    ['2027-04-12T12:00:00Z', 2, '2027-03-26T08:00:00.000Z'], // Tweede Paasdag → Friday before the DST change
    ['2027-11-11T13:00:00Z', 2, '2027-10-28T07:00:00.000Z'], // CEST, before 31 October
    ['2027-11-11T13:00:00Z', 1, '2027-11-04T08:00:00.000Z'], // CET
    ['2027-06-13T10:00:00Z', 1, '2027-06-04T07:00:00.000Z'], // a Sunday session → Friday
  ])('session %s, %i weeks before → %s', (startsAt, weeks, expected) => {
    expect(taskDue(new Date(startsAt), 'Europe/Amsterdam', weeks, rules).at.toISOString()).toBe(expected);
  });

  it('uses the session day in the network zone, not in UTC', () => {
    // 00:30 on Friday 9 April in Amsterdam is still Thursday in UTC.
    expect(dueDay('2027-04-09', 1, rules)).toBe('2027-04-02');
    expect(taskDue(new Date('2027-04-08T22:30:00Z'), 'Europe/Amsterdam', 1, rules).day).toBe('2027-04-02');
  });

  it('puts "later" on the nudge time two days on, skipping weekends and holidays', () => {
    expect(laterMoment(new Date('2027-03-24T15:00:00Z'), 'Europe/Amsterdam', rules).toISOString()).toBe('2027-03-26T08:00:00.000Z');
    expect(laterMoment(new Date('2027-03-25T15:00:00Z'), 'Europe/Amsterdam', rules).toISOString()).toBe('2027-03-30T07:00:00.000Z');
  });
});

describe('calendar invitation', () => {
  it('escapes text values and folds long lines at 75 octets without splitting characters', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(80)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`DESCRIPTION:${'é'.repeat(80)}`);
  });

  it('is an RFC 5545 calendar with UTC times and CRLF line ends', () => {
    const ics = sessionInvite({
      sessionId: 'abc123',
      startsAt: new Date('2027-04-08T12:00:00Z'),
      endsAt: new Date('2027-04-08T15:00:00Z'),
      sequence: 2,
      summary: 'Sessie, Jeugd; Leiden',
      description: 'Kwartaalsessie',
      filePrefix: 'session',
      networkName: 'Jeugd Leiden',
      now: new Date('2027-01-14T08:00:00Z'),
    });
    expect(ics.mimeType).toMatch(/^text\/calendar/);
    // Named by network too: someone in two networks meeting on one day gets two files they can tell apart.
    expect(ics.filename).toBe('session-jeugd-leiden-2027-04-08.ics');
    const lines = ics.content.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('DTSTART:20270408T120000Z');
    expect(lines).toContain('DTEND:20270408T150000Z');
    expect(lines).toContain('DTSTAMP:20270114T080000Z');
    expect(lines).toContain('SEQUENCE:2');
    expect(lines).toContain('UID:abc123@liso-bot');
    expect(lines).toContain('SUMMARY:Sessie\\, Jeugd\\; Leiden');
    expect(ics.content.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.content.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('data/timeline.json', () => {
  async function dataDirWith(timeline: unknown): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-timeline-'));
    dirs.push(dir);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'timeline.json'), JSON.stringify(timeline));
    return dir;
  }
  const knowledge = new Set(['sessie-voorbereiden']);
  const task = { id: 'agenda', weeksBefore: 6, role: 'trekker', advice: 'sessie-voorbereiden' };

  it('loads the shipped file: 15 tasks between 2 and 12 weeks', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-timeline-'));
    dirs.push(dir);
    await copyFile(path.join(root, 'data/timeline.json'), path.join(dir, 'timeline.json'));
    const ids = new Set(JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(path.join(root, 'data/timeline.json'), 'utf8'))).tasks.map((t: { advice: string }) => t.advice) as string[]);
    const timeline = loadTimeline(dir, ids);
    expect(timeline.tasks).toHaveLength(15);
    expect(new Set(timeline.tasks.map((t) => t.weeksBefore))).toEqual(new Set([12, 10, 8, 6, 4, 2]));
  });

  it.each([
    [{ source: 's', note: 'n', tasks: [{ ...task, weeksBefore: 40 }] }, 'tasks.0.weeksBefore'],
    [{ source: 's', note: 'n', tasks: [{ ...task, role: 'baas' }] }, 'tasks.0.role'],
    [{ source: 's', note: 'n', tasks: [task, { ...task, weeksBefore: 4 }] }, 'tasks.1.id'],
    [{ source: 's', note: 'n', tasks: [{ ...task, advice: 'bestaat-niet' }] }, 'tasks.0.advice'],
    [{ source: 's', tasks: [task] }, 'note'],
  ])('names the file and the field of a bad timeline (%#)', async (timeline, field) => {
    const dir = await dataDirWith(timeline);
    let error: unknown;
    try {
      loadTimeline(dir, knowledge);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).field).toBe(field);
    expect((error as DataFileError).message).toMatch(/timeline\.json/);
  });
});

describe('liso timeline', () => {
  it('prints the plan as JSON with offsets', async () => {
    const { stdout } = await run('node', [path.join(root, 'bin/liso.js'), 'timeline', '--session', '2027-04-12T14:00', '--json'], { cwd: root });
    const rows = JSON.parse(stdout) as Array<{ task: string; title: string; role: string; weeksBefore: number; due: string }>;
    expect(rows).toHaveLength(15);
    expect(rows.find((r) => r.task === 'presentatie')).toEqual({ task: 'presentatie', title: 'Presentatie maken', role: 'trekker', weeksBefore: 2, due: '2027-03-26T09:00:00+01:00' });
    expect(rows.find((r) => r.task === 'notulen')!.due).toBe('2027-01-18T09:00:00+01:00');
  });

  it('rejects a session without a time', async () => {
    const result = await run('node', [path.join(root, 'bin/liso.js'), 'timeline', '--session', '2027-04-12'], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect(result).toMatchObject({ code: 1 });
    expect((result as { stderr: string }).stderr).toMatch(/--session/);
  });
});
