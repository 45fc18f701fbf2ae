// Per-language MiniSearch index over the knowledge base, plus the statistics the scorer needs.
import MiniSearch from 'minisearch';
import type { SearchOptions } from 'minisearch';
import type { Lang } from '../core/i18n.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { EntryText } from '../knowledge/schema.ts';
import type { Situations } from './advice-data.ts';
import type { Analyzer } from './analyzer.ts';
import { STEM_BEGINNING } from './decompounding.ts';
import type { VocabularyMatcher } from './spelling-tolerance.ts';
import { buildVocabularyMatcher } from './spelling-tolerance.ts';
import { tokenizeMarked } from './text-normalization.ts';

// Tips, work forms and reflection questions share one field: all three name side topics, and fewer fields keep searches fast.
export const indexedFields = ['title', 'summary', 'keywords', 'situations', 'approach', 'practice'] as const;
export type IndexedField = (typeof indexedFields)[number];

/** Field weights: titles and everyday keywords say what an entry is about; tips mention many side topics. */
export const fieldBoosts: Record<IndexedField, number> = {
  title: 2.5,
  keywords: 3,
  situations: 2,
  summary: 2,
  approach: 1,
  practice: 0.6,
};

type IndexedDocument = { id: string } & Record<IndexedField, string>;

export interface KeywordPhrase {
  entryId: string;
  stems: readonly string[];
}

/** The entries a stem occurs in, each with its BM25 score summed over the boosted fields. */
export interface StemPostings {
  entryIds: readonly string[];
  scores: readonly number[];
}

export interface LanguageIndex {
  lang: Lang;
  /** Where a handbook stem occurs and how much a match there is worth (term weight 1); undefined for other stems. */
  postings(stem: string): StemPostings | undefined;
  /** In how many entries each stem occurs (any field). */
  documentFrequency: ReadonlyMap<string, number>;
  /** Finds handbook stems near an unknown one (typos, beginnings of longer words). */
  vocabulary: VocabularyMatcher;
  entryCount: number;
  /** Normalised words of this language's handbook text (for language detection). */
  words: ReadonlySet<string>;
  /** Words the handbook writes as names or acronyms ("ZonMw", "LISO", "WhatsApp"). */
  names: ReadonlySet<string>;
  /** The first letters of every stem, so the compound splitter skips word ends that cannot be a handbook word. */
  stemBeginnings: ReadonlySet<string>;
  /** Multi-word keywords ("opkomst loopt terug") as stem lists, filed under each of their stems. */
  keywordPhrasesByStem: ReadonlyMap<string, ReadonlyArray<KeywordPhrase>>;
}

function documentOf(id: string, text: EntryText, situations: readonly string[]): IndexedDocument {
  return {
    id,
    title: text.title,
    summary: text.summary,
    keywords: text.keywords.join('\n'),
    situations: situations.join('\n'),
    approach: text.approach.join('\n'),
    practice: [...text.tips, ...text.workForms, ...text.reflectionQuestions].join('\n'),
  };
}

/**
 * What reading one language's entries gives, as plain data: everything a LanguageIndex is assembled from.
 * `npm run build` stores it (prebuilt-index.ts), so a start assembles the index without analysing the handbook.
 */
export interface LanguageIndexParts {
  lang: Lang;
  entryCount: number;
  /** Insertion orders are kept: the vocabulary's radix tree and the phrase lists iterate in them. */
  documentFrequency: ReadonlyMap<string, number>;
  stemOfWord: ReadonlyMap<string, string>;
  names: ReadonlySet<string>;
  /** Multi-word keywords, in the order the entries and their keywords were read. */
  keywordPhrases: readonly KeywordPhrase[];
  postings(stem: string): StemPostings | undefined;
}

