// A pulse's counts are of those it asked: someone whose direct messages fail gets no invitation (it carries a
// personal ballot), so they are out of "x van y" as well as out of "kregen een privébericht".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuarterDriver } from './quarter-driver.ts';

const ANNA = 'U0ANNA0001';
const FRANK = 'U0FRNK0001';
const SANNE = 'U0SANN0001';
const PIET = 'U0PIET0001';
const HUGO = 'U0HUGO0001';
let d: QuarterDriver;
beforeAll(async () => {
  d = await QuarterDriver.start('C0PULSE001', new Map([[ANNA, 'anna'], [FRANK, 'frank'], [SANNE, 'sanne'], [PIET, 'piet'], [HUGO, 'hugo']]), new Date('2027-01-04T08:00:00Z'));
  d.fake.refuseDirect(HUGO, 'restricted_action');
  await d.command(ANNA, 'start Jeugdhulp Leiden');
  await d.command(ANNA, `rol deelnemer <@${FRANK}|frank> <@${SANNE}|sanne> <@${PIET}|piet> <@${HUGO}|hugo>`);
  await d.command(ANNA, 'sessie 2027-01-14 14:00-17:00 Stadhuis Leiden');
  await d.walk(new Date('2027-01-15T09:00:00Z'));
});
afterAll(async () => {
  await d?.stop();
});

describe('pulse with a participant the bot cannot reach', () => {
  it('counts the same people at the start and in the progress', async () => {
    const start = (await d.command(ANNA, 'pulse')).filter((s) => s.to === ANNA).map((s) => s.text).join('\n');
    expect(start).toMatch(/3 mensen kregen een privébericht/);
    const progress = (await d.command(ANNA, 'pulse resultaten')).filter((s) => s.to === ANNA).map((s) => s.text).join('\n');
    expect(progress).toMatch(/0 van 3/);
    expect(progress).not.toMatch(/van 4/);
  });

  it('tells the trekker once that the bot cannot reach him, in words, not again when the pulse starts', () => {
    const notices = d.transcript.seen.filter((s) => s.to === ANNA && s.text.includes('krijgt geen berichten'));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).not.toMatch(/recipient unreachable|no channel to fall back/);
  });
});
