// `liso eval [file] [--misses]`: measures the advice engine on labelled questions and prints the metrics table.
import path from 'node:path';
import { createAdviceEngine } from '../src/advice/advice-engine.ts';
import { evaluate, formatMetricsTable, loadEvalQuestions } from '../src/advice/evaluate.ts';
import { packageRoot } from '../src/core/paths.ts';
import { loadKnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { parseArgs } from './args.ts';

export const DEFAULT_EVAL_FILE = 'tests/fixtures/eval/questions.dev.json';

export async function evalCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const root = packageRoot();
  const file = path.resolve(args.positionals[0] ?? path.join(root, DEFAULT_EVAL_FILE));
  const questions = loadEvalQuestions(file);
  const engine = createAdviceEngine(loadKnowledgeBase(path.join(root, 'data')));
  const report = evaluate((question, opts) => engine.ask(question, opts), questions);
  process.stdout.write(`${path.relative(process.cwd(), file) || file}\n\n${formatMetricsTable(report)}\n`);
  if (args.flags.get('misses') === true && report.misses.length > 0) {
    process.stdout.write('\nMisses (expected -> got):\n');
    for (const miss of report.misses) {
      const got = miss.abstained ? `abstained (closest: ${miss.got.slice(0, 3).join(', ')})` : miss.got.slice(0, 3).join(', ');
      process.stdout.write(`- [${miss.question.lang}] ${miss.question.q}\n    ${miss.question.topics.join(' | ')} -> ${got}\n`);
    }
  }
  return 0;
}
