// One pipeline for handbook text and questions alike: tokens -> drop stopwords -> stem.
import type { Lang } from '../core/i18n.ts';
import { stemmerFor } from './stemming.ts';
import type { WordClasses } from './stopwords.ts';
import { tokenizeMarked } from './text-normalization.ts';

export interface ContentToken {
  /** Normalised word as typed. */
  word: string;
  stem: string;
  /** A weak word ranks but does not show that the handbook covers the question. */
  weak: boolean;
  /**
   * A place, people, partner organisation or a network's theme ("Groningen", "GGD", "armoede"): where, with whom or
   * on what, never what the handbook lacks (data/advice/context-names.json).
   */
  context?: true;
  /** Written as a name or acronym ("Slack", "EU"). */
  name: boolean;
  /** Cut to MAX_WORD_CHARS: no real word, so no typo, verb-form or compound repairs are tried. */
  overlong?: true;
  /** In a question: the word's position in the full word list (stopwords included), and the word as written. */
  at?: number;
  text?: string;
}

export interface Analyzer {
  readonly words: WordClasses;
  /** Content words of a text with their stems, in order, stopwords removed. */
  contentTokens(text: string, lang: Lang): ContentToken[];
  /** Only the stems, for indexing handbook text. */
  stems(text: string, lang: Lang): string[];
  /** Every word stemmed, stopwords included: phrases like "werkt niet mee" need their small words. */
  allStems(text: string, lang: Lang): string[];
  /** Stem of one normalised word, stopword or not. */
  stemAny(word: string, lang: Lang): string;
  /** Stem of one normalised word, or null for a stopword. */
  stemWord(word: string, lang: Lang): string | null;
  /** Ranks a little but does not show what the question is about: common words, and numbers ("35 leden"). */
  isWeak(word: string): boolean;
  /** Names a place, people, partner organisation or theme (data/advice/context-names.json). */
  isContext(word: string): boolean;
}

export function createAnalyzer(words: WordClasses): Analyzer {
  // Numbers ("2022", "25") are kept as they are; stemming them makes no sense.
  const stem = (word: string, lang: Lang) => (/^\d+$/.test(word) ? word : stemmerFor(lang)(word));
  const stemWord = (word: string, lang: Lang): string | null => (words.stop.has(word) || word.length < 2 ? null : stem(word, lang));
  // Numbers and ordinals ("35 leden", "na de 2e sessie", "3rd meeting") say how many or which, not what.
  const isWeak = (word: string) => words.weak.has(word) || /^\d+(?:e|de|ste|st|nd|rd|th)?$/.test(word);
  const contentTokens = (text: string, lang: Lang): ContentToken[] => {
    const result: ContentToken[] = [];
    for (const { word, name } of tokenizeMarked(text)) {
      const stemmed = stemWord(word, lang);
      if (stemmed) result.push({ word, stem: stemmed, weak: isWeak(word), name });
    }
    return result;
  };
  return {
    words,
    contentTokens,
    stems: (text, lang) => contentTokens(text, lang).map((t) => t.stem),
    allStems: (text, lang) => tokenizeMarked(text).map(({ word }) => stem(word, lang)),
    stemAny: stem,
    stemWord,
    isWeak,
    isContext: (word) => words.context.has(word),
  };
}
