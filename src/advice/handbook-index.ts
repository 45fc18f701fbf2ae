// Everything the engine derives from the handbook and its vocabulary data before the first question.
import type { Lang } from '../core/i18n.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { AdviceData } from './advice-data.ts';
import { createAnalyzer } from './analyzer.ts';
import type { LanguageIndexParts } from './entry-index.ts';
import { analyseLanguage } from './entry-index.ts';
import type { LanguageMarkers } from './language-detection.ts';
import { buildLanguageMarkers } from './language-detection.ts';
import { notCoveredGroups } from './not-covered.ts';
import type { WordClasses } from './stopwords.ts';
import { buildWordClasses } from './stopwords.ts';
import type { SurfaceProfileParts } from './surface-profiles.ts';
import { analyseSurfaceProfiles } from './surface-profiles.ts';
import type { CompiledSynonymGroup } from './synonym-expansion.ts';
import { compileSynonyms } from './synonym-expansion.ts';

/**
 * Built fresh here (a few hundred ms), or read from the file `npm run build` stores it in
 * (prebuilt-index.ts): a start then skips the analysis and the stopword packages altogether.
 */
export interface HandbookIndex {
  wordClasses: WordClasses;
  markers: LanguageMarkers;
  languages: Record<Lang, LanguageIndexParts>;
  /** The everyday phrasings and the subjects the handbook lacks, stemmed (stemming them was most of a stored start). */
  synonyms: Record<Lang, CompiledSynonymGroup[]>;
  notCovered: Record<Lang, CompiledSynonymGroup[]>;
  /** The entries' surface profiles (surface-profiles.ts), a few hundred ms to build. */
  surface: SurfaceProfileParts;
}

export function analyseHandbook(kb: KnowledgeBase, data: AdviceData): HandbookIndex {
  const wordClasses = buildWordClasses(data.stopwords, data.contextNames);
  const analyzer = createAnalyzer(wordClasses);
  const languages = { nl: analyseLanguage(kb, 'nl', analyzer, data.situations), en: analyseLanguage(kb, 'en', analyzer, data.situations) };
  const synonyms = compileSynonyms(data.synonyms, analyzer, (stem, lang) => languages[lang].documentFrequency.get(stem) ?? 0);
  return {
    wordClasses,
    markers: buildLanguageMarkers(data.stopwords),
    languages,
    synonyms: { nl: synonyms.nl.groups, en: synonyms.en.groups },
    notCovered: { nl: notCoveredGroups(data.notCovered, analyzer, 'nl'), en: notCoveredGroups(data.notCovered, analyzer, 'en') },
    surface: analyseSurfaceProfiles(kb, data.situations),
  };
}
