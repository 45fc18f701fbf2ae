// A whole quarter on the simulated clock through the real app: every nudge once, on the right
// working day at 09:00 network time, across DST, holidays, moves, restarts and failures.
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { MessageRef } from '../../src/core/chat-adapter.ts';
import type { SimulatedClock } from '../../src/core/clock.ts';
import type { Button, Message } from '../../src/core/message.ts';
import { messageToPlainText } from '../../src/core/message.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { addHeldSession, createHarness, runUntil, setUpNetwork, TimedAdapter } from './nudge-harness.ts';
import type { Harness } from './nudge-harness.ts';
import { TaskStates } from '../../src/features/nudges/task-states.ts';

const START = new Date('2027-01-04T08:00:00Z');

// The handbook table (weeks before a Thursday 8 April 2027 session), at 09:00 Amsterdam time.
const EXPECTED: Array<[task: string, to: string, at: string]> = [
  ['notulen', 'bram', '2027-01-14T08:00:00.000Z'],
  ['geleerde-lessen', 'anna', '2027-01-14T08:00:00.000Z'],
  ['uitnodigingen', 'bram', '2027-01-14T08:00:00.000Z'],
  ['ervaring-deelnemers', 'bram', '2027-01-14T08:00:00.000Z'],
  ['voortgang', 'anna', '2027-01-28T08:00:00.000Z'],
  ['afstemmen-partners', 'anna', '2027-02-11T08:00:00.000Z'],
  ['afstemmen-organisaties', 'anna', '2027-02-11T08:00:00.000Z'],
  ['agenda', 'anna', '2027-02-25T08:00:00.000Z'],
  ['draaiboek', 'bram', '2027-02-25T08:00:00.000Z'],
  ['werkvormen', 'bram', '2027-03-11T08:00:00.000Z'],
  ['nieuwe-deelnemers', 'anna', '2027-03-11T08:00:00.000Z'],
  ['ervaringsdeskundigen', 'bram', '2027-03-11T08:00:00.000Z'],
  ['actiepunten', 'bram', '2027-03-25T08:00:00.000Z'],
  ['catering', 'bram', '2027-03-25T08:00:00.000Z'],
  ['presentatie', 'anna', '2027-03-25T08:00:00.000Z'],
];

const sorted = (rows: Array<[string, string, string]>) => [...rows].sort((a, b) => a.join().localeCompare(b.join()));
const texts = (h: Harness, kind: string, to?: string) => h.timed.log.filter((d) => d.kind === kind && (to === undefined || d.to === to)).map((d) => messageToPlainText(d.message));

async function answerEveryNudge(h: Harness, actionId = 'nudge.done'): Promise<void> {
  const answered = new Set<string>();
  for (const nudge of h.timed.nudges()) {
    const key = `${nudge.sessionId}:${nudge.task}`;
    if (answered.has(key)) continue;
    answered.add(key);
    await h.press(nudge.to === 'kanaal-1' ? 'anna' : nudge.to, actionId, key);
  }
}

