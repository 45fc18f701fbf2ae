// The persona question set of issue 22 and its frozen tune/test split: shape, labels, and the split script.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabelledQuestion } from './labelled-questions.ts';
import { evalDir, isOutOfScope, knowledgeIds, labelProblems, readSet, root } from './labelled-questions.ts';

const splitScript = path.join(root, 'scripts', 'split-eval.mjs');

const stratum = (question: LabelledQuestion) =>
  `${question.lang}/${isOutOfScope(question) ? (question.near ? 'near-miss' : 'out') : 'in'}`;

const personas = readSet('questions.personas.json');
const tune = readSet('questions.tune.json');
const test = readSet('questions.test.json');

describe('persona question set', () => {
  it.each([
    ['questions.personas.json', personas],
    ['questions.tune.json', tune],
    ['questions.test.json', test],
  ])('%s: every label names an existing entry, "none" stands alone, near misses carry kind 5', (_name, set) => {
    expect(labelProblems(set, knowledgeIds())).toEqual([]);
  });

  it('meets the floor of issue 22: size, English share, out of scope, near misses', () => {
    const outOfScope = personas.filter(isOutOfScope);
    expect(personas.length).toBeGreaterThanOrEqual(420);
    expect(personas.filter((q) => q.lang === 'en').length * 3).toBeGreaterThanOrEqual(personas.length);
    expect(outOfScope.length).toBeGreaterThanOrEqual(60);
    expect(outOfScope.filter((q) => q.near).length * 2).toBeGreaterThanOrEqual(outOfScope.length);
  });

  it('has no question twice', () => {
    const texts = personas.map((q) => q.q.trim().toLowerCase());
    expect(texts.length - new Set(texts).size).toBe(0);
  });
});

describe('tune/test split', () => {
  it('puts every question in exactly one half', () => {
    const key = (question: LabelledQuestion) => JSON.stringify(question);
    const halves = [...tune, ...test].map(key).sort();
    expect(halves).toEqual(personas.map(key).sort());
    const tuneKeys = new Set(tune.map(key));
    expect(test.filter((q) => tuneKeys.has(key(q)))).toEqual([]);
  });

  it('is stratified: per language and scope the halves differ by at most one question', () => {
    const count = (set: LabelledQuestion[]) =>
      set.reduce((counts, q) => counts.set(stratum(q), (counts.get(stratum(q)) ?? 0) + 1), new Map<string, number>());
    const tuneCounts = count(tune);
    const testCounts = count(test);
    for (const [key, total] of count(personas)) {
      expect(Math.abs((tuneCounts.get(key) ?? 0) - (testCounts.get(key) ?? 0)), key).toBeLessThanOrEqual(1);
      expect((tuneCounts.get(key) ?? 0) + (testCounts.get(key) ?? 0)).toBe(total);
    }
  });

  it('is the split the script makes with its fixed seed (checked by running it)', () => {
    const output = execFileSync(process.execPath, [splitScript, '--check'], { encoding: 'utf8' });
    expect(output).toContain('split unchanged');
  });
});

describe('split script on a copy of the set', () => {
  let workDir = '';
  afterEach(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    workDir = '';
  });

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [splitScript, '--dir', workDir, ...args], { encoding: 'utf8' });

  it('writes the same halves as the committed ones, and refuses to re-split an edited set', () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'liso-split-'));
    copyFileSync(path.join(evalDir, 'questions.personas.json'), path.join(workDir, 'questions.personas.json'));

    expect(run().status).toBe(0);
    expect(readFileSync(path.join(workDir, 'questions.test.json'), 'utf8')).toBe(
      readFileSync(path.join(evalDir, 'questions.test.json'), 'utf8'),
    );

    const edited = [...personas].reverse();
    writeFileSync(path.join(workDir, 'questions.personas.json'), JSON.stringify(edited));
    const resplit = run();
    expect(resplit.status).toBe(1);
    expect(resplit.stderr).toContain('refusing to re-split');
    expect(run('--check').status).toBe(1);
    expect(readFileSync(path.join(workDir, 'questions.test.json'), 'utf8')).toBe(
      readFileSync(path.join(evalDir, 'questions.test.json'), 'utf8'),
    );
  });
});
