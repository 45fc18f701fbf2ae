// The example dates the bot shows: a working day four weeks ahead in the given zone, a week later
// for a move, and no prompt with a fixed date or an unknown example placeholder.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholdersOf } from '../../src/core/i18n.ts';
import { exampleDateNames, exampleDates } from '../../src/domain/example-dates.ts';

const root = path.resolve(import.meta.dirname, '../..');
const AMS = 'Europe/Amsterdam';

describe('exampleDates', () => {
  it.each([
    ['a Monday: four weeks on is a Monday', '2027-01-04T08:00:00Z', AMS, { exampleDate: '2027-02-01', exampleDateDutch: '1-2-2027', exampleNewDate: '2027-02-08', exampleClock: '2027-01-25T09:00' }],
    ['a Tuesday in June', '2027-06-01T07:00:00Z', AMS, { exampleDate: '2027-06-29', exampleDateDutch: '29-6-2027', exampleNewDate: '2027-07-06', exampleClock: '2027-06-22T09:00' }],
    ['a Saturday four weeks on moves to the Monday', '2027-01-09T12:00:00Z', AMS, { exampleDate: '2027-02-08', exampleDateDutch: '8-2-2027', exampleNewDate: '2027-02-15', exampleClock: '2027-02-01T09:00' }],
    ['Koningsdag four weeks on moves to the next day', '2027-03-30T10:00:00Z', AMS, { exampleDate: '2027-04-28', exampleDateDutch: '28-4-2027', exampleNewDate: '2027-05-05', exampleClock: '2027-04-21T09:00' }],
    ['Christmas and the weekend after skip to Monday, across the year', '2027-11-27T10:00:00Z', AMS, { exampleDate: '2027-12-27', exampleDateDutch: '27-12-2027', exampleNewDate: '2028-01-03', exampleClock: '2027-12-20T09:00' }],
    ['late evening in Amsterdam is already tomorrow in Kiritimati', '2027-06-01T20:00:00Z', 'Pacific/Kiritimati', { exampleDate: '2027-06-30', exampleDateDutch: '30-6-2027', exampleNewDate: '2027-07-07', exampleClock: '2027-06-23T09:00' }],
    ['an unknown zone falls back to Amsterdam', '2027-06-01T07:00:00Z', 'Mars/Olympus', { exampleDate: '2027-06-29', exampleDateDutch: '29-6-2027', exampleNewDate: '2027-07-06', exampleClock: '2027-06-22T09:00' }],
  ])('%s', (_name, now, zone, expected) => {
    expect(exampleDates(new Date(now), zone)).toEqual(expected);
  });

  it('is always at least four weeks ahead, on a weekday, with the move a week or more after it', () => {
    for (let day = 0; day < 800; day++) {
      const now = new Date(Date.UTC(2026, 11, 1) + day * 86_400_000 + 10 * 3_600_000);
      const { exampleDate, exampleNewDate, exampleClock } = exampleDates(now, AMS);
      const ahead = (Date.parse(`${exampleDate}T00:00:00Z`) - Date.parse(now.toISOString().slice(0, 10))) / 86_400_000;
      // At most four days on: Christmas on a Thursday, Boxing Day and the weekend.
      expect(ahead).toBeGreaterThanOrEqual(28);
      expect(ahead).toBeLessThanOrEqual(32);
      expect([0, 6]).not.toContain(new Date(`${exampleDate}T00:00:00Z`).getUTCDay());
      expect(exampleNewDate > exampleDate).toBe(true);
      expect(new Date(`${exampleClock}:00Z`).getTime()).toBeGreaterThan(now.getTime());
    }
  });
});

describe('prompts', () => {
  const templates = ['nl', 'en'].flatMap((lang) => {
    const dir = path.join(root, 'prompts', lang);
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => Object.entries(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Record<string, string>).map(([key, text]) => ({ where: `${lang}/${name} ${key}`, text })));
  });

  it('show no fixed date: it would be refused as past one day', () => {
    expect(templates.filter(({ text }) => /\b20\d\d-\d\d-\d\d|\b\d{1,2}-\d{1,2}-20\d\d\b/.test(text)).map(({ where }) => where)).toEqual([]);
  });

  it('use only example placeholders the app fills', () => {
    const unknown = templates.flatMap(({ where, text }) =>
      placeholdersOf(text)
        .filter((name) => /^example[A-Z]/.test(name) && !(exampleDateNames as readonly string[]).includes(name))
        .map((name) => `${where}: {${name}}`),
    );
    expect(unknown).toEqual([]);
    expect(templates.filter(({ text }) => text.includes('{exampleDate}')).length).toBeGreaterThan(10);
  });
});
