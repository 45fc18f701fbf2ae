// Loads and cross-checks the handbook knowledge base (data/knowledge/*.json, data/delphi.json, data/sources.json).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DataFileError, loadJsonFile } from '../core/data-file.ts';
import type { DelphiFile, KnowledgeEntry } from './schema.ts';
import { delphiFileSchema, knowledgeFileSchema } from './schema.ts';
import type { SourceCatalogue } from './source-catalogue.ts';
import { loadSourceCatalogue } from './source-catalogue.ts';

export interface KnowledgeBase {
  entries: KnowledgeEntry[];
  byId: ReadonlyMap<string, KnowledgeEntry>;
  delphi: DelphiFile;
  /** The document sections entries cite, each with its Dutch and English name (data/sources.json). */
  sources: SourceCatalogue;
}

/** Every entry id is unique, every `related` id points at an existing entry, every source at a section, each once. */
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
  const sources = loadSourceCatalogue(dataDir);
  for (const entry of byId.values()) {
    const file = `data/knowledge/${origin.get(entry.id)}`;
    entry.related.forEach((id, index) => {
      if (!byId.has(id)) throw new DataFileError(file, `${entry.id}.related.${index}`, `"${id}" bestaat niet / unknown entry`);
    });
    entry.sources.forEach((id, index) => {
      if (!sources.sections.has(id)) throw new DataFileError(file, `${entry.id}.sources.${index}`, `"${id}" staat niet in data/sources.json / unknown section`);
      if (entry.sources.indexOf(id) !== index) throw new DataFileError(file, `${entry.id}.sources.${index}`, `"${id}" staat er al / cited twice`);
    });
  }
  const delphi = loadJsonFile(path.join(dataDir, 'delphi.json'), delphiFileSchema);
  for (const element of delphi.kernelementen) {
    element.related.forEach((id, index) => {
      if (!byId.has(id)) throw new DataFileError('data/delphi.json', `${element.id}.related.${index}`, `"${id}" bestaat niet / unknown entry`);
    });
  }
  return { entries: [...byId.values()], byId, delphi, sources };
}
