// Pure rules of sessions: reading what follows `/liso sessie`, when reminders go out, and what a
// place may be.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/user-error.ts';
import { parseLength, readMoment } from '../../src/features/sessions/session-input.ts';
import { reminderMoments } from '../../src/features/sessions/reminder-moments.ts';
import { checkSessionText, MAX_PLACE_LENGTH, sessionTextSpan } from '../../src/features/sessions/session-text.ts';
import { sessionInvite } from '../../src/domain/calendar-invite.ts';
import { formatSessionMoment, formatSessionSpan } from '../../src/domain/session-time.ts';
import { amsterdam } from './sessions-harness.ts';

const AMS = 'Europe/Amsterdam';
const rules = { time: '09:00', holidays: { goodFriday: false, liberationDay: false } };

function errorKey(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
  return undefined;
}

const ON = { today: '2027-01-04', lang: 'nl' as const };

describe('readMoment', () => {
  it.each([
    [['2027-03-11', '14:00'], { date: '2027-03-11', time: '14:00', timeZone: AMS }, undefined, []],
    [['11-3-2027', '14u', 'Stadhuis'], { date: '2027-03-11', time: '14:00', timeZone: AMS }, undefined, ['Stadhuis']],
    [['2027-03-11', '14:00-17:00', 'Stadhuis', 'Leiden'], { date: '2027-03-11', time: '14:00', timeZone: AMS }, 180, ['Stadhuis', 'Leiden']],
    [['2027-03-11', '14:00', 'tot', '16:30'], { date: '2027-03-11', time: '14:00', timeZone: AMS }, 150, []],
    [['2027-03-11', '9:30', '2u30'], { date: '2027-03-11', time: '09:30', timeZone: AMS }, 150, []],
    [['2027-03-11', '14:00', 'Europe/London', '90m', 'https://meet.example/x'], { date: '2027-03-11', time: '14:00', timeZone: 'Europe/London' }, 90, ['https://meet.example/x']],
    [['2027-03-11', '14-17'], { date: '2027-03-11', time: '14:00', timeZone: AMS }, 180, []],
  ])('%j', (words, local, minutes, rest) => {
    const read = readMoment(words, AMS, ON);
    expect(read.moment.local).toEqual(local);
    expect(read.moment.durationMinutes).toBe(minutes);
    expect(read.rest).toEqual(rest);
  });

  it.each([
    [['2027-03-11'], 'session.needsTime'],
    [['volgende', 'week', '14:00'], 'session.badDate'],
    [['vr', '11', 'maart', '2027', '14:00'], 'session.weekdayMismatch'],
    [['2027-02-30', '14:00'], 'session.noSuchDay'],
    [['2027-03-11', 'middag'], 'session.badTime'],
    [['2027-03-11', '14:00-25:00'], 'session.badEnd'],
    [['2027-03-11', '14:00-13:00'], 'session.endBeforeStart'],
    [['2027-03-11', '14:00', '13u'], 'session.badLength'],
    [['2027-03-11', '14:00', 'Mars/Olympus'], 'session.badZone'],
  ])('refuses %j with %s', (words, key) => {
    expect(errorKey(() => readMoment(words, AMS, ON))).toBe(key);
  });

  it('reads lengths', () => {
    expect([parseLength('3u'), parseLength('2u30'), parseLength('2,5u'), parseLength('1.5h'), parseLength('90min'), parseLength('3'), parseLength('zaal')]).toEqual([180, 150, 150, 90, 90, undefined, undefined]);
  });
});