/** The expensive part: tokenises and stems every field of every entry and indexes them in MiniSearch. */
export function analyseLanguage(kb: KnowledgeBase, lang: Lang, analyzer: Analyzer, situations: Situations = new Map()): LanguageIndexParts {
  const search = new MiniSearch<IndexedDocument>({
    fields: [...indexedFields],
    // Our own pipeline does tokenising and stemming, so MiniSearch sees exactly what queries produce.
    tokenize: (text) => analyzer.stems(text, lang),
    processTerm: (term) => term,
  });
  const documentFrequency = new Map<string, number>();
  const stemOfWord = new Map<string, string>();
  const names = new Set<string>();
  const keywordPhrases: KeywordPhrase[] = [];
  for (const entry of kb.entries) {
    const document = documentOf(entry.id, entry[lang], situations.get(entry.id)?.[lang] ?? []);
    search.add(document);
    const stems = new Set<string>();
    for (const field of indexedFields) {
      for (const token of analyzer.contentTokens(document[field], lang)) {
        stems.add(token.stem);
        stemOfWord.set(token.word, token.stem);
      }
      for (const token of tokenizeMarked(document[field])) if (token.name) names.add(token.word);
    }
    for (const stem of stems) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
    for (const keyword of entry[lang].keywords) {
      const phrase = { entryId: entry.id, stems: [...new Set(analyzer.stems(keyword, lang))] };
      if (phrase.stems.length >= 2) keywordPhrases.push(phrase);
    }
  }
  const postings = stemPostings(search, documentFrequency);
  return { lang, entryCount: kb.entries.length, documentFrequency, stemOfWord, names, keywordPhrases, postings };
}

/** The index a question is scored on, from analysed (or stored) parts; cheap next to analyseLanguage. */
export function assembleLanguageIndex(parts: LanguageIndexParts): LanguageIndex {
  const { lang, entryCount, documentFrequency, stemOfWord, names, postings } = parts;
  const keywordPhrasesByStem = new Map<string, KeywordPhrase[]>();
  for (const phrase of parts.keywordPhrases) {
    for (const stem of phrase.stems) {
      const list = keywordPhrasesByStem.get(stem);
      if (list) list.push(phrase);
      else keywordPhrasesByStem.set(stem, [phrase]);
    }
  }
  const words = new Set(stemOfWord.keys());
  const stemBeginnings = new Set([...documentFrequency.keys()].map((stem) => stem.slice(0, STEM_BEGINNING)));
  return { lang, postings, documentFrequency, vocabulary: lazyVocabulary(stemOfWord), entryCount, words, names, stemBeginnings, keywordPhrasesByStem };
}

export function buildLanguageIndex(kb: KnowledgeBase, lang: Lang, analyzer: Analyzer, situations: Situations = new Map()): LanguageIndex {
  return assembleLanguageIndex(analyseLanguage(kb, lang, analyzer, situations));
}

/** The radix tree of typo look-ups is built on the first unknown word: most questions and many processes never need it. */
function lazyVocabulary(stemOfWord: ReadonlyMap<string, string>): VocabularyMatcher {
  let matcher: VocabularyMatcher | undefined;
  return { near: (word) => (matcher ??= buildVocabularyMatcher(stemOfWord)).near(word) };
}

/**
 * MiniSearch's BM25+ of one stem, asked once and kept. The handbook does not change while the bot runs,
 * so a question only adds up these figures (times its terms' weights) instead of letting MiniSearch build
 * per-field result maps for every question, which made most of an answer's garbage and with it the
 * collector pauses in the tail of the answer times. Asked on first use, not at start-up: the vocabulary
 * has thousands of stems and most questions touch few of them; the cache cannot outgrow the vocabulary.
 */
function stemPostings(search: MiniSearch<IndexedDocument>, documentFrequency: ReadonlyMap<string, number>): (stem: string) => StemPostings | undefined {
  const options: SearchOptions = {
    tokenize: (text) => [text],
    processTerm: (term) => term,
    boost: fieldBoosts,
    fuzzy: false,
    prefix: false,
  };
  const known = new Map<string, StemPostings>();
  return (stem) => {
    let postings = known.get(stem);
    if (postings || !documentFrequency.has(stem)) return postings;
    const results = search.search(stem, options);
    postings = { entryIds: results.map((r) => String(r.id)), scores: results.map((r) => r.score) };
    known.set(stem, postings);
    return postings;
  };
}

/** BM25's inverse document frequency; an unknown stem gets the highest value, as if it occurred in half an entry. */
export function inverseDocumentFrequency(index: LanguageIndex, stem: string): number {
  const df = index.documentFrequency.get(stem) ?? 0;
  return Math.log(1 + (index.entryCount - df + 0.5) / (df + 0.5));
}
