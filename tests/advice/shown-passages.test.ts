// Which paragraphs and tips an answer shows: the ones that speak to the question, the rest under "Meer tips".
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerMessage, moreMessage } from '../../src/features/advice/advice-messages.ts';
import { decodeShown, encodeShown, firstPassages, shownPassages } from '../../src/features/advice/shown-passages.ts';
import { messageToPlainText } from '../../src/core/message.ts';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import { root, sharedEngine } from './engine-fixture.ts';

const { kb, engine } = sharedEngine();
const roles = kb.byId.get('rollen')!;
const liaisonParagraph = roles.nl.approach.findIndex((p) => p.startsWith('De verbindingsfunctionaris'));

describe('shownPassages', () => {
  it('without relevance: the entry\'s first three paragraphs and tips', () => {
    expect(shownPassages(roles, 'nl', undefined)).toEqual({ approach: [0, 1, 2], tips: [0, 1, 2] });
    expect(encodeShown(firstPassages(roles, 'nl'), roles, 'nl')).toBeUndefined();
  });

  it('keeps the opening paragraph, takes the most relevant others, earlier ones on a tie, in the entry\'s order', () => {
    expect(shownPassages(roles, 'nl', { approach: [0, 0, 0, 5, 1], tips: [0, 0, 0, 0, 0, 2, 0] })).toEqual({ approach: [0, 3, 4], tips: [0, 1, 5] });
  });

  it('a question about one role shows that role\'s paragraph, which is not among the first three', () => {
    expect(liaisonParagraph).toBeGreaterThanOrEqual(3);
    const result = engine.ask('wat doet een verbindingsfunctionaris precies?');
    expect(result.best?.entry.id).toBe('rollen');
    expect(shownPassages(roles, 'nl', result.relevance).approach).toContain(liaisonParagraph);
  });

  it.each([
    ['wat doet de communicatieadviseur in een leernetwerk?', 'De communicatieadviseur'],
    ['wat doet een projectassistent eigenlijk?', 'De projectassistent'],
    ['welke taken heeft de procesbegeleider?', 'De procesbegeleider'],
  ])('%j shows the paragraph on that role', (question, opening) => {
    const result = engine.ask(question);
    expect(result.best?.entry.id).toBe('rollen');
    const shown = shownPassages(roles, 'nl', result.relevance).approach.map((i) => roles.nl.approach[i]!);
    expect(shown.some((paragraph) => paragraph.startsWith(opening))).toBe(true);
  });

  it('reads its own button text back, and anything else as the first ones', () => {
    const shown = { approach: [0, 2, 3], tips: [1, 4, 5] };
    expect(decodeShown(encodeShown(shown, roles, 'nl'), roles, 'nl')).toEqual(shown);
    for (const forged of ['x', '9.9.9_', `${'1.'.repeat(50)}_0`, '0.1_2:3', '']) expect(decodeShown(forged, roles, 'nl').approach.every((i) => i < roles.nl.approach.length)).toBe(true);
    expect(decodeShown('rubbish', roles, 'nl')).toEqual(firstPassages(roles, 'nl'));
  });

  it('a choice stored before the entry lost paragraphs shows what still exists', () => {
    const prompts = loadPrompts(path.join(root, 'prompts'));
    const text = messageToPlainText(answerMessage(roles, kb, prompts.translator('nl'), { interactive: false, shown: { approach: [0, 1, 40], tips: [0, 30] } }));
    expect(text).toContain(roles.nl.approach[1]!.slice(0, 40));
  });

  it.each([
    ['Welke werkvorm past bij fase 1, samen begrijpen?', true],
    ["What's a good work form for phase 1?", true],
    ['Which methods fit the second phase?', true],
    ['What form should our network take?', false],
    ['hoe houd ik deelnemers betrokken?', false],
  ])('%j asks for work forms: %s', (question, asks) => {
    expect(engine.ask(question).asksWorkForms ?? false).toBe(asks);
  });

  it('shows the work forms in the answer when asked, and leaves them out of Meer tips then', () => {
    const phase1 = kb.byId.get('fase-begrijpen')!;
    const t = loadPrompts(path.join(root, 'prompts')).translator('nl');
    const shown = shownPassages(phase1, 'nl', undefined, true);
    expect(shown.workForms).toBe(true);
    expect(decodeShown(encodeShown(shown, phase1, 'nl'), phase1, 'nl')).toEqual(shown);
    const answer = messageToPlainText(answerMessage(phase1, kb, t, { interactive: false, shown }));
    for (const form of phase1.nl.workForms) expect(answer).toContain(form.slice(0, 30));
    const more = messageToPlainText(moreMessage(phase1, kb, t, shown));
    expect(more).not.toContain('Werkvormen die passen');
    // An entry without work forms shows none, asked or not.
    expect(shownPassages(roles, 'nl', undefined, true).workForms).toBeUndefined();
  });
});
