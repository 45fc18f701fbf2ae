// The pulse question set (data/pulse-questions.json): statements grounded in Delphi principles,
// linked to handbook entries, with their texts as prompt keys. Validated at start-up.
import path from 'node:path';
import { z } from 'zod';
import { DataFileError, loadJsonFile } from '../../core/data-file.ts';
import type { PromptKey } from '../../core/i18n.ts';
import type { PromptCatalog } from '../../core/prompt-files.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import { OPEN_QUESTION_ID } from './pulse-types.ts';

const id = z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, 'kleine letters, cijfers en -, hoogstens 20 tekens / lower case, at most 20 characters');
const promptKey = z.string().regex(/^pulse\.[a-zA-Z0-9.-]+$/, 'een prompt-sleutel uit prompts/<taal>/pulse.json / a pulse prompt key');

export const questionSetSchema = z.object({
  statements: z
    .array(
      z.object({
        id: id.refine((value) => value !== OPEN_QUESTION_ID, `"${OPEN_QUESTION_ID}" is reserved for the open question`),
        /** Prompt key of the statement as participants read it. */
        text: promptKey,
        /** Short label for results. */
        label: promptKey,
        /** Prompt key of the one line explaining why a low score matters ({importance} is filled in). */
        why: promptKey,
        /** The Delphi principle (data/delphi.json) the statement measures. */
        delphi: z.string(),
        /** Handbook entries (data/knowledge) for a low or dropping score; the first is offered. */
        advice: z.array(z.string()).min(1).max(3),
      }),
    )
    .min(4)
    .max(6),
  open: z.object({ text: promptKey, maxLength: z.number().int().min(50).max(1_000) }),
});

export type QuestionSet = z.infer<typeof questionSetSchema>;
export type Statement = QuestionSet['statements'][number];

export interface LoadedQuestionSet extends QuestionSet {
  /** Importance (1-5) the Delphi experts gave each statement's principle, by statement id. */
  importance: ReadonlyMap<string, number>;
  byId: ReadonlyMap<string, Statement>;
}

/** Loads and cross-checks the file: unique ids, known prompt keys, Delphi principles and entries. */
export function loadQuestionSet(dataDir: string, knowledge: KnowledgeBase, prompts: PromptCatalog): LoadedQuestionSet {
  const file = path.join(dataDir, 'pulse-questions.json');
  const shown = path.relative(process.cwd(), file) || file;
  const set = loadJsonFile(file, questionSetSchema);
  const promptKeys = new Set(prompts.keys());
  const principles = new Map(knowledge.delphi.kernelementen.flatMap((k) => k.principles.map((p) => [p.id, p.importance] as const)));
  const importance = new Map<string, number>();
  const byId = new Map<string, Statement>();
  set.statements.forEach((statement, index) => {
    const at = (field: string) => `statements.${index}.${field}`;
    if (byId.has(statement.id)) throw new DataFileError(shown, at('id'), `"${statement.id}" komt twee keer voor / duplicate id`);
    for (const field of ['text', 'label', 'why'] as const) {
      if (!promptKeys.has(statement[field])) throw new DataFileError(shown, at(field), `prompt "${statement[field]}" bestaat niet / unknown prompt`);
    }
    const score = principles.get(statement.delphi);
    if (score === undefined) throw new DataFileError(shown, at('delphi'), `"${statement.delphi}" staat niet in data/delphi.json / unknown principle`);
    statement.advice.forEach((entry, i) => {
      if (!knowledge.byId.has(entry)) throw new DataFileError(shown, at(`advice.${i}`), `"${entry}" bestaat niet / unknown knowledge entry`);
    });
    importance.set(statement.id, score);
    byId.set(statement.id, statement);
  });
  if (!promptKeys.has(set.open.text)) throw new DataFileError(shown, 'open.text', `prompt "${set.open.text}" bestaat niet / unknown prompt`);
  return { ...set, importance, byId };
}

/** A key from the validated file, typed for the translator. */
export function asPromptKey(key: string): PromptKey {
  return key as PromptKey;
}
