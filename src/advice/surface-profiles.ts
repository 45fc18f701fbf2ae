// A second view of each entry, next to the stemmed word index: the surface form of its texts as TF-IDF
// weighted words, pairs of neighbouring words and letter groups, one profile per entry over both languages.
// A question's closeness to each profile (cosine) is fused with the word ranking (candidate-ranking.ts).
// Letter groups tie "eilandjes" to "eiland" and a typo to its word without any repair, word pairs keep "op mij"
// apart from "mij", and the view reads the question's own words without the stemming, synonym and weak-word
// decisions the ranking makes: where those go wrong, this view often does not (issue 22).
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { Situations } from './advice-data.ts';
import type { MarkedToken } from './text-normalization.ts';
import { tokenizeMarked } from './text-normalization.ts';

/**
 * The words as written: a hyphenated word counts by its parts only, not also joined ("kick-off" is "kick" and
 * "off", not "kickoff" as well), or its letter groups would count three times and outweigh the rest.
 */
const writtenWords = (tokens: readonly MarkedToken[]): string[] => tokens.filter((token) => !token.text?.includes('-')).map((token) => token.word);

/** Letter groups of 3 to 5 characters, taken inside each word with a space at either end (" wijk", "ijk "). */
export const LETTER_GROUP_SIZES = [3, 4, 5] as const;
/** A letter group must occur in at least this many texts to count: rarer ones are noise, not evidence. */
export const MIN_LETTER_GROUP_TEXTS = 2;

/**
 * What the profiles are made of, as plain data that `npm run build` stores (prebuilt-index.ts): features
 * numbered words and word pairs first, then letter groups (by their code, letterGroupCodes), each with its
 * idf and its postings (the entries whose profile has it, and its weight there) as slices of two flat arrays.
 * Weights are 32-bit floats in both the stored and a freshly built form, so both answer alike.
 */
export interface SurfaceProfileParts {
  entryIds: string[];
  words: string[];
  letterCodes: Int32Array;
  idf: Float32Array;
  /** Feature f's postings are entries and weights from offsets[f] to offsets[f + 1]. */
  offsets: Int32Array;
  entries: Uint16Array;
  weights: Float32Array;
}

export interface SurfaceProfiles {
  /**
   * Cosine similarity (0..1) of a question, as tokenizeQuestion gives it (the engine's own tokens, capped), to each
   * entry's profile; entries with nothing in common are absent.
   */
  similarities(question: readonly MarkedToken[]): Map<string, number>;
}

/** Sublinear term frequency times idf: a word said three times in a text is not three times the evidence. */
const tfIdf = (count: number, idf: number): number => (1 + Math.log(count)) * idf;

/** Words and pairs of neighbouring words; one-letter words carry no meaning on their own. */
function wordFeatures(words: readonly string[]): string[] {
  const kept = words.filter((w) => w.length > 1);
  const features = [...kept];
  for (let i = 1; i < kept.length; i++) features.push(`${kept[i - 1]} ${kept[i]}`);
  return features;
}

/** Space 1, a-z 2-27, 0-9 28-37, anything else 38: no symbol is 0, so groups of different sizes never share a code. */
function symbol(code: number): number {
  if (code === 32) return 1;
  if (code >= 97 && code <= 122) return code - 95;
  if (code >= 48 && code <= 57) return code - 20;
  return 38;
}
const BASE = 39;

/**
 * Every letter group of the words as a number (a group of at most five symbols in base 39 stays below 2^31):
 * hashing numbers instead of millions of sliced strings makes building the profiles several times faster.
 */
function letterGroupCodes(words: readonly string[]): number[] {
  const codes: number[] = [];
  for (const word of words) {
    const symbols = [1];
    for (let i = 0; i < word.length; i++) symbols.push(symbol(word.charCodeAt(i)));
    symbols.push(1);
    for (const size of LETTER_GROUP_SIZES) {
      for (let start = 0; start + size <= symbols.length; start++) {
        let code = 0;
        for (let k = 0; k < size; k++) code = code * BASE + symbols[start + k]!;
        codes.push(code);
      }
    }
  }
  return codes;
}

