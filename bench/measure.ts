// Small measuring helpers shared by the adapter benchmarks.
import { performance } from 'node:perf_hooks';

/** The value at percentile `p` (0–100) of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Microseconds per call of `work`, over `runs` calls. */
export function microsPerCall(work: () => unknown, runs: number): number {
  const start = performance.now();
  for (let i = 0; i < runs; i++) work();
  return ((performance.now() - start) / runs) * 1000;
}