describe('a quarter of nudges', () => {
  it('sends every task once, to its role, at 09:00 on its day, with the overview a week before', async () => {
    const h = await createHarness({ start: START });
    await setUpNetwork(h);
    await runUntil([h], new Date('2027-04-09T00:00:00Z'));
    const beforeLastWeek = h.timed.nudges().filter((d) => d.at < '2027-04-01');
    expect(sorted(beforeLastWeek.map((d) => [d.task!, d.to, d.at]))).toEqual(sorted(EXPECTED));
    const overview = h.timed.digests().filter((d) => messageToPlainText(d.message).includes('Nog een week tot de sessie van Jeugd'));
    expect(overview.map((d) => [d.to, d.at])).toEqual([['anna', '2027-04-01T07:00:00.000Z']]);
    // Nobody answered: each open task went once to the other lead a week before, with the same buttons, in one digest each.
    const escalations = h.timed.nudges().filter((d) => d.at === '2027-04-01T07:00:00.000Z');
    expect(escalations).toHaveLength(15);
    expect(h.timed.digests().filter((d) => d.at === '2027-04-01T07:00:00.000Z').map((d) => d.to).sort()).toEqual(['anna', 'bram']);
    // One digest per person per day.
    const perDay = h.timed.digests().map((d) => `${d.to}@${d.at.slice(0, 10)}`);
    expect(new Set(perDay).size).toBe(perDay.length);
    expect(escalations.filter((d) => d.task === 'presentatie').map((d) => d.to)).toEqual(['bram']);
    expect(escalations.filter((d) => d.task === 'catering').map((d) => d.to)).toEqual(['anna']);
  });

  it('carries the offers: advice, the pulse for the last session, the wins, and a calendar invitation', async () => {
    const h = await createHarness({ start: new Date('2026-12-01T08:00:00Z') });
    await h.run('anna', 'start Jeugd');
    await h.run('anna', 'rol procesbegeleider <@bram>');
    await h.run('anna', 'sessie 2026-12-10 14:00');
    const sessionId = await (async () => {
      await h.run('anna', 'sessie 2027-04-08 14:00');
      const network = (await h.app.directory.all())[0]!;
      return { network: network.id, previous: (await h.app.sessions.list(network.id))[0]!.id };
    })();
    await runUntil([h], new Date('2027-01-14T09:00:00Z'));
    const next = (await h.app.sessions.list(sessionId.network))[1]!.id;
    const byTask = (task: string) => h.timed.nudges().find((d) => d.task === task && d.sessionId === next)!;
    const buttons = (d: { buttons: Button[] } | undefined) => d?.buttons ?? [];
    expect(buttons(byTask('ervaring-deelnemers')).find((b) => b.actionId === 'pulse.start')?.value).toBe(`${sessionId.network}:${sessionId.previous}`);
    expect(buttons(byTask('ervaring-deelnemers')).find((b) => b.actionId === 'advice.topic')?.value).toBe('sb-betrokkenheid');
    const invite = byTask('uitnodigingen').message.attachments?.[0];
    expect(invite?.filename).toBe('sessie-jeugd-2027-04-08.ics');
    expect(invite?.content).toMatch(/DTSTART:20270408T120000Z\r\n/);
    await runUntil([h], new Date('2027-02-26T00:00:00Z'));
    expect(buttons(byTask('agenda')).find((b) => b.actionId === 'wins.since')?.value).toBe(sessionId.network);
    expect(buttons(byTask('nieuwe-deelnemers'))).toEqual([]);
  });

  it('keeps 09:00 wall-clock time across the autumn DST change of 2027-10-31', async () => {
    const h = await createHarness({ start: new Date('2027-08-02T08:00:00Z') });
    await setUpNetwork(h, '2027-11-11 14:00');
    await runUntil([h], new Date('2027-11-12T00:00:00Z'));
    const at = (task: string) => h.timed.nudges().find((d) => d.task === task)!.at;
    expect(at('actiepunten')).toBe('2027-10-28T07:00:00.000Z'); // CEST, before the change
    expect(h.timed.digests().find((d) => messageToPlainText(d.message).includes('Nog een week tot de sessie van'))!.at).toBe('2027-11-04T08:00:00.000Z'); // CET, after
  });

  it('moves a nudge on Tweede Paasdag 2027 (and across spring DST) to the Friday before, and one on Koningsdag to the Monday', async () => {
    const easter = await createHarness({ start: START });
    await setUpNetwork(easter, '2027-04-12 14:00'); // a Monday: two weeks before is Tweede Paasdag 29 March
    await runUntil([easter], new Date('2027-04-01T00:00:00Z'));
    expect(easter.timed.nudges().find((d) => d.task === 'presentatie')!.at).toBe('2027-03-26T08:00:00.000Z');
    const kings = await createHarness({ start: START });
    await setUpNetwork(kings, '2027-05-11 14:00'); // a Tuesday: two weeks before is Koningsdag 27 April
    await runUntil([kings], new Date('2027-04-28T00:00:00Z'));
    expect(kings.timed.nudges().find((d) => d.task === 'presentatie')!.at).toBe('2027-04-26T07:00:00.000Z');
  });

  it('honours a configured nudge time and Goede Vrijdag as a holiday', async () => {
    const h = await createHarness({ start: START, env: { LISO_NUDGE_TIME: '07:30', LISO_HOLIDAY_GOOD_FRIDAY: 'true' } });
    await setUpNetwork(h, '2027-04-12 14:00'); // two weeks before: Tweede Paasdag, then Goede Vrijdag → Thursday 25 March
    await runUntil([h], new Date('2027-04-01T00:00:00Z'));
    expect(h.timed.nudges().find((d) => d.task === 'presentatie')!.at).toBe('2027-03-25T06:30:00.000Z');
  });

  it('re-plans open tasks when the session moves twice, never repeating a done task', async () => {
    const h = await createHarness({ start: START });
    const sessionId = await setUpNetwork(h);
    await runUntil([h], new Date('2027-01-20T00:00:00Z'));
    await h.press('anna', 'nudge.done', `${sessionId}:geleerde-lessen`);
    await h.run('anna', 'sessie verplaats 2027-04-08 2027-04-22 14:00');
    await runUntil([h], new Date('2027-02-01T00:00:00Z'));
    await h.run('anna', 'sessie verplaats 2027-04-22 2027-04-15 10:00');
    await runUntil([h], new Date('2027-04-16T00:00:00Z'));
    // Only what was nudged before the week-before moment of 15 April (8 April 09:00).
    const rows = h.timed.nudges().filter((d) => d.at < '2027-04-08T07:00:00.000Z').map((d) => `${d.task}@${d.at.slice(0, 10)}`);
    // Old due days after a move never fire: voortgang was due 28 Jan for 8 April, 11 Feb for 22 April, and is 4 Feb for 15 April.
    expect(rows.filter((r) => r.startsWith('voortgang@'))).toEqual(['voortgang@2027-02-04']);
    // Done before the first move: never again.
    expect(rows.filter((r) => r.startsWith('geleerde-lessen@'))).toEqual(['geleerde-lessen@2027-01-14']);
    // Open and re-planned by the first move (12 weeks before 22 April); its day for 15 April had passed at the second move.
    expect(rows.filter((r) => r.startsWith('notulen@'))).toEqual(['notulen@2027-01-14', 'notulen@2027-01-28']);
    expect(rows.filter((r) => r.startsWith('presentatie@'))).toEqual(['presentatie@2027-04-01']);
    expect(rows.filter((r) => r.includes('@2027-03-25') || r.includes('@2027-02-11'))).toEqual([]);
  });

  it('cancelling a session cancels its nudges', async () => {
    const h = await createHarness({ start: START });
    await setUpNetwork(h);
    await runUntil([h], new Date('2027-01-20T00:00:00Z'));
    const before = h.timed.nudges().length;
    await h.run('anna', 'sessie annuleer 2027-04-08');
    await runUntil([h], new Date('2027-04-09T00:00:00Z'));
    expect(before).toBe(4);
    expect(h.timed.nudges()).toHaveLength(4);
  });

  it("offers tasks already due at planning time once, in each role holder's digest, with the trekker seeing everyone's", async () => {
    const h = await createHarness({ start: new Date('2027-03-01T08:00:00Z') });
    await setUpNetwork(h);
    await runUntil([h], new Date('2027-03-12T00:00:00Z'));
    const first = h.timed.digests().filter((d) => d.at === '2027-03-02T08:00:00.000Z');
    expect(first.map((d) => d.to).sort()).toEqual(['anna', 'bram']);
    const lines = (to: string) => h.timed.nudges().filter((d) => d.to === to && d.at === '2027-03-02T08:00:00.000Z').map((d) => d.task).sort();
    expect(lines('anna')).toEqual(['afstemmen-organisaties', 'afstemmen-partners', 'agenda', 'geleerde-lessen', 'voortgang']);
    expect(lines('bram')).toEqual(['draaiboek', 'ervaring-deelnemers', 'notulen', 'uitnodigingen']);
    const anna = messageToPlainText(first.find((d) => d.to === 'anna')!.message);
    expect(anna).toMatch(/Deze taak was al aan de beurt op 25 februari 2027,/);
    expect(anna).toMatch(/Ook aan de beurt bij anderen in het netwerk: .*Draaiboek opstellen \(procesbegeleider\)/);
    expect(messageToPlainText(first.find((d) => d.to === 'bram')!.message)).not.toMatch(/Ook aan de beurt bij anderen/);
    // Caught up once; what falls due later comes on its own day.
    expect(h.timed.nudges().filter((d) => d.at > '2027-03-02T08:00:00.000Z').map((d) => d.task).sort()).toEqual(['ervaringsdeskundigen', 'nieuwe-deelnemers', 'werkvormen']);
    await h.run('anna', 'tijdlijn gedaan agenda');
    expect(texts(h, 'reply', 'anna').at(-1)).toMatch(/Agenda delen staat op gedaan/);
  });

  it('sends what was due before a session was planned at the next 09:00, not at once', async () => {
    // Planned on Monday at 14:00: the tasks that were due go out together on Tuesday at 09:00.
    const h = await createHarness({ start: new Date('2027-03-01T13:00:00Z') });
    await setUpNetwork(h);
    await runUntil([h], new Date('2027-03-03T00:00:00Z'));
    expect(h.timed.digests().map((d) => [d.to, d.at]).sort()).toEqual([
      ['anna', '2027-03-02T08:00:00.000Z'],
      ['bram', '2027-03-02T08:00:00.000Z'],
    ]);
  });

  it('answers: Gedaan updates the message, Later comes back two days later once, and preparation.completed fires once', async () => {
    const h = await createHarness({ start: START });
    const sessionId = await setUpNetwork(h);
    const completed: string[] = [];
    h.app.events.on('preparation.completed', (e) => void completed.push(e.sessionId));
    await runUntil([h], new Date('2027-01-15T00:00:00Z'));
    // The press shows the digest again: the pressed line marked, the others still with their buttons.
    const value = h.timed.nudges().find((d) => d.task === 'notulen')!.buttons[0]!.value;
    expect(value).toBe(`${sessionId}:notulen:2027-01-14`);
    await h.press('bram', 'nudge.done', value);
    const redrawn = h.timed.log.filter((d) => d.kind === 'update' && d.to === 'bram').at(-1)!;
    expect(messageToPlainText(redrawn.message)).toMatch(/\(Visuele\) notulen delen: ✅ Gedaan door Bram/);
    expect(redrawn.tasks.map((line) => line.task).sort()).toEqual(['ervaring-deelnemers', 'uitnodigingen']);
    await h.press('sanne', 'nudge.done', `${sessionId}:uitnodigingen`);
    expect(texts(h, 'reply', 'sanne').at(-1)).toMatch(/Alleen die, de trekker of de procesbegeleider/);
    await h.press('bram', 'nudge.later', `${sessionId}:uitnodigingen`);
    await h.press('bram', 'nudge.later.two-days', `${sessionId}:uitnodigingen`);
    // Pressed on Friday 15 January: two days later is Sunday, so Monday at 09:00.
    expect(texts(h, 'update', 'bram').at(-1)).toMatch(/Bram krijgt deze herinnering opnieuw op ma 18 jan 2027 09:00/);
    await runUntil([h], new Date('2027-01-25T00:00:00Z'));
    const again = h.timed.nudges().filter((d) => d.task === 'uitnodigingen');
    expect(again.map((d) => d.at)).toEqual(['2027-01-14T08:00:00.000Z', '2027-01-18T08:00:00.000Z']);
    expect(messageToPlainText(again[1]!.message)).toMatch(/later op terug te komen/);
    await runUntil([h], new Date('2027-03-26T00:00:00Z'));
    await answerEveryNudge(h, 'nudge.skip');
    await answerEveryNudge(h);
    expect(completed).toEqual([sessionId]);
    await runUntil([h], new Date('2027-04-09T00:00:00Z'));
    const overview = texts(h, 'direct', 'anna').find((t) => t.includes('Nog een week tot de sessie van'))!;
    expect(overview).toMatch(/^Je voorbereiding voor vandaag: de stand van zaken/);
    expect(overview).toMatch(/Nog open: geen/);
    expect(overview).toMatch(/Gedaan: \(Visuele\) notulen delen/);
    expect(h.timed.nudges().filter((d) => d.at === '2027-04-01T07:00:00.000Z')).toEqual([]);
    expect(completed).toEqual([sessionId]);
  });

  it('gives a task of an empty role to the trekker, marked, and catering to the projectassistent', async () => {
    const h = await createHarness({ start: START });
    await h.run('anna', 'start Jeugd');
    await h.run('anna', 'rol projectassistent <@piet>');
    await addHeldSession(h, (await h.app.directory.all())[0]!.id, '2026-12-10');
    await h.run('anna', 'sessie 2027-04-08 14:00');
    await runUntil([h], new Date('2027-03-26T00:00:00Z'));
    const notulen = h.timed.nudges().find((d) => d.task === 'notulen')!;
    expect(notulen.to).toBe('anna');
    expect(messageToPlainText(notulen.message)).toMatch(/Niemand in Jeugd heeft de rol procesbegeleider; daarom komt deze taak bij jou als trekker/);
    expect(h.timed.nudges().filter((d) => d.task === 'catering').map((d) => d.to)).toEqual(['piet']);
  });

  it('lists nudges more than 48 hours late after downtime in the overview, and sends those less late', async () => {
    const h = await createHarness({ start: START });
    await setUpNetwork(h);
    await runUntil([h], new Date('2027-02-20T00:00:00Z'));
    // Down from 20 February to 27 February 10:00: the 25 February nudges are 49 hours late.
    h.clock.set(new Date('2027-02-27T09:00:00Z'));
    await h.app.bot.tick(h.clock.now());
    expect(h.timed.nudges().filter((d) => d.task === 'agenda' || d.task === 'draaiboek')).toEqual([]);
    // Down again from 10 March to 12 March 08:00: the 11 March nudges are 24 hours late and still go out.
    await runUntil([h], new Date('2027-03-10T00:00:00Z'));
    h.clock.set(new Date('2027-03-12T08:00:00Z'));
    await h.app.bot.tick(h.clock.now());
    expect(h.timed.nudges().filter((d) => d.task === 'werkvormen').map((d) => d.at)).toEqual(['2027-03-12T08:00:00.000Z']);
    await runUntil([h], new Date('2027-04-02T00:00:00Z'));
    const overview = texts(h, 'direct', 'anna').find((t) => t.includes('Nog een week tot de sessie van'))!;
    expect(overview).toMatch(/Niet herinnerd .*: Agenda delen, Draaiboek opstellen/);
  });

  it('shows the plan with each task state and applies network changes', async () => {
    const h = await createHarness({ start: START });
    const sessionId = await setUpNetwork(h);
    await h.run('anna', 'tijdlijn uit catering');
    await h.run('anna', 'tijdlijn verplaats presentatie 3');
    await h.run('anna', 'tijdlijn rol werkvormen trekker');
    await h.run('sanne', 'tijdlijn uit agenda');
    expect(texts(h, 'reply', 'sanne').at(-1)).toMatch(/Alleen de trekker of procesbegeleider/);
    await h.run('anna', 'tijdlijn verplaats presentatie 99');
    expect(texts(h, 'reply', 'anna').at(-1)).toMatch(/heel getal van 1 tot en met 26/);
    await runUntil([h], new Date('2027-01-15T00:00:00Z'));
    await h.press('bram', 'nudge.done', `${sessionId}:notulen`);
    await h.run('sanne', 'tijdlijn');
    const plan = texts(h, 'reply', 'sanne').at(-1)!;
    expect(plan).toMatch(/\(Visuele\) notulen delen notulen · procesbegeleider · ✅ gedaan/);
    expect(plan).toMatch(/Uitnodigingen volgende sessie versturen uitnodigingen · procesbegeleider · open/);
    expect(plan).toMatch(/Catering regelen catering · procesbegeleider · uitgezet voor dit netwerk \(aangepast\)/);
    expect(plan).toMatch(/do 18 mrt 2027 09:00 · Presentatie maken presentatie · trekker · gepland \(aangepast\)/);
    await runUntil([h], new Date('2027-04-09T00:00:00Z'));
    expect(h.timed.nudges().filter((d) => d.task === 'catering')).toEqual([]);
    expect(h.timed.nudges().filter((d) => d.task === 'presentatie' && d.to === 'anna').map((d) => d.at)).toEqual(['2027-03-18T08:00:00.000Z']);
    expect(h.timed.nudges().filter((d) => d.task === 'werkvormen').map((d) => d.to)).toEqual(['anna', 'bram']);
    await h.run('anna', 'tijdlijn herstel catering');
    expect(texts(h, 'reply', 'anna').at(-1)).toMatch(/Catering regelen volgt weer de standaardplanning/);
  });

  it("lists a person's open tasks on their home view and what they marked, and forgets who marked", async () => {
    const h = await createHarness({ start: START });
    const sessionId = await setUpNetwork(h);
    await runUntil([h], new Date('2027-01-15T00:00:00Z'));
    await h.press('bram', 'nudge.done', `${sessionId}:notulen`);
    const home = messageToPlainText(await h.app.bot.home('test', 'bram'));
    expect(home).toMatch(/Jouw openstaande voorbereidingstaken/);
    expect(home).toMatch(/Uitnodigingen volgende sessie versturen voor Jeugd/);
    expect(home).not.toMatch(/notulen delen voor Jeugd/);
    const feature = h.app.bot.features().find((f) => f.name === 'nudges')!;
    const t = h.app.prompts.translator('nl');
    expect(JSON.stringify(await feature.personalData!({ platform: 'test', userId: 'bram' }, t))).toMatch(/\(Visuele\) notulen delen/);
    const states = new TaskStates(h.app.store);
    expect(await states.markOf(sessionId, 'notulen')).toMatchObject({ by: 'bram' });
    const sentFields = async () => [...(await h.app.store.hashGetAllMany([`nudges:tasks:${sessionId}`]))[0]!.keys()].filter((field) => field.startsWith('sent:'));
    expect(await sentFields()).toContain(`sent:task:notulen:202701140800|bram`);
    await feature.forgetPerson!({ platform: 'test', userId: 'bram' });
    expect(await feature.personalData!({ platform: 'test', userId: 'bram' }, t)).toEqual([]);
    // Which digest lines went to Bram is gone too; Anna's stay.
    expect((await sentFields()).filter((field) => field.includes('bram'))).toEqual([]);
    expect(await sentFields()).toContain(`sent:task:geleerde-lessen:202701140800|anna`);
    expect(await h.app.store.setMembers('nudges:sent-to:test:bram')).toEqual([]);
    expect(await states.get(sessionId, 'notulen')).toMatchObject({ status: 'done' });
    expect(await states.markOf(sessionId, 'notulen')).toEqual({ at: expect.any(Date) });
  });
});

