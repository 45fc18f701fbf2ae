// Per-language MiniSearch index over the knowledge base, plus the statistics the scorer needs.
import MiniSearch from 'minisearch';
import type { Lang } from '../core/i18n.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { EntryText } from '../knowledge/schema.ts';
import type { Analyzer } from './analyzer.ts';
import type { VocabularyMatcher } from './spelling-tolerance.ts';
import { buildVocabularyMatcher } from './spelling-tolerance.ts';
import { tokenizeMarked } from './text-normalization.ts';

// Tips, work forms and reflection questions share one field: all three name side topics, and fewer fields keep searches fast.
export const indexedFields = ['title', 'summary', 'keywords', 'approach', 'practice'] as const;
export type IndexedField = (typeof indexedFields)[number];

type IndexedDocument = { id: string } & Record<IndexedField, string>;

export interface KeywordPhrase {
  entryId: string;
  stems: readonly string[];
}

export interface LanguageIndex {
  lang: Lang;
  search: MiniSearch<IndexedDocument>;
  /** In how many entries each stem occurs (any field). */
  documentFrequency: ReadonlyMap<string, number>;
  /** Finds handbook stems near an unknown one (typos, beginnings of longer words). */
  vocabulary: VocabularyMatcher;
  entryCount: number;
  /** Normalised words of this language's handbook text (for language detection). */
  words: ReadonlySet<string>;
  /** Words the handbook writes as names or acronyms ("ZonMw", "LISO", "WhatsApp"). */
  names: ReadonlySet<string>;
  /** Multi-word keywords ("opkomst loopt terug") as stem lists, filed under each of their stems. */
  keywordPhrasesByStem: ReadonlyMap<string, ReadonlyArray<KeywordPhrase>>;
}

function documentOf(id: string, text: EntryText): IndexedDocument {
  return {
    id,
    title: text.title,
    summary: text.summary,
    keywords: text.keywords.join('\n'),
    approach: text.approach.join('\n'),
    practice: [...text.tips, ...text.workForms, ...text.reflectionQuestions].join('\n'),
  };
}

export function buildLanguageIndex(kb: KnowledgeBase, lang: Lang, analyzer: Analyzer): LanguageIndex {
  const search = new MiniSearch<IndexedDocument>({
    fields: [...indexedFields],
    // Our own pipeline does tokenising and stemming, so MiniSearch sees exactly what queries produce.
    tokenize: (text) => analyzer.stems(text, lang),
    processTerm: (term) => term,
  });
  const documentFrequency = new Map<string, number>();
  const stemOfWord = new Map<string, string>();
  const names = new Set<string>();
  const keywordPhrasesByStem = new Map<string, KeywordPhrase[]>();
  for (const entry of kb.entries) {
    const document = documentOf(entry.id, entry[lang]);
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
      if (phrase.stems.length < 2) continue;
      for (const stem of phrase.stems) keywordPhrasesByStem.set(stem, [...(keywordPhrasesByStem.get(stem) ?? []), phrase]);
    }
  }
  const words = new Set(stemOfWord.keys());
  const vocabulary = buildVocabularyMatcher(stemOfWord);
  return { lang, search, documentFrequency, vocabulary, entryCount: kb.entries.length, words, names, keywordPhrasesByStem };
}

/** BM25's inverse document frequency; an unknown stem gets the highest value, as if it occurred in half an entry. */
export function inverseDocumentFrequency(index: LanguageIndex, stem: string): number {
  const df = index.documentFrequency.get(stem) ?? 0;
  return Math.log(1 + (index.entryCount - df + 0.5) / (df + 0.5));
}
