// `liso eval [file] [--misses]`: measures the advice engine on labelled questions. Without a file: every
// set (the persona test and tune halves, the earlier dev and extra sets, the sealed outside set from public pages and
// the second and third outside sets gathered to tune on, the blind sets written by helpers who never saw the engine)
// and the plain baseline, in one run.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { abstentionFeatures, fitAbstentionModel } from '../src/advice/abstention.ts';
import type { AbstentionModel } from '../src/advice/abstention.ts';
import type { AdviceEngine } from '../src/advice/advice-engine.ts';
import { createAdviceEngine } from '../src/advice/advice-engine.ts';
import { createBaseline } from '../src/advice/baseline.ts';
import type { AskFunction, EvaluationReport } from '../src/advice/evaluate.ts';
import type { EvalQuestion } from '../src/advice/evaluate.ts';
import { evaluate, formatMetricsTable, loadEvalQuestions, metricsRows, metricsTableHeader, OUT_OF_SCOPE } from '../src/advice/evaluate.ts';
import { packageRoot } from '../src/core/paths.ts';
import { loadKnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { parseArgs } from './args.ts';
import { UsageError } from './startup-errors.ts';

export const EVAL_DIR = 'tests/fixtures/eval';
/**
 * The sets of a full run, the one that counts first. `baseline`: also measured with the plain baseline, so the engine
 * is compared with it on the persona halves and on the questions nobody on the team wrote.
 */
export const EVAL_SETS = [
  { name: 'test (counts)', file: 'questions.test.json', baseline: true },
  { name: 'tune', file: 'questions.tune.json', baseline: true },
  { name: 'dev', file: 'questions.dev.json', baseline: false },
  { name: 'extra', file: 'questions.extra.json', baseline: false },
  { name: 'outside (public pages)', file: 'questions.outside.json', baseline: true },
  { name: 'outside-tune', file: 'questions.outside-tune.json', baseline: true },
  { name: 'outside-tune-2', file: 'questions.outside-tune-2.json', baseline: true },
  { name: 'blind (sealed)', file: 'questions.blind-test.json', baseline: true },
  { name: 'blind-tune', file: 'questions.blind-tune.json', baseline: true },
] as const;
/** Questions that must stay unseen while tuning: their figures are printed, their misses never. */
export const SEALED_FILES: ReadonlySet<string> = new Set(['questions.test.json', 'questions.personas.json', 'questions.outside.json', 'questions.blind-test.json']);
/** The abstention model is fitted on the tune half only, for at most this share of wrongly refused questions. */
export const CALIBRATION_FILE = 'questions.tune.json';
export const MAX_WRONGLY_REFUSED = 0.03;

export async function evalCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const root = packageRoot();
  const showMisses = args.flags.get('misses') === true;
  const kb = loadKnowledgeBase(path.join(root, 'data'));
  const engine = createAdviceEngine(kb);
  const ask: AskFunction = (question, opts) => engine.ask(question, opts);
  if (args.flags.get('calibrate') === true) return calibrate(root, engine);
  const given = args.positionals[0];
  if (given !== undefined) {
    const file = path.resolve(given);
    if (showMisses && SEALED_FILES.has(path.basename(file))) throw sealedError(path.basename(file));
    const report = evaluate(ask, loadEvalQuestions(file));
    process.stdout.write(`${formatMetricsTable(report, path.basename(file))}\n`);
    if (showMisses) writeMisses(report);
    return 0;
  }
  const reports = EVAL_SETS.map((set) => ({ ...set, report: evaluate(ask, loadEvalQuestions(path.join(root, EVAL_DIR, set.file))) }));
  const baseline = createBaseline(kb);
  const baselineReports = EVAL_SETS.filter((set) => set.baseline).map((set) => ({ ...set, report: evaluate(baseline, loadEvalQuestions(path.join(root, EVAL_DIR, set.file))) }));
  process.stdout.write(
    [
      'Advice engine (language detected by the engine). The test half of the persona set is the figure that counts;',
      'it is never read while tuning (tests/fixtures/eval/README.md). The outside set (questions from public pages,',
      'written by nobody on the team) is sealed the same way; "outside-tune" and "outside-tune-2", gathered the same way',
      'from other pages, are for tuning. The blind sets were written by helpers who never saw the engine: "blind" is',
      'sealed, "blind-tune" is for tuning. "Refused or partial": out-of-scope questions',
      'refused, or answered as partial (saying first that the handbook lacks what was asked).',
      '',
      ...metricsTableHeader,
      ...reports.flatMap((r) => metricsRows(r.name, r.report)),
      '',
      'Baseline in the same run: plain MiniSearch BM25 over both languages, default options, never refuses.',
      '',
      ...metricsTableHeader,
      ...baselineReports.flatMap((r) => metricsRows(r.name, r.report)),
      '',
    ].join('\n'),
  );
  if (showMisses) {
    process.stdout.write('Misses of the tune half (the test half is sealed):\n');
    writeMisses(reports.find((r) => r.file === 'questions.tune.json')!.report);
  }
  return 0;
}

function sealedError(file: string): UsageError {
  return new UsageError(`${file} is sealed: its figures count only while nobody tunes on its questions, so \`--misses\` is refused for it; use questions.tune.json`);
}

function writeMisses(report: EvaluationReport): void {
  if (report.misses.length === 0) return;
  process.stdout.write('\nMisses (expected -> got):\n');
  for (const miss of report.misses) {
    const got = miss.abstained ? `refused (closest: ${miss.got.slice(0, 3).join(', ')})` : `${miss.partial ? 'partial: ' : ''}${miss.got.slice(0, 3).join(', ')}`;
    process.stdout.write(`- [${miss.question.lang}] ${miss.question.q}\n    ${miss.question.topics.join(' | ')} -> ${got}\n`);
  }
}

/** Fits the abstention model on the tune half (the engine's signals do not depend on the model) and writes it. */
export function calibrationOf(engine: AdviceEngine, questions: readonly EvalQuestion[]): AbstentionModel {
  const samples = questions.map((question) => {
    const explanation = engine.explain(question.q);
    return { features: abstentionFeatures(explanation.candidates[0], explanation.neighbourhoodCoverage), answerable: !question.topics.includes(OUT_OF_SCOPE) };
  });
  return fitAbstentionModel(samples, { maxWronglyRefused: MAX_WRONGLY_REFUSED });
}

function calibrate(root: string, engine: AdviceEngine): number {
  const model = calibrationOf(engine, loadEvalQuestions(path.join(root, EVAL_DIR, CALIBRATION_FILE)));
  const file = path.join(root, 'data', 'advice', 'abstention.json');
  const content = {
    about:
      'The abstention model: a logistic model over the best entry\'s confidence and the coverage of the closest entries, with the refusal threshold. Written by `npm run eval -- --calibrate` from the tune half of the persona questions; never edit by hand, never fit on the test half.',
    calibratedOn: CALIBRATION_FILE,
    maxWronglyRefused: MAX_WRONGLY_REFUSED,
    weights: model.weights,
    bias: model.bias,
    threshold: model.threshold,
  };
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  process.stdout.write(`${path.relative(process.cwd(), file)}: ${JSON.stringify(model)}\n`);
  return 0;
}
