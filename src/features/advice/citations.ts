// The source line under an answer: the entry's sections in the reader's language, grouped by document part, about one line.
import type { Lang } from '../../core/i18n.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { KnowledgeEntry } from '../../knowledge/schema.ts';

/** One cited section: the document and part it sits in (the group it is shown in) and its own name. */
interface Reference {
  /** "LISO-handboek, h5, " / "LISO handbook, ch. 5, " / "Verbindend leren (Arteveldehogeschool), ": what the names of one part follow. */
  group: string;
  name: string;
}

// A numbered item ("struikelblok 3", "design principle 4") is a place in the document, not a title: no quotes.
const numberedItem = /^\p{Ll}[\p{L} ]*\s\d+$/u;

/** The entry's sections, in the order the entry cites them, with the names of the reader's language. */
function references(entry: KnowledgeEntry, kb: KnowledgeBase, lang: Lang): Reference[] {
  return entry.sources.map((id) => {
    const section = kb.sources.sections.get(id)!;
    const document = kb.sources.documents.get(section.document)!;
    const part = section.part === undefined ? undefined : lang === 'nl' ? section.part : document.parts[section.part];
    const name = section[lang];
    return { group: part === undefined ? `${document[lang]}, ` : `${document[lang]}, ${part}, `, name: numberedItem.test(name) ? name : `“${name}”` };
  });
}

/**
 * Sections of one part of a document together, in the order the part is first cited: every group starts with its
 * document and part, and titles are quoted, so a reader never has to guess which chapter or document a name
 * belongs to, whatever commas or colons it holds ("LISO-handboek, h5, “Sessie voorbereiden”, “Samenwerken”").
 */
function grouped(refs: readonly Reference[]): Reference[][] {
  const groups = new Map<string, Reference[]>();
  for (const ref of refs) groups.set(ref.group, [...(groups.get(ref.group) ?? []), ref]);
  return [...groups.values()];
}

function render(groups: ReadonlyArray<readonly Reference[]>): string {
  return groups.map((refs) => `${refs[0]!.group}${refs.map((ref) => ref.name).join(', ')}`).join('; ');
}

/** About one line on a phone: the source line shows the references that fit, then how many more there are. */
export const MAX_SOURCE_CHARS = 160;

export interface Citation {
  /** The references shown, grouped by document part: groups joined with "; ", names within a group with ", ". */
  shown: string;
  /** How many references were left off; 0 when all are shown. */
  more: number;
}

/**
 * The entry's references, grouped, up to `max` characters: the first references in reading order that fit, cut
 * only between references; the first one is always shown, whatever its length. `max` Infinity gives every one.
 */
export function citeSources(entry: KnowledgeEntry, kb: KnowledgeBase, lang: Lang, max = MAX_SOURCE_CHARS): Citation {
  const inOrder = grouped(references(entry, kb, lang)).flat();
  let count = 1;
  while (count < inOrder.length && render(grouped(inOrder.slice(0, count + 1))).length <= max) count++;
  return { shown: render(grouped(inOrder.slice(0, count))), more: inOrder.length - count };
}
