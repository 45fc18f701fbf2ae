// Zod schema of the handbook knowledge base in data/knowledge/*.json and data/delphi.json.
import { z } from 'zod';

/** Text of one entry in one language. Every string is written in the project's own words. */
export const entryTextSchema = z.object({
  title: z.string().min(3).max(120),
  /** One sentence: what this entry is about, as a reader would recognise the situation. */
  summary: z.string().min(10).max(400),
  /** The approach (aanpak): 2-6 short paragraphs or steps. */
  approach: z.array(z.string().min(10).max(700)).min(1).max(8),
  /** Practical tips, each one actionable sentence or two. */
  tips: z.array(z.string().min(10).max(500)).max(14),
  /** Work forms (werkvormen) the source names as suitable; empty when it names none. */
  workForms: z.array(z.string().min(2).max(300)).max(14).default([]),
  /** Reflection questions, where the source gives them (design principles). */
  reflectionQuestions: z.array(z.string().min(10).max(400)).max(12).default([]),
  /** Everyday phrasings and synonyms people use for this situation (retrieval only, never shown). */
  keywords: z.array(z.string().min(2).max(120)).max(60).default([]),
});

export const entryKinds = [
  'struikelblok',
  'fase',
  'werkvorm',
  'kernelement',
  'onderwerp',
  'rol',
  'inzicht',
  'ontwerpprincipe',
] as const;

export const sourceSchema = z.object({
  /** Human name of the document, e.g. "LISO-handboek". */
  document: z.string().min(3),
  /** Section as cited to users, e.g. "h6, struikelblok 1". */
  section: z.string().min(2),
  /** Seed file prefix the fact comes from, e.g. "002". */
  seed: z.enum(['000', '001', '002', '003', '004']),
});

export const knowledgeEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  kind: z.enum(entryKinds),
  nl: entryTextSchema,
  en: entryTextSchema,
  related: z.array(z.string()).max(8).default([]),
  sources: z.array(sourceSchema).min(1),
});

export const knowledgeFileSchema = z.array(knowledgeEntrySchema).min(1);

export const delphiPrincipleSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  /** The principle (uitgangspunt) in the project's own words. */
  nl: z.string().min(10).max(400),
  en: z.string().min(10).max(400),
  /** Deelelement (sub-element) as named in the study, when it has one. */
  subElement: z.string().optional(),
  /** Priority score within the kernelement, as in seed 000. */
  priority: z.number(),
  /** Importance for a functioning network, 1-5 Likert mean, as in seed 000. */
  importance: z.number().min(1).max(5),
});

export const delphiFileSchema = z.object({
  source: sourceSchema,
  kernelementen: z
    .array(
      z.object({
        /** Stable id of the Delphi kernelement, e.g. "delphi-community-context". */
        id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
        /** Name as the study uses it (nl) and its English rendering. */
        nl: z.string(),
        en: z.string(),
        /** Knowledge-base entries that deal with the same theme. */
        related: z.array(z.string()).default([]),
        principles: z.array(delphiPrincipleSchema).min(1),
      }),
    )
    .min(1),
});

export type KnowledgeEntry = z.infer<typeof knowledgeEntrySchema>;
export type EntryText = z.infer<typeof entryTextSchema>;
export type DelphiFile = z.infer<typeof delphiFileSchema>;

/** data/citation-terms.json: the handbook's section vocabulary in source lines, Dutch -> English. */
export const citationTermsFileSchema = z.object({
  about: z.string().optional(),
  terms: z.array(z.tuple([z.string().trim().min(2).max(60), z.string().trim().min(2).max(60)])).min(1),
});
export type CitationTerms = ReadonlyArray<readonly [string, string]>;
