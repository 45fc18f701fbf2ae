// Decides when the handbook does not answer a question, so the bot says so instead of guessing: a small
// logistic model over two signals, fitted on the tune half of the persona questions (`liso eval --calibrate`).
import type { Candidate } from './candidate-ranking.ts';

export const abstentionFeatureNames = ['confidence', 'coverage'] as const;
export type AbstentionFeature = (typeof abstentionFeatureNames)[number];
export type AbstentionFeatures = Record<AbstentionFeature, number>;

export interface AbstentionModel {
  weights: AbstentionFeatures;
  bias: number;
  /** Below this probability that the handbook answers the question, we refuse. */
  threshold: number;
}

/**
 * The signals, each 0..1: the best entry's confidence (its coverage of the question times the strength of the
 * match) and how much of the question the closest entries together cover.
 */
export function abstentionFeatures(best: Candidate | undefined, neighbourhoodCoverage: number): AbstentionFeatures {
  return { confidence: best?.confidence ?? 0, coverage: best ? neighbourhoodCoverage : 0 };
}

/** Probability (0..1) that the handbook answers a question with these signals. */
export function answerProbability(model: AbstentionModel, features: AbstentionFeatures): number {
  let z = model.bias;
  for (const name of abstentionFeatureNames) z += model.weights[name] * features[name];
  return 1 / (1 + Math.exp(-z));
}

export function shouldAbstain(model: AbstentionModel, best: Candidate | undefined, neighbourhoodCoverage: number): boolean {
  return !best || answerProbability(model, abstentionFeatures(best, neighbourhoodCoverage)) < model.threshold;
}

export interface LabelledFeatures {
  features: AbstentionFeatures;
  /** The handbook answers it (an in-scope question). */
  answerable: boolean;
}

export interface CalibrationTarget {
  /** Highest share of answerable questions we may refuse on the calibration set. */
  maxWronglyRefused: number;
}

const ITERATIONS = 4000;
const LEARNING_RATE = 0.5;
/** A little L2 shrinkage keeps the weights sane on a couple of hundred questions. */
const L2 = 0.001;

/**
 * Fits the logistic model by plain gradient descent (deterministic: zero start, fixed steps), then picks the
 * highest threshold that refuses at most `maxWronglyRefused` of the answerable questions, so that as many
 * out-of-scope questions as possible are refused.
 */
export function fitAbstentionModel(samples: readonly LabelledFeatures[], target: CalibrationTarget): AbstentionModel {
  const weights: AbstentionFeatures = { confidence: 0, coverage: 0 };
  let bias = 0;
  const n = samples.length;
  for (let step = 0; step < ITERATIONS; step++) {
    const gradient: AbstentionFeatures = { confidence: 0, coverage: 0 };
    let gradientBias = 0;
    for (const sample of samples) {
      const error = answerProbability({ weights, bias, threshold: 0 }, sample.features) - (sample.answerable ? 1 : 0);
      for (const name of abstentionFeatureNames) gradient[name] += error * sample.features[name];
      gradientBias += error;
    }
    for (const name of abstentionFeatureNames) weights[name] -= LEARNING_RATE * (gradient[name] / n + L2 * weights[name]);
    bias -= LEARNING_RATE * (gradientBias / n);
  }
  const model = { weights: { confidence: round(weights.confidence), coverage: round(weights.coverage) }, bias: round(bias), threshold: 0 };
  const answerable = samples
    .filter((sample) => sample.answerable)
    .map((sample) => answerProbability(model, sample.features))
    .sort((a, b) => a - b);
  // Refusing below the k-th lowest answerable probability refuses the k answerable questions under it.
  const allowed = Math.floor(target.maxWronglyRefused * answerable.length);
  const threshold = answerable.length === 0 ? 0.5 : answerable[allowed]!;
  // Rounded down, so the stored threshold never refuses the question it was set just below.
  return { ...model, threshold: Math.floor(threshold * 1e6) / 1e6 };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
