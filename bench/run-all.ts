// `npm run bench [name…]`: runs the benchmarks and prints Markdown for BENCHMARKS.md. Each one
// runs in its own process, so one's heap and garbage never land in another's timings or RSS.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAdviceBench } from './advice-bench.ts';
import { runNudgesBench } from './nudges-bench.ts';
import { runPulseBench } from './pulse-bench.ts';
import { runSlackBench } from './slack-bench.ts';
import { runWinsBench } from './wins-bench.ts';
import { runDiscordBench } from './discord-bench.ts';
import { runConversationBench } from './conversation-bench.ts';
import { runTeamsBench } from './teams-bench.ts';
import { runHostileInputBench } from './hostile-input-bench.ts';
import { runStartupBench } from './startup-bench.ts';
import { runDeliveryBench } from './delivery-bench.ts';

const benches: Array<{ name: string; run: () => Promise<string> }> = [
  { name: 'advice', run: runAdviceBench },
  { name: 'pulse', run: runPulseBench },
  { name: 'wins', run: runWinsBench },
  { name: 'slack', run: runSlackBench },
  { name: 'nudges', run: runNudgesBench },
  { name: 'discord', run: runDiscordBench },
  { name: 'teams', run: runTeamsBench },
  { name: 'hostile-input', run: runHostileInputBench },
  { name: 'conversation', run: runConversationBench },
  { name: 'startup', run: runStartupBench },
  { name: 'delivery', run: runDeliveryBench },
];

const CHILD = 'LISO_BENCH_CHILD';
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !benches.some((b) => b.name === name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}
const selected = benches.filter((b) => requested.length === 0 || requested.includes(b.name));

if (process.env[CHILD]) {
  for (const bench of selected) process.stdout.write(`${await bench.run()}\n`);
} else {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(`Machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}\nDate: ${new Date().toISOString()}\n\n`);
  // Benchmarks run compiled, as the Docker image runs the bot: a TypeScript loader would add
  // its own memory and start-up work to every figure.
  const root = fileURLToPath(new URL('..', import.meta.url));
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.bench.json')], { stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('compiling the benchmarks failed (tsc -p tsconfig.bench.json)\n');
    process.exit(1);
  }
  const compiled = path.join(root, 'dist-bench/bench/run-all.js');
  for (const bench of selected) {
    // --expose-gc lets memory benchmarks collect before reading RSS; no other V8 flag, as
    // `npm start` and the Docker image set none, so the figures are those of production.
    const child = spawnSync(process.execPath, ['--expose-gc', compiled, bench.name], {
      env: { ...process.env, [CHILD]: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (child.status !== 0) {
      process.stderr.write(`benchmark ${bench.name} failed (exit ${child.status})\n`);
      process.exitCode = 1;
    }
  }
}
