// `npm run chaos`: the real bot process through kill -9 and SIGTERM, on SQLite and on Redis, on
// the Slack and Discord fakes. Prints expected, sent, lost and duplicated per run as Markdown
// (for BENCHMARKS.md) and exits 1 when a message was lost or one kill caused more duplicates than
// the documented bound (the platform's sends in flight per process).
//
// Environment: CHAOS_BACKENDS (sqlite,redis), REDIS_URL (redis://127.0.0.1:6379),
// CHAOS_PLATFORMS (slack,discord), CHAOS_NUDGE_NETWORKS (450), CHAOS_PULSE_NETWORKS (50),
// CHAOS_SIGKILLS (20), CHAOS_SIGTERMS (5), CHAOS_LATENCY_MS (100), CHAOS_SEED (random).
import os from 'node:os';
import type { ChaosResult } from './chaos-run.ts';
import { runChaos } from './chaos-run.ts';
import { ensureBuilt } from './build.ts';
import type { PlatformName } from './platforms.ts';
import { platforms } from './platforms.ts';

const env = process.env;
const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
const list = (name: string, fallback: string) => (env[name] ?? fallback).split(',').map((item) => item.trim()).filter(Boolean);
const backends = list('CHAOS_BACKENDS', 'sqlite,redis');
const chosen = list('CHAOS_PLATFORMS', 'slack,discord');
const unknown = chosen.filter((p) => !(p in platforms));
if (unknown.length > 0) throw new Error(`CHAOS_PLATFORMS: unknown ${unknown.join(', ')} (slack, discord)`);
const redisUrl = env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const randomSeed = number('CHAOS_SEED', Math.floor(Math.random() * 2 ** 31));
const latencyMs = number('CHAOS_LATENCY_MS', 100);

ensureBuilt((line) => process.stderr.write(`${line}\n`));
const results: ChaosResult[] = [];
for (const backend of backends) {
  for (const platform of chosen as PlatformName[]) {
    results.push(
      await runChaos({
        backend: backend === 'redis' ? redisUrl : 'sqlite',
        platform: platforms[platform],
        size: { nudgeNetworks: number('CHAOS_NUDGE_NETWORKS', 450), pulseNetworks: number('CHAOS_PULSE_NETWORKS', 50) },
        sigkills: number('CHAOS_SIGKILLS', 20),
        sigterms: number('CHAOS_SIGTERMS', 5),
        latencyMs,
        killWithinMs: 4_000,
        randomSeed,
        stopOnSignals: true,
      }),
    );
  }
}

const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
const lines = [
  '## Chaos: exactly once through kill -9 and SIGTERM',
  '',
  `\`npm run chaos\` (bench/chaos/): the real bot (\`node bin/liso.js start\`, compiled) against the platform's local fake answering after ${latencyMs} ms, killed at random moments while it posts, restarted at once each time. Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; finished ${new Date().toISOString()}; load average then ${load}. Random seed ${randomSeed}.`,
  '',
  '| platform | store | expected | sent | lost | duplicated | most after one kill (bound) | of them after SIGTERM | resends dropped by nonce | SIGKILL | SIGTERM (slow stops) | unexpected | "may get it twice" logged | error log lines | time |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.platform} | ${r.backend} | ${r.expected} | ${r.sent} | ${r.lost} | ${r.duplicated} | ${r.maxDuplicatesPerKill} (${r.boundPerKill}) | ${r.duplicatedAfterSigterm} | ${r.absorbedByNonce} | ${r.sigkills} | ${r.sigterms} (${r.slowStops}) | ${r.unexpected} | ${r.resendWarnings} | ${r.errorLines} | ${(r.ms / 1000).toFixed(0)} s |`,
  ),
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
const failed = results.filter((r) => r.lost > 0 || r.maxDuplicatesPerKill > r.boundPerKill);
if (failed.length > 0) {
  process.stderr.write(`chaos failed on ${failed.map((r) => `${r.platform}/${r.backend}`).join(', ')}: lost must be 0 and duplicates at most the bound per kill\n`);
  process.exitCode = 1;
}
