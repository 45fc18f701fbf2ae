// The source line: sections in the reader's language, grouped under their document and chapter, capped at a reference.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerMessage, moreMessage } from '../../src/features/advice/advice-messages.ts';
import { citeSources, MAX_SOURCE_CHARS } from '../../src/features/advice/citations.ts';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import { messageToPlainText } from '../../src/core/message.ts';
import type { KnowledgeEntry } from '../../src/knowledge/schema.ts';
import { root, sharedEngine } from './engine-fixture.ts';

const prompts = loadPrompts(path.join(root, 'prompts'));
const entry = (id: string): KnowledgeEntry => sharedEngine().kb.byId.get(id)!;
const sourceLineOf = (text: string) => text.split('\n').find((line) => /^(Bron|Source): /.test(line))!;
/** The source line under the answer with entry `id`, as a member reading `lang` sees it. */
const answerSourceLine = (id: string, lang: 'nl' | 'en') =>
  sourceLineOf(messageToPlainText(answerMessage(entry(id), sharedEngine().kb, prompts.translator(lang), { interactive: false })));

/** A source line's groups, each as its lead (document, part) and the section names after it. */
function groupsOf(line: string): Array<{ lead: string; names: string[] }> {
  return line.split('; ').map((group) => {
    const names = [...group.matchAll(/“[^”]+”|(?<=, )\p{Ll}[\p{L} ]*\s\d+(?=,|$)/gu)].map((m) => m[0]);
    return { lead: group.slice(0, group.length - names.join(', ').length), names };
  });
}

describe('the source line', () => {
  const kb = sharedEngine().kb;
  const documents = [...kb.sources.documents.values()];

  it.each([
    // Q1: six references, the first that fit shown, then how many more.
    ['rollen', 'nl', 'Bron: LISO-handboek, h1, “Rollen in een leernetwerk”; LISO-handboek, h5, “Trekker en procesbegeleider”; LISO-handboek, h3, “Kennisinfrastructuur” (+3)'],
    ['rollen', 'en', 'Source: LISO handbook, ch. 1, “Roles in a learning network”; LISO handbook, ch. 5, “Network lead and process facilitator” (+4)'],
    // Q38: whole when it fits.
    ['sb-betrokkenheid', 'en', 'Source: LISO handbook, ch. 6, stumbling block 1'],
    // Outside review: "LISO-handboek, h5, Trekker en procesbegeleider; Extra aandacht voor ervaringskennis; Reflecteren op je
    // leernetwerk (+1)" read as three documents or chapters: one chapter's sections now follow its document and chapter, quoted.
    ['sessie-voorbereiden', 'nl', 'Bron: LISO-handboek, h5, “Sessie voorbereiden”, “Trekker en procesbegeleider”, “Extra aandacht voor ervaringskennis”, “Reflecteren op je leernetwerk” (+1)'],
    ['sessie-voorbereiden', 'en', 'Source: LISO handbook, ch. 5, “Preparing a session”, “Network lead and process facilitator”, “Extra attention for experiential knowledge” (+2)'],
    // Outside review: "Drie agenda's voor verandering; ... 3 agenda's": one section, one name.
    ['drie-agendas', 'en', 'Source: LISO handbook, ch. 4, “Three agendas for change”; LISO handbook, ch. 5, “Shaping change”, “Working together”'],
  ] as const)('under %s in %s: %s', (id, lang, line) => {
    expect(answerSourceLine(id, lang)).toBe(line);
  });

  it('starts every group with its document (and part), and holds nothing but section names after it', () => {
    for (const e of kb.entries) {
      for (const lang of ['nl', 'en'] as const) {
        for (const { lead, names } of groupsOf(citeSources(e, kb, lang, Infinity).shown)) {
          const document = documents.find((d) => lead.startsWith(`${d[lang]}, `));
          expect(document, `${e.id} ${lang}: ${lead}`).toBeDefined();
          expect([`${document![lang]}, `, ...Object.entries(document!.parts).map(([nl, en]) => `${document![lang]}, ${lang === 'nl' ? nl : en}, `)], e.id).toContain(lead);
          expect(names.length, `${e.id} ${lang}: ${lead}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('is English for English readers: no Dutch document, part or section name (Q: "ch. 5, Sessie voorbereiden")', () => {
    const dutchNames = [...kb.sources.sections.values()].filter((s) => s.nl !== s.en).map((s) => `“${s.nl}”`);
    for (const e of kb.entries) {
      const { shown } = citeSources(e, kb, 'en', Infinity);
      expect(shown, e.id).not.toMatch(/LISO-handboek|Delphi-studie|Factsheet De|Verbindend|\bh\d|struikelblok|Bijlage|Tabel|ontwerpprincipe|kernelement|\bfase\b|Zes inzichten/);
      for (const name of dutchNames) expect(shown, e.id).not.toContain(name);
    }
  });

  it('fits about one line for every entry, cut only between references, and loses none', () => {
    const namesOf = (line: string) => groupsOf(line).flatMap((g) => g.names.map((name) => `${g.lead}${name}`));
    for (const e of kb.entries) {
      for (const lang of ['nl', 'en'] as const) {
        const all = namesOf(citeSources(e, kb, lang, Infinity).shown);
        expect(all.length, e.id).toBe(e.sources.length);
        const { shown, more } = citeSources(e, kb, lang);
        const kept = namesOf(shown);
        expect(kept, e.id).toEqual(all.slice(0, kept.length));
        expect(kept.length + more, e.id).toBe(all.length);
        if (kept.length > 1) expect(shown.length, e.id).toBeLessThanOrEqual(MAX_SOURCE_CHARS);
      }
    }
  });

  it('lists every reference under "more tips"', () => {
    const line = sourceLineOf(messageToPlainText(moreMessage(entry('rollen'), kb, prompts.translator('nl'))));
    expect(line).toMatch(/; TNO Delphi-studie LISO-framework, Bijlage 2, “Begrippenkader”$/);
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
  });
});
