// The per-stem postings must score exactly as one weighted MiniSearch query over the same index would.
import path from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/advice/analyzer.ts';
import { loadAdviceData } from '../../src/advice/advice-data.ts';
import { buildLanguageIndex, fieldBoosts, indexedFields } from '../../src/advice/entry-index.ts';
import { buildWordClasses } from '../../src/advice/stopwords.ts';
import type { Lang } from '../../src/core/i18n.ts';
import { root, sharedEngine } from './engine-fixture.ts';

const { kb } = sharedEngine();
const analyzer = createAnalyzer(buildWordClasses(loadAdviceData(path.join(root, 'data')).stopwords));

/** The index as MiniSearch would build it for one language, searched the way the engine searched before postings. */
function miniSearchOf(lang: Lang): MiniSearch {
  const search = new MiniSearch({ fields: [...indexedFields], tokenize: (text) => analyzer.stems(text, lang), processTerm: (t) => t });
  search.addAll(
    kb.entries.map((entry) => {
      const text = entry[lang];
      return {
        id: entry.id,
        title: text.title,
        summary: text.summary,
        keywords: text.keywords.join('\n'),
        approach: text.approach.join('\n'),
        practice: [...text.tips, ...text.workForms, ...text.reflectionQuestions].join('\n'),
      };
    }),
  );
  return search;
}

describe('stem postings', () => {
  it.each([
    ['nl', { deelnemer: 1, opkomst: 0.4, subsidie: 0.7, trekker: 0.3 }],
    ['en', { participant: 1, funding: 0.6, session: 0.4 }],
  ] as const)('add up to the BM25 of a weighted %s query', (lang, typed) => {
    const index = buildLanguageIndex(kb, lang, analyzer);
    const weights = new Map(Object.entries(typed).map(([word, weight]) => [analyzer.stemAny(word, lang), weight]));
    for (const stem of weights.keys()) expect(index.postings(stem), stem).toBeDefined();

    const summed = new Map<string, number>();
    for (const [stem, weight] of weights) {
      const postings = index.postings(stem)!;
      postings.entryIds.forEach((id, i) => summed.set(id, (summed.get(id) ?? 0) + weight * postings.scores[i]!));
    }
    const results = miniSearchOf(lang).search([...weights.keys()].join(' '), {
      tokenize: (text) => text.split(' '),
      boost: fieldBoosts,
      boostTerm: (term) => weights.get(term) ?? 1,
      combineWith: 'OR',
    });
    expect(results.length).toBeGreaterThan(3);
    expect([...summed.keys()].sort()).toEqual(results.map((r) => String(r.id)).sort());
    // MiniSearch multiplies its sum by the number of matched query terms.
    for (const result of results) expect(summed.get(String(result.id))).toBeCloseTo(result.score / result.queryTerms.length, 9);
  });

  it('has none for a stem the handbook lacks, and answers the same object twice', () => {
    const index = buildLanguageIndex(kb, 'nl', analyzer);
    expect(index.postings('xyzzy')).toBeUndefined();
    const stem = analyzer.stemAny('deelnemers', 'nl');
    expect(index.postings(stem)).toBe(index.postings(stem));
  });
});
