// The notice that someone with a role left the channel goes to the leads once per day of the network's time zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuarterDriver } from './quarter-driver.ts';

const ANNA = 'U0ANNA0001';
const FRANK = 'U0FRNK0001';
let d: QuarterDriver;
beforeAll(async () => {
  d = await QuarterDriver.start('C0LEFT0001', new Map([[ANNA, 'anna'], [FRANK, 'frank']]), new Date('2027-01-04T08:00:00Z'));
  await d.command(ANNA, 'start Jeugdhulp Leiden');
  await d.command(ANNA, `rol deelnemer <@${FRANK}|frank>`);
});
afterAll(async () => {
  await d?.stop();
});

describe('member left the channel', () => {
  it('tells the leads once per local day, not per UTC day', async () => {
    d.clock.set(new Date('2027-01-04T23:30:00Z')); // 00:30 on 5 January in Amsterdam
    const first = (await d.leave(FRANK)).filter((s) => s.via === 'dm');
    d.clock.set(new Date('2027-01-05T00:30:00Z')); // 01:30 on the same Amsterdam day, another UTC day
    const second = (await d.leave(FRANK)).filter((s) => s.via === 'dm');
    expect(first).toHaveLength(1);
    expect(second).toEqual([]);
  });

  it('tells a lead the bot cannot message directly in the channel, addressed to them', async () => {
    d.clock.set(new Date('2027-01-06T09:00:00Z'));
    // Anna has closed her direct messages with the app: Slack refuses the DM.
    d.fake.script('chat.postMessage', { body: { ok: false, error: 'cannot_dm_bot' } });
    const seen = await d.leave(FRANK);
    // Under load the send (and its fallback) may settle a tick later: give it a few minutes.
    for (let minute = 1; minute <= 5 && !seen.some((s) => s.via === 'channel'); minute++) {
      d.clock.set(new Date(Date.parse('2027-01-06T09:00:00Z') + minute * 60_000));
      seen.push(...(await d.minute()));
    }
    expect(seen.filter((s) => s.via === 'dm')).toEqual([]);
    const posted = seen.filter((s) => s.via === 'channel' && /heeft het kanaal van Jeugdhulp Leiden verlaten/.test(s.text));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toMatch(/Voor <@U0ANNA0001>: ik kon je geen privébericht sturen/);
    expect(posted[0]!.text).toContain('/liso rol weg deelnemer @…');
  });
});
