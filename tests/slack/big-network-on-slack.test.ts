// Big but legitimate content on Slack (tests/limits/big-network.ts): three networks of twenty people
// with long names and twelve sessions each, typed through real Bolt. Every payload must be one Slack
// takes, and a long message stays readable when someone presses a button on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BigKey } from '../limits/big-network.ts';
import { BIG_CAST, BIG_KEYS, LEAD, NETWORK_NAMES, bigNetworkCommands } from '../limits/big-network.ts';
import { readable } from './slack-transcript.ts';
import type { Seen } from './slack-transcript.ts';
import { buttonOn, buttonsOf, coreAction, QuarterDriver } from './quarter-driver.ts';

const CHANNELS = ['C0BIGNET01', 'C0BIGNET02', 'C0BIGNET03'];
const slackId = (key: BigKey) => `U0${key.toUpperCase()}`;
const NAMES = new Map(BIG_KEYS.map((key) => [slackId(key), BIG_CAST[key]]));
const LEAD_ID = slackId(LEAD);

let d: QuarterDriver;
let digest: Seen[];

beforeAll(async () => {
  d = await QuarterDriver.start(CHANNELS[0]!, NAMES, new Date('2027-01-04T08:00:00Z'));
  for (const command of bigNetworkCommands((key) => `<@${slackId(key)}|${BIG_CAST[key]}>`)) {
    await d.command(slackId(command.who), command.text, CHANNELS[command.network]);
  }
  // Through the first sessions' reminders to the morning after them, when the three networks' next
  // sessions are two weeks away and every task of their preparation that fell due before comes at once.
  await d.walk(new Date('2027-01-15T08:30:00Z'));
  // The lead's preparation for that day, in pages.
  digest = d.transcript.seen.filter((s) => s.to === LEAD_ID && s.via === 'dm' && s.day === '2027-01-15' && buttonsOf(s.call.body).some((b) => coreAction(b) === 'nudge.done'));
}, 120_000);

afterAll(async () => {
  await d?.stop();
});

