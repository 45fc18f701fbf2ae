// The outside question sets of issue 22: real questions from public pages, labelled blind. `questions.outside.json`
// is sealed (the figure that counts for real askers); `questions.outside-tune.json` and `questions.outside-tune-2.json`
// were gathered the same way from other pages, to tune on. Checks their shape and that their labels name real entries; it never runs the engine on
// them (see tests/fixtures/eval/README.md).
import { describe, expect, it } from 'vitest';
import { EVAL_SETS, SEALED_FILES } from '../../cli/eval-command.ts';
import { isOutOfScope, knowledgeIds, labelProblems, readSet } from './labelled-questions.ts';

const SETS = [
  { file: 'questions.outside.json', persona: 'outside', maxSize: 140, sealed: true },
  { file: 'questions.outside-tune.json', persona: 'outside-tune', maxSize: 150, sealed: false },
  { file: 'questions.outside-tune-2.json', persona: 'outside-tune-2', maxSize: 150, sealed: false },
] as const;

const norm = (q: string) => q.trim().toLowerCase();
const ours = new Set(['questions.personas.json', 'questions.dev.json', 'questions.extra.json'].flatMap((file) => readSet(file).map((q) => norm(q.q))));

describe.each(SETS)('outside question set $file', ({ file, persona, maxSize, sealed }) => {
  const set = readSet(file);

  it('labels only existing entries, "none" alone, near misses with kind 5', () => {
    expect(labelProblems(set, knowledgeIds())).toEqual([]);
  });

  it('traces every question to the public page it came from', () => {
    const untraced = set.filter((q) => q.persona !== persona || !/^https?:\/\/[^/\s]+\.[^/\s]+/.test(q.source ?? ''));
    expect(untraced.map((q) => q.q)).toEqual([]);
  });

  it(`has the size of the brief: 100 to ${maxSize} questions, at least 40% Dutch, at least 20 out of scope`, () => {
    expect(set.length).toBeGreaterThanOrEqual(100);
    expect(set.length).toBeLessThanOrEqual(maxSize);
    expect(set.filter((q) => q.lang === 'nl').length * 10).toBeGreaterThanOrEqual(set.length * 4);
    expect(set.filter(isOutOfScope).length).toBeGreaterThanOrEqual(20);
  });

  it('has no question twice, and none that is also in a set the team wrote', () => {
    const texts = set.map((q) => norm(q.q));
    expect(texts.length - new Set(texts).size).toBe(0);
    expect(texts.filter((q) => ours.has(q))).toEqual([]);
  });

  it(sealed ? 'is sealed: `liso eval --misses` refuses it' : 'is not sealed, and `npm run eval` reports it', () => {
    expect(SEALED_FILES.has(file)).toBe(sealed);
    expect(EVAL_SETS.some((s) => s.file === file)).toBe(true);
  });
});

describe('the outside sets beside each other', () => {
  // Only the sources are compared: a page that gave questions to one set gives none to another.
  const sources = (file: string) => new Set(readSet(file).map((q) => q.source));
  it.each([
    ['questions.outside-tune.json', 'questions.outside.json'],
    ['questions.outside-tune-2.json', 'questions.outside.json'],
    ['questions.outside-tune-2.json', 'questions.outside-tune.json'],
  ])('%s takes no question from a page of %s', (file, other) => {
    const taken = sources(other);
    expect([...sources(file)].filter((source) => taken.has(source))).toEqual([]);
  });
});
