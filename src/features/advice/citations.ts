// The source line under an answer: the entry's references in the reader's language, capped to about one line.
import type { Lang } from '../../core/i18n.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { CitationTerms, KnowledgeEntry } from '../../knowledge/schema.ts';

/**
 * The data cites in Dutch only. For English readers the handbook's own section vocabulary is rendered in
 * English (data/citation-terms.json), whole words and phrases only, longest first; the Dutch titles of sections
 * stay as they are, since they name parts of a Dutch document a reader may look up.
 */
interface EnglishCitations {
  englishOf: ReadonlyMap<string, string>;
  phrase: RegExp;
}

// Compiled once per knowledge base: the terms do not change while the bot runs.
const compiled = new WeakMap<CitationTerms, EnglishCitations>();

function englishCitations(terms: CitationTerms): EnglishCitations {
  let found = compiled.get(terms);
  if (!found) {
    const phrases = [...terms].sort((a, b) => b[0].length - a[0].length);
    // A phrase counts only as a whole: no letter, digit or hyphen right before or after it.
    const phrase = new RegExp(`(?<![\\p{L}\\d-])(?:${phrases.map(([nl]) => nl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\d-])`, 'gu');
    found = { englishOf: new Map(phrases), phrase };
    compiled.set(terms, found);
  }
  return found;
}

/** "LISO-handboek, h6, struikelblok 2 en 7" -> "LISO handbook, ch. 6, stumbling block 2 and 7". */
export function citationInEnglish(text: string, terms: CitationTerms): string {
  const { englishOf, phrase } = englishCitations(terms);
  return text
    .replace(phrase, (nl) => englishOf.get(nl)!)
    .replace(/(?<![\p{L}\d-])h(\d+)(?![\p{L}\d-])/gu, 'ch. $1')
    // "en" between numbered references ("2 en 7", "Tabel 2 en Bijlage 2", "(en 9 ..."); elsewhere it is part of a Dutch title.
    .replace(/(?<=\d) en (?=[\p{L}\d])|(?<=\()en (?=\d)/gu, (match) => match.replace('en', 'and'));
}

/** Each reference of an entry on its own: sources, and the references a source's section lists with "; ". */
function references(entry: KnowledgeEntry, terms: CitationTerms, lang: Lang): string[] {
  const refs = entry.sources.flatMap((s) => `${s.document}, ${s.section}`.split('; '));
  return lang === 'en' ? refs.map((ref) => citationInEnglish(ref, terms)) : refs;
}

/** About one line on a phone: the source line shows the references that fit, then how many more there are. */
export const MAX_SOURCE_CHARS = 160;

export interface Citation {
  /** The references shown, joined with "; ". */
  shown: string;
  /** How many references were left off; 0 when all are shown. */
  more: number;
}

/**
 * The entry's references up to `max` characters, cut only between references; the first one is always
 * shown, whatever its length. `max` Infinity gives every reference.
 */
export function citeSources(entry: KnowledgeEntry, kb: KnowledgeBase, lang: Lang, max = MAX_SOURCE_CHARS): Citation {
  const refs = references(entry, kb.citationTerms, lang);
  let count = 1;
  let length = refs[0]!.length;
  while (count < refs.length && length + 2 + refs[count]!.length <= max) length += 2 + refs[count++]!.length;
  return { shown: refs.slice(0, count).join('; '), more: refs.length - count };
}
