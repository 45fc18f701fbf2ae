// The abstention model: fitting picks the threshold for the wrongly-refused target, and the shipped model is current.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrationOf, CALIBRATION_FILE, MAX_WRONGLY_REFUSED } from '../../cli/eval-command.ts';
import type { LabelledFeatures } from '../../src/advice/abstention.ts';
import { answerProbability, fitAbstentionModel } from '../../src/advice/abstention.ts';
import { loadEvalQuestions } from '../../src/advice/evaluate.ts';
import { root, sharedEngine } from './engine-fixture.ts';

describe('fitAbstentionModel', () => {
  // Answerable questions have strong signals, out-of-scope ones weak, with some overlap.
  const samples: LabelledFeatures[] = [
    ...Array.from({ length: 40 }, (_, i) => ({ features: { confidence: 0.2 + i / 50, coverage: 0.5 + i / 100 }, answerable: true })),
    ...Array.from({ length: 20 }, (_, i) => ({ features: { confidence: i / 60, coverage: 0.1 + i / 50 }, answerable: false })),
  ];

  it('learns that stronger signals mean answerable', () => {
    const model = fitAbstentionModel(samples, { maxWronglyRefused: 0.05 });
    expect(model.weights.confidence).toBeGreaterThan(0);
    expect(answerProbability(model, { confidence: 0.9, coverage: 0.9 })).toBeGreaterThan(answerProbability(model, { confidence: 0.1, coverage: 0.2 }));
  });

  it.each([0, 0.05, 0.1])('refuses at most %s of the answerable questions it was fitted on', (maxWronglyRefused) => {
    const model = fitAbstentionModel(samples, { maxWronglyRefused });
    const refused = samples.filter((s) => s.answerable && answerProbability(model, s.features) < model.threshold).length;
    expect(refused).toBe(Math.floor(maxWronglyRefused * 40));
  });
});

describe('the shipped abstention model', () => {
  it('is what `liso eval --calibrate` fits on the tune half today (stale after any engine or data change)', () => {
    const stored = JSON.parse(readFileSync(path.join(root, 'data/advice/abstention.json'), 'utf8'));
    const fitted = calibrationOf(sharedEngine().engine, loadEvalQuestions(path.join(root, 'tests/fixtures/eval', CALIBRATION_FILE)));
    expect({ weights: stored.weights, bias: stored.bias, threshold: stored.threshold }).toEqual(fitted);
    expect(stored).toMatchObject({ calibratedOn: CALIBRATION_FILE, maxWronglyRefused: MAX_WRONGLY_REFUSED });
  });
});
