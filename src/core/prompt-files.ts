// Reads prompts/nl.json and prompts/en.json at start-up and checks they agree with each other.
import path from 'node:path';
import { z } from 'zod';
import { DataFileError, loadJsonFile } from './data-file.ts';
import type { Lang, PromptTable, Translator } from './i18n.ts';
import { createTranslator, languages, placeholdersOf } from './i18n.ts';

const promptFileSchema = z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9-]+)*$/), z.string().min(1).max(3_000));

export interface PromptCatalog {
  translator(lang: Lang): Translator;
  keys(): string[];
}

/** Loads every language; Dutch is the reference that every other language must match exactly. */
export function loadPrompts(dir: string): PromptCatalog {
  const tables = new Map<Lang, PromptTable>();
  for (const lang of languages) {
    tables.set(lang, loadJsonFile(path.join(dir, `${lang}.json`), promptFileSchema) as PromptTable);
  }
  const reference = tables.get('nl')!;
  for (const lang of languages) {
    if (lang === 'nl') continue;
    const table = tables.get(lang)!;
    const file = path.relative(process.cwd(), path.join(dir, `${lang}.json`));
    for (const key of Object.keys(reference)) {
      const text = (table as Record<string, string>)[key];
      if (text === undefined) throw new DataFileError(file, key, 'ontbreekt / missing (exists in nl.json)');
      const expected = placeholdersOf((reference as Record<string, string>)[key]!).join(',');
      if (placeholdersOf(text).join(',') !== expected) {
        throw new DataFileError(file, key, `placeholders differ from nl.json (expected {${expected}})`);
      }
    }
    for (const key of Object.keys(table)) {
      if (!Object.hasOwn(reference, key)) throw new DataFileError(file, key, 'bestaat niet in nl.json / not in nl.json');
    }
  }
  const translators = new Map(languages.map((lang) => [lang, createTranslator(lang, tables.get(lang)!)]));
  return {
    translator: (lang) => translators.get(lang)!,
    keys: () => Object.keys(reference),
  };
}
