// A trekker hands over on a Friday evening on Slack (real Bolt against the fake API), the app is
// redeployed right after on the same SQLite file, and the quarter is lived on until the session:
// what each person gets, per day. LISO_HANDOVER_TRANSCRIPT=<file> writes the count table.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTable } from '../slack/slack-transcript.ts';
import { QuarterDriver } from '../slack/quarter-driver.ts';

const CHANNEL = 'C0JEUGD002';
const SANNE = 'U0SANNE001';
const BRAM = 'U0BRAM0002';
const JORIS = 'U0JORIS001';
const AHMED = 'U0AHMED001';
const PEOPLE: Array<[string, string]> = [
  [SANNE, 'sanne'],
  [BRAM, 'bram'],
  [JORIS, 'joris'],
  [AHMED, 'ahmed'],
];
const NAMES = new Map(PEOPLE);
const mention = (id: string) => `<@${id}|${NAMES.get(id)}>`;
const at = (iso: string) => new Date(iso);

let d: QuarterDriver;

describe('a trekker hands over on Slack, with a redeploy right after', () => {
  beforeAll(async () => {
    d = await QuarterDriver.start(CHANNEL, NAMES, at('2027-01-04T08:00:00Z'));
    await d.command(SANNE, 'start Jeugd Leiden');
    await d.command(SANNE, `rol procesbegeleider ${mention(BRAM)}`);
    await d.command(SANNE, `rol deelnemer ${mention(AHMED)}`);
    await d.command(SANNE, 'sessie 2027-01-05 14:00');
    await d.command(SANNE, 'sessie 2027-04-08 14:00');
    await d.walk(at('2027-01-14T09:00:00Z'));
    await d.command(SANNE, 'tijdlijn gedaan geleerde-lessen');
    await d.walk(at('2027-01-28T09:00:00Z'));
    await d.command(SANNE, 'tijdlijn gedaan voortgang');
    await d.walk(at('2027-02-11T09:00:00Z'));
    await d.command(SANNE, 'tijdlijn gedaan afstemmen-organisaties');
    await d.walk(at('2027-03-12T19:00:00Z'));
    await d.command(SANNE, `rol trekker ${mention(JORIS)}`);
    await d.command(SANNE, `rol weg trekker ${mention(SANNE)}`);
    await d.restart();
    await d.walk(at('2027-04-09T08:00:00Z'));
    const table = countTable(d.transcript.seen, PEOPLE, (s) => s.via === 'dm' || s.via === 'channel');
    if (process.env['LISO_HANDOVER_TRANSCRIPT']) writeFileSync(process.env['LISO_HANDOVER_TRANSCRIPT'], `${table}\n`);
  }, 120_000);
  afterAll(async () => d?.stop());

  const preparation = (to: string, from: string) => d.transcript.seen.filter((s) => s.to === to && s.via === 'dm' && s.day >= from && s.text.includes('Je voorbereiding voor vandaag'));

  it('gives Joris the open trekker tasks on Monday morning, once, and none Sanne marked done', () => {
    const joris = preparation(JORIS, '2027-03-12');
    expect(joris[0]?.day).toBe('2027-03-15');
    for (const title of ['Afstemmen met partners', 'Agenda delen', 'Nieuwe deelnemers bellen of mailen']) {
      expect(joris.filter((s) => s.day < '2027-04-01' && s.text.includes(title)), title).toHaveLength(1);
    }
    for (const title of ['Geleerde lessen delen', 'Voortgang nalopen en delen', 'Afstemmen met organisaties']) {
      expect(joris.filter((s) => s.day < '2027-04-01' && s.text.includes(title)), title).toEqual([]);
    }
  });

  it('sends Sanne nothing after she handed over, and tells the channel once per change', () => {
    expect(d.transcript.seen.filter((s) => s.to === SANNE && s.via === 'dm' && s.day >= '2027-03-13')).toEqual([]);
    const told = d.transcript.seen.filter((s) => s.to === CHANNEL && s.day === '2027-03-12');
    // Shared for the moment between the two commands, and told so.
    expect(told.map((s) => s.text)).toEqual([expect.stringMatching(/^<@U0JORIS001> is nu ook \*trekker\* in .*, naast <@U0SANNE001>/), expect.stringMatching(/^<@U0SANNE001> is geen \*trekker\* meer/)]);
  });
});

describe('a trekker hands over while her digest of the day waits in the outbox (Slack failing at 09:00)', () => {
  let o: QuarterDriver;
  beforeAll(async () => {
    o = await QuarterDriver.start(CHANNEL, NAMES, at('2027-01-04T08:00:00Z'));
    await o.command(SANNE, 'start Jeugd Leiden');
    await o.command(SANNE, `rol procesbegeleider ${mention(BRAM)}`);
    await o.command(SANNE, 'sessie 2027-01-05 14:00');
    await o.command(SANNE, 'sessie 2027-04-08 14:00');
    await o.walk(at('2027-03-10T17:00:00Z'));
    // Thursday 11 March, 09:00: both leads' digests fail once and wait for their retry.
    o.fake.script('chat.postMessage', ...Array(2).fill({ status: 200, body: { ok: false, error: 'internal_error' } }));
    await o.walk(at('2027-03-11T08:00:00Z'));
    await o.command(SANNE, `rol trekker ${mention(JORIS)}`);
    await o.command(SANNE, `rol weg trekker ${mention(SANNE)}`);
    await o.walk(at('2027-03-12T09:00:00Z'));
  }, 120_000);
  afterAll(async () => o?.stop());

  it('withdraws her waiting digest, sends Bram his, and gives Joris the trekker task the next morning', () => {
    const dms = (to: string, day: string) => o.transcript.seen.filter((s) => s.to === to && s.via === 'dm' && s.day === day);
    expect(dms(SANNE, '2027-03-11')).toEqual([]);
    expect(dms(BRAM, '2027-03-11')).toHaveLength(1);
    expect(dms(JORIS, '2027-03-12').map((s) => s.text)).toEqual([expect.stringContaining('Nieuwe deelnemers bellen of mailen')]);
  });
});

