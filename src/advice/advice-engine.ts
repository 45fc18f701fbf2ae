// Public API of the retrieval engine: ask a question, get the best handbook entry or an honest abstention.
import path from 'node:path';
import type { Lang } from '../core/i18n.ts';
import { packageRoot } from '../core/paths.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { KnowledgeEntry } from '../knowledge/schema.ts';
import type { AbstentionPolicy } from './abstention.ts';
import { defaultAbstentionPolicy, shouldAbstain } from './abstention.ts';
import type { AdviceData } from './advice-data.ts';
import { loadAdviceData } from './advice-data.ts';
import { createAnalyzer } from './analyzer.ts';
import type { Ranking } from './candidate-ranking.ts';
import { rankCandidates } from './candidate-ranking.ts';
import { buildLanguageIndex } from './entry-index.ts';
import { buildLanguageMarkers, detectLanguage } from './language-detection.ts';
import { analyseQuestion } from './query-analysis.ts';
import { buildWordClasses } from './stopwords.ts';
import { compileSynonyms } from './synonym-expansion.ts';
import { tokenizeQuestion } from './text-normalization.ts';

export interface ScoredEntry {
  entry: KnowledgeEntry;
  /** Confidence between 0 and 1 that this entry answers the question. */
  score: number;
}

export interface AdviceResult {
  question: string;
  lang: Lang;
  best?: ScoredEntry;
  /** Next best entries (up to 3), also when abstaining: the closest topics. */
  alternatives: ScoredEntry[];
  abstained: boolean;
}

export interface AskOptions {
  /** Forces the answer language; otherwise it is detected from the question. */
  lang?: Lang;
}

export interface AdviceEngine {
  ask(question: string, opts?: AskOptions): AdviceResult;
  /** Ranked candidates with their scoring details, for evaluation and tuning. */
  explain(question: string, opts?: AskOptions): Ranking & { lang: Lang };
}

export interface AdviceEngineOptions {
  /** Folder holding advice/*.json; defaults to the package's data/ folder. */
  dataDir?: string;
  /** Vocabulary data given directly instead of read from dataDir. */
  data?: AdviceData;
  abstention?: Partial<AbstentionPolicy>;
}

const ALTERNATIVES = 3;

export function createAdviceEngine(kb: KnowledgeBase, options: AdviceEngineOptions = {}): AdviceEngine {
  const data = options.data ?? loadAdviceData(options.dataDir ?? path.join(packageRoot(), 'data'));
  const policy: AbstentionPolicy = { ...defaultAbstentionPolicy, ...options.abstention };
  const analyzer = createAnalyzer(buildWordClasses(data.stopwords));
  const indexes = { nl: buildLanguageIndex(kb, 'nl', analyzer), en: buildLanguageIndex(kb, 'en', analyzer) };
  const synonyms = compileSynonyms(data.synonyms, analyzer, (stem, lang) => indexes[lang].documentFrequency.get(stem) ?? 0);
  const markers = buildLanguageMarkers(data.stopwords);
  const isKnownAnywhere = (stem: string) => indexes.nl.documentFrequency.has(stem) || indexes.en.documentFrequency.has(stem);
  const vocabulary = { nl: indexes.nl.words, en: indexes.en.words };

  const explain = (question: string, opts: AskOptions = {}) => {
    // Callers in plain JavaScript (or a chat adapter handing over a missing text) must not make us throw.
    const words = tokenizeQuestion(typeof question === 'string' ? question : '');
    const lang = opts.lang ?? detectLanguage(words.map((w) => w.word), markers, vocabulary);
    const queries = {
      nl: analyseQuestion(words, 'nl', { analyzer, synonyms: synonyms.nl, index: indexes.nl, isKnownAnywhere }),
      en: analyseQuestion(words, 'en', { analyzer, synonyms: synonyms.en, index: indexes.en, isKnownAnywhere }),
    };
    return { lang, ...rankCandidates(queries, indexes, lang) };
  };

  return {
    explain,
    ask(question, opts) {
      const { lang, candidates } = explain(question, opts);
      const scored = candidates.map((c) => ({ entry: kb.byId.get(c.id)!, score: c.confidence }));
      const abstained = shouldAbstain(candidates[0], policy);
      return {
        question,
        lang,
        best: abstained ? undefined : scored[0],
        alternatives: scored.slice(abstained ? 0 : 1, (abstained ? 0 : 1) + ALTERNATIVES),
        abstained,
      };
    },
  };
}
