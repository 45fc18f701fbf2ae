// "Later" on a preparation nudge offers tomorrow, in two days and next week, on working days,
// never past the session; the chosen one comes back once at the nudge time.
import { describe, expect, it } from 'vitest';
import { laterMoment } from '../../src/features/nudges/due-moment.ts';
import { amsterdam, buttonsOf, createSessionsHarness, holdFirstSession } from './sessions-harness.ts';
import type { SessionsHarness } from './sessions-harness.ts';

const rules = { time: '09:00', holidays: { goodFriday: false, liberationDay: false } };
const AMS = 'Europe/Amsterdam';

describe('laterMoment', () => {
  it.each([
    // Thursday 14 January 2027, 10:00
    ['2027-01-14T09:00:00Z', 1, '2027-01-15 09:00'],
    ['2027-01-14T09:00:00Z', 2, '2027-01-18 09:00'],
    ['2027-01-14T09:00:00Z', 7, '2027-01-21 09:00'],
    // Friday: tomorrow is Monday
    ['2027-01-15T09:00:00Z', 1, '2027-01-18 09:00'],
    // Monday 26 April: tomorrow is Koningsdag, so Wednesday; next week Monday 3 May
    ['2027-04-26T08:00:00Z', 1, '2027-04-28 09:00'],
    ['2027-04-26T08:00:00Z', 7, '2027-05-03 09:00'],
    // Thursday 24 December: tomorrow and the day after are Christmas, then a weekend
    ['2026-12-24T08:00:00Z', 1, '2026-12-28 09:00'],
  ])('from %s, %i days on', (now, days, expected) => {
    expect(amsterdam(laterMoment(new Date(now), AMS, rules, days))).toBe(expected);
  });
});

async function nudged(h: SessionsHarness, session: string, until: Date, first = false): Promise<{ later: { actionId: string; value: string } }> {
  await h.run('anna', 'start Jeugd');
  await h.run('anna', 'rol procesbegeleider <@bram>');
  if (!first) await holdFirstSession(h);
  await h.run('anna', `sessie ${session}`);
  await h.walk(until);
  const nudge = h.dms('bram').filter((m) => buttonsOf(m.message).some((b) => b.actionId === 'nudge.later')).at(-1)!;
  return { later: buttonsOf(nudge.message).find((b) => b.actionId === 'nudge.later')! };
}

describe('Later on a nudge', () => {
  it('offers three days, and the chosen one comes back once', async () => {
    const h = await createSessionsHarness();
    const { later } = await nudged(h, '2027-04-08 14:00', new Date('2027-01-14T09:30:00Z'));
    await h.press('bram', later);
    const offer = h.log.at(-1)!;
    expect(offer).toMatchObject({ kind: 'reply', to: 'bram' });
    expect(buttonsOf(offer.message).map((b) => b.label)).toEqual(['Morgen (vr 15 jan)', 'Over 2 dagen (ma 18 jan)', 'Volgende week (do 21 jan)']);
    await h.press('bram', buttonsOf(offer.message)[2]!);
    expect(h.log.at(-1)!.text).toMatch(/Bram krijgt deze herinnering opnieuw op do 21 jan 2027 09:00/);
    await h.walk(new Date('2027-01-29T00:00:00Z'));
    const again = h.dms('bram').filter((m) => m.text.includes('Je vroeg me hier later op terug te komen'));
    expect(again.map((m) => amsterdam(m.at))).toEqual(['2027-01-21 09:00']);
  });

  it('on a Friday offers Monday once, not as both tomorrow and in two days', async () => {
    const h = await createSessionsHarness();
    // The session is on Friday 9 April; its 12-week tasks fall on Friday 15 January.
    const { later } = await nudged(h, '2027-04-09 14:00', new Date('2027-01-15T09:30:00Z'));
    await h.press('bram', later);
    expect(buttonsOf(h.log.at(-1)!.message).map((b) => b.label)).toEqual(['Morgen (ma 18 jan)', 'Volgende week (vr 22 jan)']);
  });

  it('offers only what falls before the session, and says so when nothing does', async () => {
    const h = await createSessionsHarness();
    // The session is on Tuesday 2 March at 14:00; on Wednesday 24 February next week is too late.
    const { later } = await nudged(h, '2027-03-02 14:00', new Date('2027-02-24T09:30:00Z'), true);
    await h.press('bram', later);
    expect(buttonsOf(h.log.at(-1)!.message).map((b) => b.label)).toEqual(['Morgen (do 25 feb)', 'Over 2 dagen (vr 26 feb)']);
    // On the morning of the session even tomorrow is too late.
    h.clock.set(new Date('2027-03-02T08:00:00Z'));
    await h.press('bram', later);
    expect(h.lastReply('bram')).toMatch(/De sessie is te dichtbij om .* nog uit te stellen/);
  });
});
