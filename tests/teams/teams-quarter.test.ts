// A new network's first quarter on Teams, lived day by day by its eight people (bench/teams-quarter.ts):
// the real adapter against the fake Bot Connector, an SQLite file, two restarts (one between a failed
// send and its retry). What each person read is checked as they would read it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { QuarterResult, Seen } from '../../bench/teams-quarter.ts';
import { liveQuarter } from '../../bench/teams-quarter.ts';

let quarter: QuarterResult;

beforeAll(async () => {
  quarter = await liveQuarter();
}, 120_000);

const postsTo = (reader: string): Seen[] => quarter.seen.filter((s) => s.to === reader && (s.how === 'post' || s.how === 'file-offer'));

describe('a network\'s first quarter on Teams', () => {
  it('reads clean to everyone: no raw markup, ids, undefined or the other language, no message twice, every card valid, nothing Teams refuses', () => {
    expect(quarter.restarts).toBe(2);
    expect(quarter.problems).toEqual([]);
  });

  it('Ahmed\'s week reminder, refused once by Teams just before a restart, comes once, from the new process', () => {
    const weekReminders = postsTo('ahmed').filter((s) => s.how === 'post' && s.day === '2027-01-21' && s.text.startsWith('Over een week'));
    expect(weekReminders.map((s) => s.at)).toEqual(['2027-01-21 09:01']);
  });

  it('Piet, who never opened a chat with the bot, gets his reminders in the channel, named, with the calendar file folded', () => {
    const forPiet = postsTo('channel').filter((s) => s.text.startsWith('Voor <at>Piet Smit</at>'));
    // Two sessions' week and day reminders and the moved third one's; not the day of the one he said he could not come to.
    expect(forPiet.map((s) => s.day)).toEqual(['2027-01-21', '2027-01-28', '2027-02-18', '2027-03-18', '2027-03-25', '2027-04-01']);
    for (const reminder of forPiet) {
      const shown = reminder.call!.body.attachments[0].content.body.filter((e: { type: string }) => e.type === 'TextBlock');
      expect(JSON.stringify(shown)).not.toContain('VCALENDAR');
    }
    expect(postsTo('piet')).toEqual([]);
  });

  it('nobody gets more than five messages on a day (a reminder and its calendar file count as two)', () => {
    const perDay = new Map<string, number>();
    for (const s of quarter.seen) if (s.to !== 'channel' && (s.how === 'post' || s.how === 'file-offer')) perDay.set(`${s.day} ${s.to}`, (perDay.get(`${s.day} ${s.to}`) ?? 0) + 1);
    expect([...perDay].filter(([, n]) => n > 5)).toEqual([]);
  });
});
