// A role holder who left the channel while the bot was not running: after the start the bot looks at
// the channel's members (conversations.members, paged) and the leads hear it once, as for a leave heard
// live. A list that is not complete and certain (an error, a page missing, the bot no longer in the
// channel) tells nobody anything.
import { afterEach, describe, expect, it } from 'vitest';
import { QuarterDriver } from './quarter-driver.ts';
import type { Seen } from './slack-transcript.ts';

const CHANNEL = 'C0GONE0001';
const BOT = 'U0LISOBOT1';
const ANNA = 'U0ANNA0001';
const FRANK = 'U0FRNK0001';
const SANNE = 'U0SANN0001';
const LEFT = /frank heeft het kanaal van Jeugdhulp Leiden verlaten/;

let d: QuarterDriver | undefined;
afterEach(async () => {
  await d?.stop();
  d = undefined;
});

/** A network with Anna as trekker and Frank as deelnemer, all in the channel; the bot has looked at its members. */
async function networkWithFrank(): Promise<QuarterDriver> {
  const driver = await QuarterDriver.start(CHANNEL, new Map([[ANNA, 'anna'], [FRANK, 'frank'], [SANNE, 'sanne']]), new Date('2027-01-04T08:00:00Z'));
  // Two members a page: the list is read to its last page.
  driver.fake.membersPageSize = 2;
  driver.fake.setChannelMembers(CHANNEL, [ANNA, BOT, SANNE, FRANK]);
  await driver.command(ANNA, 'start Jeugdhulp Leiden');
  await driver.command(ANNA, `rol deelnemer <@${FRANK}|frank>`);
  return driver;
}

/** The bot is stopped, `change` happens meanwhile, and it starts again at `at`; what its first minute sent. */
async function downWhile(driver: QuarterDriver, at: string, change: () => void): Promise<Seen[]> {
  change();
  driver.clock.set(new Date(at));
  await driver.restart();
  return driver.minute();
}

const noticesOf = (seen: Seen[]) => seen.filter((s) => LEFT.test(s.text));

describe('a role holder who left while the bot was not running', () => {
  it('is told to the leads once after the start, and not again on a second start that day', async () => {
    d = await networkWithFrank();
    const driver = d;
    const first = await downWhile(driver, '2027-01-04T10:00:00Z', () => driver.fake.setChannelMembers(CHANNEL, [ANNA, BOT, SANNE]));
    const notices = noticesOf(first);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ to: ANNA, via: 'dm' });
    expect(notices[0]!.text).toContain('/liso rol weg deelnemer @…');
    expect(driver.fake.callsTo('conversations.members').length).toBeGreaterThan(1);

    const second = await downWhile(driver, '2027-01-04T11:00:00Z', () => {});
    expect(noticesOf(second)).toEqual([]);
    // Nor on the days after: the look at the members knows the leave was told.
    driver.clock.set(new Date('2027-01-05T12:00:00Z'));
    expect(noticesOf(await driver.minute())).toEqual([]);
  });

  it('is not told again when the leave was heard live', async () => {
    d = await networkWithFrank();
    const driver = d;
    driver.fake.setChannelMembers(CHANNEL, [ANNA, BOT, SANNE]);
    const live = noticesOf(await driver.leave(FRANK));
    // The leave is handled after Slack's acknowledgement: its notice may go out a tick later.
    for (let minute = 0; minute < 20 && live.length === 0; minute++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      live.push(...noticesOf(await driver.minute()));
    }
    expect(live).toHaveLength(1);
    // Another day: the notice's key (per day) alone would not keep it from going out again.
    expect(noticesOf(await downWhile(driver, '2027-01-05T10:00:00Z', () => {}))).toEqual([]);
    driver.clock.set(new Date('2027-01-06T12:00:00Z'));
    expect(noticesOf(await driver.minute())).toEqual([]);
  });

  it('is not told about someone without a role, nor when a role was given to someone never in the channel', async () => {
    d = await networkWithFrank();
    const driver = d;
    const OUTSIDER = 'U0OUTS0001';
    await driver.command(ANNA, `rol deelnemer <@${OUTSIDER}|outsider>`);
    const seen = await downWhile(driver, '2027-01-04T10:00:00Z', () => driver.fake.setChannelMembers(CHANNEL, [ANNA, BOT, FRANK]));
    expect(seen.filter((s) => /verlaten/.test(s.text))).toEqual([]);
  });
});

describe('a member list that is not certain tells nobody', () => {
  const cases: Array<{ name: string; script: (driver: QuarterDriver) => void }> = [
    { name: 'an error (a missing scope)', script: (driver) => driver.fake.script('conversations.members', { body: { ok: false, error: 'missing_scope', needed: 'groups:read' } }) },
    {
      name: 'a list cut short (the second page fails)',
      script: (driver) =>
        driver.fake.script(
          'conversations.members',
          { body: { ok: true, members: [ANNA, BOT], response_metadata: { next_cursor: 'b2Zmc2V0OjI=' } } },
          { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } },
        ),
    },
    { name: 'a channel the bot is no longer in (a private one)', script: (driver) => driver.fake.script('conversations.members', { body: { ok: false, error: 'channel_not_found' } }) },
    { name: 'a list without the bot (it was taken out of the channel)', script: (driver) => driver.fake.setChannelMembers(CHANNEL, [ANNA, SANNE]) },
  ];

  for (const { name, script } of cases) {
    it(`${name}: nothing is sent, and the next certain list tells the leads`, async () => {
      d = await networkWithFrank();
      const driver = d;
      const seen = await downWhile(driver, '2027-01-04T10:00:00Z', () => {
        driver.fake.setChannelMembers(CHANNEL, [ANNA, BOT, SANNE]);
        script(driver);
      });
      expect(seen).toEqual([]);
      // A day later the list is complete: the leave is told then, once.
      driver.fake.setChannelMembers(CHANNEL, [ANNA, BOT, SANNE]);
      driver.clock.set(new Date('2027-01-05T10:00:00Z'));
      expect(noticesOf(await driver.minute())).toHaveLength(1);
    });
  }
});
