// Zod schemas and loader of the engine's own vocabulary data in data/advice/*.json.
import path from 'node:path';
import { z } from 'zod';
import { loadJsonFile } from '../core/data-file.ts';

const word = z.string().trim().min(1).max(40);
const phrase = z.string().trim().min(2).max(80);

const languageStopwordsSchema = z.object({
  /** Dropped from questions and handbook text, on top of the `stopword` package's list. */
  stop: z.array(word).default([]),
  /** Kept for ranking, but not counted when deciding whether the handbook covers a question. */
  weak: z.array(word).default([]),
});

export const stopwordsFileSchema = z.object({
  about: z.string().optional(),
  nl: languageStopwordsSchema,
  en: languageStopwordsSchema,
});

/** One everyday way of saying something, mapped onto the vocabulary the handbook uses. */
const synonymGroupSchema = z.object({
  /** Everyday phrasings; any of them found in a question (after stemming) triggers the group. */
  when: z.array(phrase).min(1).max(40),
  /** Handbook words and phrases added to the question when the group triggers. */
  add: z.array(phrase).min(1).max(20),
});

export const synonymsFileSchema = z.object({
  about: z.string().optional(),
  nl: z.array(synonymGroupSchema),
  en: z.array(synonymGroupSchema),
});

export type StopwordsFile = z.output<typeof stopwordsFileSchema>;
export type SynonymsFile = z.output<typeof synonymsFileSchema>;
export type SynonymGroup = z.output<typeof synonymGroupSchema>;

export interface AdviceData {
  stopwords: StopwordsFile;
  synonyms: SynonymsFile;
}

/** Reads data/advice/*.json under `dataDir`; a bad file stops start-up with file and field named. */
export function loadAdviceData(dataDir: string): AdviceData {
  const dir = path.join(dataDir, 'advice');
  return {
    stopwords: loadJsonFile(path.join(dir, 'stopwords.json'), stopwordsFileSchema),
    synonyms: loadJsonFile(path.join(dir, 'synonyms.json'), synonymsFileSchema),
  };
}
