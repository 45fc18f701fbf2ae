// Pure arithmetic on anonymous tallies: counting, means, pooling below the threshold.
import type { Thresholds } from './anonymity.ts';
import { openAnswersVisible, scoresVisible } from './anonymity.ts';
import type { OpenResult, PulseCarry, QuestionResult, Score, Tally } from './pulse-types.ts';

export function emptyTally(): Tally {
  return [0, 0, 0, 0, 0];
}

export function isScore(value: number): value is Score {
  return Number.isInteger(value) && value >= 1 && value <= 5;
}

export function addTallies(a: Tally, b: Tally): Tally {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]];
}

export function tallyOf(scores: readonly Score[]): Tally {
  const tally = emptyTally();
  for (const score of scores) tally[score - 1] = (tally[score - 1] ?? 0) + 1;
  return tally;
}

export function countOf(tally: Tally): number {
  return tally.reduce((sum, n) => sum + n, 0);
}

/** The mean score, undefined for an empty tally. */
export function meanOf(tally: Tally): number | undefined {
  const count = countOf(tally);
  if (count === 0) return undefined;
  return tally.reduce((sum, n, i) => sum + n * (i + 1), 0) / count;
}

export function emptyCarry(): PulseCarry {
  return { questions: {}, open: { answers: [], pulses: [] } };
}

/**
 * Drops from `carry` every pooled tally and the open answers that hold answers of `pulseId`, whose
 * retention has ended: pooled, its answers cannot be told apart from the later ones, so they go
 * together. True when anything was dropped.
 */
export function dropCarriedFrom(carry: PulseCarry, pulseId: string): boolean {
  let dropped = false;
  for (const [questionId, carried] of Object.entries(carry.questions)) {
    if (!carried.pulses.includes(pulseId)) continue;
    delete carry.questions[questionId];
    dropped = true;
  }
  if (carry.open.pulses.includes(pulseId)) {
    carry.open = { answers: [], pulses: [] };
    dropped = true;
  }
  return dropped;
}

/**
 * Decides what one closing pulse shows. A statement below the threshold is not shown; its answers
 * join the carry and are shown, pooled, with the first later pulse that reaches the threshold.
 * Each pulse's answers end up in exactly one shown view, so comparing views isolates nobody.
 */
export function poolQuestion(pulseId: string, own: Tally, carry: PulseCarry, questionId: string, thresholds: Thresholds): QuestionResult {
  const carried = carry.questions[questionId];
  const combined = carried ? addTallies(own, carried.tally) : own;
  const pooledFrom = carried?.pulses ?? [];
  if (scoresVisible(countOf(combined), thresholds)) {
    delete carry.questions[questionId];
    return { own, shown: combined, pooledFrom };
  }
  if (countOf(own) > 0 || carried) carry.questions[questionId] = { tally: combined, pulses: [...pooledFrom, pulseId] };
  return { own, pooledFrom: [] };
}

/** The same for open answers, which need more of them before they are shown. */
export function poolOpenAnswers(pulseId: string, own: readonly string[], carry: PulseCarry, thresholds: Thresholds): OpenResult {
  const combined = [...carry.open.answers, ...own];
  const pooledFrom = carry.open.pulses;
  if (openAnswersVisible(combined.length, thresholds)) {
    carry.open = { answers: [], pulses: [] };
    return { ownCount: own.length, shown: sortForAnonymity(combined), pooledFrom };
  }
  if (own.length > 0 || pooledFrom.length > 0) carry.open = { answers: sortForAnonymity(combined), pulses: [...pooledFrom, pulseId] };
  return { ownCount: own.length, pooledFrom: [] };
}

/** Alphabetical order: the order answers arrived in would hint at who wrote them. */
export function sortForAnonymity(answers: readonly string[]): string[] {
  return [...answers].sort((a, b) => a.localeCompare(b, 'nl'));
}