/** An adapter that fails nudges (not other messages) sent directly to chosen people. */
class FailingAdapter extends TimedAdapter {
  readonly failures = new Map<string, DeliveryError[]>();

  override async sendDirect(userId: string, message: Message): Promise<MessageRef> {
    const failure = message.summary.startsWith('Je voorbereiding') ? this.failures.get(userId)?.shift() : undefined;
    if (failure) throw failure;
    return super.sendDirect(userId, message);
  }
}

describe('delivery failures', () => {
  it('retries a transient failure and posts in the channel, noted, when a direct message is impossible', async () => {
    let adapter!: FailingAdapter;
    const h = await createHarness({ start: START, adapter: (clock: SimulatedClock) => (adapter = new FailingAdapter(clock)) });
    await setUpNetwork(h);
    adapter.failures.set('anna', [new DeliveryError('transient', 'rate limited (429)', 30_000)]);
    adapter.failures.set('bram', [new DeliveryError('permanent', 'user not found')]);
    await runUntil([h], new Date('2027-01-15T00:00:00Z'));
    const lessons = h.timed.nudges().filter((d) => d.task === 'geleerde-lessen');
    expect(lessons.map((d) => [d.to, d.at])).toEqual([['anna', '2027-01-14T08:01:00.000Z']]);
    const inChannel = h.timed.nudges().filter((d) => d.kind === 'channel');
    expect(inChannel.map((d) => d.task).sort()).toEqual(['ervaring-deelnemers', 'notulen', 'uitnodigingen']);
    expect(messageToPlainText(inChannel[0]!.message)).toMatch(/^Voor @Bram: ik kon je geen privébericht sturen/);
    expect(h.logLines.join('')).toMatch(/direct message impossible; posting in the network channel/);
  });
});

