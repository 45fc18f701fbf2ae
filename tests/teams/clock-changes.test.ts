// Two networks lived across the clock changes of 2027 on Teams (bench/teams-clock-changes.ts): Jeugd
// Leiden in Europe/Amsterdam and Youth Boston in America/New_York, one process, restarts in the
// skipped and the doubled hour. Counted as their people read it: every message at the promised local
// hour on the promised day, once; sessions at 02:30 on the change nights refused.
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClockChangeResult } from '../../bench/teams-clock-changes.ts';
import { AMSTERDAM, NEW_YORK, liveClockChanges, localAt, received } from '../../bench/teams-clock-changes.ts';
import type { Seen } from '../../bench/teams-life.ts';

let life: ClockChangeResult;

beforeAll(async () => {
  life = await liveClockChanges();
}, 120_000);

const posts = (reader: string): Seen[] => life.seen.filter((s) => s.to === reader && s.how === 'post');
/** The zone of the network a nudge, reminder or pulse is about (Bram is in both). */
const zoneOfMessage = (s: Seen) => (/Youth Boston/.test(s.text) ? NEW_YORK : AMSTERDAM);
const answered = (text: string, at: string) => life.typed.find((t) => t.text === text && t.at.startsWith(at))?.answer;

describe('two networks lived across the clock changes of 2027', () => {
  it('reads clean, nothing twice on a day, through seven restarts', () => {
    expect(life.restarts).toBe(7);
    expect(life.problems).toEqual([]);
  });

  it('every preparation nudge, session reminder and pulse reminder comes at 09:00 in its network\'s zone, before and after each change', () => {
    const scheduled = ['anna', 'bram', 'sanne', 'emma', 'liam', 'joris'].flatMap((who) =>
      posts(who).filter((s) => /^(Je voorbereiding voor vandaag|Your preparation for today|Over een week|In a week|Vandaag: sessie|Today: session|Herinnering: pulse|Reminder: pulse)/.test(s.text)),
    );
    expect(scheduled.length).toBeGreaterThan(120);
    const offHour = scheduled.filter((s) => !localAt(s, zoneOfMessage(s)).endsWith(' 09:00')).map((s) => `${s.to} ${localAt(s, zoneOfMessage(s))} ${s.text.split('\n')[0]}`);
    expect(offHour).toEqual([]);
  });

  it('Sanne (deelnemer in Leiden) gets each reminder once, on its day, saying the local time, and each pulse closes after seven calendar days', () => {
    expect(received(life, 'sanne').filter((m) => !/^\[/.test(m.text)).slice(2)).toEqual([
      { at: '2027-01-07 09:00', text: 'Over een week: sessie van Jeugd Leiden' },
      { at: '2027-01-14 09:00', text: 'Vandaag: sessie van Jeugd Leiden' },
      { at: '2027-03-23 09:00', text: 'Over een week: sessie van Jeugd Leiden' },
      { at: '2027-03-24 10:00', text: 'Pulse van Jeugd Leiden: hoe ervaar jij het netwerk?' },
      // Day 4 is Sunday the 28th (the change), Monday the 29th is Easter Monday.
      { at: '2027-03-30 09:00', text: 'Herinnering: pulse van Jeugd Leiden' },
      { at: '2027-03-30 09:00', text: 'Vandaag: sessie van Jeugd Leiden' },
      { at: '2027-03-31 11:00', text: 'Pulse van Jeugd Leiden: hoe ervaar jij het netwerk?' },
      { at: '2027-04-05 09:00', text: 'Herinnering: pulse van Jeugd Leiden' },
      { at: '2027-06-22 09:00', text: 'Over een week: sessie van Jeugd Leiden' },
      { at: '2027-06-29 09:00', text: 'Vandaag: sessie van Jeugd Leiden' },
      { at: '2027-10-26 09:00', text: 'Over een week: sessie van Jeugd Leiden' },
      { at: '2027-10-27 10:00', text: 'Pulse van Jeugd Leiden: hoe ervaar jij het netwerk?' },
      { at: '2027-11-01 09:00', text: 'Herinnering: pulse van Jeugd Leiden' },
      { at: '2027-11-02 09:00', text: 'Vandaag: sessie van Jeugd Leiden' },
      { at: '2027-11-03 11:00', text: 'Pulse van Jeugd Leiden: hoe ervaar jij het netwerk?' },
      { at: '2027-11-08 09:00', text: 'Herinnering: pulse van Jeugd Leiden' },
    ]);
    for (const s of posts('sanne').filter((p) => /^(Over een week|Vandaag: sessie)/.test(p.text))) {
      const day = DateTime.fromJSDate(s.instant, { zone: AMSTERDAM });
      const session = s.text.startsWith('Vandaag') ? day : day.plus({ days: 7 });
      expect(s.text).toContain(`**Wanneer:** ${session.setLocale('nl-NL').toFormat('cccc d LLLL yyyy')}, 14:00–17:00`);
    }
    // The calendar files she took say 14:00 local: 12:00 UTC in summer time, 13:00 in winter time.
    expect([...life.uploads.values()].map((ics) => /DTSTART:(\S+)/.exec(ics)?.[1])).toEqual(['20270330T120000Z', '20271102T130000Z']);
    // The pulses crossing a change close at the hour they opened, seven calendar days on.
    const results = received(life, 'anna').filter((m) => m.text === 'Uitslag pulse Jeugd Leiden').map((m) => m.at);
    expect(results).toEqual(['2027-03-31 10:00', '2027-04-07 11:00', '2027-11-03 10:00', '2027-11-10 11:00', '2027-11-20 12:00']);
  });

  it('Liam and Joris in Boston get theirs at 09:00 Boston time across the American changes, in the same process', () => {
    const reminders = (who: string) => received(life, who).filter((m) => /^(In a week|Today: session|Over een week|Vandaag: sessie|Reminder: pulse|Herinnering: pulse)/.test(m.text));
    expect(reminders('joris')).toEqual([
      { at: '2027-01-05 09:00', text: 'Over een week: sessie van Youth Boston' },
      { at: '2027-01-12 09:00', text: 'Vandaag: sessie van Youth Boston' },
      { at: '2027-03-09 09:00', text: 'Over een week: sessie van Youth Boston' },
      { at: '2027-03-16 09:00', text: 'Vandaag: sessie van Youth Boston' },
      { at: '2027-03-22 09:00', text: 'Herinnering: pulse van Youth Boston' },
      { at: '2027-11-02 09:00', text: 'Over een week: sessie van Youth Boston' },
      { at: '2027-11-09 09:00', text: 'Vandaag: sessie van Youth Boston' },
      { at: '2027-11-15 09:00', text: 'Herinnering: pulse van Youth Boston' },
    ]);
    expect(reminders('liam').map((m) => m.at)).toEqual(['2027-01-05 09:00', '2027-01-12 09:00', '2027-03-09 09:00', '2027-03-16 09:00', '2027-11-02 09:00', '2027-11-09 09:00']);
    // Bram, in Leiden, reads Boston's at Boston's 09:00: 15:00, 14:00 in the weeks the two zones change apart.
    const bramBoston = received(life, 'bram').filter((m) => /^(Over een week|Vandaag): sessie van Youth Boston/.test(m.text)).map((m) => m.at);
    expect(bramBoston).toEqual(['2027-01-05 15:00', '2027-01-12 15:00', '2027-03-09 15:00', '2027-03-16 14:00', '2027-11-02 14:00', '2027-11-09 15:00']);
  });

  it('refuses a session at 02:30 on the change nights, in both zones: skipped or happening twice, never one of them unasked', () => {
    expect(answered('sessie 2027-03-28 02:30', '2027-03-27 23:30')).toMatch(/^Op zondag 28 maart 2027 bestaat 02:30 niet in Europe\/Amsterdam/);
    expect(answered('sessie 2027-10-31 02:30 bevestig', '2027-10-30 23:30')).toMatch(/^Op zondag 31 oktober 2027 komt 02:30 twee keer voor in Europe\/Amsterdam/);
    expect(answered('session 2027-03-14 02:30', '2027-03-14 03:30')).toMatch(/^On Sunday 14 March 2027, 02:30 does not exist in America\/New\\_York/);
    expect(answered('session 2027-11-07 01:30 confirm', '2027-11-06 23:30')).toMatch(/^On Sunday 7 November 2027, 01:30 happens twice in America\/New\\_York/);
    expect(posts('channel:jeugd').filter((s) => /31 oktober/.test(s.text))).toEqual([]);
  });

  it('reads "morgen", "vandaag" and "volgende week donderdag" as the local calendar says, around midnight of each change', () => {
    // The answer ("Op zondag 28 maart 2027 staat geen sessie gepland") names the day the words were read as.
    const dayIn = (answer: string) => {
      const written = /(\d{1,2} \p{L}+ \d{4})/u.exec(answer)?.[1] ?? '';
      return ['nl', 'en-GB'].map((locale) => DateTime.fromFormat(written, 'd LLLL yyyy', { locale })).find((d) => d.isValid)?.toISODate();
    };
    const dates = life.typed.filter((t) => /annuleer|cancel/.test(t.text)).map((t) => `${t.at} ${t.text} → ${dayIn(t.answer)}`);
    expect(dates).toEqual([
      '2027-03-13 23:30 EST session cancel tomorrow → 2027-03-14',
      '2027-03-14 03:30 EDT session cancel tomorrow → 2027-03-15',
      '2027-03-27 23:30 GMT+1 sessie annuleer morgen → 2027-03-28',
      '2027-03-27 23:30 GMT+1 sessie annuleer volgende week donderdag → 2027-04-01',
      '2027-03-28 00:30 GMT+1 sessie annuleer vandaag → 2027-03-28',
      '2027-03-28 00:30 GMT+1 sessie annuleer morgen → 2027-03-29',
      '2027-03-28 10:00 GMT+2 sessie annuleer volgende week donderdag → 2027-04-01',
      '2027-10-30 23:30 GMT+2 sessie annuleer morgen → 2027-10-31',
      '2027-10-30 23:30 GMT+2 sessie annuleer volgende week donderdag → 2027-11-04',
      '2027-10-31 00:30 GMT+2 sessie annuleer vandaag → 2027-10-31',
      '2027-10-31 00:30 GMT+2 sessie annuleer morgen → 2027-11-01',
      '2027-10-31 10:00 GMT+1 sessie annuleer volgende week donderdag → 2027-11-04',
      '2027-11-06 23:30 EDT session cancel tomorrow → 2027-11-07',
    ]);
  });
});
