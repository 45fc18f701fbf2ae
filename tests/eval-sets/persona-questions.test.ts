// The persona question set of issue 22 and its frozen tune/test split: shape, labels, and the split script.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const evalDir = path.join(root, 'tests', 'fixtures', 'eval');
const splitScript = path.join(root, 'scripts', 'split-eval.mjs');

interface LabelledQuestion {
  q: string;
  lang: 'nl' | 'en';
  topics: string[];
  persona: string;
  kind: number[];
  near?: string[];
}

function readSet(name: string): LabelledQuestion[] {
  return JSON.parse(readFileSync(path.join(evalDir, name), 'utf8')) as LabelledQuestion[];
}

/** Entry ids straight from the data files, not through the engine, so a renamed entry fails here. */
function knowledgeIds(): Set<string> {
  const dir = path.join(root, 'data', 'knowledge');
  const ids = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    for (const entry of JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { id: string }[]) ids.add(entry.id);
  }
  return ids;
}

const isOutOfScope = (question: LabelledQuestion) => question.topics.includes('none');
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
    const ids = knowledgeIds();
    const problems: string[] = [];
    for (const question of set) {
      const where = `"${question.q.slice(0, 50)}"`;
      if (!question.q.trim()) problems.push(`${where}: empty question`);
      if (question.lang !== 'nl' && question.lang !== 'en') problems.push(`${where}: lang ${String(question.lang)}`);
      if (!question.persona) problems.push(`${where}: no persona`);
      if (question.topics.length === 0) problems.push(`${where}: no topics`);
      if (isOutOfScope(question) && question.topics.length > 1) problems.push(`${where}: "none" mixed with ids`);
      for (const id of [...question.topics.filter((t) => t !== 'none'), ...(question.near ?? [])]) {
        if (!ids.has(id)) problems.push(`${where}: unknown entry ${id}`);
      }
      if (question.kind.some((k) => !Number.isInteger(k) || k < 1 || k > 6)) problems.push(`${where}: kind ${question.kind.join(',')}`);
      if (question.near && !isOutOfScope(question)) problems.push(`${where}: near on an in-scope question`);
      if (question.kind.includes(5) !== Boolean(question.near)) problems.push(`${where}: kind 5 and near disagree`);
    }
    expect(problems).toEqual([]);
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
