// The keep-or-not choice for a gap in the handbook, through the real bot: typed answers resolve it as its buttons
// do, a partial answer offers it too, and a press in a direct conversation is answered there as a normal message.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Button, Message } from '../../src/core/message.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { createTestApp } from '../fakes/test-app.ts';

const REFUSED = 'Hoeveel vakantiedagen krijg ik?';
// The handbook has the role, not the salary: a partial answer.
const PARTIAL = 'Wat is de cao-schaal voor een trekker?';

function buttons(message: Message | undefined): Button[] {
  return (message?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

/** The leads' list of kept questions. */
async function keptQuestions(t: TestApp): Promise<string> {
  await t.command('anna', 'vragen');
  return t.adapter.take()[0]!.text;
}

/** Dewi asks in her direct conversation; the answer (after the first meeting's introduction). */
async function ask(t: TestApp, question: string): Promise<Message> {
  await t.message('dewi', question);
  return t.adapter.take().at(-1)!.message!;
}

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.command('anna', 'start Jeugdzorg Leiden');
  await t.command('anna', 'rol procesbegeleider <@piet>');
  await t.command('anna', 'rol deelnemer <@dewi>');
  await t.message('dewi', 'hoi');
  t.adapter.take();
});

describe('a typed answer to "Mag ik je vraag bewaren?"', () => {
  it.each(['ja', 'Ja, graag!', 'doe maar', 'ok', 'bewaren', 'yes', 'sure'])('%j keeps the question, as the keep button does', async (typed) => {
    await ask(t, REFUSED);
    await t.message('dewi', typed);
    expect(t.adapter.take().map((s) => s.text)).toEqual([expect.stringMatching(/^Bewaard, zonder je naam/)]);
    expect(await keptQuestions(t)).toContain(REFUSED);
  });

  it.each(['nee', 'nee hoor', 'niet bewaren', 'nee, niet bewaren', 'laat maar', 'liever niet', 'no', "don't", 'do not keep', 'no thanks'])(
    '%j drops the question, as the discard button does',
    async (typed) => {
      await ask(t, REFUSED);
      await t.message('dewi', typed);
      expect(t.adapter.take().map((s) => s.text)).toEqual(['Niet bewaard. Je vraag is weg.']);
      expect(await keptQuestions(t)).not.toContain(REFUSED);
    },
  );

  it('anything else behaves as before, and the question stays open for its buttons', async () => {
    const answer = await ask(t, REFUSED);
    await t.message('dewi', 'misschien');
    expect(t.adapter.take()[0]!.text).toMatch(/Dat begrijp ik niet goed|handboek/);
    await t.pressButton('dewi', buttons(answer).find((b) => b.actionId === 'advice.keep')!);
    expect(t.adapter.take()[0]!.text).toMatch(/^Bewaard, zonder je naam/);
  });

  it('means nothing without a pending question, once answered, or when the bot asked something else since', async () => {
    await t.message('dewi', 'nee');
    expect(t.adapter.take()[0]!.text).toMatch(/^Antwoord je op een vraag van mij\? Druk dan op een van de knoppen/);

    const answer = await ask(t, REFUSED);
    await t.pressButton('dewi', buttons(answer).find((b) => b.actionId === 'advice.discard')!);
    t.adapter.take();
    await t.message('dewi', 'ja');
    expect(t.adapter.take()[0]!.text).toMatch(/^Antwoord je op een vraag van mij\? Druk dan op een van de knoppen/);

    // A topic chosen after the refusal is the bot's latest answer: "nee" no longer refers to the question.
    const again = await ask(t, REFUSED);
    await t.pressButton('dewi', buttons(again).find((b) => b.actionId === 'advice.topic')!);
    t.adapter.take();
    await t.message('dewi', 'nee');
    expect(t.adapter.take()[0]!.text).toMatch(/^Antwoord je op een vraag van mij\? Druk dan op een van de knoppen/);
    expect(await keptQuestions(t)).not.toContain(REFUSED);
  });

  it('belongs to the conversation it was asked in', async () => {
    await t.command('dewi', REFUSED);
    t.adapter.take();
    // Asked in the channel; a "ja" in the direct conversation is about something else.
    await t.message('dewi', 'ja');
    expect(t.adapter.take()[0]!.text).toMatch(/^Antwoord je op een vraag van mij\? Druk dan op een van de knoppen/);
    await t.message('dewi', 'ja', { channel: 'kanaal-1' });
    expect(t.adapter.take()[0]!.text).toMatch(/^Bewaard, zonder je naam/);
  });

  it('is stored, so another replica (or a restart) reads it, and expires with the held question at the end of the next day', async () => {
    await ask(t, REFUSED);
    const replica = await createTestApp({ store: t.backend });
    await replica.message('dewi', 'ja');
    expect(replica.adapter.take().map((s) => s.text)).toEqual([expect.stringMatching(/^Bewaard, zonder je naam/)]);

    expect(buttons(await ask(t, REFUSED)).some((b) => b.actionId === 'advice.keep')).toBe(true);
    // Asked Monday 09:00 in Amsterdam: held until Tuesday ends (a whole day, not the moment it was asked).
    t.clock.set(new Date('2027-01-05T22:59:00Z'));
    expect(await t.app.store.get('advice:awaited-choice:test:dewi')).toBeDefined();
    t.clock.advance(2 * 60_000);
    await t.message('dewi', 'ja');
    expect(t.adapter.take()[0]!.text).toMatch(/^Antwoord je op een vraag van mij\? Druk dan op een van de knoppen/);
  });
});

