// The words that choose a language, for `/liso taal en` and `/liso netwerk taal en`.
import type { Lang } from './i18n.ts';
import { keywordOf } from './command-words.ts';

// A Map, so a typed `constructor` or `__proto__` finds nothing.
const WORDS = new Map<string, Lang>(Object.entries({ nl: 'nl', nederlands: 'nl', dutch: 'nl', en: 'en', engels: 'en', english: 'en' } as const));

/** The language a typed word chooses ("en", "Engels.", "dutch"), if any. */
export function languageOf(word: string | undefined): Lang | undefined {
  return WORDS.get(keywordOf(word));
}