describe('exactly once across processes', () => {
  it('two apps ticking on one store send each nudge once, also after one of them restarts', async () => {
    const store = new MemoryStore();
    const a = await createHarness({ start: START, store });
    const b = await createHarness({ start: START, store });
    await setUpNetwork(a);
    await runUntil([a, b], new Date('2027-02-15T00:00:00Z'));
    // b restarts as a new app on the same store and runs alone for a while (a is down), then both run.
    const b2 = await createHarness({ start: b.clock.now(), store });
    await runUntil([b2], new Date('2027-03-01T00:00:00Z'));
    a.clock.set(b2.clock.now());
    await runUntil([a, b2], new Date('2027-04-09T00:00:00Z'));
    const all = [...a.timed.nudges(), ...b.timed.nudges(), ...b2.timed.nudges()].filter((d) => d.at < '2027-04-01');
    expect(sorted(all.map((d) => [d.task!, d.to, d.at]))).toEqual(sorted(EXPECTED));
    expect(b2.timed.nudges().filter((d) => d.task === 'agenda' && d.at < '2027-04-01').map((d) => d.to)).toEqual(['anna']);
  });

  it('a process killed between sending and marking sent causes at most one duplicate, which is logged', async () => {
    const store = new MemoryStore();
    let hanging!: HangingAdapter;
    const a = await createHarness({ start: START, store, adapter: (clock) => (hanging = new HangingAdapter(clock)) });
    const sessionId = await setUpNetwork(a);
    a.clock.set(new Date('2027-01-14T08:00:00Z'));
    void a.app.bot.tick(a.clock.now()); // never finishes: the process "dies" inside sendDirect
    await hanging.entered;
    // The other sends in flight at that moment may still finish; then the process is gone.
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The dead process's lease runs out (two minutes of real time in production).
    for (const key of await leaseKeys(store)) await store.delete(key);
    const b = await createHarness({ start: new Date('2027-01-14T08:03:00Z'), store });
    await b.app.bot.tick(b.clock.now()); // the minute tick after the lease ran out
    await runUntil([b], new Date('2027-01-15T00:00:00Z'));
    // The digest that was being sent when the process died goes out once more; every other line once.
    const hung = hanging.log.find((d) => d.kind === 'direct')!;
    const count = (task: string) => [...hanging.nudges(), ...b.timed.nudges()].filter((d) => d.task === task).length;
    expect(hung.tasks.length).toBeGreaterThan(0);
    for (const { task } of hung.tasks) expect(count(task)).toBe(2);
    const others = ['notulen', 'geleerde-lessen', 'uitnodigingen', 'ervaring-deelnemers'].filter((task) => !hung.tasks.some((line) => line.task === task));
    for (const task of others) expect(count(task)).toBe(1);
    expect(b.logLines.join('')).toMatch(/resending a message whose earlier attempt was interrupted/);
    await runUntil([b], new Date('2027-01-20T00:00:00Z'));
    for (const { task } of hung.tasks) expect(count(task)).toBe(2);
    expect(sessionId).toBeTruthy();
  });
});

/** Records the first direct message and then never returns, like a process killed mid-send. */
class HangingAdapter extends TimedAdapter {
  private release!: () => void;
  readonly entered = new Promise<void>((resolve) => (this.release = resolve));
  private hung = false;

  override async sendDirect(userId: string, message: Message): Promise<MessageRef> {
    if (this.hung) return super.sendDirect(userId, message);
    this.hung = true;
    this.note('direct', userId, message);
    this.release();
    return new Promise<MessageRef>(() => {});
  }
}

async function leaseKeys(store: MemoryStore): Promise<string[]> {
  const entries = (store as unknown as { entries: Map<string, unknown> }).entries;
  return [...entries.keys()].filter((k) => k.startsWith('delivery-lease:'));
}
