// `liso ask [--json] [--lang nl|en] ["vraag"]`: answers a question from the handbook, or each line of stdin.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { AdviceEngine, AdviceResult } from '../src/advice/advice-engine.ts';
import { createAdviceEngine } from '../src/advice/advice-engine.ts';
import { defaultPrebuiltIndexFile, readPrebuiltIndex } from '../src/advice/prebuilt-index.ts';
import { renderAnswer } from '../src/features/advice/plain-answer.ts';
import type { PromptCatalog } from '../src/core/prompt-files.ts';
import { loadPrompts } from '../src/core/prompt-files.ts';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import type { Lang } from '../src/core/i18n.ts';
import { isLang } from '../src/core/i18n.ts';
import { packageRoot } from '../src/core/paths.ts';
import { loadKnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { parseArgs } from './args.ts';
import { UsageError } from './startup-errors.ts';

const round = (score: number) => Math.round(score * 1000) / 1000;

/** One JSON line per question, for scripts and evaluation by other tools. */
export function answerAsJson(result: AdviceResult, kb: KnowledgeBase, prompts: PromptCatalog): string {
  const top = result.best ?? result.alternatives[0];
  return JSON.stringify({
    question: result.question,
    topic: result.best?.entry.id ?? null,
    title: result.best ? result.best.entry[result.lang].title : null,
    score: top ? round(top.score) : 0,
    abstained: result.abstained,
    partial: result.partial,
    missing: result.missing,
    second: result.second?.entry.id ?? null,
    alternatives: result.alternatives.map((a) => ({ topic: a.entry.id, score: round(a.score) })),
    answer: renderAnswer(result, kb, prompts),
  });
}

async function* stdinLines(): AsyncGenerator<string> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) yield line;
}

export async function askCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['lang']);
  const langFlag = args.flags.get('lang');
  if (langFlag !== undefined && (typeof langFlag !== 'string' || !isLang(langFlag))) {
    throw new UsageError('--lang moet nl of en zijn / --lang must be nl or en');
  }
  const lang: Lang | undefined = langFlag;
  const json = args.flags.get('json') === true;
  const dataDir = path.join(packageRoot(), 'data');
  const kb = loadKnowledgeBase(dataDir);
  const prompts = loadPrompts(path.join(packageRoot(), 'prompts'));
  // The index `npm run build` stored, when data and code are unchanged since; otherwise built here.
  const stored = readPrebuiltIndex(kb, dataDir);
  if (!stored && existsSync(defaultPrebuiltIndexFile()) && process.stderr.isTTY) {
    process.stderr.write('liso: data/ of de code is gewijzigd sinds de build; de adviesindex wordt nu opgebouwd (npm run build bewaart hem weer) / changed since the build; building the advice index now\n');
  }
  const prebuilt = stored?.load();
  const engine: AdviceEngine = createAdviceEngine(kb, { dataDir, ...(prebuilt ? { prebuilt } : {}) });
  const answer = (question: string) => {
    const result = engine.ask(question, lang ? { lang } : {});
    process.stdout.write(json ? `${answerAsJson(result, kb, prompts)}\n` : `${renderAnswer(result, kb, prompts)}\n`);
  };
  // Words after "ask" form one question, so quotes are optional: liso ask hoe hou ik mensen betrokken
  if (args.positionals.length > 0) {
    answer(args.positionals.join(' '));
    return 0;
  }
  let first = true;
  for await (const line of stdinLines()) {
    if (!json && !first) process.stdout.write('\n---\n\n');
    answer(line);
    first = false;
  }
  return 0;
}
