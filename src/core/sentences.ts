// Where sentences end in a text, to shorten it between sentences rather than in the middle of one.
import { truncate, unitsOfCharacters } from './sanitize.ts';

/** "ch. 5", "h. 4", "nr. 3", "o.a. De": a period that ends an abbreviation, not a sentence. */
const ABBREVIATION_BEFORE = /(?:^|[\s(])(?:ch|h|hfst|nr|no|p|pag|fig|vgl|cf|dhr|mw|dr|zgn|e\.g|i\.e|o\.a|t\.o\.v|i\.p\.v)\.$/i;

/**
 * A sentence's closing punctuation, matched only from where its run begins: a search that may start
 * inside "!!!!…" reads the rest of the run again from every position (quadratic in the run).
 */
export const SENTENCE_BOUNDARY = /(?<![.!?])[.!?]+["”')]*(?=\s+["“'(]?[\p{Lu}\d])/u;

/**
 * Ends of sentences in a text: after . ! or ? followed by a space and a capital (or a digit or quote), or at
 * the text's end; "bijv. een" and "(ch. 5)" are no sentence ends.
 */
export function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  const boundary = new RegExp(SENTENCE_BOUNDARY.source, 'gu');
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    if (!ABBREVIATION_BEFORE.test(text.slice(Math.max(0, match.index - 8), match.index + 1))) ends.push(match.index + match[0].length);
  }
  ends.push(text.length);
  return ends;
}

/**
 * At most `max` characters of a text, ending where a sentence ends; when even the first sentence
 * is longer, at the end of a word, marked with "…". The text itself when it fits.
 */
export function cutAtSentence(text: string, max: number): string {
  const afterWord = truncate(text, max);
  if (afterWord === text) return text;
  const room = unitsOfCharacters(text, max);
  const end = sentenceEnds(text).filter((at) => at <= room).at(-1);
  return end !== undefined ? text.slice(0, end).trimEnd() : afterWord;
}
