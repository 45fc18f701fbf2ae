// The outside question set of issue 22: real questions from public pages, labelled blind. Checks its shape and that
// its labels name real entries; it never runs the engine on it (the set is sealed, see tests/fixtures/eval/README.md).
import { describe, expect, it } from 'vitest';
import { SEALED_FILES } from '../../cli/eval-command.ts';
import { isOutOfScope, knowledgeIds, labelProblems, readSet } from './labelled-questions.ts';

const outside = readSet('questions.outside.json');

describe('outside question set', () => {
  it('labels only existing entries, "none" alone, near misses with kind 5', () => {
    expect(labelProblems(outside, knowledgeIds())).toEqual([]);
  });

  it('traces every question to the public page it came from', () => {
    const untraced = outside.filter((q) => q.persona !== 'outside' || !/^https?:\/\/[^/\s]+\.[^/\s]+/.test(q.source ?? ''));
    expect(untraced.map((q) => q.q)).toEqual([]);
  });

  it('has the size of the brief: 100 to 140 questions, at least 40% Dutch, at least 20 out of scope', () => {
    expect(outside.length).toBeGreaterThanOrEqual(100);
    expect(outside.length).toBeLessThanOrEqual(140);
    expect(outside.filter((q) => q.lang === 'nl').length * 10).toBeGreaterThanOrEqual(outside.length * 4);
    expect(outside.filter(isOutOfScope).length).toBeGreaterThanOrEqual(20);
  });

  it('has no question twice, and none that is also in a set the team wrote', () => {
    const norm = (q: string) => q.trim().toLowerCase();
    const texts = outside.map((q) => norm(q.q));
    expect(texts.length - new Set(texts).size).toBe(0);
    const ours = new Set(
      ['questions.personas.json', 'questions.dev.json', 'questions.extra.json'].flatMap((file) => readSet(file).map((q) => norm(q.q))),
    );
    expect(texts.filter((q) => ours.has(q))).toEqual([]);
  });

  it('is sealed: `liso eval --misses` refuses it', () => {
    expect(SEALED_FILES.has('questions.outside.json')).toBe(true);
  });
});
