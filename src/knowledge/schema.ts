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

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const seed = z.enum(['000', '001', '002', '003', '004']);

/** A document the knowledge base cites (data/sources.json), named in both languages. */
export const sourceDocumentSchema = z.object({
  id: slug,
  /** As cited to Dutch readers, e.g. "LISO-handboek". */
  nl: z.string().trim().min(3).max(60),
  en: z.string().trim().min(3).max(60),
  /**
   * Its parts (chapter, appendix, table) as the Dutch original numbers them, with their English rendering:
   * "h5" -> "ch. 5". The number stays, so an English reader finds the part in the Dutch document.
   */
  parts: z.record(z.string().trim().min(2).max(30), z.string().trim().min(2).max(30)).default({}),
});

/** One section of a document, cited under one name per language: an entry cites it by id. */
export const sourceSectionSchema = z.object({
  id: slug,
  /** Seed file prefix the section comes from, e.g. "002". */
  seed,
  /** Id of its document. */
  document: slug,
  /** Key of the document's `parts` it sits in ("h5"); absent for a document without numbered parts. */
  part: z.string().optional(),
  /** The section's title (or numbered item, "struikelblok 3") as the Dutch document has it. */
  nl: z.string().trim().min(2).max(80),
  /** A faithful English rendering of the Dutch title, written in our own words. */
  en: z.string().trim().min(2).max(80),
});

export const sourcesFileSchema = z.object({
  about: z.string().optional(),
  documents: z.array(sourceDocumentSchema).min(1),
  sections: z.array(sourceSectionSchema).min(1),
});

/** The old inline reference, still used by data/delphi.json for the study as a whole (never shown). */
export const delphiSourceSchema = z.object({
  document: z.string().min(3),
  section: z.string().min(2),
  seed,
});

export const knowledgeEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  kind: z.enum(entryKinds),
  nl: entryTextSchema,
  en: entryTextSchema,
  related: z.array(z.string()).max(8).default([]),
  /** Ids of the sections in data/sources.json the entry rests on, the main one first. */
  sources: z.array(slug).min(1),
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
  source: delphiSourceSchema,
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

export type SourceDocument = z.infer<typeof sourceDocumentSchema>;
export type SourceSection = z.infer<typeof sourceSectionSchema>;
