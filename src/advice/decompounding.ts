// Splits Dutch compounds the handbook does not contain ("kwartaalbijeenkomst") into parts it does.
import type { Lang } from '../core/i18n.ts';
import type { Analyzer } from './analyzer.ts';
import { MAX_WORD_CHARS } from './text-normalization.ts';

const MIN_COMPOUND = 8;
const MIN_MODIFIER = 3;
const MIN_HEAD = 4;
/** A head alone must be this long to stand for the compound ("bedrijf" in "softwarebedrijf"). */
const MIN_LONE_HEAD = 5;
// Linking sounds between the parts of a Dutch compound: "ervaring-s-kennis", "pannenkoek", "bessesap".
const LINKERS = ['s', 'en', 'e'];

/** The handbook stems a compound's parts are looked up in. */
export interface CompoundVocabulary {
  isKnownStem(stem: string): boolean;
  /**
   * The first STEM_BEGINNING letters of every handbook stem. The Snowball stemmer never changes a word's first
   * three letters, so a word end that begins otherwise cannot stem to a handbook word and is not stemmed at all:
   * most cut positions of a made-up word are skipped without work.
   */
  stemBeginnings: ReadonlySet<string>;
}

export const STEM_BEGINNING = 3;

export interface CompoundSplit {
  stems: string[];
  /** False when only the head is known: "softwarebedrijf" is some kind of "bedrijf". */
  complete: boolean;
}

/**
 * The stems of the parts of `word` that the handbook knows, or null when the word is short, not a
 * compound, or no head is known. In Dutch the last part carries the meaning, so the longest known head
 * wins, and a head alone is still useful when the modifier is a word the handbook never uses.
 */
export function splitCompound(word: string, lang: Lang, analyzer: Analyzer, vocabulary: CompoundVocabulary): CompoundSplit | null {
  // Longer words never reach here (the tokenizer cuts them); the guard keeps this function's cost bounded on its own.
  if (lang !== 'nl' || word.length < MIN_COMPOUND || word.length > MAX_WORD_CHARS || !/^[a-z]+$/.test(word)) return null;
  const { isKnownStem, stemBeginnings } = vocabulary;
  let loneHead: string | null = null;
  for (let cut = MIN_MODIFIER; cut <= word.length - MIN_HEAD; cut++) {
    if (!stemBeginnings.has(word.slice(cut, cut + STEM_BEGINNING))) continue;
    const head = analyzer.stemWord(word.slice(cut), lang);
    if (!head || !isKnownStem(head)) continue;
    const modifier = word.slice(0, cut);
    const candidates = [modifier, ...LINKERS.filter((l) => modifier.endsWith(l) && modifier.length - l.length >= MIN_MODIFIER).map((l) => modifier.slice(0, -l.length))];
    for (const candidate of candidates) {
      const stem = analyzer.stemWord(candidate, lang);
      if (stem && isKnownStem(stem)) return { stems: [stem, head], complete: true };
    }
    if (!loneHead && word.length - cut >= MIN_LONE_HEAD) loneHead = head;
  }
  return loneHead ? { stems: [loneHead], complete: false } : null;
}
