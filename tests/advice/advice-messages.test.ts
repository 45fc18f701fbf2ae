// Answer texts are shortened at sentence boundaries only, and every paragraph the handbook gives fits that rule.
import { describe, expect, it } from 'vitest';
import { shorten } from '../../src/features/advice/advice-messages.ts';
import { sharedEngine } from './engine-fixture.ts';

describe('shorten', () => {
  it.each([
    ['Kort.', 20, 'Kort.'],
    ['Eerste zin. Tweede zin is langer. Derde.', 30, 'Eerste zin.'],
    ['Eerste zin. Tweede zin. Derde zin hier.', 24, 'Eerste zin. Tweede zin.'],
    // A first sentence longer than the limit stays whole: never cut in the middle.
    ['Een heel lange eerste zin zonder punt halverwege die doorloopt. Dan nog iets.', 20, 'Een heel lange eerste zin zonder punt halverwege die doorloopt.'],
    // "bijv. een" and "o.a. de" are no sentence ends.
    ['Nodig bijv. een expert uit en vraag o.a. de wethouder. Daarna meer.', 40, 'Nodig bijv. een expert uit en vraag o.a. de wethouder.'],
    ['Vraag het: wat werkt? Dan: wat niet!', 24, 'Vraag het: wat werkt?'],
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
