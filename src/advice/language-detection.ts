// Guesses whether a question is Dutch or English by counting each language's function words.
import { createRequire } from 'node:module';
import type { Lang } from '../core/i18n.ts';
import type { StopwordsFile } from './advice-data.ts';
import { normalizeText } from './text-normalization.ts';

// Required when the markers are built, not on import: a start from the stored index never loads the lists.
const require = createRequire(import.meta.url);

export interface LanguageMarkers {
  nl: ReadonlySet<string>;
  en: ReadonlySet<string>;
}

export interface LanguageVocabulary {
  /** Words that occur in the Dutch text of the handbook but not in the English text, and vice versa. */
  nl: ReadonlySet<string>;
  en: ReadonlySet<string>;
}

/**
 * Function words of each language (package stopwords plus our own), leaving out words both languages
 * use ("in", "is", "we", "over"), which say nothing about the language.
 */
export function buildLanguageMarkers(file: StopwordsFile): LanguageMarkers {
  const { eng, nld } = require('stopword') as typeof import('stopword');
  const clean = (words: readonly string[]) => words.map((w) => normalizeText(w).replace(/[\s-]+/g, '')).filter(Boolean);
  const nl = new Set(clean([...nld, ...file.nl.stop, ...file.nl.weak]));
  const en = new Set(clean([...eng, ...file.en.stop, ...file.en.weak]));
  for (const word of [...nl]) {
    if (en.has(word)) {
      nl.delete(word);
      en.delete(word);
    }
  }
  return { nl, en };
}

/**
 * Function words decide; where they tie (short or mixed questions), the handbook vocabulary of each
 * language breaks the tie; with no evidence either way it is `otherwise`: the asker's own language where the
 * chat knows it, else Dutch, because the learning networks are Dutch.
 */
export function detectLanguage(tokens: readonly string[], markers: LanguageMarkers, vocabulary?: LanguageVocabulary, otherwise: Lang = 'nl'): Lang {
  let nl = 0;
  let en = 0;
  for (const token of tokens) {
    if (markers.nl.has(token)) nl++;
    else if (markers.en.has(token)) en++;
  }
  if (nl === en && vocabulary) {
    for (const token of tokens) {
      if (vocabulary.nl.has(token)) nl++;
      if (vocabulary.en.has(token)) en++;
    }
  }
  if (en === nl) return otherwise;
  return en > nl ? 'en' : 'nl';
}
