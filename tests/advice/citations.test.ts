// The source line: English readers get the handbook's section words in English, and a long list is capped at a reference.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerMessage, moreMessage } from '../../src/features/advice/advice-messages.ts';
import { citationInEnglish, citeSources, MAX_SOURCE_CHARS } from '../../src/features/advice/citations.ts';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import { messageToPlainText } from '../../src/core/message.ts';
import type { KnowledgeEntry } from '../../src/knowledge/schema.ts';
import { root, sharedEngine } from './engine-fixture.ts';

const prompts = loadPrompts(path.join(root, 'prompts'));
const entry = (id: string): KnowledgeEntry => sharedEngine().kb.byId.get(id)!;
const sourceLineOf = (text: string) => text.split('\n').find((line) => /^(Bron|Source): /.test(line))!;

describe('citationInEnglish', () => {
  it.each([
    ['LISO-handboek, h6, struikelblok 1', 'LISO handbook, ch. 6, stumbling block 1'],
    ['LISO-handboek, h6, struikelblok 2 en 7', 'LISO handbook, ch. 6, stumbling block 2 and 7'],
    ['LISO-handboek, h6, struikelblok 7 (en 9 voor de perspectieven)', 'LISO handbook, ch. 6, stumbling block 7 (and 9 for the perspectives)'],
    ['LISO-handboek, h6, struikelblok 1 (aanpak en tips)', 'LISO handbook, ch. 6, stumbling block 1 (approach and tips)'],
    ['TNO Delphi-studie LISO-framework, Tabel 3', 'TNO Delphi study LISO framework, Table 3'],
    ['TNO Delphi-studie LISO-framework, Tabel 2 en Bijlage 2, Community context', 'TNO Delphi study LISO framework, Table 2 and Appendix 2, Community context'],
    ['TNO-rapport Delphi-studie LISO, Bijlage 2, Begrippenkader', 'TNO report Delphi study LISO, Appendix 2, Begrippenkader'],
    ['TNO Delphi-studie LISO-framework, Tabel 2, top 3 per kernelement', 'TNO Delphi study LISO framework, Table 2, top 3 per core element'],
    ['TNO Delphi-studie LISO-framework: scoretabel ronde 2, alle kernelementen', 'TNO Delphi study LISO framework: score table round 2, all core elements'],
    ['Bijlage 2: kernelement Organisatie (processen) en kernelement Synergie', 'Appendix 2: core element Organisatie (processen) and core element Synergie'],
    ['Bijlage 2: kernelement Ontwikkelfasen, deelelement Institutionaliseren', 'Appendix 2: core element Ontwikkelfasen, sub-element Institutionaliseren'],
    ['TNO-rapport Delphi-studie LISO, Methodologie: diepte-interviews, focusgroepen en besluiten', 'TNO report Delphi study LISO, Methodology: in-depth interviews, focus groups and decisions'],
    ['TNO-rapport Delphi-studie LISO, Methodologie: diepte-interviews en focusgroepen', 'TNO report Delphi study LISO, Methodology: in-depth interviews and focus groups'],
    ['LISO-handboek, Vooraf, interview met de ontwikkelaars', 'LISO handbook, Foreword, interview with the developers'],
    ['LISO-handboek, h2, 3 fasen; h6, struikelblok 3; h2, fase 1 en fase 2', 'LISO handbook, ch. 2, 3 phases; ch. 6, stumbling block 3; ch. 2, phase 1 and phase 2'],
    ['Verbindend leren (Arteveldehogeschool), ontwerpprincipe 4', 'Verbindend leren (Arteveldehogeschool), design principle 4'],
    // The handbook's own titles stay Dutch, "en" and capitalised words in them included.
    ['LISO-handboek, h5, Trekker en procesbegeleider', 'LISO handbook, ch. 5, Trekker en procesbegeleider'],
    ['LISO-handboek, h2, Fase 1: samen begrijpen', 'LISO handbook, ch. 2, Fase 1: samen begrijpen'],
    ['LISO-handboek, h7, Het juiste moment en Goed afsluiten', 'LISO handbook, ch. 7, Het juiste moment en Goed afsluiten'],
    // Whole words only: no "h" inside a word, no "fase" inside "Ontwikkelfasen" or "fasering".
    ['Bijlage 2, Ontwikkelfasen - Formeren; fasering; h6x', 'Appendix 2, Ontwikkelfasen - Formeren; fasering; h6x'],
  ])('%j', (dutch, english) => {
    expect(citationInEnglish(dutch, sharedEngine().kb.citationTerms)).toBe(english);
  });

  it('leaves none of the section words Dutch in any entry', () => {
    for (const e of sharedEngine().kb.entries) {
      const { shown } = citeSources(e, sharedEngine().kb, 'en', Infinity);
      expect(shown, e.id).not.toMatch(/LISO-handboek|Delphi-studie|\bh\d|struikelblok|Bijlage|Tabel|ontwerpprincipe|kernelement|\bfase\b|\d en /);
    }
  });
});

