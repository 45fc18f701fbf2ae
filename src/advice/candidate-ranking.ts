// Merges the Dutch and English scores of each entry and measures how much of the question the handbook covers.
import type { Lang } from '../core/i18n.ts';
import type { LanguageIndex } from './entry-index.ts';
import { inverseDocumentFrequency } from './entry-index.ts';
import type { LanguageScores } from './entry-scoring.ts';
import { scoreEntries } from './entry-scoring.ts';
import type { LanguageQuery } from './query-analysis.ts';

export interface Candidate {
  id: string;
  /** Relevance, comparable between entries of one question only. */
  raw: number;
  /** What the ranking sorts on: relevance, discounted for the part of the question this entry leaves unmatched. */
  rank: number;
  /** Share of the question's meaningful words (weighted) this entry matched, 0..1. */
  coverage: number;
  /** 0..1: how sure we are this entry answers the question (see rankCandidates). */
  confidence: number;
  /** Per content word of the question, how well this entry matched it (0..1). */
  credit: number[];
  /** Cosine similarity (0..1) of the question to this entry's surface profile (surface-profiles.ts). */
  similarity: number;
}

export interface Ranking {
  candidates: Candidate[];
  /** Per content word of the question, how much it counts for coverage. */
  weights: number[];
  /** Share of the question's meaningful words that the closest entries together match, 0..1. */
  neighbourhoodCoverage: number;
}

/** Words scored on the other language's text (mixed questions) count a little less than the question's own language. */
export const OTHER_LANGUAGE_FACTOR = 0.85;
/** Raw relevance at which the strength part of the confidence reaches one half. */
export const HALF_STRENGTH_RAW = 30;
/**
 * Share of the relevance an entry keeps when it matches none of the question's meaningful words; between
 * two entries with similar relevance, the one that explains more of the question wins.
 */
export const RANK_COVERAGE_FLOOR = 0.5;
/**
 * Weight of the surface view against the word ranking: entries are ordered by rank / best rank + this ×
 * similarity / best similarity. Measured on the tune half and the two outside tuning sets together (issue 22).
 */
export const SURFACE_WEIGHT = 1;
/** How many of the best entries together count as "the handbook's answer" when measuring coverage. */
export const NEIGHBOURHOOD_SIZE = 3;

/**
 * How much each meaningful word of the question weighs when measuring coverage. Known words weigh by
 * their rarity in the handbook (BM25 idf, clamped so one very common or very rare word cannot decide
 * alone). Unknown words weigh a fixed amount; unknown names ("Slack", "EU", "Tokio") weigh most,
 * because a name the handbook never mentions means the question is about something else. A place, people or
 * partner organisation ("in Groningen", "met de GGD", data/advice/context-names.json) says where or with whom,
 * not what: it weighs half an unknown word (0 and 3 measured: 0 answered "the weather in Utrecht", 3 refused
 * "ervaringsdeskundigen van het Leger des Heils").
 */
export const coverageWeights = { minKnown: 1, maxKnown: 4, unknownWord: 3, unknownName: 8, phraseWord: 2, contextName: 1.5 } as const;

const other = (lang: Lang): Lang => (lang === 'nl' ? 'en' : 'nl');

/**
 * A name the handbook never writes as a name ("Teams", "Utrecht"), even if it knows the common word; a name the
 * everyday phrasings or the bilingual bridge explain ("CoP") is not foreign.
 */
function isForeignName(queries: Record<Lang, LanguageQuery>, indexes: Record<Lang, LanguageIndex>, lang: Lang, position: number): boolean {
  const token = queries[lang].tokens[position];
  if (queries.nl.phrasePositions.has(position) || queries.en.phrasePositions.has(position)) return false;
  return !!token?.name && !indexes.nl.names.has(token.word) && !indexes.en.names.has(token.word);
}

function tokenWeights(queries: Record<Lang, LanguageQuery>, indexes: Record<Lang, LanguageIndex>, lang: Lang, phrasePositions: ReadonlySet<number>): number[] {
  const own = queries[lang].tokens;
  const foreign = queries[other(lang)].tokens;
  // All the context names of a question together weigh as one: "het Leger des Heils en de GGD" is one "with whom".
  const contextTokens = own.filter((token) => token.context && !token.weak).length;
  const weights = own.map((token, position) => {
    // A common word inside a recognised phrase ("show" in "don't show up", "steeds nieuwe mensen") carries meaning.
    if (token.weak) return phrasePositions.has(position) ? coverageWeights.phraseWord : 0;
    if (token.context) return coverageWeights.contextName / contextTokens;
    if (isForeignName(queries, indexes, lang, position)) return coverageWeights.unknownName;
    const foreignStem = foreign[position]?.stem ?? token.stem;
    const known = indexes[lang].documentFrequency.has(token.stem)
      ? inverseDocumentFrequency(indexes[lang], token.stem)
      : indexes[other(lang)].documentFrequency.has(foreignStem)
        ? inverseDocumentFrequency(indexes[other(lang)], foreignStem)
        : undefined;
    if (known === undefined) return token.name ? coverageWeights.unknownName : coverageWeights.unknownWord;
    return Math.min(coverageWeights.maxKnown, Math.max(coverageWeights.minKnown, known));
  });
  // A question of only weak words ("wat is een leernetwerk?") is judged on those words instead.
  return weights.some((w) => w > 0) ? weights : own.map(() => 1);
}

