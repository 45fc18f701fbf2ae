#!/usr/bin/env node
// Splits the persona question set once, with a fixed seed, into a tune half and a test half.
//
// Usage: node scripts/split-eval.mjs          writes the halves (refuses to change an existing split)
//        node scripts/split-eval.mjs --check  exits 1 when the halves on disk are not this split
//        --dir <folder>                       works on another copy of the set (default tests/fixtures/eval)
//
// Stratified by language and by scope (in scope, near miss, other out of scope), so each half has
// the same mix. The split is frozen: re-running it after editing the source set would move test
// questions into the tune half, so the script refuses to overwrite halves that differ.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const SPLIT_SEED = 20261206;

const DEFAULT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'fixtures', 'eval');
const SOURCE_NAME = 'questions.personas.json';
const TUNE_NAME = 'questions.tune.json';
const TEST_NAME = 'questions.test.json';

/** mulberry32: a small seeded generator, so the split is the same on every machine and Node version. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stratum(question) {
  const scope = question.topics.includes('none') ? (question.near ? 'near-miss' : 'out') : 'in';
  return `${question.lang}/${scope}`;
}

/**
 * Returns { tune, test }: every question in exactly one half, each half in source order.
 * Within each stratum, a seeded shuffle sends the first half (rounded down) to tune, the rest to test.
 */
export function splitQuestions(questions, seed = SPLIT_SEED) {
  const random = seededRandom(seed);
  const byStratum = new Map();
  questions.forEach((question, index) => {
    const key = stratum(question);
    if (!byStratum.has(key)) byStratum.set(key, []);
    byStratum.get(key).push(index);
  });
  const tuneIndexes = new Set();
  for (const key of [...byStratum.keys()].sort()) {
    const indexes = byStratum.get(key);
    for (let i = indexes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
    }
    indexes.slice(0, Math.floor(indexes.length / 2)).forEach((index) => tuneIndexes.add(index));
  }
  return {
    tune: questions.filter((_, index) => tuneIndexes.has(index)),
    test: questions.filter((_, index) => !tuneIndexes.has(index)),
  };
}

/** One question per line, so a diff shows exactly which questions changed. */
export function formatQuestions(questions) {
  return `[\n${questions.map((question) => `  ${JSON.stringify(question)}`).join(',\n')}\n]\n`;
}

function main(args) {
  const dirFlag = args.indexOf('--dir');
  const dir = dirFlag >= 0 && args[dirFlag + 1] ? path.resolve(args[dirFlag + 1]) : DEFAULT_DIR;
  const { tune, test } = splitQuestions(JSON.parse(readFileSync(path.join(dir, SOURCE_NAME), 'utf8')));
  const wanted = [
    [path.join(dir, TUNE_NAME), formatQuestions(tune)],
    [path.join(dir, TEST_NAME), formatQuestions(test)],
  ];
  const differing = wanted.filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text);
  if (differing.length === 0) {
    console.log(`split unchanged: ${tune.length} tune, ${test.length} test`);
    return 0;
  }
  if (args.includes('--check')) {
    console.error(`not the frozen split: ${differing.map(([file]) => path.basename(file)).join(', ')}`);
    return 1;
  }
  const existing = wanted.filter(([file]) => existsSync(file));
  if (existing.length > 0) {
    console.error(
      'refusing to re-split: the halves exist and differ from a fresh split of the source set. ' +
        'The split is made once; add new questions to a new set instead of reshuffling the test half.',
    );
    return 1;
  }
  for (const [file, text] of wanted) writeFileSync(file, text);
  console.log(`split written: ${tune.length} tune, ${test.length} test`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