describe('three networks of twenty people on Slack', () => {
  it('sends nothing Slack would refuse', () => {
    expect(d.fake.violations).toEqual([]);
    expect(digest.length).toBeGreaterThan(1);
  });

  it('shows nobody an id: only names, dates and words', () => {
    const shown = d.transcript.seen.filter((s) => s.via !== 'file').map((s) => s.text.replace(/<@U0[A-Z]+>/g, ''));
    expect(shown.filter((text) => /\b[0-9a-f]{8}\b|\bU0[A-Z]{4,}|C0BIGNET/.test(text))).toEqual([]);
  });

  it('publishes a Home tab Slack takes, nothing cut, for the lead of all three', async () => {
    const seen = await d.open(LEAD_ID, 'home');
    const home = seen.filter((s) => s.via === 'home').at(-1)!;
    expect(d.fake.violations).toEqual([]);
    expect(home.text).not.toContain('(…');
    // Before: three "Aanmeldingen: 0 komen, …" lines under the three networks, none saying whose count it was.
    const counts = home.text.split('\n').filter((line) => line.includes('Aanmeldingen'));
    expect(counts).toHaveLength(3);
    expect(new Set(counts.map((line) => NETWORK_NAMES.find((name) => line.includes(name))))).toEqual(new Set(NETWORK_NAMES));
  });

  it('keeps each task\'s buttons on the page of its text', () => {
    // Before: a page began with a row of buttons whose task was described at the end of the page before.
    expect(digest.map((page) => (page.call.body['blocks'] as Array<{ type: string }>)[0]!.type)).not.toContain('actions');
  });

  it('redraws the page that was pressed, not the first page cut short, when a task on a later page is done', async () => {
    const page = digest.at(-1)!;
    const done = buttonOn(page, 'nudge.done')!;
    const others = buttonsOf(page.call.body).filter((b) => coreAction(b) === 'nudge.done' && b.value !== done.value).map((b) => b.value);
    const seen = await d.press(LEAD_ID, page, done);
    const redrawn = seen.filter((s) => s.via === 'update');
    expect(redrawn).toHaveLength(1);
    expect(redrawn[0]!.call.body['ts']).toBe((page.call.response as { ts: string }).ts);
    // Before: the page became the digest's first page, cut with "…", and this page's other tasks were gone.
    const after = buttonsOf(redrawn[0]!.call.body).filter((b) => coreAction(b) === 'nudge.done').map((b) => b.value);
    expect(after).toEqual(others);
    expect(readable(redrawn[0]!.call.body['blocks'])).not.toMatch(/^# /);
    expect(readable(redrawn[0]!.call.body['blocks'])).not.toContain('(…');
    expect(d.fake.violations).toEqual([]);
  });

  it('redraws a later page as itself when the only task left on it is done', async () => {
    // The last page, as it stands (the test before may have redrawn it): its tasks are done one by
    // one, until the only one left with buttons is pressed and nothing of the page is left to find it by.
    const pageIndex = digest.length - 1;
    const sent = digest[pageIndex]!.call.response as { ts: string; channel: string };
    const ts = sent.ts;
    const latest = (): Seen => d.transcript.seen.filter((s) => s.via === 'update' && s.call.body['ts'] === ts).at(-1) ?? digest[pageIndex]!;
    const doneOn = (page: Seen) => buttonsOf(page.call.body).filter((b) => coreAction(b) === 'nudge.done');
    for (let left = doneOn(latest()).length; left > 1; left--) {
      await d.press(LEAD_ID, { ...latest(), call: { ...latest().call, response: sent } }, doneOn(latest())[0]!);
      // The redrawn page's buttons carry its page number again, so the next press on it knows it too.
      expect(new Set(buttonsOf(latest().call.body).map((b) => /~\d+r?(p\d+)$/.exec(b.action_id)?.[1]))).toEqual(new Set([`p${pageIndex + 1}`]));
    }
    const page = latest();
    expect(doneOn(page)).toHaveLength(1);
    const marked = readable(page.call.body['blocks']).split('\n').filter((line) => line.includes('✅ Gedaan door'));
    const seen = await d.press(LEAD_ID, { ...page, call: { ...page.call, response: sent } }, doneOn(page)[0]!);
    // Exactly this page is redrawn; the others are not touched.
    const redrawn = seen.filter((s) => s.via === 'update');
    expect(redrawn).toHaveLength(1);
    expect(redrawn[0]!.call.body['ts']).toBe(ts);
    // Before: the page became the digest's first page ("# Je voorbereiding voor vandaag…").
    const text = readable(redrawn[0]!.call.body['blocks']);
    expect(text).not.toMatch(/^# /);
    expect(doneOn(redrawn[0]!)).toEqual([]);
    expect(text.split('\n').filter((line) => line.includes('✅ Gedaan door'))).toHaveLength(marked.length + 1);
    for (const line of marked) expect(text).toContain(line);
    expect(d.fake.violations).toEqual([]);
  });
});

describe('networks whose long names differ only at the end, on Slack', () => {
  it('get buttons that tell them apart when someone in all three asks in a direct message', async () => {
    const names = ['Noord', 'Zuid', 'Oost'].map((part) => `Leernetwerk Jeugdhulp en Wijkteams van de gemeente Leiden en omstreken: ${part}`);
    for (const [i, name] of names.entries()) await d.command(LEAD_ID, `netwerk naam ${name}`, CHANNELS[i]);
    const seen = await d.command(LEAD_ID, 'sessies', `D${LEAD_ID.slice(1)}`);
    const labels = seen.flatMap((s) => buttonsOf(s.call.body)).filter((b) => coreAction(b) === 'network.choose').map((b) => b.text.text);
    expect(labels).toHaveLength(3);
    expect(labels.every((label) => label.length <= 75)).toBe(true);
    // Before: all three read "Leernetwerk Jeugdhulp en Wijkteams van de gemeente Leiden en omstreken:…".
    expect(new Set(labels).size).toBe(3);
    expect(d.fake.violations).toEqual([]);
  });
});
