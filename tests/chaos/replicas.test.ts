// The smaller `npm run chaos:replicas`: two real bot processes (`node bin/liso.js start`) on one
// Redis against the Slack fake with 100 ms per call, sending a queued batch together. One is
// killed (SIGKILL) and comes back, both are killed and come back, or one stops gracefully
// (SIGTERM) while the other goes on. Nothing owed may be lost, a kill may repeat at most the
// sends the killed processes had in flight, and a graceful stop nothing. No timings are asserted.
import { describe, expect, it } from 'vitest';
import { runReplicaChaos } from '../../bench/chaos/replica-run.ts';
import type { ReplicaCase, ReplicaChaosOptions, ReplicaChaosResult } from '../../bench/chaos/replica-run.ts';
import { slackPlatform } from '../../bench/chaos/platforms.ts';

const redisUrl = process.env['REDIS_URL'];
const bound = slackPlatform.inFlight;

const small = (replicaCase: ReplicaCase, randomSeed: number): ReplicaChaosOptions => ({
  redisUrl: redisUrl!,
  platform: slackPlatform,
  size: { nudgeNetworks: 25, pulseNetworks: 10 },
  case: replicaCase,
  latencyMs: 100,
  leaseSeconds: 15,
  slackPostsPerMinute: 10_000,
  killWithinMs: 1_000,
  downMs: 3_000,
  queueFirst: true,
  randomSeed,
  log: process.env['CHAOS_TRACE'] ? (line) => void process.stderr.write(`${line}\n`) : () => {},
});

function check(result: ReplicaChaosResult, repeatsAllowed: number): void {
  if (process.env['CHAOS_TRACE']) process.stderr.write(`${JSON.stringify(result)}\n`);
  expect(result.expected).toBe(25 * 2 + 10 * 3);
  expect({ lost: result.lost, unexpected: result.unexpected }).toEqual({ lost: 0, unexpected: 0 });
  expect(result.twice + 2 * result.more).toBeLessThanOrEqual(repeatsAllowed);
  expect(result.errorLines).toBe(0);
  expect(result.slowStops).toBe(0);
}

// Concurrently: each run mostly waits (for leases, for the fake's latency).
describe.concurrent('chaos: two real replicas on one Redis', () => {
  it.skipIf(!redisUrl)(`one killed while both send, restarted: lost 0, repeats within its sends in flight${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    check(await runReplicaChaos(small('kill-one', 23)), bound);
  }, 150_000);

  it.skipIf(!redisUrl)(`both killed at once, restarted: lost 0, repeats within both their sends in flight${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    check(await runReplicaChaos(small('kill-both', 29)), 2 * bound);
  }, 150_000);

  it.skipIf(!redisUrl)(`one stopped with SIGTERM while the other sends: lost 0, nothing twice${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}`, async () => {
    check(await runReplicaChaos(small('term-one', 31)), 0);
  }, 150_000);
});
