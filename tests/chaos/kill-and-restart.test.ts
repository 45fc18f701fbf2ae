// The smaller `npm run chaos`: the real bot process (`node bin/liso.js start`) against the Slack
// fake with 100 ms per call, killed with SIGKILL three times and SIGTERM once while it posts a
// queued batch, restarted at once each time. Nothing owed may be lost, and one kill may repeat
// at most as many messages as a process has in flight (Slack's RatePolicy.maxInFlight).
import { describe, expect, it } from 'vitest';
import { runChaos } from '../../bench/chaos/chaos-run.ts';
import type { ChaosOptions } from '../../bench/chaos/chaos-run.ts';
import { slackPlatform } from '../../bench/chaos/platforms.ts';

const bound = slackPlatform.inFlight;
const redisUrl = process.env['REDIS_URL'];

const small = (backend: string): ChaosOptions => ({
  backend,
  platform: slackPlatform,
  size: { nudgeNetworks: 25, pulseNetworks: 10 },
  sigkills: 3,
  sigterms: 1,
  latencyMs: 100,
  killWithinMs: 1_500,
  leaseSeconds: 15,
  queueFirst: true,
  randomSeed: 19,
  log: process.env['CHAOS_TRACE'] ? (line) => void process.stderr.write(`${line}\n`) : () => {},
});

function check(result: Awaited<ReturnType<typeof runChaos>>): void {
  if (process.env['CHAOS_TRACE']) process.stderr.write(`${JSON.stringify(result)}\n`);
  expect(result.expected).toBe(25 * 2 + 10 * 3);
  expect(result.sigkills).toBe(3);
  expect(result.sigterms).toBe(1);
  expect({ lost: result.lost, sent: result.sent, unexpected: result.unexpected }).toEqual({ lost: 0, sent: result.expected, unexpected: 0 });
  expect(result.maxDuplicatesPerKill).toBeLessThanOrEqual(bound);
  expect(result.duplicated).toBeLessThanOrEqual(bound * result.sigkills);
  // A graceful stop lets the sends in flight finish and records them: nothing it sent comes twice.
  expect(result.duplicatedAfterSigterm).toBe(0);
  expect(result.slowStops).toBe(0);
  expect(result.errorLines).toBe(0);
}

// Concurrently: each run mostly waits (for leases to run out, for Slack's latency), so two take about as long as one.
describe.concurrent('chaos: the real process through kill -9 and SIGTERM', () => {
  it('SQLite: lost 0, duplicates within the bound per kill', async () => {
    check(await runChaos(small('sqlite')));
  }, 120_000);

  it.skipIf(!redisUrl)(`Redis${redisUrl ? '' : ' (skipped: REDIS_URL is not set)'}: lost 0, duplicates within the bound per kill`, async () => {
    check(await runChaos(small(redisUrl!)));
  }, 120_000);
});
