// Text analysis stays linear on hostile input: caps on question and word length, and a bounded amount of
// work per question, counted in stemmer calls and vocabulary look-ups (never timed: the machine varies).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdviceData } from '../../src/advice/advice-data.ts';
import type { Analyzer } from '../../src/advice/analyzer.ts';
import { createAnalyzer } from '../../src/advice/analyzer.ts';
import { splitCompound } from '../../src/advice/decompounding.ts';
import { buildLanguageIndex } from '../../src/advice/entry-index.ts';
import type { LanguageIndex } from '../../src/advice/entry-index.ts';
import { analyseQuestion, MAX_REPAIRED_WORDS } from '../../src/advice/query-analysis.ts';
import { buildWordClasses } from '../../src/advice/stopwords.ts';
import { compileSynonyms } from '../../src/advice/synonym-expansion.ts';
import { MAX_QUESTION_CHARS, MAX_QUESTION_WORDS, MAX_WORD_CHARS, tokenizeQuestion } from '../../src/advice/text-normalization.ts';
import { root, sharedEngine } from './engine-fixture.ts';

const { engine, kb } = sharedEngine();
const data = loadAdviceData(path.join(root, 'data'));
const baseAnalyzer = createAnalyzer(buildWordClasses(data.stopwords));
const indexes = { nl: buildLanguageIndex(kb, 'nl', baseAnalyzer), en: buildLanguageIndex(kb, 'en', baseAnalyzer) };
const synonyms = compileSynonyms(data.synonyms, baseAnalyzer, (stem, lang) => indexes[lang].documentFrequency.get(stem) ?? 0);

// A deterministic stream of letters (a linear congruential generator), so failures can be replayed.
function madeUpWords(count: number, length: number, seed = 7): string[] {
  let state = seed;
  const letter = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return String.fromCharCode(97 + (state % 26));
  };
  return Array.from({ length: count }, () => Array.from({ length }, letter).join(''));
}

/** Runs the Dutch and English analysis of a question and counts the work done. */
function analyseCounting(question: string) {
  const work = { stemCalls: 0, stemmedChars: 0, vocabularyLookups: 0 };
  const count = (word: string) => {
    work.stemCalls++;
    work.stemmedChars += word.length;
  };
  const analyzer: Analyzer = {
    ...baseAnalyzer,
    stemWord: (word, lang) => (count(word), baseAnalyzer.stemWord(word, lang)),
    stemAny: (word, lang) => (count(word), baseAnalyzer.stemAny(word, lang)),
  };
  const counted = (index: LanguageIndex): LanguageIndex => ({
    ...index,
    vocabulary: { near: (word) => (work.vocabularyLookups++, index.vocabulary.near(word)) },
  });
  const words = tokenizeQuestion(question);
  for (const lang of ['nl', 'en'] as const) {
    const index = counted(indexes[lang]);
    const isKnownAnywhere = (stem: string) => indexes.nl.documentFrequency.has(stem) || indexes.en.documentFrequency.has(stem);
    analyseQuestion(words, lang, { analyzer, synonyms: synonyms[lang], index, isKnownAnywhere });
  }
  return { words, work };
}

/** Distinct 30-40 letter words glued from handbook words: many cut positions look like a known word's start. */
function compoundLikeWords(count: number): string[] {
  const parts = ['deelnemers', 'netwerk', 'bijeenkomst', 'ervaring', 'sessie', 'trekker', 'agenda'];
  return Array.from({ length: count }, (_, i) => [0, 1, 2, 3].map((k) => parts[(i + k * (k + i)) % parts.length]).join('').slice(0, MAX_WORD_CHARS) + madeUpWords(1, 2, i)[0]);
}

