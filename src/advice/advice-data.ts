// Zod schemas and loader of the engine's own vocabulary data in data/advice/*.json.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DataFileError, loadJsonFile } from '../core/data-file.ts';

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

const situation = z.string().trim().min(10).max(200);

/**
 * How people live the problem each entry answers, in their own words (data/knowledge/situations/*.json):
 * 10-20 per language, written from the handbook and the personas, never from evaluation questions.
 */
export const situationsFileSchema = z.object({
  about: z.string().optional(),
  situations: z.record(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), z.object({ nl: z.array(situation).min(10).max(20), en: z.array(situation).min(10).max(20) })),
});

/** Subjects next to the handbook that it does not cover, named in the answer's first line (data/advice/not-covered.json). */
export const notCoveredFileSchema = z.object({
  about: z.string().optional(),
  topics: z
    .array(
      z.object({
        label: z.object({ nl: z.string().trim().min(3).max(80), en: z.string().trim().min(3).max(80) }),
        when: z.object({ nl: z.array(phrase).min(1).max(40), en: z.array(phrase).min(1).max(40) }),
        /** Two words that name the subject together wherever they stand in a question ("voorwaarden" … "subsidie"). */
        together: z
          .object({ nl: z.array(z.tuple([word, word])).max(40), en: z.array(z.tuple([word, word])).max(40) })
          .optional(),
        /**
         * The scene of many networks rather than a question of its own (care services: networks work on care). Named
         * only when the question asks nothing else the handbook answers; otherwise its words are context.
         */
        scene: z.boolean().default(false),
      }),
    )
    .min(1),
});

/** The fitted abstention model (data/advice/abstention.json), written by `liso eval --calibrate`. */
export const abstentionFileSchema = z.object({
  about: z.string().optional(),
  /** Which questions it was fitted on, and the target it was fitted for. */
  calibratedOn: z.string(),
  maxWronglyRefused: z.number().min(0).max(1),
  weights: z.object({ confidence: z.number(), coverage: z.number() }),
  bias: z.number(),
  threshold: z.number().min(0).max(1),
});

/** Chat shorthand per language (data/advice/abbreviations.json): one lowercase word to the words it stands for. */
const abbreviationTable = z.record(z.string().regex(/^[a-z0-9']{1,12}$/), z.string().trim().min(1).max(60));
export const abbreviationsFileSchema = z.object({ about: z.string().optional(), nl: abbreviationTable, en: abbreviationTable });
export type AbbreviationsFile = z.output<typeof abbreviationsFileSchema>;

export type AbstentionFile = z.output<typeof abstentionFileSchema>;
export type NotCoveredFile = z.output<typeof notCoveredFileSchema>;
export type StopwordsFile = z.output<typeof stopwordsFileSchema>;
export type ContextNamesFile = z.output<typeof contextNamesFileSchema>;
const contextName = z.string().trim().min(2).max(60);

/**
 * Places, peoples and languages, partner organisations and the social problems networks work on
 * (data/advice/context-names.json): they say where, with whom or on what a network works, not what a question asks.
 */
export const contextNamesFileSchema = z.object({
  about: z.string().optional(),
  places: z.array(contextName).min(1),
  peoples: z.array(contextName).min(1),
  organisations: z.array(contextName).min(1),
  /** The social problems networks work on ("armoede", "loneliness"): the handbook's method does not depend on them. */
  themes: z.array(contextName).min(1),
});

export type SynonymsFile = z.output<typeof synonymsFileSchema>;
export type SynonymGroup = z.output<typeof synonymGroupSchema>;
/** Entry id -> situations per language. */
export type Situations = ReadonlyMap<string, { nl: readonly string[]; en: readonly string[] }>;

export interface AdviceData {
  stopwords: StopwordsFile;
  contextNames: ContextNamesFile;
  synonyms: SynonymsFile;
  situations: Situations;
  notCovered: NotCoveredFile;
  abstention: AbstentionFile;
  abbreviations: AbbreviationsFile;
}

/** Reads data/advice/*.json and data/knowledge/situations/*.json under `dataDir`; a bad file stops start-up with file and field named. */
export function loadAdviceData(dataDir: string): AdviceData {
  const dir = path.join(dataDir, 'advice');
  return {
    stopwords: loadJsonFile(path.join(dir, 'stopwords.json'), stopwordsFileSchema),
    contextNames: loadJsonFile(path.join(dir, 'context-names.json'), contextNamesFileSchema),
    synonyms: loadJsonFile(path.join(dir, 'synonyms.json'), synonymsFileSchema),
    situations: loadSituations(path.join(dataDir, 'knowledge', 'situations')),
    notCovered: loadJsonFile(path.join(dir, 'not-covered.json'), notCoveredFileSchema),
    abstention: loadJsonFile(path.join(dir, 'abstention.json'), abstentionFileSchema),
    abbreviations: loadJsonFile(path.join(dir, 'abbreviations.json'), abbreviationsFileSchema),
  };
}

function loadSituations(dir: string): Situations {
  const situations = new Map<string, { nl: string[]; en: string[] }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const full = path.join(dir, file);
    for (const [id, texts] of Object.entries(loadJsonFile(full, situationsFileSchema).situations)) {
      if (situations.has(id)) throw new DataFileError(path.relative(process.cwd(), full), `situations.${id}`, 'staat al in een ander bestand / listed twice');
      situations.set(id, texts);
    }
  }
  return situations;
}
