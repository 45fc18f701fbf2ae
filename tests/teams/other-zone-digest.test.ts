// A network in Asia/Tokyo with a nudge time of 07:30, in a process whose zone is Europe/Amsterdam
// (bench/teams-clock-changes.ts, liveTokyoMornings): its digests count the days to its session in
// its own calendar, on both sides of Amsterdam's spring change.
import { beforeAll, describe, expect, it } from 'vitest';
import { liveTokyoMornings, localAt } from '../../bench/teams-clock-changes.ts';
import type { QuarterResult } from '../../bench/teams-life.ts';

let life: QuarterResult;

beforeAll(async () => {
  life = await liveTokyoMornings();
}, 120_000);

/** Each line of what `who` got (posts, and the card a press put in its place) that counts days to a session, at Tokyo time. */
const counts = (who: string) =>
  life.seen
    .filter((s) => s.to === who && (s.how === 'post' || s.how === 'press-answer'))
    .flatMap((s) => s.text.split('\n').filter((line) => /^(Nog|Over) /.test(line)).map((line) => `${localAt(s, 'Asia/Tokyo')} ${s.how} ${line.replace(/ Zo staat.*| Kun jij.*/, '')}`));

describe('a network in another zone with its own morning', () => {
  it('reads clean, nothing twice', () => {
    expect(life.problems).toEqual([]);
  });

  it('the trekker\'s overview says a week when the week reminder of the same morning does, before and after Amsterdam\'s change', () => {
    expect(counts('liam')).toEqual([
      // 07:30 in Tokyo is 23:30 the evening before in Amsterdam's winter time.
      '2027-03-23 07:30 post Nog een week tot de sessie van **Youth Tokyo** op dinsdag 30 maart 2027, 10:00.',
      '2027-03-23 07:30 post Over een week: sessie van Youth Tokyo',
      '2027-03-30 07:30 post Over een week: sessie van Youth Tokyo',
      // The second session's preparation starts once the first is held: its overview the next morning (00:30 in Amsterdam's summer time).
      '2027-03-31 07:30 post Nog 6 dagen tot de sessie van **Youth Tokyo** op dinsdag 6 april 2027, 10:00.',
    ]);
    // Bram gets the trekker's open tasks handed over the same morning.
    const handovers = counts('bram').filter((line) => line.includes('post Nog'));
    expect(handovers.length).toBeGreaterThan(0);
    expect(new Set(handovers)).toEqual(new Set(['2027-03-23 07:30 post Nog een week tot de sessie, en deze taken van de trekker staan nog open.']));
    // Liam ticked off one of the procesbegeleider's tasks handed to him, through the list's button.
    expect(life.seen.some((s) => s.to === 'liam' && /Gedaan door/.test(s.text))).toBe(true);
  });
});
