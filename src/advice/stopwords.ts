// Stopword and weak-word sets for both languages, from the `stopword` and `stopwords-iso` packages plus data/advice/stopwords.json.
import { createRequire } from 'node:module';
import type { ContextNamesFile, StopwordsFile } from './advice-data.ts';
import { normalizeText, tokenizeMarked } from './text-normalization.ts';

// Required when the word classes are built, not on import: a start from the stored index (prebuilt-index.ts)
// never loads these lists of 60 languages. stopwords-iso ships only a JSON file; require() reads it the
// same way under tsx, vitest and compiled code.
const require = createRequire(import.meta.url);

export interface WordClasses {
  /** Words dropped everywhere. Both languages' lists apply to every text, because users mix languages. */
  stop: ReadonlySet<string>;
  /** Words kept for ranking that do not show whether the handbook covers a question ("wanneer", "seems"). */
  weak: ReadonlySet<string>;
  /** Words of places, peoples, partner organisations and themes (data/advice/context-names.json): context, not what is asked. */
  context: ReadonlySet<string>;
}

const normalised = (words: readonly string[]) => words.map((w) => normalizeText(w).replace(/[\s-]+/g, '')).filter(Boolean);

/**
 * Stop: the short Snowball-style lists of `stopword` plus our fillers ("tips", "eigenlijk"). Weak: the long
 * general-language lists of `stopwords-iso` ("gets", "seems", "bijna") plus our own: such words rarely say what
 * a question is about, yet some ("results", "samen") still help ranking, so they are not removed.
 */
export function buildWordClasses(file: StopwordsFile, contextNames?: ContextNamesFile): WordClasses {
  const { eng, nld } = require('stopword') as typeof import('stopword');
  const isoStopwords = require('stopwords-iso') as Record<string, string[]>;
  const stop = new Set(normalised([...nld, ...eng, ...file.nl.stop, ...file.en.stop]));
  const weakWords = [...(isoStopwords['nl'] ?? []), ...(isoStopwords['en'] ?? []), ...file.nl.weak, ...file.en.weak];
  const weak = new Set(normalised(weakWords).filter((w) => !stop.has(w)));
  const context = new Set((contextNames ? contextNameWords(contextNames) : []).filter((w) => !stop.has(w) && !weak.has(w)));
  return { stop, weak, context };
}

/**
 * The words of every context name, each part of a hyphenated or multi-word name on its own ("Rotterdam-Zuid",
 * "Leger des Heils") and the hyphenated name joined, as questions are tokenised.
 */
export function contextNameWords(file: ContextNamesFile): string[] {
  return [...file.places, ...file.peoples, ...file.organisations, ...file.themes].flatMap((name) =>
    tokenizeMarked(name).map((token) => token.word),
  );
}
