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
  /** Written as a name or acronym ("Slack", "EU"). */
  name: boolean;
  /** Cut to MAX_WORD_CHARS: no real word, so no typo, verb-form or compound repairs are tried. */
  overlong?: true;
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
}

export function createAnalyzer(words: WordClasses): Analyzer {
  // Numbers ("2022", "25") are kept as they are; stemming them makes no sense.
  const stem = (word: string, lang: Lang) => (/^\d+$/.test(word) ? word : stemmerFor(lang)(word));
  const stemWord = (word: string, lang: Lang): string | null => (words.stop.has(word) || word.length < 2 ? null : stem(word, lang));
  const contentTokens = (text: string, lang: Lang): ContentToken[] => {
    const result: ContentToken[] = [];
    for (const { word, name } of tokenizeMarked(text)) {
      const stemmed = stemWord(word, lang);
      if (stemmed) result.push({ word, stem: stemmed, weak: words.weak.has(word), name });
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
  };
}
