// A network whose nudge time is 02:30 lives the nights the clocks change (bench/teams-clock-changes.ts,
// liveNightNudges): what falls due in the skipped hour comes once at 03:30, what falls due in the
// doubled hour once at the first 02:30, through restarts in and around those hours.
import { beforeAll, describe, expect, it } from 'vitest';
import { liveNightNudges, localAt } from '../../bench/teams-clock-changes.ts';
import type { QuarterResult } from '../../bench/teams-life.ts';

let life: QuarterResult;

beforeAll(async () => {
  life = await liveNightNudges();
}, 120_000);

/** What Sanne got: local time (and UTC) and the first line. */
const sanne = () => life.seen.filter((s) => s.to === 'sanne' && s.how === 'post').map((s) => `${localAt(s, 'Europe/Amsterdam')} (${s.instant.toISOString().slice(11, 16)}Z) ${s.text.split('\n')[0]}`);

describe('a nudge time in the night the clocks change', () => {
  it('reads clean, nothing twice, through three restarts', () => {
    expect(life.restarts).toBe(3);
    expect(life.problems).toEqual([]);
  });

  it('Sanne gets every reminder once: the skipped 02:30 at 03:30, the doubled one at its first, and "over N dagen" counted in calendar days across the change', () => {
    expect(sanne().slice(2)).toEqual([
      // 21 March is a Sunday: the Friday before.
      '2027-03-19 02:30 (01:30Z) Over 9 dagen: sessie van Jeugd Leiden',
      // 29 March is Easter Monday: the Friday before, with the change between it and the session.
      '2027-03-26 02:30 (01:30Z) Over 10 dagen: sessie van Jeugd Leiden',
      // 02:30 does not exist on 28 March: it comes when the clock has jumped, with the restart at that very moment.
      '2027-03-28 03:30 (01:30Z) Vandaag: sessie van Jeugd Leiden',
      '2027-04-05 02:30 (00:30Z) Vandaag: sessie van Jeugd Leiden',
      '2027-10-22 02:30 (00:30Z) Over 9 dagen: sessie van Jeugd Leiden',
      // The first 02:30 of 31 October; restarts between the two and after the second send nothing again.
      '2027-10-31 02:30 (00:30Z) Vandaag: sessie van Jeugd Leiden',
    ]);
  });

  it('the leads\' preparation nudges come at 02:30 local on both sides of each change', () => {
    const nudges = life.seen.filter((s) => (s.to === 'anna' || s.to === 'bram') && s.how === 'post' && /^Je voorbereiding voor vandaag/.test(s.text));
    expect(nudges.length).toBeGreaterThan(15);
    expect(nudges.map((s) => localAt(s, 'Europe/Amsterdam').slice(11)).filter((time) => time !== '02:30')).toEqual([]);
    expect(new Set(nudges.map((s) => s.instant.toISOString().slice(11, 16)))).toEqual(new Set(['01:30', '00:30']));
  });
});