const weightedShare = (credit: readonly number[], weights: readonly number[], total: number) =>
  total > 0 ? credit.reduce((sum, value, position) => sum + value * weights[position]!, 0) / total : 0;

/**
 * The other language's query, cut down to the words the question's own language does not know: "handle" and
 * "no-shows" in a Dutch question are looked up in the English text, the Dutch words are not scored twice.
 */
function foreignPart(queries: Record<Lang, LanguageQuery>, indexes: Record<Lang, LanguageIndex>, lang: Lang): LanguageQuery {
  const own = queries[lang];
  const isForeign = (position: number) => !indexes[lang].documentFrequency.has(own.tokens[position]?.stem ?? '');
  const foreignQuery = queries[other(lang)];
  return { ...foreignQuery, terms: foreignQuery.terms.filter((term) => term.positions.some(isForeign)) };
}

/** Orders by the word ranking and the surface view together, each relative to its best entry. */
export function sortByFusedScore(candidates: Candidate[]): void {
  let bestRank = 0;
  let bestSimilarity = 0;
  for (const c of candidates) {
    bestRank = Math.max(bestRank, c.rank);
    bestSimilarity = Math.max(bestSimilarity, c.similarity);
  }
  const fused = new Map<Candidate, number>();
  for (const c of candidates) {
    fused.set(c, (bestRank > 0 ? c.rank / bestRank : 0) + (bestSimilarity > 0 ? (SURFACE_WEIGHT * c.similarity) / bestSimilarity : 0));
  }
  candidates.sort((a, b) => fused.get(b)! - fused.get(a)! || b.rank - a.rank || a.id.localeCompare(b.id));
}

/**
 * Ranks entries by relevance: their own-language text scored on the whole question, plus their other-language
 * text scored on the words the own language does not know. Confidence combines two things:
 * how much of the question the closest entries together cover (a question often spans two topics, and
 * a word no entry knows counts against it) and how strong the best match is in absolute terms.
 */
export function rankCandidates(
  queries: Record<Lang, LanguageQuery>,
  indexes: Record<Lang, LanguageIndex>,
  lang: Lang,
  similarities: ReadonlyMap<string, number> = new Map(),
): Ranking {
  const ownScores: LanguageScores = scoreEntries(queries[lang], indexes[lang]);
  const otherScores: LanguageScores = scoreEntries(foreignPart(queries, indexes, lang), indexes[other(lang)]);
  const phrasePositions = new Set([
    ...queries.nl.phrasePositions,
    ...queries.en.phrasePositions,
    ...ownScores.phrasePositions,
    ...otherScores.phrasePositions,
  ]);
  const weights = tokenWeights(queries, indexes, lang, phrasePositions);
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  // Matching the common word does not cover a name: "Teams" the app is not the teams of the handbook.
  const foreignNames = weights.map((_, position) => isForeignName(queries, indexes, lang, position));
  const candidates: Candidate[] = [];
  for (const id of new Set([...ownScores.byEntry.keys(), ...otherScores.byEntry.keys(), ...similarities.keys()])) {
    const ownScore = ownScores.byEntry.get(id);
    const otherScore = otherScores.byEntry.get(id);
    const raw = (ownScore?.raw ?? 0) + OTHER_LANGUAGE_FACTOR * (otherScore?.raw ?? 0);
    const credit = weights.map((_, position) =>
      foreignNames[position] ? 0 : Math.max(ownScore?.credit.get(position) ?? 0, otherScore?.credit.get(position) ?? 0),
    );
    const coverage = weightedShare(credit, weights, totalWeight);
    const rank = raw * (RANK_COVERAGE_FLOOR + (1 - RANK_COVERAGE_FLOOR) * coverage);
    candidates.push({ id, raw, rank, coverage, confidence: 0, credit, similarity: similarities.get(id) ?? 0 });
  }
  sortByFusedScore(candidates);
  const neighbourhood = candidates.slice(0, NEIGHBOURHOOD_SIZE);
  const unionCredit = weights.map((_, position) => Math.max(0, ...neighbourhood.map((c) => c.credit[position] ?? 0)));
  const neighbourhoodCoverage = weightedShare(unionCredit, weights, totalWeight);
  for (const candidate of candidates) {
    candidate.confidence = neighbourhoodCoverage * (candidate.rank / (candidate.rank + HALF_STRENGTH_RAW));
  }
  return { candidates, weights, neighbourhoodCoverage };
}