describe('reminderMoments', () => {
  const session = (startsAt: string, updatedAt = '2027-01-04T08:00:00Z') => ({ startsAt: new Date(startsAt), updatedAt: new Date(updatedAt), status: 'planned' as const });
  const shown = (s: ReturnType<typeof session>) => reminderMoments(s, AMS, rules).map((m) => `${m.kind} ${amsterdam(m.at)} until ${amsterdam(m.until)}`);

  it.each([
    // A Thursday afternoon session: the Thursday before at 09:00, and 09:00 on the day.
    ['2027-03-11T13:00:00Z', '2027-01-04T08:00:00Z', ['week 2027-03-04 09:00 until 2027-03-11 09:00', 'day 2027-03-11 09:00 until 2027-03-11 14:00']],
    // An 08:30 session: the morning reminder an hour before.
    ['2027-03-11T07:30:00Z', '2027-01-04T08:00:00Z', ['week 2027-03-04 09:00 until 2027-03-11 07:30', 'day 2027-03-11 07:30 until 2027-03-11 08:30']],
    // A week before is Koningsdag (27 April 2027, a Tuesday): the working day before.
    ['2027-05-04T12:00:00Z', '2027-01-04T08:00:00Z', ['week 2027-04-26 09:00 until 2027-05-04 09:00', 'day 2027-05-04 09:00 until 2027-05-04 14:00']],
    // Planned on a Friday evening for the Wednesday after: the week reminder on Monday at 09:00.
    ['2027-03-10T13:00:00Z', '2027-03-05T19:00:00Z', ['week 2027-03-08 09:00 until 2027-03-10 09:00', 'day 2027-03-10 09:00 until 2027-03-10 14:00']],
    // Planned the evening before: only the morning reminder.
    ['2027-03-11T13:00:00Z', '2027-03-10T19:00:00Z', ['day 2027-03-11 09:00 until 2027-03-11 14:00']],
    // Planned on the morning itself, after 09:00: the morning reminder at once.
    ['2027-03-11T13:00:00Z', '2027-03-11T09:30:00Z', ['day 2027-03-11 10:30 until 2027-03-11 14:00']],
    // Across the DST change: still 09:00 on the wall clock.
    ['2027-04-01T12:00:00Z', '2027-01-04T08:00:00Z', ['week 2027-03-25 09:00 until 2027-04-01 09:00', 'day 2027-04-01 09:00 until 2027-04-01 14:00']],
  ])('%s planned %s', (startsAt, updatedAt, expected) => {
    expect(shown(session(startsAt, updatedAt))).toEqual(expected);
  });

  it('has none for a cancelled session', () => {
    expect(reminderMoments({ ...session('2027-03-11T13:00:00Z'), status: 'cancelled' }, AMS, rules)).toEqual([]);
  });
});

describe('session texts', () => {
  it('keeps a place as typed, cleaned', () => {
    expect(checkSessionText('place', '  Stadhuis   Leiden,\u200B zaal 2 ', false)).toBe('Stadhuis Leiden, zaal 2');
  });

  it.each([
    ['x'.repeat(2_000), false, 'session.place.tooLong'],
    ['Bij <@U123> thuis', false, 'session.place.mentions'],
    ['Zaal 2 <!channel>', false, 'session.place.mentions'],
    ['Zaal 2 @everyone', false, 'session.place.mentions'],
    ['Zaal 2 bij Sanne', true, 'session.place.mentions'],
  ])('refuses %j', (typed, named, key) => {
    expect(errorKey(() => checkSessionText('place', typed, named))).toBe(key);
  });

  it('accepts a place of exactly the limit and an e-mail address', () => {
    expect(checkSessionText('place', 'y'.repeat(MAX_PLACE_LENGTH), false)).toHaveLength(MAX_PLACE_LENGTH);
    expect(checkSessionText('place', 'Receptie, info@stadhuis.nl', false)).toBe('Receptie, info@stadhuis.nl');
  });

  it('shows web addresses as links and anything else as text', () => {
    expect(sessionTextSpan('https://meet.example.org/x')).toEqual({ type: 'link', url: 'https://meet.example.org/x', label: 'https://meet.example.org/x' });
    expect(sessionTextSpan('javascript:alert(1)')).toEqual({ type: 'text', text: 'javascript:alert(1)' });
    expect(sessionTextSpan('Stadhuis')).toEqual({ type: 'text', text: 'Stadhuis' });
  });
});

describe('session times in text and calendars', () => {
  const local = { date: '2027-03-11', time: '14:00', timeZone: AMS };
  it('shows the zone only where it differs from the network\'s', () => {
    expect(formatSessionMoment(local, 'nl', AMS)).toBe('donderdag 11 maart 2027, 14:00');
    expect(formatSessionMoment({ ...local, timeZone: 'Europe/London' }, 'nl', AMS)).toBe('donderdag 11 maart 2027, 14:00 (Europe/London)');
    expect(formatSessionSpan(local, new Date('2027-03-11T16:30:00Z'), 'en', AMS)).toBe('Thursday 11 March 2027, 14:00–17:30');
  });

  it('puts the planned length and the place in the invitation', () => {
    const ics = sessionInvite({
      sessionId: 's1',
      startsAt: new Date('2027-03-11T13:00:00Z'),
      endsAt: new Date('2027-03-11T14:30:00Z'),
      place: 'https://meet.example.org/x',
      sequence: 0,
      summary: 'Sessie',
      description: 'Sessie',
      filePrefix: 'sessie',
      networkName: 'Jeugd',
      now: new Date('2027-03-04T08:00:00Z'),
    }).content.split('\r\n');
    expect(ics).toContain('DTEND:20270311T143000Z');
    expect(ics).toContain('LOCATION:https://meet.example.org/x');
    expect(ics).toContain('URL:https://meet.example.org/x');
  });
});
