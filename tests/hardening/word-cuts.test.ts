// A member's own text that the bot shows back shortened (a question, a name, a typed word) ends
// after a whole word with "…", within the cap it had, and never inside an emoji or a character.
import { describe, expect, it } from 'vitest';
import type { CommandEvent } from '../../src/core/events.ts';
import type { Button } from '../../src/core/message.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';

// Half of a character that takes two UTF-16 units: shown as a replacement sign, or refused by a platform's API.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FAMILY = '👨‍👩‍👧';

/** Shown cut: the start of what was typed up to the end of a word, then "…", at most `cap` characters. */
function expectCutAfterWord(shown: string | undefined, typed: string, cap: number): void {
  expect(shown).toBeDefined();
  expect(Array.from(shown!).length).toBeLessThanOrEqual(cap);
  expect(shown!.endsWith('…')).toBe(true);
  const kept = shown!.slice(0, -1);
  expect(kept.length).toBeGreaterThan(cap / 2);
  expect(typed.startsWith(kept)).toBe(true);
  expect(typed.charAt(kept.length)).toMatch(/[\s,;:]/);
  expect(kept).not.toMatch(/[\s,;:]$/);
}

async function startedWithMember(): Promise<TestApp> {
  const t = await createTestApp();
  await t.command('anna', 'start Jeugdzorg Leiden');
  await t.command('anna', 'rol deelnemer <@dewi>');
  t.adapter.take();
  return t;
}

describe('a question the handbook does not cover, longer than the 300 characters it is echoed with', () => {
  // "zwiebelkuchen" straddles character 300: before, the echo ended in "…zwi…".
  const question = `blub blub flarp ${'zwiebelkuchen '.repeat(25)}waarom`;

  it('is echoed up to its last whole word, and kept for the leads the same way', async () => {
    const t = await startedWithMember();
    await t.command('dewi', question);
    const [answer] = t.adapter.take();
    expectCutAfterWord(/Je vroeg: “([^”]*)”/.exec(answer?.text ?? '')?.[1], question, 300);

    const keep = (answer?.message?.blocks ?? []).flatMap((b): Button[] => (b.type === 'actions' ? b.buttons : [])).find((b) => b.actionId === 'advice.keep')!;
    await t.pressButton('dewi', keep, 'kanaal-1');
    t.adapter.take();
    await t.command('anna', 'vragen');
    expectCutAfterWord(/“([^”]*)”/.exec(t.adapter.take()[0]?.text ?? '')?.[1], question, 300);
  });
});

describe('a display name longer than the 80 characters a name is shown with', () => {
  it.each([
    // Before: "Gedeeld door Anna Maria Theresia Wilhelmina … Wilh…".
    ['in words', `Anna Maria Theresia ${'Wilhelmina '.repeat(10).trimEnd()}`],
    // Before: "… Wilhelmina, Wilhelmina,…": the comma that led on to the part cut stayed.
    ['in a list with commas', `Annie, ${'Wilhelmina, '.repeat(8).trimEnd()}`],
  ])('%s is shown up to its last whole word in the credit line of a win', async (_how, name) => {
    const t = await createTestApp();
    const as = (text: string): CommandEvent => ({ type: 'command', platform: 'test', actor: { userId: 'anna', displayName: name }, conversation: { kind: 'channel', id: 'kanaal-1' }, text, mentions: [] });
    await t.app.bot.handle(as('start Jeugdzorg Leiden'), t.adapter.responder('anna'));
    t.adapter.take();
    await t.app.bot.handle(as('vier we hebben een mooie sessie gehad'), t.adapter.responder('anna'));
    expectCutAfterWord(/Gedeeld door (.*)$/m.exec(t.adapter.take().map((s) => s.text).join('\n'))?.[1], name, 80);
  });
});

describe('a typed word quoted back in an error, with an emoji where the quote is cut', () => {
  it('loses the whole emoji, not the part before its joiner', async () => {
    const t = await startedWithMember();
    await t.command('anna', `rol deelnemer ${'a'.repeat(38)}${FAMILY}`);
    const [answer] = t.adapter.take();
    expect(answer?.text).toContain(`Ik herken ${'a'.repeat(38)}… niet als persoon`);
    const graphemes = [...new Intl.Segmenter('nl', { granularity: 'grapheme' }).segment(answer!.text)].map((s) => s.segment);
    expect(graphemes.filter((g) => g.includes('👨') && g !== FAMILY)).toEqual([]);
  });
});

describe('a network name with emoji', () => {
  // 46 characters, 86 UTF-16 units: before, it was cut at unit 79, in the middle of an emoji, and
  // its giver heard that the name had 86 characters.
  const name = `Wonen ${'🎉'.repeat(40)}`;

  it('counts characters as people do: a name of 46 is kept whole, and nobody hears it was too long', async () => {
    const t = await createTestApp();
    await t.command('anna', `start ${name}`);
    const texts = t.adapter.take().map((s) => s.text);
    expect(texts.join('\n')).toContain(`Leernetwerk ${name} is gestart`);
    expect(texts.join('\n')).not.toMatch(/tekens/);
    for (const text of texts) expect(text).not.toMatch(LONE_SURROGATE);
  });

  it('longer than 80 characters, is cut after a whole word and the count told is in characters', async () => {
    const long = `${name} ${'Jeugd '.repeat(8)}samen`;
    const t = await createTestApp();
    await t.command('anna', `start ${long}`);
    const told = t.adapter.take().find((s) => s.kind === 'reply' && s.to === 'anna')?.text ?? '';
    expect(told).toContain(`Die naam was ${Array.from(long).length} tekens lang`);
    expectCutAfterWord(/Het netwerk heet nu (.*…)\. Een andere naam/.exec(told)?.[1], long, 80);
    expect(told).not.toMatch(LONE_SURROGATE);
  });
});
