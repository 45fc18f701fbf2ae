// Reads prompts/<lang>/*.json at start-up and checks that the languages agree with each other.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DataFileError, loadJsonFile } from './data-file.ts';
import type { AmbientValues, Lang, PromptTable, PromptVars, Translator } from './i18n.ts';
import { createTranslator, languages, placeholdersOf } from './i18n.ts';

const promptFileSchema = z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9-]+)*$/), z.string().min(1).max(3_000));

/** Placeholders the app fills in every prompt that uses them (the example dates). */
export interface AmbientPrompts {
  names: readonly string[];
  /** Their values at this moment, in `zone` (undefined: the default time zone). */
  values(zone: string | undefined): PromptVars;
}

export interface PromptCatalog {
  /**
   * Prompts in one language. `zone` names the time zone of the network a text is about; it is
   * asked each time a text with ambient values is made (undefined or absent: the default zone).
   */
  translator(lang: Lang, zone?: () => string | undefined): Translator;
  keys(): string[];
}

interface LoadedTable {
  table: Record<string, string>;
  /** Which file each key came from, for error messages. */
  fileOf: Map<string, string>;
  files: string[];
}

const shown = (file: string) => path.relative(process.cwd(), file) || file;

/** One language is every JSON file in its folder; a key may live in one file only. */
function loadLanguage(dir: string, lang: Lang): LoadedTable {
  const folder = path.join(dir, lang);
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
  } catch {
    throw new DataFileError(shown(folder), '', 'map ontbreekt / folder missing');
  }
  if (names.length === 0) throw new DataFileError(shown(folder), '', 'geen .json-bestanden / no .json files');
  const table: Record<string, string> = {};
  const fileOf = new Map<string, string>();
  for (const name of names) {
    const file = path.join(folder, name);
    const entries = loadJsonFile(file, promptFileSchema);
    for (const [key, text] of Object.entries(entries)) {
      const earlier = fileOf.get(key);
      if (earlier) throw new DataFileError(shown(file), key, `staat ook in / also in ${shown(earlier)}`);
      table[key] = text;
      fileOf.set(key, file);
    }
  }
  return { table, fileOf, files: names };
}

/**
 * Loads every language; Dutch is the reference that every other language must match exactly.
 * Without `ambient`, its placeholders stay as written (tools that never show those prompts).
 */
export function loadPrompts(dir: string, ambient?: AmbientPrompts): PromptCatalog {
  const loaded = new Map<Lang, LoadedTable>(languages.map((lang) => [lang, loadLanguage(dir, lang)]));
  const reference = loaded.get('nl')!;
  for (const lang of languages) {
    if (lang === 'nl') continue;
    const { table, fileOf, files } = loaded.get(lang)!;
    for (const name of reference.files) {
      if (!files.includes(name)) throw new DataFileError(shown(path.join(dir, lang, name)), '', 'ontbreekt / missing (exists in nl/)');
    }
    // A key belongs in the file of the same name as its Dutch original.
    const counterpart = (key: string) => shown(path.join(dir, lang, path.basename(reference.fileOf.get(key)!)));
    for (const key of Object.keys(reference.table)) {
      const text = table[key];
      if (text === undefined) throw new DataFileError(counterpart(key), key, 'ontbreekt / missing (exists in nl/)');
      const expected = placeholdersOf(reference.table[key]!).join(',');
      if (placeholdersOf(text).join(',') !== expected) {
        throw new DataFileError(shown(fileOf.get(key)!), key, `placeholders differ from nl/ (expected {${expected}})`);
      }
    }
    for (const key of Object.keys(table)) {
      if (!Object.hasOwn(reference.table, key)) throw new DataFileError(shown(fileOf.get(key)!), key, 'bestaat niet in nl/ / not in nl/');
    }
  }
  // Placeholders agree across languages, so the Dutch templates tell which keys use ambient values.
  const names = new Set(ambient?.names ?? []);
  const keys = new Set(Object.keys(reference.table).filter((key) => placeholdersOf(reference.table[key]!).some((name) => names.has(name))));
  const ambientIn = (zone: () => string | undefined): AmbientValues | undefined => (ambient ? { keys, values: () => ambient.values(zone()) } : undefined);
  const build = (lang: Lang, zone: () => string | undefined) => createTranslator(lang, loaded.get(lang)!.table as PromptTable, ambientIn(zone));
  const translators = new Map(languages.map((lang) => [lang, build(lang, () => undefined)]));
  return {
    translator: (lang, zone) => (zone ? build(lang, zone) : translators.get(lang)!),
    keys: () => Object.keys(reference.table),
  };
}