describe('the source line', () => {
  const kb = sharedEngine().kb;

  it('shows the first references that fit, then how many more (Q1: six references, 427 characters)', () => {
    const line = sourceLineOf(messageToPlainText(answerMessage(entry('rollen'), kb, prompts.translator('nl'), { interactive: false })));
    expect(line).toBe('Bron: LISO-handboek, h1, Rollen in een leernetwerk; LISO-handboek, h5, Trekker en procesbegeleider; LISO-handboek, h3, Kennisinfrastructuur (+3)');
    const english = sourceLineOf(messageToPlainText(answerMessage(entry('rollen'), kb, prompts.translator('en'), { interactive: false })));
    expect(english).toBe('Source: LISO handbook, ch. 1, Rollen in een leernetwerk; LISO handbook, ch. 5, Trekker en procesbegeleider; LISO handbook, ch. 3, Kennisinfrastructuur (+3)');
  });

  it('is whole when it fits (Q38)', () => {
    const line = sourceLineOf(messageToPlainText(answerMessage(entry('sb-betrokkenheid'), kb, prompts.translator('en'), { interactive: false })));
    expect(line).toBe('Source: LISO handbook, ch. 6, stumbling block 1');
  });

  it('fits about one line for every entry, cut only between references, and loses none', () => {
    for (const e of kb.entries) {
      for (const lang of ['nl', 'en'] as const) {
        const all = citeSources(e, kb, lang, Infinity).shown.split('; ');
        const { shown, more } = citeSources(e, kb, lang);
        const kept = shown.split('; ');
        expect(kept, e.id).toEqual(all.slice(0, kept.length));
        expect(kept.length + more, e.id).toBe(all.length);
        if (kept.length > 1) expect(shown.length, e.id).toBeLessThanOrEqual(MAX_SOURCE_CHARS);
      }
    }
  });

  it('lists every reference under "more tips"', () => {
    const line = sourceLineOf(messageToPlainText(moreMessage(entry('rollen'), kb, prompts.translator('nl'))));
    expect(line).toMatch(/; TNO-rapport Delphi-studie LISO, Bijlage 2, Begrippenkader$/);
  });
});

describe('English knowledge texts', () => {
  // Q49 of the outside review: "For which week the handbook assigns each task to, and to whom, see ...".
  it('have no dangling prepositions in "which ... to" or "to whom you want to reach"', () => {
    for (const e of sharedEngine().kb.entries) {
      for (const text of [...e.en.approach, ...e.en.tips]) {
        expect(text, e.id).not.toMatch(/\bFor which\b[^.]*\bto,|\bto whom you want to reach\b/);
      }
    }
    expect(entry('sessie-voorbereiden').en.tips.join(' ')).toContain('The figure in chapter 5 of the handbook itself shows in which week each task falls and who does it.');
  });
});
