// Public API of the retrieval engine: ask a question, get the best handbook entry or an honest abstention.
import path from 'node:path';
import type { Lang } from '../core/i18n.ts';
import { DataFileError } from '../core/data-file.ts';
import { packageRoot } from '../core/paths.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { KnowledgeEntry } from '../knowledge/schema.ts';
import type { AbstentionModel } from './abstention.ts';
import { shouldAbstain } from './abstention.ts';
import type { AdviceData } from './advice-data.ts';
import { loadAdviceData } from './advice-data.ts';
import type { ContentToken } from './analyzer.ts';
import { createAnalyzer } from './analyzer.ts';
import type { Ranking } from './candidate-ranking.ts';
import { rankCandidates } from './candidate-ranking.ts';
import { assembleLanguageIndex } from './entry-index.ts';
import type { HandbookIndex } from './handbook-index.ts';
import { analyseHandbook } from './handbook-index.ts';
import { detectLanguage } from './language-detection.ts';
import type { NotCoveredMatch } from './not-covered.ts';
import { compileNotCovered } from './not-covered.ts';
import { answersBeyondMissing, missingSubjects, withSceneSubjects } from './partial-answer.ts';
import { ownNameWords } from './own-names.ts';
import { questionParts } from './second-topic.ts';
import { markAsContext, networkTheme } from './network-theme.ts';
import type { PassageRelevance } from './passage-focus.ts';
import { asksForWorkForms, createPassageRelevance } from './passage-focus.ts';
import { analyseQuestion } from './query-analysis.ts';
import { assembleSurfaceProfiles } from './surface-profiles.ts';
import { triggerTable } from './synonym-expansion.ts';
import { expandAbbreviations, tokenizeQuestion } from './text-normalization.ts';

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
  /**
   * What the question asks that the handbook lacks, named in the answer's language ("privacywetgeving (AVG)",
   * "Oranje Fonds"); empty when it covers everything asked.
   */
  missing: string[];
  /** Answered, but the handbook lacks part of what was asked (`missing`): say so first, then offer `best`. */
  partial: boolean;
  /** The question also carries a second topic, answered by this entry (also the first of `alternatives`): offer it. */
  second?: ScoredEntry;
  /** How much each approach paragraph and tip of the best entry speaks to the question (absent: none does). */
  relevance?: PassageRelevance;
  /** The question asks for work forms ("welke werkvorm past hier?"): the answer shows the entry's. */
  asksWorkForms?: true;
}

/** The ranked candidates with what the engine saw in the question, for evaluation, tuning and the answer. */
export interface Explanation extends Ranking {
  lang: Lang;
  /** The question's content words in its language, in order; weights and credits are by this position. */
  tokens: ContentToken[];
  /** Subjects next to the handbook that the question names. */
  notCovered: NotCoveredMatch[];
  /** Content positions explained by an everyday phrase or synonym. */
  explained: Set<number>;
}

export interface AskOptions {
  /** Forces the answer language; otherwise it is detected from the question. */
  lang?: Lang;
  /** The asker's own language: the answer's language when the question's words do not tell (names, markup, one word). */
  preferredLang?: Lang;
  /** Names of the asker (their display name) and people they know: never named as what the handbook lacks. */
  people?: readonly string[];
}

export interface AdviceEngine {
  ask(question: string, opts?: AskOptions): AdviceResult;
  /** Ranked candidates with their scoring details, for evaluation and tuning. */
  explain(question: string, opts?: AskOptions): Explanation;
}

export interface AdviceEngineOptions {
  /** Folder holding advice/*.json; defaults to the package's data/ folder. */
  dataDir?: string;
  /** Vocabulary data given directly instead of read from dataDir. */
  data?: AdviceData;
  /** Replaces the fitted abstention model of data/advice/abstention.json (calibration uses this). */
  abstention?: AbstentionModel;
  /**
   * The handbook index stored by `npm run build` (prebuilt-index.ts: readPrebuiltIndex), read back and found
   * fresh for these data files and this code; absent, the engine builds it (a few hundred ms).
   */
  prebuilt?: HandbookIndex;
}

const ALTERNATIVES = 3;

/** Every entry is described by situations, and every situation belongs to an entry (data/knowledge/situations). */
export function checkSituations(kb: KnowledgeBase, data: AdviceData): void {
  for (const id of data.situations.keys()) {
    if (!kb.byId.has(id)) throw new DataFileError('data/knowledge/situations', `situations.${id}`, 'onbekend onderwerp / unknown entry');
  }
  for (const entry of kb.entries) {
    if (!data.situations.has(entry.id)) throw new DataFileError('data/knowledge/situations', `situations.${entry.id}`, 'ontbreekt / missing: every entry needs 10-20 situations per language');
  }
}