describe('a partial answer', () => {
  it('offers to keep the question for the leads, held without a name until the asker chooses', async () => {
    const answer = await ask(t, PARTIAL);
    const text = t.app.prompts.translator('nl');
    expect(answer.summary).toMatch(/zegt het handboek niets/);
    expect(buttons(answer).map((b) => b.label)).toEqual(expect.arrayContaining([text.text('advice.abstain.keep'), text.text('advice.abstain.discard')]));
    expect(JSON.stringify(answer)).toContain('Mag ik je vraag zonder je naam bewaren?');
    expect(await keptQuestions(t)).not.toContain(PARTIAL);

    await t.message('dewi', 'ja');
    expect(t.adapter.take()[0]!.text).toMatch(/^Bewaard, zonder je naam/);
    const list = await keptQuestions(t);
    expect(list).toContain(PARTIAL);
    expect(list).not.toMatch(/Dewi/);
  });

  it('can be passed on to the procesbegeleider with the same buttons', async () => {
    const answer = await ask(t, PARTIAL);
    await t.pressButton('dewi', buttons(answer).find((b) => b.value.endsWith(':anonymous'))!);
    const dm = t.adapter.take().find((s) => s.kind === 'direct' && s.to === 'piet');
    expect(dm?.text).toContain(PARTIAL);
  });

  it('a full answer asks nothing', async () => {
    const answer = await ask(t, 'na de kick-off komt niemand meer');
    expect(buttons(answer).some((b) => b.actionId === 'advice.keep')).toBe(false);
  });
});

describe('a pressed topic in a direct conversation', () => {
  it('is answered as a normal message there; in a channel it stays private', async () => {
    const answer = await ask(t, REFUSED);
    const topic = buttons(answer).find((b) => b.actionId === 'advice.topic')!;
    await t.pressButton('dewi', topic);
    expect(t.adapter.take().map((s) => [s.kind, s.to])).toEqual([['direct', 'dewi']]);
    await t.pressButton('dewi', topic, 'kanaal-1');
    expect(t.adapter.take().map((s) => [s.kind, s.to])).toEqual([['reply', 'dewi']]);
    // A confirmation is no part of the conversation: it stays a private answer.
    await t.pressButton('dewi', buttons(answer).find((b) => b.actionId === 'advice.discard')!);
    expect(t.adapter.take().map((s) => [s.kind, s.text])).toEqual([['reply', 'Niet bewaard. Je vraag is weg.']]);
  });
});
