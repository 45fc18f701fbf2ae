// Loads data/sources.json: every document section the knowledge base cites, once, with its Dutch and English name.
import path from 'node:path';
import { DataFileError, loadJsonFile } from '../core/data-file.ts';
import type { SourceDocument, SourceSection } from './schema.ts';
import { sourcesFileSchema } from './schema.ts';

export interface SourceCatalogue {
  documents: ReadonlyMap<string, SourceDocument>;
  sections: ReadonlyMap<string, SourceSection>;
}

const FILE = 'data/sources.json';

// Dutch number words, so "3 agenda's" and "Drie agenda's voor verandering" compare as the same words.
const numberWords = ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien'];

/** A name's words for comparison: lower case, no qualifier in brackets, apostrophes and dashes gone, numbers as words. */
function wordsOf(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\d]+/u)
    .filter((word) => word !== '')
    .map((word) => numberWords[Number(word)] ?? word);
}

/** Whether `inner`'s words occur, in order and together, among `outer`'s: "drie agendas" in "drie agendas voor verandering". */
function containsWords(outer: readonly string[], inner: readonly string[]): boolean {
  for (let start = 0; start + inner.length <= outer.length; start++) {
    if (inner.every((word, i) => outer[start + i] === word)) return true;
  }
  return false;
}

/**
 * One section, one name: within a document no section's name may contain another's (in either language), since
 * that is one section cited under two spellings ("3 agenda's" next to "Drie agenda's voor verandering") or a part
 * next to its whole; a source line would then name it twice.
 */
function checkOneNamePerSection(sections: readonly SourceSection[]): void {
  sections.forEach((section, index) => {
    for (const lang of ['nl', 'en'] as const) {
      const words = wordsOf(section[lang]);
      const twin = sections.find((other, j) => j !== index && other.document === section.document && containsWords(wordsOf(other[lang]), words));
      if (twin) {
        throw new DataFileError(FILE, `sections.${index}.${lang}`, `"${section[lang]}" is ook "${twin[lang]}" (${twin.id}) / the same section under two names`);
      }
    }
  });
}

/** Section ids are unique, each section's document and part exist, and no section has two names. */
export function loadSourceCatalogue(dataDir: string): SourceCatalogue {
  const file = loadJsonFile(path.join(dataDir, 'sources.json'), sourcesFileSchema);
  const documents = new Map(file.documents.map((d) => [d.id, d]));
  const sections = new Map<string, SourceSection>();
  file.sections.forEach((section, index) => {
    if (sections.has(section.id)) throw new DataFileError(FILE, `sections.${index}.id`, `"${section.id}" bestaat al / duplicate id`);
    const document = documents.get(section.document);
    if (!document) throw new DataFileError(FILE, `sections.${index}.document`, `"${section.document}" bestaat niet / unknown document`);
    if (section.part !== undefined && !Object.hasOwn(document.parts, section.part)) {
      throw new DataFileError(FILE, `sections.${index}.part`, `"${section.part}" staat niet in de parts van ${document.id} / unknown part`);
    }
    sections.set(section.id, section);
  });
  checkOneNamePerSection(file.sections);
  return { documents, sections };
}