export function createAdviceEngine(kb: KnowledgeBase, options: AdviceEngineOptions = {}): AdviceEngine {
  const data = options.data ?? loadAdviceData(options.dataDir ?? path.join(packageRoot(), 'data'));
  const abstention: AbstentionModel = options.abstention ?? data.abstention;
  checkSituations(kb, data);
  const handbook = options.prebuilt ?? analyseHandbook(kb, data);
  const analyzer = createAnalyzer(handbook.wordClasses);
  const indexes = { nl: assembleLanguageIndex(handbook.languages.nl), en: assembleLanguageIndex(handbook.languages.en) };
  const synonyms = { nl: triggerTable(handbook.synonyms.nl), en: triggerTable(handbook.synonyms.en) };
  const markers = handbook.markers;
  const isKnownAnywhere = (stem: string) => indexes.nl.documentFrequency.has(stem) || indexes.en.documentFrequency.has(stem);
  const vocabulary = { nl: indexes.nl.words, en: indexes.en.words };

  const surface = assembleSurfaceProfiles(handbook.surface);
  const notCovered = compileNotCovered(data.notCovered, analyzer, handbook.notCovered);
  const relevanceOf = createPassageRelevance(analyzer, indexes);

  const explain = (question: string, opts: AskOptions = {}): Explanation => {
    // Callers in plain JavaScript (or a chat adapter handing over a missing text) must not make us throw.
    const typed = tokenizeQuestion(typeof question === 'string' ? question : '');
    const lang = opts.lang ?? detectLanguage(typed.map((w) => w.word), markers, vocabulary, opts.preferredLang);
    const words = expandAbbreviations(typed, data.abbreviations[lang]);
    const queries = {
      nl: analyseQuestion(words, 'nl', { analyzer, synonyms: synonyms.nl, index: indexes.nl, isKnownAnywhere }),
      en: analyseQuestion(words, 'en', { analyzer, synonyms: synonyms.en, index: indexes.en, isKnownAnywhere }),
    };
    const allStems = words.map(({ word }) => analyzer.stemAny(word, lang));
    const theme = networkTheme(words);
    // A subject named only inside the network's theme is that theme ("ons leernetwerk over respijtzorg", "netwerk over
    // transmurale zorg en ontslag naar huis"), unless its sentence talks about it: "Wat moeten we in ons netwerk over
    // de AVG afspreken?" asks about privacy law. Care itself is the theme either way (a scene subject).
    const named = notCovered
      .find(allStems, lang)
      .filter((match) => !match.positions.every((at) => theme.positions.has(at)) || (theme.talkedAbout && !match.scene));
    // Scene subjects weigh as context too; whether one is named as missing is decided after ranking (withSceneSubjects).
    const scene = named.filter((match) => match.scene).flatMap((match) => match.positions);
    markAsContext([queries.nl.tokens, queries.en.tokens], new Set([...theme.positions, ...scene]));
    const ranking = rankCandidates(queries, indexes, lang, surface.similarities(typed));
    return {
      lang,
      ...ranking,
      tokens: queries[lang].tokens,
      notCovered: named,
      explained: new Set([...queries.nl.phrasePositions, ...queries.en.phrasePositions]),
    };
  };

  /** The best entry of a question, or undefined when the handbook does not answer it. */
  const bestOf = (question: string, opts: AskOptions): string | undefined => {
    const explanation = explain(question, opts);
    return shouldAbstain(abstention, explanation.candidates[0], explanation.neighbourhoodCoverage) ? undefined : explanation.candidates[0]?.id;
  };

  /**
   * For a question of two or three parts: a part that on its own points at another of the closest entries, while
   * another part points at the best one ("veel verloop, en daardoor overvolle sessies").
   */
  const secondOf = (question: string, best: string, closest: readonly string[], opts: AskOptions): string | undefined => {
    // Only parts that ask something count: a scene-setting sentence points at an entry too, but is not a topic of its own.
    const parts = questionParts(question)
      .filter((part) => part.asks)
      .map((part) => bestOf(part.text, opts));
    if (!parts.includes(best)) return undefined;
    return parts.find((id) => id !== undefined && id !== best && closest.includes(id));
  };

  /**
   * Whether a part of the question that asks something names a scene subject: in "Onze casusbespreking gaat over de
   * behandeling van jongeren. Hoe zorgen we dat iedereen durft te zeggen wat niet werkt?" only the first sentence
   * does, and it sets the scene. A question of one part asks with all its words.
   */
  const sceneAsked = (question: string, lang: Lang): boolean => {
    const asking = questionParts(typeof question === 'string' ? question : '').filter((part) => part.asks);
    if (asking.length === 0) return true;
    return asking.some((part) => {
      const stems = tokenizeQuestion(part.text).map(({ word }) => analyzer.stemAny(word, lang));
      return notCovered.find(stems, lang).some((match) => match.scene);
    });
  };

  return {
    explain,
    ask(question, opts = {}) {
      const explanation = explain(question, opts);
      const { lang, candidates } = explanation;
      const scored = candidates.map((c) => ({ entry: kb.byId.get(c.id)!, score: c.confidence }));
      const ownNames = ownNameWords(typeof question === 'string' ? question : '', opts.people);
      const lacking = withSceneSubjects({ ...explanation, indexes, ownNames }, () => sceneAsked(question, lang));
      const missing = missingSubjects(lacking);
      const abstained =
        shouldAbstain(abstention, candidates[0], explanation.neighbourhoodCoverage) || (missing.length > 0 && !answersBeyondMissing(lacking));
      const closest = scored.slice(abstained ? 0 : 1, (abstained ? 0 : 1) + ALTERNATIVES);
      const secondId = abstained || typeof question !== 'string' ? undefined : secondOf(question, candidates[0]!.id, closest.slice(0, 2).map((c) => c.entry.id), { lang });
      const second = closest.find((c) => c.entry.id === secondId);
      const relevance = abstained ? undefined : relevanceOf(scored[0]!.entry, lang, explanation.tokens);
      return {
        question,
        lang,
        best: abstained ? undefined : scored[0],
        // The second topic, when there is one, comes first among the alternatives.
        alternatives: second ? [second, ...closest.filter((c) => c !== second)] : closest,
        abstained,
        missing,
        partial: !abstained && missing.length > 0,
        ...(second ? { second } : {}),
        ...(relevance ? { relevance } : {}),
        ...(!abstained && asksForWorkForms(explanation.tokens) ? { asksWorkForms: true as const } : {}),
      };
    },
  };
}
