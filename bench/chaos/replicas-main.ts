// `npm run chaos:replicas`: two real bot processes on one Redis through the kill of the one that
// runs the batch's tick, the kill of both, and its graceful stop, each on a fresh batch. Prints
// a Markdown table (for BENCHMARKS.md) and exits 1 when a message was lost, a kill repeated more
// than the sends in flight of the killed processes, or a graceful stop repeated anything.
//
// Environment: REDIS_URL (required; never the production Redis: the run writes under its own
// prefix and clears it), CHAOS_REPLICA_CASES (none,kill-one,kill-both,term-one), CHAOS_PLATFORMS
// (slack), CHAOS_NUDGE_NETWORKS (150), CHAOS_PULSE_NETWORKS (30), CHAOS_LATENCY_MS (100),
// CHAOS_LEASE_SECONDS (120), CHAOS_SLACK_POSTS_PER_MINUTE (600), CHAOS_DOWN_SECONDS (60: how long
// one killed or stopped replica stays down; both killed come back after 2 s), CHAOS_SEED (random).
import os from 'node:os';
import { ensureBuilt } from './build.ts';
import type { PlatformName } from './platforms.ts';
import { platforms } from './platforms.ts';
import type { ReplicaCase, ReplicaChaosResult } from './replica-run.ts';
import { runReplicaChaos } from './replica-run.ts';

const env = process.env;
const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
const list = (name: string, fallback: string) => (env[name] ?? fallback).split(',').map((item) => item.trim()).filter(Boolean);
const redisUrl = env['REDIS_URL'];
if (!redisUrl) throw new Error('REDIS_URL must name the Redis the replicas share (a test instance)');
const cases = list('CHAOS_REPLICA_CASES', 'none,kill-one,kill-both,term-one') as ReplicaCase[];
const chosen = list('CHAOS_PLATFORMS', 'slack') as PlatformName[];
const randomSeed = number('CHAOS_SEED', Math.floor(Math.random() * 2 ** 31));
const latencyMs = number('CHAOS_LATENCY_MS', 100);
const leaseSeconds = number('CHAOS_LEASE_SECONDS', 120);
const postsPerMinute = number('CHAOS_SLACK_POSTS_PER_MINUTE', 600);

ensureBuilt((line) => process.stderr.write(`${line}\n`));
const results: ReplicaChaosResult[] = [];
for (const platform of chosen) {
  for (const replicaCase of cases) {
    results.push(
      await runReplicaChaos({
        redisUrl,
        platform: platforms[platform],
        size: { nudgeNetworks: number('CHAOS_NUDGE_NETWORKS', 150), pulseNetworks: number('CHAOS_PULSE_NETWORKS', 30) },
        case: replicaCase,
        latencyMs,
        leaseSeconds,
        slackPostsPerMinute: postsPerMinute,
        killWithinMs: 3_000,
        downMs: replicaCase === 'kill-both' ? 2_000 : number('CHAOS_DOWN_SECONDS', 60) * 1000,
        randomSeed,
      }),
    );
  }
}

const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
const lines = [
  `Two replicas (\`node bin/liso.js start\`, compiled) on one Redis, the platform's fake answering after ${latencyMs} ms, lease ${leaseSeconds} s, Slack budget ${postsPerMinute} posts a minute. Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; finished ${new Date().toISOString()}; load average then ${load}. Random seed ${randomSeed}.`,
  '',
  '| platform | case | owed | once | twice | more | never | unexpected | nonce drops | victim ran the tick | queued at the signal | leases held (arrived before) | longest held by a lease | late p50 / max (digest, results, milestone) | roster updated after | posts/s before / on half budget / alone | posts in the first minute | "may get it twice" | error lines | time |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.platform} | ${r.case}${r.case === 'none' ? '' : ` at +${s(r.signalAfterMs)}`} | ${r.expected} | ${r.once} | ${r.twice} | ${r.more} | ${r.lost} | ${r.unexpected} | ${r.absorbedByNonce} | ${r.case === 'none' ? '–' : r.victimHeldTick ? 'yes' : 'no'} | ${r.case === 'none' ? '–' : r.queuedAtSignal} | ${r.leasesHeld} (${r.leasedArrivedBefore}) | ${r.leasesHeld ? s(r.leaseHeldMaxMs) : '–'} | ${s(r.lateP50Ms)} / ${s(r.lateMaxMs)} (${['digest', 'results', 'milestone'].map((k) => s(r.lateMaxByKind[k])).join(', ')}) | ${s(r.rosterGoneMs)} | ${r.rateBefore.toFixed(1)} / ${r.rateHalf.toFixed(1)} / ${r.rateAlone.toFixed(1)} | ${r.firstMinutePosts} | ${r.resendWarnings} | ${r.errorLines} | ${(r.ms / 1000).toFixed(0)} s |`,
  ),
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
const bound = (r: ReplicaChaosResult) => (r.case === 'kill-one' ? r.boundPerKill : r.case === 'kill-both' ? 2 * r.boundPerKill : 0);
const failed = results.filter((r) => r.lost > 0 || r.twice + 2 * r.more > bound(r));
if (failed.length > 0) {
  process.stderr.write(`replica chaos failed on ${failed.map((r) => `${r.platform}/${r.case}`).join(', ')}\n`);
  process.exitCode = 1;
}
