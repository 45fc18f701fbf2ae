// Free messages through the real core: a direct message or a mention is a command word, a
// follow-up, a thank-you or a question, answered in the conversation.
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import type { Sent } from '../fakes/recording-adapter.ts';

const QUESTION = 'na de kick-off komt niemand meer';
const ANSWER_TITLE = 'Deelnemers haken af na een sterke start';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});

function buttonsOf(sent: Sent): string[] {
  return (sent.message?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.buttons.map((button) => button.label) : []));
}

/** Says something once, so the introduction of a first meeting is out of the way. */
async function meet(user: string): Promise<void> {
  await t.message(user, 'hoi');
  t.adapter.take();
}

describe('a direct message to the bot', () => {
  it('the first one gets the three-line introduction, then its answer (the menu only after a greeting); later ones only the answer', async () => {
    await t.message('anna', QUESTION);
    const [intro, answer, ...rest] = t.adapter.take();
    expect(intro!.message!.blocks).toHaveLength(4);
    expect(intro!.text).toMatch(/^Hoi Anna! Ik ben liso-bot/);
    // Someone who reads no Dutch learns at once how to switch.
    expect(intro!.text).toMatch(/Prefer English\? Type \*?\*?language en/);
    // No menu between the introduction and the answer, and no line pointing at one.
    expect(intro!.text).not.toMatch(/hieronder/);
    expect(answer!.text).toMatch(new RegExp(`^${ANSWER_TITLE}`));
    expect(buttonsOf(answer!)).toEqual(expect.arrayContaining(['Meer tips', '👍 Ja']));
    // Anna has no network: after the answer, once, where to start one.
    expect(rest.map((s) => s.text)).toEqual([expect.stringContaining('/liso start <naam>')]);
    await t.message('anna', QUESTION);
    const again = t.adapter.take();
    expect(again.map((s) => s.text.split('\n')[0])).toEqual([ANSWER_TITLE]);
    // In a direct conversation every answer is an ordinary reply there.
    expect(new Set([intro, answer, ...rest, ...again].map((s) => s!.kind))).toEqual(new Set(['reply']));
  });

  it('a greeting before anything else introduces once; a greeting later introduces again without a second first meeting', async () => {
    await t.message('bram', 'Hallo!');
    expect(t.adapter.take().map((s) => s.text.split('\n')[0])).toEqual([expect.stringMatching(/^Hoi Bram!/), 'Waar lopen jullie tegenaan?']);
    await t.message('bram', 'hoi');
    expect(t.adapter.take().map((s) => s.text.split('\n')[0])).toEqual([expect.stringMatching(/^Hoi Bram!/), 'Waar lopen jullie tegenaan?']);
  });

  it.each([
    ['help', /Wat liso-bot voor jullie leernetwerk doet/],
    ['Help!', /Wat liso-bot voor jullie leernetwerk doet/],
    ['/liso help', /Wat liso-bot voor jullie leernetwerk doet/],
    ['menu', /Waar lopen jullie tegenaan/],
    ['tijdlijn', /nog geen rol in een leernetwerk/],
    ['pulse resultaten', /nog geen rol in een leernetwerk|geen netwerk|leernetwerk/],
    ['mijn-gegevens', /Anna/],
    ['taal en', /in English/],
  ])('runs the command word %j as if typed after /liso', async (text, expected) => {
    await meet('anna');
    await t.message('anna', text);
    const answers = t.adapter.take();
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.map((s) => s.text).join('\n')).toMatch(expected);
    expect(answers.every((s) => s.kind === 'reply')).toBe(true);
  });

  it('a question that starts with a command word is asked, not run', async () => {
    await meet('anna');
    await t.message('anna', 'sessie plannen terwijl niemand meer komt, hoe doe ik dat?');
    const [answer] = t.adapter.take();
    expect(answer!.text).not.toMatch(/geen geldige datum|Gebruik: `?\/liso sessie/);
  });

  it('follow-ups read naturally: meer tips, a number, andere, an out-of-range number, dank je', async () => {
    await meet('anna');
    await t.message('anna', QUESTION);
    const [answer] = t.adapter.take();
    const related = buttonsOf(answer!).filter((label) => label !== 'Meer tips' && !/Ja|Niet echt/.test(label));
    expect(related.length).toBeGreaterThanOrEqual(2);
    // Only what can be chosen by typing is remembered: topics and more tips, not the feedback buttons.
    const remembered = await t.app.store.get<{ offers: Array<{ actionId: string }> }>('conversation:offers:test:anna');
    expect(new Set(remembered!.offers.map((o) => o.actionId))).toEqual(new Set(['advice.more', 'advice.topic']));

    await t.message('anna', 'meer tips');
    expect(t.adapter.take().map((s) => s.text.split('\n')[0])).toEqual([`Meer over: ${ANSWER_TITLE}`]);
    // The more-tips answer offers nothing new, so a number still picks from the answer before.
    await t.message('anna', '2');
    expect(t.adapter.take().map((s) => s.text.split('\n')[0])).toEqual([related[1]]);

    await t.message('anna', 'andere');
    const [list] = t.adapter.take();
    expect(list!.text).toMatch(/^Andere onderwerpen\nTyp het nummer/);
    expect(list!.message!.blocks.some((b) => b.type === 'list' && b.ordered)).toBe(true);
    await t.message('anna', 'nummer 9');
    expect(t.adapter.take()[0]!.text).toMatch(/Kies een nummer van 1 tot en met \d/);
    await t.message('anna', 'Dank je wel!');
    expect(t.adapter.take().map((s) => s.text)).toEqual(['Graag gedaan! Vraag gerust verder als je nog iets wilt weten.']);
  });

  it('after the menu a number picks a stumbling block; with nothing to follow it says so instead of guessing', async () => {
    await meet('sanne');
    await t.message('sanne', 'meer tips');
    expect(t.adapter.take()[0]!.text).toMatch(/^Bij mijn laatste antwoord heb ik geen extra tips/);
    await t.message('sanne', '3');
    expect(t.adapter.take()[0]!.text).toMatch(/^Overvolle sessies/);
    // An hour later the offers have expired.
    await t.app.store.delete('conversation:offers:test:sanne');
    await t.message('sanne', 'meer tips');
    expect(t.adapter.take()[0]!.text).toMatch(/^Ik weet niet meer precies waar we het over hadden/);
    await t.message('sanne', '3');
    expect(t.adapter.take()[0]!.text).toMatch(/^Bij welk lijstje hoort dat nummer/);
  });

  it('"andere" after the menu shows its nine topics once, as one menu to pick from by number or press', async () => {
    await meet('sanne');
    await t.message('sanne', 'menu');
    t.adapter.take();
    await t.message('sanne', 'andere');
    const [list] = t.adapter.take();
    expect(list!.text).toMatch(/^Andere onderwerpen\nTyp het nummer van een onderwerp, of kies er een uit de lijst/);
    const blocks = list!.message!.blocks;
    expect(blocks.filter((b) => b.type === 'list')).toEqual([]);
    expect(blocks.flatMap((b) => (b.type === 'choices' ? b.choice.options : []))).toHaveLength(9);
    expect(list!.text.match(/Overvolle sessies/g)).toHaveLength(1);
    await t.message('sanne', '3');
    expect(t.adapter.take()[0]!.text).toMatch(/^Overvolle sessies/);
  });

  it.each([
    ['4,500 x', 'x'.repeat(4_500)],
    ['40 x', 'x'.repeat(40)],
    ['20 a', 'a'.repeat(20)],
    ['onderwerpsuggesties', 'onderwerpsuggesties'],
  ])('suggests no command for %s, which is no typo of one', async (_label, typed) => {
    await meet('anna');
    await t.message('anna', typed);
    const answers = t.adapter.take().map((s) => s.text);
    expect(answers.join('\n')).toMatch(/Dat begrijp ik niet goed/);
    expect(answers.join('\n')).not.toMatch(/Bedoelde je/);
  });

  it('one unknown word is not understood, with the command it resembles', async () => {
    await meet('anna');
    await t.message('anna', 'tijdljin');
    expect(t.adapter.take()[0]!.text).toMatch(/Dat begrijp ik niet goed: “tijdljin”. Bedoelde je tijdlijn\?/);
  });

  it('each platform message is answered once, however often it is delivered', async () => {
    await meet('anna');
    await t.message('anna', QUESTION, { eventId: 'same-message' });
    expect(t.adapter.take()[0]!.text).toMatch(new RegExp(`^${ANSWER_TITLE}`));
    await t.message('anna', QUESTION, { eventId: 'same-message' });
    expect(t.adapter.take()).toEqual([]);
  });
});

describe('small talk after /liso', () => {
  it('is answered as small talk, not searched in the handbook (no refusal, no offer to keep it for the leads)', async () => {
    await t.command('anna', 'bedankt!');
    expect(t.adapter.take().map((s) => s.text)).toEqual([expect.stringMatching(/^Graag gedaan!/)]);
    for (const text of ['hoi', 'goedemorgen allemaal', 'wat kun je allemaal?', 'who are you']) {
      await t.command('anna', text);
      const [intro, menu] = t.adapter.take();
      expect([intro!.text.split('\n')[0], menu!.text.split('\n')[0]]).toEqual([expect.stringMatching(/^Hoi Anna! Ik ben liso-bot/), 'Waar lopen jullie tegenaan?']);
      // Asked with /liso: the pointers are commands, since "help" alone does nothing in a channel.
      expect(intro!.text).toContain('/liso help');
    }
  });

  it('a question that begins like small talk is still a question', async () => {
    await t.command('anna', 'wat kun je doen als na de kick-off niemand meer komt?');
    const [answer] = t.adapter.take();
    expect(answer!.text).not.toMatch(/Ik ben liso-bot/);
    expect(answer!.text).toMatch(/Bron: LISO-handboek/);
  });
});

describe('bad input in a direct message', () => {
  beforeEach(async () => {
    await meet('anna');
  });

  it('only a file: a clear answer that the bot reads text', async () => {
    await t.message('anna', '', { hasAttachments: true });
    expect(t.adapter.take().map((s) => s.text)).toEqual([expect.stringMatching(/^Ik lees alleen tekst/)]);
  });

  it('only emoji: no words; a thumbs up is thanks', async () => {
    await t.message('anna', '🙈🙈');
    expect(t.adapter.take()[0]!.text).toMatch(/^Ik zie geen woorden/);
    await t.message('anna', '👍🏽');
    expect(t.adapter.take()[0]!.text).toMatch(/^Graag gedaan/);
  });

  it('40,000 characters: told that only the start was read, answered, nothing long echoed', async () => {
    const sentence = 'Na de kick-off komt bijna niemand meer naar de sessies van ons netwerk. ';
    await t.message('anna', sentence.repeat(Math.ceil(40_000 / sentence.length)).slice(0, 40_000));
    const answers = t.adapter.take();
    expect(answers[0]!.text).toBe('Je bericht is erg lang; ik heb alleen de eerste 4.000 tekens gelezen.');
    expect(answers[1]!.text).toMatch(new RegExp(`^${ANSWER_TITLE}`));
    expect(Math.max(...answers.map((s) => s.text.length))).toBeLessThan(3_000);
  });

  it('markup and mentions are never turned into mentions', async () => {
    await t.message('anna', '<!channel> @everyone <@bram> wat is <b>dit</b> **vet**?');
    const spans = t.adapter.take().flatMap((s) => s.message!.blocks.flatMap((b) => (b.type === 'section' || b.type === 'context' ? b.text : [])));
    expect(spans.filter((span) => span.type === 'mention')).toEqual([]);
  });
});

describe('a mention in a channel', () => {
  it('answers a question visibly, and a command word privately', async () => {
    await t.message('anna', QUESTION, { channel: 'kanaal-1' });
    const [answer, ...rest] = t.adapter.take();
    // No introduction in a channel, no network pointer: the answer, for everyone.
    expect(rest).toEqual([]);
    expect(answer!.kind).toBe('visible');
    expect(answer!.text).toMatch(new RegExp(`^${ANSWER_TITLE}`));
    await t.message('anna', 'meer tips', { channel: 'kanaal-1' });
    expect(t.adapter.take().map((s) => [s.kind, s.text.split('\n')[0]])).toEqual([['visible', `Meer over: ${ANSWER_TITLE}`]]);
    await t.message('anna', 'help', { channel: 'kanaal-1' });
    expect(t.adapter.take().map((s) => [s.kind, s.text.split('\n')[0]])).toEqual([['reply', 'Wat liso-bot voor jullie leernetwerk doet']]);
  });

  it('a bare mention opens the menu for everyone', async () => {
    await t.message('anna', '', { channel: 'kanaal-1' });
    expect(t.adapter.take().map((s) => [s.kind, s.text.split('\n')[0]])).toEqual([['visible', 'Waar lopen jullie tegenaan?']]);
  });
});

describe('opening the direct conversation', () => {
  it('introduces the bot once per person, across events', async () => {
    const opened = () => t.app.bot.handle({ type: 'opened', platform: 'test', actor: { userId: 'anna', displayName: 'Anna' }, conversation: { kind: 'direct', id: 'dm-anna' } }, t.adapter.responder('anna'));
    await opened();
    expect(t.adapter.take().map((s) => s.text.split('\n')[0])).toEqual([expect.stringMatching(/^Hoi Anna!/), 'Waar lopen jullie tegenaan?']);
    await opened();
    await t.message('anna', QUESTION);
    expect(t.adapter.take().map((s) => s.text.split('\n')[0])).toEqual([ANSWER_TITLE, expect.stringMatching(/\/liso start/)]);
  });

  it('forgetting a person forgets the introduction and the offers', async () => {
    await t.message('anna', QUESTION);
    await t.command('anna', 'mijn-gegevens', null);
    expect(t.adapter.take().at(-1)!.text).toMatch(/Gesprek met liso-bot\n.*voorgesteld/);
    await t.command('anna', 'vergeet-mij', null);
    const confirm = t.adapter.take().at(-1)!.message!.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))[0]!;
    await t.app.bot.handle(
      { type: 'action', platform: 'test', actor: { userId: 'anna', displayName: 'Anna' }, conversation: { kind: 'direct', id: 'dm-anna' }, actionId: confirm.actionId, value: confirm.value },
      t.adapter.responder('anna'),
    );
    const left = [...(await t.app.store.getMany(['conversation:greeted:test:anna', 'conversation:offers:test:anna', 'conversation:start-hint:test:anna']))];
    expect(left).toEqual([undefined, undefined, undefined]);
  });
});

describe('the per-person rate limit', () => {
  it('a flood of 50 direct messages in 10 seconds: one clear notice, the rest dropped, nobody else slowed', async () => {
    const limited = await createTestApp({ rateLimit: { perMinute: 20, burst: 10 } });
    const answers: Sent[] = [];
    const bramAnswers: Sent[] = [];
    for (let i = 0; i < 50; i++) {
      await limited.message('anna', `${QUESTION} (${i})`);
      answers.push(...limited.adapter.take());
      if (i % 10 === 5) {
        await limited.message('bram', 'hoe vieren we kleine successen?');
        bramAnswers.push(...limited.adapter.take());
      }
      limited.clock.advance(200);
    }
    const notices = answers.filter((s) => /Je stuurt me veel berichten kort na elkaar/.test(s.text));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toMatch(/Probeer het over \d+ seconden opnieuw/);
    // Ten at once, then one every three seconds; the first also brought the introduction.
    expect(answers.filter((s) => s.text.startsWith(ANSWER_TITLE))).toHaveLength(13);
    // Bram asked five times meanwhile and got five handbook answers (after his introduction).
    const bramTitles = bramAnswers.filter((s) => s.message!.blocks[0]!.type === 'heading').map((s) => s.text.split('\n')[0]);
    expect(bramTitles.filter((title) => title !== 'Waar lopen jullie tegenaan?')).toEqual(Array(5).fill(bramTitles.at(-1)));
    expect(bramAnswers.some((s) => /Je stuurt me veel berichten/.test(s.text))).toBe(false);
    expect(limited.logLines.filter((line) => /"rate limited"/.test(line))).toHaveLength(1);
  });

  it('commands over the limit are answered every time, with the notice and nothing else', async () => {
    const limited = await createTestApp({ rateLimit: { perMinute: 20, burst: 3 } });
    for (let i = 0; i < 6; i++) await limited.command('anna', 'help');
    const answers = limited.adapter.take().map((s) => s.text.split('\n')[0]);
    expect(answers.slice(0, 3)).toEqual(Array(3).fill('Wat liso-bot voor jullie leernetwerk doet'));
    expect(answers.slice(3)).toEqual(Array(3).fill(expect.stringMatching(/^Je stuurt me veel berichten/)));
  });
});