function counted<K>(features: readonly K[]): Map<K, number> {
  const counts = new Map<K, number>();
  for (const feature of features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  return counts;
}

/** The texts an entry is known by, in both languages: the word index's fields but the work forms and reflection questions. */
function entryTexts(kb: KnowledgeBase, situations: Situations): { entry: number; words: string[] }[] {
  const texts: { entry: number; words: string[] }[] = [];
  kb.entries.forEach((entry, position) => {
    for (const lang of ['nl', 'en'] as const) {
      const text = entry[lang];
      const parts = [text.title, text.summary, ...text.keywords, ...(situations.get(entry.id)?.[lang] ?? []), ...text.approach, ...text.tips];
      for (const part of parts) texts.push({ entry: position, words: writtenWords(tokenizeMarked(part)) });
    }
  });
  return texts;
}

/**
 * One block of features over all texts, numbered in order of first sight, each text as its distinct features and
 * their counts, with every feature's idf (smoothed; 0 for features of fewer than `minTexts` texts, left out).
 * Typed arrays instead of a map per text: building the profiles made mostly garbage before.
 */
interface Block<K> {
  numbers: Map<K, number>;
  distinct: Int32Array[];
  counts: Int32Array[];
  idf: Float64Array;
}

function numberedBlock<K>(texts: readonly K[][], minTexts: number): Block<K> {
  const numbers = new Map<K, number>();
  const lastText: number[] = [];
  const count: number[] = [];
  const distinct: Int32Array[] = [];
  const counts: Int32Array[] = [];
  texts.forEach((features, text) => {
    const seen: number[] = [];
    for (const feature of features) {
      let number = numbers.get(feature);
      if (number === undefined) {
        number = numbers.size;
        numbers.set(feature, number);
        lastText.push(-1);
        count.push(0);
      }
      if (lastText[number] !== text) {
        lastText[number] = text;
        count[number] = 0;
        seen.push(number);
      }
      count[number]!++;
    }
    distinct.push(Int32Array.from(seen));
    counts.push(Int32Array.from(seen, (number) => count[number]!));
  });
  const documentFrequency = new Int32Array(numbers.size);
  for (const features of distinct) for (const number of features) documentFrequency[number]!++;
  const idf = new Float64Array(numbers.size);
  documentFrequency.forEach((df, number) => {
    if (df >= minTexts) idf[number] = Math.log((1 + texts.length) / (1 + df)) + 1;
  });
  return { numbers, distinct, counts, idf };
}

/** Adds a text's unit vector in one block to its entry's running sum, noting the features it touched first. */
function addText<K>(block: Block<K>, text: number, sum: Float64Array, touched: number[]): void {
  const features = block.distinct[text]!;
  const counts = block.counts[text]!;
  let norm = 0;
  for (let i = 0; i < features.length; i++) {
    const weight = tfIdf(counts[i]!, block.idf[features[i]!]!);
    norm += weight * weight;
  }
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < features.length; i++) {
    const idf = block.idf[features[i]!]!;
    if (idf === 0) continue;
    if (sum[features[i]!] === 0) touched.push(features[i]!);
    sum[features[i]!]! += tfIdf(counts[i]!, idf) * scale;
  }
}

/** While building: per feature, the entries whose profile has it and its weight there. */
interface Posting {
  entries: number[];
  weights: number[];
}

/** Moves an entry's sum into the block's postings (scaled) and clears it for the next entry. */
function fileEntry(entry: number, sum: Float64Array, touched: readonly number[], scale: number, postings: Posting[]): void {
  for (const number of touched) {
    const posting = (postings[number] ??= { entries: [], weights: [] });
    posting.entries.push(entry);
    posting.weights.push(sum[number]! * scale);
    sum[number] = 0;
  }
}

/** The flat arrays of SurfaceProfileParts while they are filled, block after block. */
interface FlatPostings {
  idf: number[];
  offsets: number[];
  entries: number[];
  weights: number[];
}

/** Appends the kept features of a block (idf above 0), in number order, with their idf and postings; returns them. */
function appendBlock<K>(block: Block<K>, postings: readonly (Posting | undefined)[], out: FlatPostings): K[] {
  const features: K[] = [];
  for (const [feature, number] of block.numbers) {
    if (block.idf[number]! === 0) continue;
    features.push(feature);
    out.idf.push(block.idf[number]!);
    const posting = postings[number];
    if (posting) {
      out.entries.push(...posting.entries);
      out.weights.push(...posting.weights);
    }
    out.offsets.push(out.entries.length);
  }
  return features;
}

/**
 * Each entry's profile is the sum of its texts' vectors (words and letter groups weighted apart, each part of
 * unit length), scaled to unit length, so an entry described by many texts is not favoured.
 */
