// Dates as people type them in a chat, read relative to today in the network's zone.
import { describe, expect, it } from 'vitest';
import { readDate } from '../../src/domain/date-words.ts';

// Monday 7 December 2026.
const TODAY = '2026-12-07';

describe('readDate', () => {
  it.each([
    [['2027-01-14', '14:00'], { date: '2027-01-14', used: 1 }],
    [['14-1-2027'], { date: '2027-01-14', used: 1 }],
    // Without a year: the first such day from today on, so January is next year's and today is today.
    [['14-1', '14:00'], { date: '2027-01-14', used: 1 }],
    [['14/1'], { date: '2027-01-14', used: 1 }],
    [['7-12'], { date: '2026-12-07', used: 1 }],
    [['6-12'], { date: '2027-12-06', used: 1 }],
    [['14', 'januari', '14:00'], { date: '2027-01-14', used: 2 }],
    [['14', 'jan.', '2027', '14:00'], { date: '2027-01-14', used: 3 }],
    [['do', '14', 'jan', '14:00'], { date: '2027-01-14', used: 3 }],
    [['donderdag', '14', 'januari', '2027'], { date: '2027-01-14', used: 4 }],
    [['Thursday', '14', 'January', '2027'], { date: '2027-01-14', used: 4 }],
    [['January', '14th', '14:00'], { date: '2027-01-14', used: 2 }],
    [['3', 'mei'], { date: '2027-05-03', used: 2 }],
    [['29', 'februari'], { date: '2028-02-29', used: 2 }],
    [['morgen', '14:00'], { date: '2026-12-08', used: 1 }],
    [['vandaag'], { date: '2026-12-07', used: 1 }],
    // A day gone by is a date too (refused later as in the past, not as no date).
    [['gisteren', '14:00'], { date: '2026-12-06', used: 1 }],
    [['eergisteren'], { date: '2026-12-05', used: 1 }],
    // A day its month does not have: which month, and how many days it has.
    [['29', 'februari', '2027'], { noSuchDay: { month: 2, year: 2027, days: 28 }, used: 3 }],
    [['2027-02-29'], { noSuchDay: { month: 2, year: 2027, days: 28 }, used: 1 }],
    [['31-4'], { noSuchDay: { month: 4, days: 30 }, used: 1 }],
    [['do', '31', 'april'], { noSuchDay: { month: 4, days: 30 }, used: 3 }],
    [['31-2'], { noSuchDay: { month: 2, days: 29 }, used: 1 }],
    [['32', 'januari'], { noSuchDay: { month: 1, days: 31 }, used: 2 }],
    // A weekday alone is the first one after today: on a Monday, "maandag" is next week's.
    [['donderdag', '14:00'], { date: '2026-12-10', used: 1 }],
    [['ma', '14:00'], { date: '2026-12-14', used: 1 }],
    // A dotted time after a weekday is the time ("do 9.05" was 9 May, refused as a Sunday); with a time after it, a date.
    [['do', '9.05', 'Zaal'], { date: '2026-12-10', used: 1 }],
    [['zo', '9.05'], { date: '2026-12-13', used: 1 }],
    [['do', '10.12', '14:00'], { date: '2026-12-10', used: 2 }],
    // A day of the month after a weekday, the time after it ("do 14 14:00" was next Thursday with the place "14:00").
    [['do', '14', '14:00'], { date: '2027-01-14', used: 2 }],
    [['ma', '14e', '9:30'], { date: '2026-12-14', used: 2 }],
    [['do', '14', 'Buurthuis'], { date: '2026-12-10', used: 1 }],
  ])('%j', (words, expected) => {
    expect(readDate(words, TODAY)).toEqual(expected);
  });

  it('says when the weekday typed is not the date\'s', () => {
    expect(readDate(['vr', '14', 'januari', '14:00'], TODAY)).toEqual({ mismatch: { date: '2027-01-14', weekday: 4 }, used: 3 });
    expect(readDate(['vr', '14', '14:00'], TODAY)).toEqual({ mismatch: { date: '2026-12-14', weekday: 1 }, used: 2 });
  });

  it.each([[['volgende', 'week']], [['14', 'smarch']], [['14-13']], [['']], [[]], [['14:00']]])('reads no date in %j', (words) => {
    expect(readDate(words, TODAY)).toBeUndefined();
  });
});
