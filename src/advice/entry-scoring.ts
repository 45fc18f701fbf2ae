// Scores every entry of one language index for an analysed question: BM25 fields plus keyword phrases.
import type { LanguageIndex } from './entry-index.ts';
import { inverseDocumentFrequency } from './entry-index.ts';
import type { LanguageQuery } from './query-analysis.ts';

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
  // Summed weight of the terms each entry matched, a derived term counted by what it proves: how much of
  // what was asked the entry answers (where MiniSearch would count matched terms, whatever their weight).
  const matchedWeight = new Map<string, number>();
  for (const term of query.terms) {
    // Only exact stems count: typos and word beginnings were resolved against the vocabulary already
    // (spelling-tolerance.ts), so a stem the index lacks cannot match.
    const postings = index.postings(term.stem);
    if (!postings) continue;
    const coordination = term.weight * term.maxCredit;
    for (let i = 0; i < postings.entryIds.length; i++) {
      const id = postings.entryIds[i]!;
      let score = scores.get(id);
      if (!score) {
        score = { id, raw: 0, credit: new Map() };
        scores.set(id, score);
      }
      score.raw += term.weight * postings.scores[i]!;
      matchedWeight.set(id, (matchedWeight.get(id) ?? 0) + coordination);
      for (const position of term.positions) score.credit.set(position, Math.max(score.credit.get(position) ?? 0, term.maxCredit));
    }
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
