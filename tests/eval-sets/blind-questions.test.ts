// The blind sets (tests/fixtures/eval/README.md): written by helpers who never saw the engine. Checks their shape and
// that their labels name real entries; it never runs the engine on them.
import { describe, expect, it } from 'vitest';
import { EVAL_SETS, SEALED_FILES } from '../../cli/eval-command.ts';
import { isOutOfScope, knowledgeIds, labelProblems, readSet } from './labelled-questions.ts';

const SETS = [
  { file: 'questions.blind-test.json', sealed: true },
  { file: 'questions.blind-tune.json', sealed: false },
] as const;
const GROUPS = ['blind-general-1', 'blind-general-2', 'blind-general-3', 'blind-care-A', 'blind-care-B'];

describe.each(SETS)('blind question set $file', ({ file, sealed }) => {
  const set = readSet(file) as Array<ReturnType<typeof readSet>[number] & { group?: string }>;

  it('labels only existing entries, "none" alone', () => {
    expect(labelProblems(set, knowledgeIds())).toEqual([]);
  });

  it('has 135 questions: 75 of the general check, 60 of a care check, a third English, 50 out of scope', () => {
    expect(set).toHaveLength(135);
    expect(set.filter((q) => q.group?.startsWith('blind-general-'))).toHaveLength(75);
    expect(set.filter((q) => !GROUPS.includes(q.group ?? ''))).toEqual([]);
    expect(set.filter((q) => q.lang === 'en').length * 4).toBeGreaterThanOrEqual(set.length);
    expect(set.filter(isOutOfScope)).toHaveLength(50);
    expect(set.filter((q) => q.group === 'blind-general-2' || q.group === 'blind-care-B').every(isOutOfScope)).toBe(true);
  });

  it(sealed ? 'is sealed: `liso eval --misses` refuses it' : 'is not sealed, and `npm run eval` reports it', () => {
    expect(SEALED_FILES.has(file)).toBe(sealed);
    expect(EVAL_SETS.some((s) => s.file === file)).toBe(true);
  });
});

it('the two blind sets share no question', () => {
  const test = new Set(readSet('questions.blind-test.json').map((q) => q.q.trim().toLowerCase()));
  expect(readSet('questions.blind-tune.json').filter((q) => test.has(q.q.trim().toLowerCase()))).toEqual([]);
});
