// Turns a question into weighted search terms for one language: typed words, word-form repairs, synonyms.
import type { Lang } from '../core/i18n.ts';
import type { Analyzer, ContentToken } from './analyzer.ts';
import { splitCompound } from './decompounding.ts';
import { participleInfinitives, separableVerbCandidates, withoutPresentTenseT } from './dutch-morphology.ts';
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
  private readonly collected = new Map<string, Omit<QueryTerm, 'positions'> & { positions: Set<number> }>();

  add(stem: string, weight: number, positions: readonly number[], typed: boolean, maxCredit = 1): void {
    const known = this.collected.get(stem);
    if (!known) {
      this.collected.set(stem, { stem, weight, typed, positions: new Set(positions), maxCredit });
      return;
    }
    known.weight = Math.max(known.weight, weight);
    known.typed ||= typed;
    known.maxCredit = Math.max(known.maxCredit, maxCredit);
    // A set, so a word repeated a thousand times costs a thousand steps, not a million.
    for (const position of positions) known.positions.add(position);
  }

  terms(): QueryTerm[] {
    return [...this.collected.values()].map((term) => ({ ...term, positions: [...term.positions] }));
  }
}

/**
 * Distinct unknown words of one question that get repairs (typos, verb forms, compound parts). A real
 * question has a handful; a pasted text or a flood of made-up words must not cost more than this many
 * vocabulary look-ups and compound splits.
 */
export const MAX_REPAIRED_WORDS = 24;

interface Repair {
  stem: string;
  weight: number;
  maxCredit: number;
}

/** Handbook stems standing in for a word the handbook does not know: typo, Dutch verb form, compound parts. */
function repairsOf(token: ContentToken, lang: Lang, deps: QueryAnalysisDeps): Repair[] {
  const { analyzer } = deps;
  const isKnownStem = (stem: string) => deps.index.documentFrequency.has(stem);
  const repairs: Repair[] = [];
  // Typos and word beginnings only for words neither language knows: a Dutch word is no typo of an English one.
  if (!token.name && !deps.isKnownAnywhere(token.stem)) {
    for (const near of deps.index.vocabulary.near(token.word)) repairs.push({ stem: near.stem, weight: termWeights[near.kind], maxCredit: derivedCredit[near.kind] });
  }
  if (lang !== 'nl') return repairs;
  const root = withoutPresentTenseT(token.word);
  const rootStem = root ? analyzer.stemWord(root, lang) : null;
  if (rootStem && isKnownStem(rootStem)) return [...repairs, { stem: rootStem, weight: termWeights.typed, maxCredit: 1 }];
  for (const infinitive of participleInfinitives(token.word)) {
    // "juridisch gezien" is not about seeing: a common verb's participle stays the unknown word it was.
    if (analyzer.isWeak(infinitive)) break;
    const stem = analyzer.stemWord(infinitive, lang);
    if (stem && isKnownStem(stem)) return [...repairs, { stem, weight: termWeights.typed, maxCredit: 1 }];
  }
  const split = splitCompound(token.word, lang, analyzer, { isKnownStem, stemBeginnings: deps.index.stemBeginnings });
  const maxCredit = split?.complete ? derivedCredit.completeCompound : derivedCredit.compoundHead;
  for (const part of split?.stems ?? []) repairs.push({ stem: part, weight: termWeights.repaired, maxCredit });
  return repairs;
}

/** Words inside a name ("Hogeschool van Amsterdam", "Alphen aan den Rijn", "University of Amsterdam"). */
const NAME_PARTICLES = new Set(['van', 'de', 'der', 'den', 'des', 'het', 'aan', 'op', 'ten', 'ter', 'of', 'the']);

/**
 * Names are one name when written next to each other or with only name particles between them. A name that holds
 * a context name is a context name as a whole: "Hogeschool Rotterdam", "GGD Hollands Noorden", "Universiteit
 * Leiden" say with whom, like "Rotterdam" alone (data/advice/context-names.json).
 */
function markNameRuns(tokens: ContentToken[], words: readonly MarkedToken[], isKnown: (stem: string) => boolean): void {
  const joined = (previous: ContentToken, next: ContentToken | undefined) => {
    if (!next?.name || !previous.name || next.at === undefined || previous.at === undefined) return false;
    for (let at = previous.at + 1; at < next.at; at++) if (!NAME_PARTICLES.has(words[at]?.word ?? '')) return false;
    return next.at - previous.at <= 3;
  };
  let start = 0;
  for (let end = 1; end <= tokens.length; end++) {
    if (joined(tokens[end - 1]!, tokens[end])) continue;
    const run = tokens.slice(start, end);
    if (run.length > 1 && run.every((token) => token.name)) {
      if (run.some((token) => token.context)) for (const token of run) token.context = true;
      // Capitalised handbook words ("afdeling Sociaal Domein") are a phrase written as a name, not a foreign name
      // like "Teams" the app: only a single capitalised word is taken for a product.
      else if (run.every((token) => isKnown(token.stem))) for (const token of run) token.name = false;
    }
    start = end;
  }
}

/** `words` is the question as tokenizeMarked gives it (done once for both languages). */
export function analyseQuestion(words: readonly MarkedToken[], lang: Lang, deps: QueryAnalysisDeps): LanguageQuery {
  const { analyzer } = deps;
  const tokens: ContentToken[] = [];
  // Full word position -> content-token position (stopwords have none).
  const contentPosition: Array<number | undefined> = [];
  words.forEach(({ word, name, overlong, text, joinedParts }, at) => {
    const stem = analyzer.stemWord(word, lang);
    contentPosition.push(stem ? tokens.length : undefined);
    // "Rotterdam-Zuid" joined is a context name when its parts are ("Zuid" alone is too).
    const contextParts = joinedParts !== undefined && words.slice(at - joinedParts, at).every((part) => analyzer.isContext(part.word));
    const context = analyzer.isContext(word) || (contextParts && !!stem && !deps.isKnownAnywhere(stem));
    if (stem) tokens.push({ word, stem, weak: analyzer.isWeak(word), name, at, text: text ?? word, ...(overlong ? { overlong } : {}), ...(context ? { context } : {}) });
  });
  markNameRuns(tokens, words, deps.isKnownAnywhere);
  const toContent = (positions: readonly number[]) => positions.map((p) => contentPosition[p]).filter((p) => p !== undefined);
  const collector = new TermCollector();

  // When every word is weak ("wat is een leernetwerk?"), those words are all the question has.
  const allWeak = tokens.every((token) => token.weak);
  // Repairs are looked up once per distinct word, for at most MAX_REPAIRED_WORDS of them.
  const repairsByWord = new Map<string, Repair[]>();
  tokens.forEach((token, position) => {
    collector.add(token.stem, token.weak && !allWeak ? termWeights.weak : termWeights.typed, [position], true);
    if (token.overlong || deps.index.documentFrequency.has(token.stem)) return;
    let repairs = repairsByWord.get(token.word);
    if (!repairs) {
      repairs = repairsByWord.size < MAX_REPAIRED_WORDS ? repairsOf(token, lang, deps) : [];
      repairsByWord.set(token.word, repairs);
    }
    for (const repair of repairs) collector.add(repair.stem, repair.weight, [position], true, repair.maxCredit);
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
  return { lang, tokens, terms: collector.terms(), phrasePositions };
}
