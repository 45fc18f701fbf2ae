// Benchmark of starting the real CLI as a user does: `node bin/liso.js ask "<vraag>"` from start
// to answer against a bare `node -e 0` in the same run, its peak memory, and the console's
// resident memory once idle. Runs the compiled CLI (the build is made fresh first).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROUNDS = 10;
const QUESTION = 'na de kick-off komt bijna niemand meer';
const IDLE_MS = 5_000;
const ANSWERED_IDLE_MS = 2_000;
/** The title of the entry QUESTION is answered with, so the bench knows the answer was written. */
const ANSWER_TITLE = 'Deelnemers haken af na een sterke start';
// Compiled into dist-bench/bench/ (run-all.ts), two levels below the package root.
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin/liso.js');
// Prints the process's peak resident memory (KiB) on exit; loaded with --import, so not timed.
const REPORT_PEAK = `data:text/javascript,process.on("exit",()=>process.stderr.write("peak-rss-kb "+process.resourceUsage().maxRSS+"\\n"))`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

function wallMs(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${String(result.stderr)}`);
  return elapsed;
}

function peakKb(args: string[]): number {
  const result = spawnSync(process.execPath, ['--import', REPORT_PEAK, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  return Number(/peak-rss-kb (\d+)/.exec(result.stderr)?.[1] ?? NaN);
}

const rssKb = async (pid: number | undefined) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

/**
 * The console on a fresh SQLite file: its resident memory after it has idled IDLE_MS (Linux /proc), and
 * after it then answered one question (the first question reads the stored advice index).
 */
async function consoleIdleKb(): Promise<{ idleKb: number; answeredKb: number; peakKb: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-startup-bench-'));
  const child = spawn(process.execPath, ['--import', REPORT_PEAK, bin, 'console'], {
    cwd: root,
    env: { ...process.env, LISO_STORE: `sqlite://${path.join(dir, 'bench.sqlite')}` },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  try {
    await new Promise<void>((resolve, reject) => {
      // The greeting is written once the app is built and the console reads its input.
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`console exited (${code}) before its prompt: ${stderr}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleKb = await rssKb(child.pid);
    const answered = new Promise((resolve) => child.stdout.on('data', (chunk) => String(chunk).includes(ANSWER_TITLE) && resolve(undefined)));
    child.stdin.write(`/liso vraag ${QUESTION}\n`);
    await answered;
    await new Promise((resolve) => setTimeout(resolve, ANSWERED_IDLE_MS));
    const answeredKb = await rssKb(child.pid);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end(':stop\n');
    await exited;
    return { idleKb, answeredKb, peakKb: Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1] ?? NaN) };
  } finally {
    child.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runStartupBench(): Promise<string> {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.js')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
  // Without a fresh stored index every start builds it itself: the figures would be of that fallback.
  const compiled = (file: string) => import(pathToFileURL(path.join(root, 'dist/src', file)).href);
  const [{ readPrebuiltIndex }, { loadKnowledgeBase }] = await Promise.all([compiled('advice/prebuilt-index.js'), compiled('knowledge/knowledge-base.js')]);
  const dataDir = path.join(root, 'data');
  if (!readPrebuiltIndex(loadKnowledgeBase(dataDir), dataDir)) throw new Error('npm run build stored no fresh advice index (dist/advice-index.json)');
  const bare: number[] = [];
  const ask: number[] = [];
  const help: number[] = [];
  // Interleaved, so a change in the shared machine's speed hits all three alike.
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(wallMs(['-e', '0']));
    ask.push(wallMs([bin, 'ask', QUESTION]));
    help.push(wallMs([bin, 'help']));
  }
  const bareMs = median(bare);
  const askMs = median(ask);
  const console = await consoleIdleKb();
  return [
    '## Start-up (compiled CLI)',
    '',
    `Node ${process.version}; wall time from spawn to exit, median of ${ROUNDS} interleaved runs; peak memory from \`process.resourceUsage().maxRSS\`; console RSS from /proc after ${IDLE_MS / 1000} s idle on a fresh SQLite file, then ${ANSWERED_IDLE_MS / 1000} s after answering \`/liso vraag ${QUESTION}\`.`,
    '',
    '| command | wall (median) | × `node -e 0` | peak RSS |',
    '|---|---:|---:|---:|',
    `| \`node -e 0\` | ${bareMs.toFixed(0)} ms | 1.0× | ${mb(peakKb(['-e', '0']))} |`,
    `| \`node bin/liso.js help\` | ${median(help).toFixed(0)} ms | ${(median(help) / bareMs).toFixed(1)}× | ${mb(peakKb([bin, 'help']))} |`,
    `| \`node bin/liso.js ask "${QUESTION}"\` | ${askMs.toFixed(0)} ms | ${(askMs / bareMs).toFixed(1)}× | ${mb(peakKb([bin, 'ask', QUESTION]))} |`,
    '',
    `| process | idle RSS | after one question | peak RSS |`,
    '|---|---:|---:|---:|',
    `| \`node bin/liso.js console\` (SQLite) | ${mb(console.idleKb)} | ${mb(console.answeredKb)} | ${mb(console.peakKb)} |`,
    '',
  ].join('\n');
}
