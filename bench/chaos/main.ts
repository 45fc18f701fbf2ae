// `npm run chaos`: the real bot process through kill -9 and SIGTERM, on SQLite and on Redis.
// Prints expected, sent, lost and duplicated per backend as Markdown (for BENCHMARKS.md) and
// exits 1 when a message was lost or one kill caused more duplicates than the documented bound.
//
// Environment: CHAOS_BACKENDS (sqlite,redis), REDIS_URL (redis://127.0.0.1:6379),
// CHAOS_NUDGE_NETWORKS (100), CHAOS_PULSE_NETWORKS (50), CHAOS_SIGKILLS (20),
// CHAOS_SIGTERMS (5), CHAOS_LATENCY_MS (100), CHAOS_SEED (random).
import os from 'node:os';
import { slackRatePolicy } from '../../adapters/slack/slack-rate-policy.ts';
import type { ChaosResult } from './chaos-run.ts';
import { runChaos } from './chaos-run.ts';
import { ensureBuilt } from './build.ts';

const env = process.env;
const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
const backends = (env['CHAOS_BACKENDS'] ?? 'sqlite,redis').split(',').map((b) => b.trim());
const redisUrl = env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const randomSeed = number('CHAOS_SEED', Math.floor(Math.random() * 2 ** 31));
// The bound is what the adapter declares, read from its policy rather than restated here.
const bound = slackRatePolicy({ postsPerMinute: 1, hasDirectChannel: () => false, maxPages: 1 }).maxInFlight;

ensureBuilt((line) => process.stderr.write(`${line}\n`));
const results: ChaosResult[] = [];
for (const backend of backends) {
  results.push(
    await runChaos({
      backend: backend === 'redis' ? redisUrl : 'sqlite',
      size: { nudgeNetworks: number('CHAOS_NUDGE_NETWORKS', 100), pulseNetworks: number('CHAOS_PULSE_NETWORKS', 50) },
      sigkills: number('CHAOS_SIGKILLS', 20),
      sigterms: number('CHAOS_SIGTERMS', 5),
      latencyMs: number('CHAOS_LATENCY_MS', 100),
      killWithinMs: 4_000,
      randomSeed,
      boundPerCrash: bound,
      stopOnSignals: true,
    }),
  );
}

const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
const lines = [
  '## Chaos: exactly once through kill -9 and SIGTERM',
  '',
  `\`npm run chaos\` (bench/chaos/): the real bot (\`node bin/liso.js start\`, compiled) on Slack's fake Web API with ${number('CHAOS_LATENCY_MS', 100)} ms per call, killed at random moments while it posts, restarted at once each time. Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; ${new Date().toISOString()}; load average when done ${load}. Random seed ${randomSeed}. Bound per kill: ${bound} (Slack's sends in flight per process).`,
  '',
  '| store | expected | sent | lost | duplicated | most duplicates after one kill | of them after SIGTERM | SIGKILL | SIGTERM (slow stops) | unexpected | "may get it twice" warnings | error log lines | time |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.backend} | ${r.expected} | ${r.sent} | ${r.lost} | ${r.duplicated} | ${r.maxDuplicatesPerKill} | ${r.duplicatedAfterSigterm} | ${r.sigkills} | ${r.sigterms} (${r.slowStops}) | ${r.unexpected} | ${r.resendWarnings} | ${r.errorLines} | ${(r.ms / 1000).toFixed(0)} s |`,
  ),
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
const failed = results.filter((r) => r.lost > 0 || r.maxDuplicatesPerKill > bound || r.duplicated > bound * r.sigkills);
if (failed.length > 0) {
  process.stderr.write(`chaos failed on ${failed.map((r) => r.backend).join(', ')}: lost must be 0 and duplicates at most ${bound} per kill\n`);
  process.exitCode = 1;
}
