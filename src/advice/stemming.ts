// Snowball stemming for Dutch and English, memoised because the same words recur in every question.
import { createRequire } from 'node:module';
import type { Lang } from '../core/i18n.ts';

// require(), not import: importing this 850 kB CommonJS file from ESM first scans all of it for its export
// names, which took 60-130 ms of every start on its own (require: 15-30 ms).
const { newStemmer } = createRequire(import.meta.url)('snowball-stemmers') as typeof import('snowball-stemmers');

export type Stemmer = (word: string) => string;

// American spellings stem differently from British ones ("organization" -> "organ"); the handbook
// uses British English, so -ize forms are rewritten to -ise before stemming.
const AMERICAN_IZE = /iz(e|es|ed|ing|ation|ations|er|ers)$/;

const CACHE_LIMIT = 50_000;

function memoised(stem: Stemmer): Stemmer {
  const cache = new Map<string, string>();
  return (word) => {
    let stemmed = cache.get(word);
    if (stemmed === undefined) {
      stemmed = stem(word);
      // The cache only guards speed; a flood of unique words must not grow memory without bound.
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(word, stemmed);
    }
    return stemmed;
  };
}

// "aller-" only intensifies ("allereerste", "allerbelangrijkste"); the handbook uses the plain word.
const DUTCH_INTENSIFIER = /^aller(?=[a-z]{4})/;

function createDutchStemmer(): Stemmer {
  const dutch = newStemmer('dutch');
  return memoised((word) => dutch.stem(word.replace(DUTCH_INTENSIFIER, '')));
}

// Snowball cuts "competence", "competencies" and "competent" to "compet", the stem of "compete" and "competing":
// questions about competing organisations then matched the entry on competences. They keep a stem of their own.
const COMPETENCE = /^competen(ce|ces|cy|cies|t)$/;

function createEnglishStemmer(): Stemmer {
  const english = newStemmer('english');
  return memoised((word) => (COMPETENCE.test(word) ? 'competen' : english.stem(word.length > 5 ? word.replace(AMERICAN_IZE, 'is$1') : word)));
}

const stemmers: Record<Lang, Stemmer> = { nl: createDutchStemmer(), en: createEnglishStemmer() };

/** The stemmer of one language; words must already be normalised (lowercase, no diacritics). */
export function stemmerFor(lang: Lang): Stemmer {
  return stemmers[lang];
}
