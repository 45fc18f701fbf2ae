// Measures answer quality on labelled questions: top-1/top-3 accuracy, abstention precision and recall.
import { z } from 'zod';
import { loadJsonFile } from '../core/data-file.ts';
import type { Lang } from '../core/i18n.ts';
import { languages } from '../core/i18n.ts';

export const OUT_OF_SCOPE = 'none';

export const evalQuestionSchema = z.object({
  q: z.string(),
  lang: z.enum(languages),
  /** Entry ids that answer the question; ["none"] when the handbook does not. */
  topics: z.array(z.string().min(1)).min(1),
  /** Persona sets: the kinds of issue 22 the question belongs to (5 = a near miss). */
  kind: z.array(z.number().int()).optional(),
  /** Outside set: the public page the question was taken from, so its wording can be traced to a real asker. */
  source: z.string().url().optional(),
  /** Blind sets: which part of the writer's brief the question answers (tests/fixtures/eval/README.md). */
  group: z.string().optional(),
});
export const evalQuestionsSchema = z.array(evalQuestionSchema);
export type EvalQuestion = z.output<typeof evalQuestionSchema>;

export function loadEvalQuestions(file: string): EvalQuestion[] {
  return loadJsonFile(file, evalQuestionsSchema);
}

/** The part of an answer evaluation needs; any engine (or baseline) that gives this can be measured. */
export interface RankedAnswer {
  best?: { entry: { id: string } };
  alternatives: ReadonlyArray<{ entry: { id: string } }>;
  abstained: boolean;
  /** Set when the answer says first that the handbook lacks what was asked, then offers the best entry. */
  partial?: unknown;
}
export type AskFunction = (question: string, opts?: { lang?: Lang }) => RankedAnswer;

export interface Metrics {
  questions: number;
  inScope: number;
  outOfScope: number;
  /** Shares (0..1) of in-scope questions; null when there are none. */
  top1: number | null;
  top3: number | null;
  wronglyAbstained: number | null;
  /** Share of in-scope questions answered as partial (the right entry may still be first). */
  partialInScope: number | null;
  /** Of out-of-scope questions, the share refused or answered as partial (saying the handbook lacks it). */
  outOfScopeHandled: number | null;
  /** Of all abstentions, the share on out-of-scope questions; null when nothing was abstained. */
  abstentionPrecision: number | null;
  /** Of out-of-scope questions, the share abstained; null when there are none. */
  abstentionRecall: number | null;
}

export interface QuestionOutcome {
  question: EvalQuestion;
  got: string[];
  abstained: boolean;
  partial: boolean;
  top1: boolean;
  top3: boolean;
}

export interface EvaluationReport {
  overall: Metrics;
  byLang: Record<Lang, Metrics>;
  /** In-scope questions not answered at top 1, and out-of-scope questions answered as if the handbook covered them. */
  misses: QuestionOutcome[];
}

export interface EvaluateOptions {
  /** Tell the engine each question's labelled language instead of letting it detect it (default false). */
  passLang?: boolean;
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function metricsOf(outcomes: readonly QuestionOutcome[]): Metrics {
  const inScope = outcomes.filter((o) => !o.question.topics.includes(OUT_OF_SCOPE));
  const outOfScope = outcomes.filter((o) => o.question.topics.includes(OUT_OF_SCOPE));
  const abstained = outcomes.filter((o) => o.abstained);
  return {
    questions: outcomes.length,
    inScope: inScope.length,
    outOfScope: outOfScope.length,
    top1: share(inScope.filter((o) => o.top1).length, inScope.length),
    top3: share(inScope.filter((o) => o.top3).length, inScope.length),
    wronglyAbstained: share(inScope.filter((o) => o.abstained).length, inScope.length),
    partialInScope: share(inScope.filter((o) => o.partial).length, inScope.length),
    outOfScopeHandled: share(outOfScope.filter((o) => o.abstained || o.partial).length, outOfScope.length),
    abstentionPrecision: share(abstained.filter((o) => o.question.topics.includes(OUT_OF_SCOPE)).length, abstained.length),
    abstentionRecall: share(outOfScope.filter((o) => o.abstained).length, outOfScope.length),
  };
}

/**
 * A question with several topics is right at top 1 when the best entry is any of them, at top 3 when any
 * of the best three is; an in-scope question that was abstained on is wrong for both.
 */
export function evaluate(ask: AskFunction, questions: readonly EvalQuestion[], options: EvaluateOptions = {}): EvaluationReport {
  const outcomes = questions.map((question): QuestionOutcome => {
    const answer = ask(question.q, options.passLang ? { lang: question.lang } : undefined);
    const ranked = [answer.best, ...answer.alternatives].filter((a) => a !== undefined).map((a) => a.entry.id);
    const expected = new Set(question.topics);
    const answered = !answer.abstained && answer.best !== undefined;
    return {
      question,
      got: ranked,
      abstained: !answered,
      partial: answered && !!answer.partial,
      top1: answered && expected.has(ranked[0]!),
      top3: answered && ranked.slice(0, 3).some((id) => expected.has(id)),
    };
  });
  return {
    overall: metricsOf(outcomes),
    byLang: { nl: metricsOf(outcomes.filter((o) => o.question.lang === 'nl')), en: metricsOf(outcomes.filter((o) => o.question.lang === 'en')) },
    misses: outcomes.filter((o) => (o.question.topics.includes(OUT_OF_SCOPE) ? !o.abstained && !o.partial : !o.top1)),
  };
}

const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

export const metricsTableHeader = [
  '| set | scope | questions | in scope | top-1 | top-3 | wrongly refused | in scope as partial | out of scope | refused or partial | refused | refusal precision |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];

/** One row per scope (all, nl, en) of one set, under metricsTableHeader. */
export function metricsRows(set: string, report: EvaluationReport): string[] {
  const row = (scope: string, m: Metrics) =>
    `| ${set} | ${scope} | ${m.questions} | ${m.inScope} | ${percent(m.top1)} | ${percent(m.top3)} | ${percent(m.wronglyAbstained)} | ${percent(m.partialInScope)} | ${m.outOfScope} | ${percent(m.outOfScopeHandled)} | ${percent(m.abstentionRecall)} | ${percent(m.abstentionPrecision)} |`;
  return [row('all', report.overall), row('nl', report.byLang.nl), row('en', report.byLang.en)];
}

/** The metrics of one set as a Markdown table. */
export function formatMetricsTable(report: EvaluationReport, set = 'questions'): string {
  return [...metricsTableHeader, ...metricsRows(set, report)].join('\n');
}
