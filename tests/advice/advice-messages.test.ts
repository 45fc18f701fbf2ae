// Answer texts are shortened at sentence boundaries only, and every paragraph the handbook gives fits that rule;
// the refusal and the "says nothing about" line read as one honest statement in both languages.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { abstentionMessage } from '../../src/features/advice/abstention-message.ts';
import { answerMessage, joinMissing } from '../../src/features/advice/advice-messages.ts';
import { shorten } from '../../src/features/advice/sentence-shortening.ts';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import { messageToPlainText } from '../../src/core/message.ts';
import { toPlainString } from '../../src/core/rich-text.ts';
import type { KnowledgeEntry } from '../../src/knowledge/schema.ts';
import { root, sharedEngine } from './engine-fixture.ts';

const prompts = loadPrompts(path.join(root, 'prompts'));
const nl = prompts.translator('nl');
const en = prompts.translator('en');
const entry = (id: string): KnowledgeEntry => sharedEngine().kb.byId.get(id)!;
/** The tips of an answer as shown: the first list of the plain answer. */
const shownTips = (message: ReturnType<typeof answerMessage>): string[] => {
  const list = message.blocks.find((b) => b.type === 'list');
  return list?.type === 'list' ? list.items.map(toPlainString) : [];
};

describe('shorten', () => {
  it.each([
    ['Kort.', 20, 'Kort.'],
    ['Spreek vooraf met elke deelnemer af wat hij wil leren. Tweede zin is langer. Derde.', 60, 'Spreek vooraf met elke deelnemer af wat hij wil leren.'],
    ['Eerste zin. Tweede zin. Derde zin hier.', 24, 'Eerste zin. Tweede zin.'],
    // A first sentence longer than the limit stays whole: never cut in the middle.
    ['Een heel lange eerste zin zonder punt halverwege die doorloopt. Dan nog iets.', 20, 'Een heel lange eerste zin zonder punt halverwege die doorloopt.'],
    // "bijv. een" and "o.a. de" are no sentence ends.
    ['Nodig bijv. een expert uit en vraag o.a. de wethouder. Daarna meer.', 40, 'Nodig bijv. een expert uit en vraag o.a. de wethouder.'],
    // Nor are chapter and number abbreviations before a capital or a digit.
    ['The handbook (ch. 5) lists the tasks of the network lead. More follows.', 30, 'The handbook (ch. 5) lists the tasks of the network lead.'],
    ['Zie h. 4 en nr. 3 voor de stappen die daarna volgen in het netwerk. Daarna meer.', 20, 'Zie h. 4 en nr. 3 voor de stappen die daarna volgen in het netwerk.'],
    ['Noteer wat werkt en wat niet, en bespreek dat met de groep! Dan verder.', 62, 'Noteer wat werkt en wat niet, en bespreek dat met de groep!'],
    // Never only a question: the advice after it comes along, past the limit if need be.
    ['Blijft het een komen en gaan? Werk dan met een kleine, vaste kerngroep. Nog een zin.', 40, 'Blijft het een komen en gaan? Werk dan met een kleine, vaste kerngroep.'],
    ['Wat werkt? Wat niet? Schrijf het samen op en bespreek het in de volgende sessie. Daarna meer.', 22, 'Wat werkt? Wat niet? Schrijf het samen op en bespreek het in de volgende sessie.'],
    // Never only a short lead-in that reads as a heading.
    ['Maak van vieren geen grote drempel. Ook kleine stappen tellen, ook als ze niet tastbaar zijn. Meer.', 40, 'Maak van vieren geen grote drempel. Ook kleine stappen tellen, ook als ze niet tastbaar zijn.'],
    ['Geen einde aan deze tekst', 5, 'Geen einde aan deze tekst'],
  ])('%j at %i -> %j', (text, max, expected) => {
    expect(shorten(text, max)).toBe(expected);
  });

  it('ends every shortened handbook paragraph and tip with a sentence end', () => {
    for (const entry of sharedEngine().kb.entries) {
      for (const lang of ['nl', 'en'] as const) {
        for (const text of [...entry[lang].approach, ...entry[lang].tips]) expect(shorten(text, 220), text).toMatch(/[.!?)"”]$/);
      }
    }
  });
});

describe('tips in an answer', () => {
  it('keep the advice after a question or a short lead-in (sb-verloop, sb-betrokkenheid)', () => {
    const verloop = shownTips(answerMessage(entry('sb-verloop'), sharedEngine().kb, nl, { interactive: false }));
    expect(verloop[0]).toBe(entry('sb-verloop').nl.tips[0]);
    expect(verloop[0]).toMatch(/^Blijft het een komen en gaan\? Werk dan met een kleine, vaste kerngroep/);
    const celebrate = shownTips(answerMessage(entry('sb-betrokkenheid'), sharedEngine().kb, en, { interactive: false }));
    expect(celebrate[1]).toMatch(/^Don't make celebrating a big hurdle\. Small steps count too/);
  });

  it('are whole up to the budget, and a shortened one still gives advice, for every entry', () => {
    for (const e of sharedEngine().kb.entries) {
      for (const t of [nl, en]) {
        const tips = e[t.lang].tips.slice(0, 3);
        shownTips(answerMessage(e, sharedEngine().kb, t, { interactive: false })).forEach((shown, i) => {
          if (tips[i]!.length <= 260) return expect(shown, e.id).toBe(tips[i]);
          expect(tips[i]!.startsWith(shown), e.id).toBe(true);
          expect(shown, `${e.id}: only a question`).not.toMatch(/^[^.!]*\?$/);
          expect(shown.length, `${e.id}: only a lead-in`).toBeGreaterThanOrEqual(50);
        });
      }
    }
  });
});

describe('the refusal', () => {
  const lines = (message: ReturnType<typeof abstentionMessage>) => messageToPlainText(message).split('\n');

  it.each([
    [nl, 'Hoe laat is het nu in Tokio?', 'Je vroeg: “Hoe laat is het nu in Tokio?” Het LISO-handboek gaat daar niet over, en ik ga niet gokken.'],
    [nl, 'We lopen als kippen zonder kop rond.', 'Je vroeg: “We lopen als kippen zonder kop rond.” Het LISO-handboek gaat daar niet over, en ik ga niet gokken.'],
    [nl, 'Help!', 'Je vroeg: “Help!” Het LISO-handboek gaat daar niet over, en ik ga niet gokken.'],
    [nl, 'dlnmrs reageren nt op mail wat nu ', 'Je vroeg: “dlnmrs reageren nt op mail wat nu”. Het LISO-handboek gaat daar niet over, en ik ga niet gokken.'],
    [en, 'What time is it in Tokyo?', 'You asked: “What time is it in Tokyo?” The LISO handbook does not cover this, and I will not guess.'],
    [en, 'nobody answers my mail', 'You asked: “nobody answers my mail”. The LISO handbook does not cover this, and I will not guess.'],
  ])('puts no period after a quote that ends in its own mark (%#)', (t, question, expected) => {
    expect(lines(abstentionMessage(t, { question, closest: [], interactive: false }))).toEqual([t.text('advice.abstain.title'), expected]);
  });

  it('says once what is missing when it names it', () => {
    expect(lines(abstentionMessage(nl, { question: 'Hoe laat is het nu in Tokio?', closest: [], interactive: false, missing: ['Tokio'] }))).toEqual([
      'Daar geeft het handboek geen antwoord op',
      'Over Tokio zegt het handboek niets.',
      'Je vroeg: “Hoe laat is het nu in Tokio?” Ik ga niet gokken.',
    ]);
    expect(lines(abstentionMessage(en, { question: 'Which tool is best, Zoom or Teams', closest: [], interactive: false, missing: ['software and digital tools'] })).slice(1)).toEqual([
      'The handbook says nothing about software and digital tools.',
      'You asked: “Which tool is best, Zoom or Teams”. I will not guess.',
    ]);
  });
});

describe('what the handbook lacks, named', () => {
  it.each([
    [nl, ['de AVG'], 'de AVG'],
    [nl, ['salarissen en arbeidsrecht', 'concrete bedragen en tarieven'], 'salarissen en arbeidsrecht en over concrete bedragen en tarieven'],
    [nl, ['a', 'b', 'c'], 'a, over b en over c'],
    [en, ['pay and employment law', 'concrete amounts and rates'], 'pay and employment law or about concrete amounts and rates'],
    [en, ['a', 'b', 'c'], 'a, about b or about c'],
  ])('repeats the preposition before each name (%#)', (t, names, expected) => {
    expect(joinMissing(names, t)).toBe(expected);
  });

  it('reads as one line in the answer, also when the names are long', () => {
    const kb = sharedEngine().kb;
    const first = messageToPlainText(answerMessage(entry('rollen'), kb, nl, { interactive: false, missing: ['salarissen en arbeidsrecht', 'concrete bedragen en tarieven'] })).split('\n')[0];
    expect(first).toBe('Over salarissen en arbeidsrecht en over concrete bedragen en tarieven zegt het handboek niets.');
    const long = messageToPlainText(answerMessage(entry('rollen'), kb, en, { interactive: false, missing: ['x'.repeat(80), 'y'.repeat(80), 'z'.repeat(80)] })).split('\n')[0]!;
    expect(long.length).toBeLessThanOrEqual('The handbook says nothing about .'.length + 120);
    // Cut after a whole word (the shared truncate), never inside the name that does not fit.
    expect(long).toMatch(/^The handbook says nothing about x{80}, about…\.$/);
  });
});
