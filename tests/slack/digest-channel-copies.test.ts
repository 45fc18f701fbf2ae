// Two co-facilitators whose direct messages fail each get a channel copy of their digest: a press redraws the copy pressed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonOn, QuarterDriver } from './quarter-driver.ts';

const ANNA = 'U0ANNA0001';
const BRAM = 'U0BRAM0001';
const CARL = 'U0CARL0001';
let e: QuarterDriver;
beforeAll(async () => {
  e = await QuarterDriver.start('C0DIGEST01', new Map([[ANNA, 'anna'], [BRAM, 'bram'], [CARL, 'carl']]), new Date('2027-01-04T08:00:00Z'));
  e.fake.refuseDirect(BRAM, 'restricted_action');
  e.fake.refuseDirect(CARL, 'restricted_action');
  await e.command(ANNA, 'start Jeugdhulp Leiden');
  await e.command(ANNA, `rol procesbegeleider <@${BRAM}|bram> <@${CARL}|carl>`);
  await e.command(ANNA, 'sessie 2027-02-11 14:00-17:00 Stadhuis Leiden');
});
afterAll(async () => {
  await e?.stop();
});

describe('two co-facilitators whose DMs fail', () => {
  it('pressing on carl\'s channel copy redraws carl\'s copy', async () => {
    await e.walk(new Date('2027-01-28T09:00:00Z'));
    const copies = e.transcript.seen.filter((s) => s.to === 'C0DIGEST01' && s.via === 'channel' && s.day === '2027-01-28' && buttonOn(s, 'nudge.done'));
    expect(copies.length).toBeGreaterThanOrEqual(2);
    const carls = copies.find((s) => s.text.includes(CARL))!;
    const seen = await e.press(CARL, carls, buttonOn(carls, 'nudge.done')!);
    const update = seen.find((s) => s.via === 'update')!;
    expect(update.text).toContain(CARL);
    expect(update.text).not.toContain(BRAM);
  });
});

describe('a channel copy in an English channel', () => {
  let en: QuarterDriver;
  afterAll(async () => {
    await en?.stop();
  });

  it('is in the channel\'s language, not the default one (a Dutch copy in an English channel was the release before)', async () => {
    en = await QuarterDriver.start('C0DIGEST02', new Map([[ANNA, 'anna'], [BRAM, 'bram']]), new Date('2027-01-04T08:00:00Z'));
    en.fake.refuseDirect(BRAM, 'restricted_action');
    await en.command(ANNA, 'start Youth care Leiden');
    await en.command(ANNA, 'netwerk taal en');
    await en.command(ANNA, `rol procesbegeleider <@${BRAM}|bram>`);
    await en.command(ANNA, 'sessie 2027-02-11 14:00-17:00 Town hall');
    await en.walk(new Date('2027-01-28T09:00:00Z'));
    const copy = en.transcript.seen.find((s) => s.to === 'C0DIGEST02' && s.via === 'channel' && s.text.includes(BRAM) && buttonOn(s, 'nudge.done'));
    expect(copy?.text).toMatch(/could not send you a direct message/);
    expect(copy?.text).not.toMatch(/privébericht/);
  });
});