const hostileQuestions: Array<[string, string]> = [
  ['one new 2,000-letter word', madeUpWords(1, 2_000)[0]!],
  ['a 10,000-character question of new 49-letter words', madeUpWords(200, 49).join(' ')],
  ['a 10,000-character question of new 39-letter words', madeUpWords(250, 39).join(' ')],
  ['a question of 1,500 new short words', madeUpWords(1_500, 5).join(' ')],
  ['a hyphen chain', `${'a-'.repeat(5_000)}b`],
  ['one separable verb repeated', 'meldt zich af '.repeat(800)],
  ['a known word repeated', 'netwerk '.repeat(1_500)],
  ['addresses and dots', `${'x@'.repeat(2_500)}${'a.'.repeat(2_500)}`],
  // Every three-letter window is the beginning of some handbook stem, so the compound splitter cannot skip cuts.
  ['compound-like words', compoundLikeWords(60).join(' ')],
];

describe('caps before the expensive steps', () => {
  it('looks at the first MAX_QUESTION_CHARS characters and MAX_QUESTION_WORDS words only', () => {
    expect(tokenizeQuestion(`${'netwerk '.repeat(MAX_QUESTION_CHARS)} betrokkenheid`).some((t) => t.word === 'betrokkenheid')).toBe(false);
    expect(tokenizeQuestion('a '.repeat(MAX_QUESTION_CHARS))).toHaveLength(MAX_QUESTION_WORDS);
  });

  it('cuts a word longer than MAX_WORD_CHARS and marks it, so no repair is tried on it', () => {
    const [token] = tokenizeQuestion('x'.repeat(2_000));
    expect(token).toEqual({ word: 'x'.repeat(MAX_WORD_CHARS), name: false, overlong: true, text: 'x'.repeat(MAX_WORD_CHARS) });
    expect(tokenizeQuestion('Samenwerkingsovereenkomst')[0]).toEqual({ word: 'samenwerkingsovereenkomst', name: false, text: 'Samenwerkingsovereenkomst' });
  });

  it('splits compounds up to MAX_WORD_CHARS letters and refuses longer ones outright', () => {
    const vocabulary = { isKnownStem: (stem: string) => indexes.nl.documentFrequency.has(stem), stemBeginnings: indexes.nl.stemBeginnings };
    expect(splitCompound('kwartaalbijeenkomst', 'nl', baseAnalyzer, vocabulary)?.stems).toContain('bijeenkomst');
    expect(splitCompound(`${'q'.repeat(MAX_WORD_CHARS)}bijeenkomst`, 'nl', baseAnalyzer, vocabulary)).toBeNull();
  });
});

describe('bounded work per question', () => {
  // Every word of a capped question stemmed a few times (both languages, joined verbs, synonyms), plus the
  // repairs of at most MAX_REPAIRED_WORDS words, each at most one stem per cut position of its compound.
  const maxStemmedChars = 2 * 4 * MAX_QUESTION_CHARS + 2 * MAX_REPAIRED_WORDS * MAX_WORD_CHARS * MAX_WORD_CHARS;

  it.each(hostileQuestions)('%s', (_, question) => {
    const { words, work } = analyseCounting(question);
    expect(words.length).toBeLessThanOrEqual(MAX_QUESTION_WORDS);
    expect(work.vocabularyLookups).toBeLessThanOrEqual(2 * MAX_REPAIRED_WORDS);
    expect(work.stemmedChars).toBeLessThanOrEqual(maxStemmedChars);
  });

  it('looks up the typos of a repeated unknown word once', () => {
    expect(analyseCounting('betrokkenheit '.repeat(100)).work.vocabularyLookups).toBe(2);
  });

  it('still repairs the unknown words of an ordinary question', () => {
    // Two typos in a question padded with made-up words: the repairs the caps must not take away.
    const padded = `hoe hou ik de betrokkenheit van deelnemrs vast ${madeUpWords(20, 9).join(' ')}`;
    expect(analyseCounting(padded).work.vocabularyLookups).toBeGreaterThanOrEqual(2);
    expect(engine.ask('hoe hou ik de betrokkenheit van deelnemrs vast').best?.entry.id).toBe('sb-betrokkenheid');
  });

  it.each(hostileQuestions)('answers or refuses, never throws: %s', (_, question) => {
    const result = engine.ask(question);
    if (result.abstained) expect(result.best).toBeUndefined();
    else expect(kb.byId.has(result.best?.entry.id ?? '')).toBe(true);
  });
});
