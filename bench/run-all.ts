// `npm run bench`: runs every benchmark and prints Markdown for BENCHMARKS.md.
import os from 'node:os';
import { runAdviceBench } from './advice-bench.ts';
import { runNudgesBench } from './nudges-bench.ts';
import { runPulseBench } from './pulse-bench.ts';
import { runSlackBench } from './slack-bench.ts';
import { runWinsBench } from './wins-bench.ts';
import { runDiscordBench } from './discord-bench.ts';

const benches: Array<{ name: string; run: () => Promise<string> }> = [
  { name: 'advice', run: runAdviceBench },
  { name: 'pulse', run: runPulseBench },
  { name: 'wins', run: runWinsBench },
  { name: 'slack', run: runSlackBench },
  { name: 'nudges', run: runNudgesBench },
  { name: 'discord', run: runDiscordBench },
];

const only = process.argv.slice(2);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(`Machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}\nDate: ${new Date().toISOString()}\n\n`);
for (const bench of benches) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  process.stdout.write(`${await bench.run()}\n`);
}
