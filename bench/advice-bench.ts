// Benchmark of the advice engine against a plain MiniSearch baseline: build time, latency and accuracy.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdviceEngine } from '../src/advice/advice-engine.ts';
import { createBaseline } from '../src/advice/baseline.ts';
import type { AskFunction, EvalQuestion } from '../src/advice/evaluate.ts';
import { evaluate, loadEvalQuestions, metricsRows, metricsTableHeader } from '../src/advice/evaluate.ts';
import { packageRoot } from '../src/core/paths.ts';
import { EVAL_DIR, EVAL_SETS, SEALED_FILES } from '../cli/eval-command.ts';
import { loadKnowledgeBase } from '../src/knowledge/knowledge-base.ts';

const LATENCY_QUESTIONS = 10_000;
const BUILD_RUNS = 5;

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
}

/** One warm-up pass over the questions (JIT compilation at start-up is not answer latency), then 10,000 timed answers. */
function measureLatency(ask: AskFunction, questions: readonly string[]): Latency {
  for (const question of questions) ask(question);
  const times: number[] = [];
  for (let i = 0; i < LATENCY_QUESTIONS; i++) {
    const question = questions[i % questions.length]!;
    const start = performance.now();
    ask(question);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times[times.length - 1]! };
}

function medianBuildMs(build: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < BUILD_RUNS; i++) {
    const start = performance.now();
    build();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 0.5);
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

export async function runAdviceBench(): Promise<string> {
  const root = packageRoot();
  const kb = loadKnowledgeBase(path.join(root, 'data'));
  const load = (file: string) => loadEvalQuestions(path.join(root, EVAL_DIR, file));
  // The sealed sets (the test half, the outside set) are only scored here, never timed one by one or printed.
  const sets: Record<string, EvalQuestion[]> = Object.fromEntries(EVAL_SETS.map((set) => [set.name, load(set.file)]));
  const timed = EVAL_SETS.filter((set) => !SEALED_FILES.has(set.file));
  const allQuestions = timed.flatMap((set) => sets[set.name]!.map((q) => q.q));

  // Each system is built, timed and measured before the next one exists, so one's garbage does not land in
  // the other's latency; the repeated builds for the median come last for the same reason.
  const systems: Array<{ name: string; build: () => AskFunction }> = [
    { name: 'advice engine', build: () => { const engine = createAdviceEngine(kb); return (q, o) => engine.ask(q, o); } },
    { name: 'MiniSearch baseline', build: () => createBaseline(kb) },
  ];
  const measured = systems.map((system) => {
    const start = performance.now();
    const ask = system.build();
    const firstBuildMs = performance.now() - start;
    const latency = measureLatency(ask, allQuestions);
    const reports = Object.entries(sets).map(([set, questions]) => ({ set, report: evaluate(ask, questions) }));
    return { name: system.name, firstBuildMs, latency, reports };
  });
  const speedRows = measured.map((m, i) => {
    const buildMs = medianBuildMs(systems[i]!.build);
    return `| ${m.name} | ${ms(m.firstBuildMs)} | ${ms(buildMs)} | ${ms(m.latency.p50)} | ${ms(m.latency.p99)} | ${ms(m.latency.max)} |`;
  });
  const accuracy = measured.flatMap((m) => m.reports.flatMap(({ set, report }) => metricsRows(`${m.name}: ${set}`, report)));

  return [
    '# Advice engine benchmark',
    '',
    `Node ${process.version}, ${kb.entries.length} knowledge-base entries. Latency: ${LATENCY_QUESTIONS.toLocaleString('en')} answers cycling the questions of the sets that are not sealed (${allQuestions.length}: ${timed.map((set) => set.name).join(', ')}), after one warm-up pass. Index build: the first build (cold, includes loading data files and libraries) and the median of ${BUILD_RUNS} more.`,
    '',
    '| system | first build | build (median) | p50 per answer | p99 per answer | max |',
    '|---|---:|---:|---:|---:|---:|',
    ...speedRows,
    '',
    'Accuracy (language detected by the engine; the baseline never refuses). The test half of the persona questions and the outside set of real questions are the figures that count (sealed).',
    '',
    ...metricsTableHeader,
    ...accuracy,
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await runAdviceBench()}\n`);
}