export function analyseSurfaceProfiles(kb: KnowledgeBase, situations: Situations): SurfaceProfileParts {
  const texts = entryTexts(kb, situations);
  const words = numberedBlock(texts.map((t) => wordFeatures(t.words)), 1);
  const letters = numberedBlock(texts.map((t) => letterGroupCodes(t.words)), MIN_LETTER_GROUP_TEXTS);
  const wordSum = new Float64Array(words.numbers.size);
  const letterSum = new Float64Array(letters.numbers.size);
  const wordPostings: Posting[] = [];
  const letterPostings: Posting[] = [];
  // entryTexts lists each entry's texts together, so one running sum per block serves every entry in turn.
  let text = 0;
  for (let entry = 0; entry < kb.entries.length; entry++) {
    const wordsTouched: number[] = [];
    const lettersTouched: number[] = [];
    for (; text < texts.length && texts[text]!.entry === entry; text++) {
      addText(words, text, wordSum, wordsTouched);
      addText(letters, text, letterSum, lettersTouched);
    }
    let norm = 0;
    for (const number of wordsTouched) norm += wordSum[number]! ** 2;
    for (const number of lettersTouched) norm += letterSum[number]! ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    fileEntry(entry, wordSum, wordsTouched, scale, wordPostings);
    fileEntry(entry, letterSum, lettersTouched, scale, letterPostings);
  }
  const flat: FlatPostings = { idf: [], offsets: [0], entries: [], weights: [] };
  const wordList = appendBlock(words, wordPostings, flat);
  const letterCodes = appendBlock(letters, letterPostings, flat);
  return {
    entryIds: kb.entries.map((entry) => entry.id),
    words: wordList,
    letterCodes: Int32Array.from(letterCodes),
    idf: Float32Array.from(flat.idf),
    offsets: Int32Array.from(flat.offsets),
    entries: Uint16Array.from(flat.entries),
    weights: Float32Array.from(flat.weights),
  };
}

/** Sublinear term frequency times idf, scaled to unit length, per feature number; unknown features are left out. */
function unitWeightsOf<K>(counts: ReadonlyMap<K, number>, numbers: ReadonlyMap<K, number>, idf: Float32Array): Map<number, number> {
  const weights = new Map<number, number>();
  let norm = 0;
  for (const [feature, count] of counts) {
    const number = numbers.get(feature);
    if (number === undefined) continue;
    const weight = tfIdf(count, idf[number]!);
    weights.set(number, weight);
    norm += weight * weight;
  }
  if (norm > 0) for (const [number, weight] of weights) weights.set(number, weight / Math.sqrt(norm));
  return weights;
}

/** Scores questions against the profiles: linear in the question, which tokenizeQuestion caps. */
export function assembleSurfaceProfiles(parts: SurfaceProfileParts): SurfaceProfiles {
  const { entryIds, idf, offsets, entries, weights } = parts;
  const wordNumbers = new Map(parts.words.map((word, number) => [word, number]));
  const letterNumbers = new Map<number, number>();
  parts.letterCodes.forEach((code, i) => letterNumbers.set(code, parts.words.length + i));
  const accumulate = (sums: Float64Array, query: ReadonlyMap<number, number>, scale: number) => {
    for (const [number, weight] of query) {
      for (let i = offsets[number]!; i < offsets[number + 1]!; i++) sums[entries[i]!]! += weight * scale * weights[i]!;
    }
  };
  return {
    similarities(question) {
      const words = writtenWords(question);
      const wordWeights = unitWeightsOf(counted(wordFeatures(words)), wordNumbers, idf);
      const letterWeights = unitWeightsOf(counted(letterGroupCodes(words)), letterNumbers, idf);
      const similarities = new Map<string, number>();
      // Each block has unit length (or none): the question's whole vector is scaled to unit length.
      const blocks = (wordWeights.size > 0 ? 1 : 0) + (letterWeights.size > 0 ? 1 : 0);
      if (blocks === 0) return similarities;
      const sums = new Float64Array(entryIds.length);
      accumulate(sums, wordWeights, 1 / Math.sqrt(blocks));
      accumulate(sums, letterWeights, 1 / Math.sqrt(blocks));
      sums.forEach((sum, entry) => {
        if (sum > 0) similarities.set(entryIds[entry]!, sum);
      });
      return similarities;
    },
  };
}
