// The source line under an answer: the entry's references in the reader's language, capped to about one line.
import type { Lang } from '../../core/i18n.ts';
import type { KnowledgeEntry } from '../../knowledge/schema.ts';

/**
 * The data cites in Dutch only. For English readers the handbook's own section vocabulary is rendered in
 * English, whole words and phrases only (longest first); the Dutch titles of sections stay as they are,
 * since they name parts of a Dutch document a reader may look up.
 */
const ENGLISH_CITATION_WORDS: ReadonlyArray<readonly [string, string]> = [
  ['interview met de ontwikkelaars', 'interview with the developers'],
  ['voor de perspectieven', 'for the perspectives'],
  ['alle kernelementen', 'all core elements'],
  ['aanpak en tips', 'approach and tips'],
  ['en kernelement', 'and core element'],
  ['scoretabel ronde', 'score table round'],
  ['LISO-handboek', 'LISO handbook'],
  ['LISO-framework', 'LISO framework'],
  ['TNO-rapport', 'TNO report'],
  ['Delphi-studie', 'Delphi study'],
  ['diepte-interviews en focusgroepen', 'in-depth interviews and focus groups'],
  ['focusgroepen en besluiten', 'focus groups and decisions'],
  ['diepte-interviews', 'in-depth interviews'],
  ['focusgroepen', 'focus groups'],
  ['Methodologie', 'Methodology'],
  ['Vooraf', 'Foreword'],
  ['kernelementen', 'core elements'],
  ['kernelement', 'core element'],
  ['deelelement', 'sub-element'],
  ['ontwerpprincipe', 'design principle'],
  ['struikelblok', 'stumbling block'],
  ['Bijlage', 'Appendix'],
  ['Tabel', 'Table'],
  ['fasen', 'phases'],
  ['fase', 'phase'],
];

const phrases = [...ENGLISH_CITATION_WORDS].sort((a, b) => b[0].length - a[0].length);
const englishOf = new Map(phrases);
// A phrase counts only as a whole: no letter, digit or hyphen right before or after it.
const PHRASE = new RegExp(`(?<![\\p{L}\\d-])(?:${phrases.map(([nl]) => nl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\d-])`, 'gu');

/** "LISO-handboek, h6, struikelblok 2 en 7" -> "LISO handbook, ch. 6, stumbling block 2 and 7". */
export function citationInEnglish(text: string): string {
  return text
    .replace(PHRASE, (nl) => englishOf.get(nl)!)
    .replace(/(?<![\p{L}\d-])h(\d+)(?![\p{L}\d-])/gu, 'ch. $1')
    // "en" between numbered references ("2 en 7", "Tabel 2 en Bijlage 2", "(en 9 ..."); elsewhere it is part of a Dutch title.
    .replace(/(?<=\d) en (?=[\p{L}\d])|(?<=\()en (?=\d)/gu, (match) => match.replace('en', 'and'));
}

/** Each reference of an entry on its own: sources, and the references a source's section lists with "; ". */
function references(entry: KnowledgeEntry, lang: Lang): string[] {
  const refs = entry.sources.flatMap((s) => `${s.document}, ${s.section}`.split('; '));
  return lang === 'en' ? refs.map(citationInEnglish) : refs;
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
export function citeSources(entry: KnowledgeEntry, lang: Lang, max = MAX_SOURCE_CHARS): Citation {
  const refs = references(entry, lang);
  let count = 1;
  let length = refs[0]!.length;
  while (count < refs.length && length + 2 + refs[count]!.length <= max) length += 2 + refs[count++]!.length;
  return { shown: refs.slice(0, count).join('; '), more: refs.length - count };
}
