// Scores every entry of one language index for an analysed question: BM25 fields plus keyword phrases.
import type { SearchOptions } from 'minisearch';
import type { IndexedField, LanguageIndex } from './entry-index.ts';
import { inverseDocumentFrequency } from './entry-index.ts';
import type { LanguageQuery } from './query-analysis.ts';

/** Field weights: titles and everyday keywords say what an entry is about; tips mention many side topics. */
export const fieldBoosts: Record<IndexedField, number> = {
  title: 2.5,
  keywords: 3,
  summary: 2,
  approach: 1,
  practice: 0.6,
};

/** A whole everyday keyword found in the question ("opkomst loopt terug") is stronger than its words apart. */
export const PHRASE_FACTOR = 1.5;
/**
 * A keyword phrase this long makes its common words meaningful for coverage ("steeds nieuwe mensen");
 * a two-word phrase ("subsidie aanvragen") is too common a pattern to vouch for its small words.
 */
export const MEANINGFUL_PHRASE_STEMS = 3;

export interface LanguageScores {
  byEntry: Map<string, EntryScore>;
  /** Content-token positions of the question that complete a multi-word handbook keyword. */
  phrasePositions: Set<number>;
}

export interface EntryScore {
  id: string;
  /** BM25 plus phrase bonus; comparable between entries of one question. */
  raw: number;
  /** Per content-token position, how well this entry matched it (0..1). */
  credit: Map<number, number>;
}

export function scoreEntries(query: LanguageQuery, index: LanguageIndex): LanguageScores {
  const scores = new Map<string, EntryScore>();
  const phrasePositions = new Set<number>();
  if (query.terms.length === 0) return { byEntry: scores, phrasePositions };
  const byStem = new Map(query.terms.map((term) => [term.stem, term]));
  const options: SearchOptions = {
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
    boost: fieldBoosts,
    boostTerm: (term) => byStem.get(term)?.weight ?? 1,
    // Typos and word beginnings were resolved against the vocabulary already (spelling-tolerance.ts).
    fuzzy: false,
    prefix: false,
    combineWith: 'OR',
  };
  const matchedWeight = new Map<string, number>();
  // Only exact stems are searched, so a stem this index lacks cannot match; leaving it out saves work.
  const searchable = query.terms.filter((t) => index.documentFrequency.has(t.stem));
  for (const result of index.search.search(searchable.map((t) => t.stem).join(' '), options)) {
    const credit = new Map<number, number>();
    let coordination = 0;
    for (const stem of result.queryTerms) {
      const term = byStem.get(stem);
      if (!term) continue;
      const value = term.maxCredit;
      coordination += term.weight * value;
      for (const position of term.positions) credit.set(position, Math.max(credit.get(position) ?? 0, value));
    }
    // MiniSearch multiplies the BM25 sum by the number of matched query terms; we undo that and use the
    // weighted number instead, so a low-weight synonym stem does not count as much as a typed word.
    const bm25 = result.score / Math.max(1, result.queryTerms.length);
    matchedWeight.set(String(result.id), coordination);
    scores.set(String(result.id), { id: String(result.id), raw: bm25, credit });
  }
  // Only typed words count here: synonyms already say which topic they mean, and letting their many added
  // stems complete keyword phrases would let one everyday word outweigh everything the user wrote.
  const typed = new Set(query.terms.filter((t) => t.typed).map((t) => t.stem));
  const coveredByEntry = new Map<string, Set<string>>();
  for (const stem of typed) {
    for (const phrase of index.keywordPhrasesByStem.get(stem) ?? []) {
      // Each phrase is filed under all its stems; handle it once, from its first stem.
      if (phrase.stems[0] !== stem || !phrase.stems.every((s) => typed.has(s))) continue;
      const covered = coveredByEntry.get(phrase.entryId) ?? new Set<string>();
      for (const s of phrase.stems) {
        covered.add(s);
        if (phrase.stems.length >= MEANINGFUL_PHRASE_STEMS) for (const position of byStem.get(s)!.positions) phrasePositions.add(position);
      }
      coveredByEntry.set(phrase.entryId, covered);
    }
  }
  for (const [id, covered] of coveredByEntry) {
    const score = scores.get(id);
    if (!score) continue;
    let bonus = 0;
    for (const stem of covered) bonus += inverseDocumentFrequency(index, stem) * byStem.get(stem)!.weight;
    score.raw += PHRASE_FACTOR * bonus;
  }
  for (const score of scores.values()) score.raw *= matchedWeight.get(score.id) ?? 0;
  return { byEntry: scores, phrasePositions };
}
