// Turns a question into weighted search terms for one language: typed words, word-form repairs, synonyms.
import type { Lang } from '../core/i18n.ts';
import type { Analyzer, ContentToken } from './analyzer.ts';
import { splitCompound } from './decompounding.ts';
import { separableVerbCandidates, withoutPresentTenseT } from './dutch-morphology.ts';
import type { LanguageIndex } from './entry-index.ts';
import type { SynonymTable } from './synonym-expansion.ts';
import { matchSynonyms } from './synonym-expansion.ts';
import type { MarkedToken } from './text-normalization.ts';

/** How much each kind of term counts for ranking; typed words are the user's own evidence and count most. */
export const termWeights = {
  typed: 1,
  /** "hoe", "mensen", "netwerk": they help ranking a little but occur everywhere. */
  weak: 0.4,
  /** Spread over all stems one synonym group adds (divided by the square root of their number). */
  synonymGroup: 0.6,
  /** Parts of a compound, or a separable verb put back together. */
  repaired: 0.7,
  /** A handbook word one typo away from an unknown word. */
  typo: 0.8,
  /** A longer handbook word that the unknown word is the beginning of. */
  prefix: 0.3,
} as const;

/** How much a match on a derived term proves that the handbook covers the typed word (0..1). */
export const derivedCredit = { completeCompound: 0.8, compoundHead: 0.5, typo: 0.8, prefix: 0.6 } as const;

export interface QueryTerm {
  stem: string;
  weight: number;
  /** Typed by the user (or a repaired form of a typed word), not added by a synonym. */
  typed: boolean;
  /** Content-token positions this term stands for (for coverage). */
  positions: number[];
  /** Coverage credit a match on this term gives its positions at most. */
  maxCredit: number;
}

export interface LanguageQuery {
  lang: Lang;
  tokens: ContentToken[];
  terms: QueryTerm[];
  /** Content-token positions inside a recognised everyday phrase: meaningful even when the words are common. */
  phrasePositions: Set<number>;
}

export interface QueryAnalysisDeps {
  analyzer: Analyzer;
  synonyms: SynonymTable;
  index: LanguageIndex;
  /** Whether either language's handbook text has this stem. */
  isKnownAnywhere: (stem: string) => boolean;
}

/** Collects terms; a stem found twice keeps its highest weight and credit and all its positions. */
class TermCollector {
  readonly terms = new Map<string, QueryTerm>();

  add(stem: string, weight: number, positions: readonly number[], typed: boolean, maxCredit = 1): void {
    const known = this.terms.get(stem);
    if (!known) {
      this.terms.set(stem, { stem, weight, typed, positions: [...positions], maxCredit });
      return;
    }
    known.weight = Math.max(known.weight, weight);
    known.typed ||= typed;
    known.maxCredit = Math.max(known.maxCredit, maxCredit);
    for (const position of positions) if (!known.positions.includes(position)) known.positions.push(position);
  }
}

/** A typed word, plus repairs when the handbook does not know it: typo, Dutch verb form, compound parts. */
function addTypedWord(token: ContentToken, position: number, weight: number, lang: Lang, deps: QueryAnalysisDeps, collector: TermCollector): void {
  const { analyzer } = deps;
  const isKnownStem = (stem: string) => deps.index.documentFrequency.has(stem);
  collector.add(token.stem, weight, [position], true);
  if (isKnownStem(token.stem)) return;
  // Typos and word beginnings only for words neither language knows: a Dutch word is no typo of an English one.
  if (!token.name && !deps.isKnownAnywhere(token.stem)) {
    for (const near of deps.index.vocabulary.near(token.word)) {
      collector.add(near.stem, termWeights[near.kind], [position], true, derivedCredit[near.kind]);
    }
  }
  if (lang !== 'nl') return;
  const root = withoutPresentTenseT(token.word);
  const rootStem = root ? analyzer.stemWord(root, lang) : null;
  if (rootStem && isKnownStem(rootStem)) {
    collector.add(rootStem, termWeights.typed, [position], true);
    return;
  }
  const split = splitCompound(token.word, lang, analyzer, isKnownStem);
  const credit = split?.complete ? derivedCredit.completeCompound : derivedCredit.compoundHead;
  for (const part of split?.stems ?? []) collector.add(part, termWeights.repaired, [position], true, credit);
}

/** `words` is the question as tokenizeMarked gives it (done once for both languages). */
export function analyseQuestion(words: readonly MarkedToken[], lang: Lang, deps: QueryAnalysisDeps): LanguageQuery {
  const { analyzer } = deps;
  const tokens: ContentToken[] = [];
  // Full word position -> content-token position (stopwords have none).
  const contentPosition: Array<number | undefined> = [];
  for (const { word, name } of words) {
    const stem = analyzer.stemWord(word, lang);
    contentPosition.push(stem ? tokens.length : undefined);
    if (stem) tokens.push({ word, stem, weak: analyzer.words.weak.has(word), name });
  }
  const toContent = (positions: readonly number[]) => positions.map((p) => contentPosition[p]).filter((p) => p !== undefined);
  const collector = new TermCollector();

  // When every word is weak ("wat is een leernetwerk?"), those words are all the question has.
  const allWeak = tokens.every((token) => token.weak);
  tokens.forEach((token, position) => {
    addTypedWord(token, position, token.weak && !allWeak ? termWeights.weak : termWeights.typed, lang, deps, collector);
  });

  if (lang === 'nl') {
    const particlesUsed = new Set<number>();
    for (const candidate of separableVerbCandidates(words.map((w) => w.word))) {
      const stem = analyzer.stemWord(candidate.joined, lang);
      if (!stem || !deps.index.documentFrequency.has(stem) || particlesUsed.has(candidate.positions[1])) continue;
      particlesUsed.add(candidate.positions[1]);
      collector.add(stem, termWeights.repaired, toContent(candidate.positions), true);
    }
  }

  const phrasePositions = new Set<number>();
  const allStems = words.map(({ word }) => analyzer.stemAny(word, lang));
  for (const match of matchSynonyms(deps.synonyms, allStems)) {
    const positions = toContent(match.positions);
    for (const position of positions) phrasePositions.add(position);
    const weight = termWeights.synonymGroup / Math.sqrt(match.additions.length);
    for (const stem of match.additions) collector.add(stem, weight, positions, false);
  }
  return { lang, tokens, terms: [...collector.terms.values()], phrasePositions };
}
