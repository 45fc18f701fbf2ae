// Parsing of dates, times and zones, and the instants they denote.
import { describe, expect, it } from 'vitest';
import { formatSessionMoment, parseDate, parseTime, toInstant } from '../../src/domain/session-time.ts';

describe('parseDate', () => {
  it.each([
    ['2027-03-11', '2027-03-11'],
    ['2027-3-1', '2027-03-01'],
    ['11-3-2027', '2027-03-11'],
    ['11/03/2027', '2027-03-11'],
    ['11.03.2027', '2027-03-11'],
    ['2028-02-29', '2028-02-29'],
    ['2027-02-29', undefined],
    ['2027-02-30', undefined],
    ['31-04-2027', undefined],
    ['2027-00-10', undefined],
    ['morgen', undefined],
    ['', undefined],
    ['２０２７-03-11', undefined],
    ['2027-03-11T14:00', undefined],
  ])('%j -> %j', (given, expected) => {
    expect(parseDate(given)).toBe(expected);
  });
});

describe('parseTime', () => {
  it.each([
    ['14:00', '14:00'],
    ['9:30', '09:30'],
    ['14.15', '14:15'],
    ['14u', '14:00'],
    ['14u30', '14:30'],
    ['0:00', '00:00'],
    ['23:59', '23:59'],
    ['24:00', undefined],
    ['12:60', undefined],
    ['2pm', undefined],
    ['', undefined],
  ])('%j -> %j', (given, expected) => {
    expect(parseTime(given)).toBe(expected);
  });
});

describe('toInstant', () => {
  it.each([
    [{ date: '2027-01-14', time: '14:00', timeZone: 'Europe/Amsterdam' }, '2027-01-14T13:00:00.000Z'],
    [{ date: '2027-07-14', time: '14:00', timeZone: 'Europe/Amsterdam' }, '2027-07-14T12:00:00.000Z'],
    [{ date: '2027-03-28', time: '03:00', timeZone: 'Europe/Amsterdam' }, '2027-03-28T01:00:00.000Z'],
    // 02:30 happens twice on the autumn change; Luxon (and so the bot) takes the standard-time one.
    [{ date: '2027-10-31', time: '02:30', timeZone: 'Europe/Amsterdam' }, '2027-10-31T01:30:00.000Z'],
    [{ date: '2027-07-14', time: '14:00', timeZone: 'America/Curacao' }, '2027-07-14T18:00:00.000Z'],
  ])('%j -> %s', (given, expected) => {
    expect((toInstant(given) as Date).toISOString()).toBe(expected);
  });

  it('rejects a time the spring DST change skips, and an unknown zone', () => {
    expect(toInstant({ date: '2027-03-28', time: '02:30', timeZone: 'Europe/Amsterdam' })).toBe('nonexistent');
    expect(toInstant({ date: '2027-03-28', time: '02:30', timeZone: 'Nowhere/Atlantis' })).toBe('zone');
  });
});

describe('formatSessionMoment', () => {
  it('formats in Dutch and English, with the zone only where it is not the network\'s', () => {
    const local = { date: '2027-03-11', time: '14:00', timeZone: 'Europe/Amsterdam' };
    expect(formatSessionMoment(local, 'nl', 'Europe/Amsterdam')).toBe('donderdag 11 maart 2027, 14:00');
    expect(formatSessionMoment(local, 'en', 'Europe/London')).toBe('Thursday 11 March 2027, 14:00 (Europe/Amsterdam)');
    expect(formatSessionMoment(local, 'en', undefined)).toBe('Thursday 11 March 2027, 14:00 (Europe/Amsterdam)');
  });
});
