// Loads and cross-checks the handbook knowledge base (data/knowledge/*.json, data/delphi.json, data/citation-terms.json).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DataFileError, loadJsonFile } from '../core/data-file.ts';
import type { CitationTerms, DelphiFile, KnowledgeEntry } from './schema.ts';
import { citationTermsFileSchema, delphiFileSchema, knowledgeFileSchema } from './schema.ts';

export interface KnowledgeBase {
  entries: KnowledgeEntry[];
  byId: ReadonlyMap<string, KnowledgeEntry>;
  delphi: DelphiFile;
  /** How the section vocabulary of source lines reads in English (data/citation-terms.json). */
  citationTerms: CitationTerms;
}

/** Every entry id is unique and every `related` id points at an existing entry. */
export function loadKnowledgeBase(dataDir: string): KnowledgeBase {
  const dir = path.join(dataDir, 'knowledge');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const byId = new Map<string, KnowledgeEntry>();
  const origin = new Map<string, string>();
  for (const file of files) {
    const full = path.join(dir, file);
    const entries = loadJsonFile(full, knowledgeFileSchema);
    entries.forEach((entry, index) => {
      if (byId.has(entry.id)) {
        throw new DataFileError(path.relative(process.cwd(), full), `${index}.id`, `"${entry.id}" bestaat al in ${origin.get(entry.id)} / duplicate id`);
      }
      byId.set(entry.id, entry);
      origin.set(entry.id, file);
    });
  }
  for (const entry of byId.values()) {
    entry.related.forEach((id, index) => {
      if (!byId.has(id)) {
        throw new DataFileError(`data/knowledge/${origin.get(entry.id)}`, `${entry.id}.related.${index}`, `"${id}" bestaat niet / unknown entry`);
      }
    });
  }
  const delphi = loadJsonFile(path.join(dataDir, 'delphi.json'), delphiFileSchema);
  for (const element of delphi.kernelementen) {
    element.related.forEach((id, index) => {
      if (!byId.has(id)) throw new DataFileError('data/delphi.json', `${element.id}.related.${index}`, `"${id}" bestaat niet / unknown entry`);
    });
  }
  const citationTerms = loadJsonFile(path.join(dataDir, 'citation-terms.json'), citationTermsFileSchema).terms;
  return { entries: [...byId.values()], byId, delphi, citationTerms };
}
