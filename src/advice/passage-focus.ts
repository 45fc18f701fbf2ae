// How much each approach paragraph and tip of the best entry speaks to the question, so a long entry can show the
// part that was asked about: "wat doet een verbindingsfunctionaris?" gets the roles entry, whose paragraph on that
// role came fourth and was never shown.
import type { Lang } from '../core/i18n.ts';
import type { KnowledgeEntry } from '../knowledge/schema.ts';
import type { Analyzer, ContentToken } from './analyzer.ts';
import type { LanguageIndex } from './entry-index.ts';

/** Per approach paragraph and per tip: the summed weight of the question's distinctive words it holds. */
export interface PassageRelevance {
  approach: number[];
  tips: number[];
}

/** Words of a question that asks for work forms ("welke werkvorm past in fase 1?", "a good work form for phase 1"). */
const WORK_FORM_WORDS = new Set(['werkvorm', 'werkvormen', 'methode', 'methodes', 'methoden', 'oefening', 'oefeningen', 'workform', 'workforms', 'method', 'methods', 'exercise', 'exercises', 'technique', 'techniques']);

/** Whether the question asks for work forms, which an entry lists apart from its approach and tips. */
export function asksForWorkForms(tokens: readonly ContentToken[]): boolean {
  return tokens.some((token, i) => WORK_FORM_WORDS.has(token.word) || (/^forms?$/.test(token.word) && tokens[i - 1]?.word === 'work'));
}

/** A stem in more than this share of entries says nothing about which part of one entry is meant. */
const MAX_DISTINCTIVE_SHARE = 0.25;

export function createPassageRelevance(analyzer: Analyzer, indexes: Record<Lang, LanguageIndex>) {
  // Each entry's passages are stemmed once, on first use.
  const stemsOf = new Map<string, { approach: Set<string>[]; tips: Set<string>[] }>();
  const passages = (entry: KnowledgeEntry, lang: Lang) => {
    const key = `${entry.id}:${lang}`;
    let found = stemsOf.get(key);
    if (!found) {
      const stems = (text: string) => new Set(analyzer.stems(text, lang));
      found = { approach: entry[lang].approach.map(stems), tips: entry[lang].tips.map(stems) };
      stemsOf.set(key, found);
    }
    return found;
  };

  /** Undefined when no passage holds a distinctive word of the question: the entry's own order stands. */
  return (entry: KnowledgeEntry, lang: Lang, tokens: readonly ContentToken[]): PassageRelevance | undefined => {
    const index = indexes[lang];
    const weights = new Map<string, number>();
    for (const token of tokens) {
      const frequency = index.documentFrequency.get(token.stem);
      if (token.weak || token.context || frequency === undefined || frequency > MAX_DISTINCTIVE_SHARE * index.entryCount) continue;
      weights.set(token.stem, Math.log(1 + index.entryCount / frequency));
    }
    if (weights.size === 0) return undefined;
    const { approach, tips } = passages(entry, lang);
    const score = (stems: Set<string>) => [...weights].reduce((sum, [stem, weight]) => sum + (stems.has(stem) ? weight : 0), 0);
    const relevance = { approach: approach.map(score), tips: tips.map(score) };
    return [...relevance.approach, ...relevance.tips].some((s) => s > 0) ? relevance : undefined;
  };
}
