// evaluate() counts top-1/top-3 and abstention the way the targets define them.
import { describe, expect, it } from 'vitest';
import type { AskFunction, EvalQuestion } from '../../src/advice/evaluate.ts';
import { evaluate, formatMetricsTable } from '../../src/advice/evaluate.ts';

const answer = (ids: string[], abstained = false, partial = false) => ({
  best: abstained ? undefined : ids[0] ? { entry: { id: ids[0] } } : undefined,
  alternatives: (abstained ? ids : ids.slice(1)).map((id) => ({ entry: { id } })),
  abstained,
  ...(partial ? { partial: { missing: ['iets'] } } : {}),
});

describe('evaluate', () => {
  const questions: EvalQuestion[] = [
    { q: 'a', lang: 'nl', topics: ['x'] },
    { q: 'b', lang: 'nl', topics: ['y', 'z'] },
    { q: 'c', lang: 'en', topics: ['x'] },
    { q: 'd', lang: 'en', topics: ['none'] },
    { q: 'e', lang: 'nl', topics: ['none'] },
    { q: 'f', lang: 'nl', topics: ['none'] },
    { q: 'g', lang: 'en', topics: ['x'] },
  ];
  const answers: Record<string, ReturnType<typeof answer>> = {
    a: answer(['x', 'y']), // top-1
    b: answer(['q', 'r', 'z']), // any of several topics in the best three: top-3 only
    c: answer(['x'], true), // abstained although in scope: wrong at top-1 and top-3
    d: answer(['x'], true), // rightly abstained
    e: answer(['x']), // answered although out of scope
    f: answer(['x'], false, true), // out of scope, answered as partial: handled, not refused
    g: answer(['x'], false, true), // in scope, answered as partial with the right entry: top-1, a needless hedge
  };
  const ask: AskFunction = (q) => answers[q]!;

  it('computes overall and per-language metrics', () => {
    const report = evaluate(ask, questions);
    expect(report.overall).toEqual({
      questions: 7,
      inScope: 4,
      outOfScope: 3,
      top1: 2 / 4,
      top3: 3 / 4,
      wronglyAbstained: 1 / 4,
      partialInScope: 1 / 4,
      outOfScopeHandled: 2 / 3,
      abstentionPrecision: 1 / 2,
      abstentionRecall: 1 / 3,
    });
    expect(report.byLang.nl.top1).toBe(1 / 2);
    expect(report.byLang.en.abstentionRecall).toBe(1);
    expect(report.byLang.en.top3).toBe(1 / 2);
    expect(report.misses.map((m) => m.question.q)).toEqual(['b', 'c', 'e']);
  });

  it('passes the labelled language only when asked to', () => {
    const seen: unknown[] = [];
    const spy: AskFunction = (q, opts) => {
      seen.push(opts?.lang);
      return answers[q]!;
    };
    evaluate(spy, questions.slice(0, 1));
    evaluate(spy, questions.slice(0, 1), { passLang: true });
    expect(seen).toEqual([undefined, 'nl']);
  });

  it('renders a Markdown table with a dash for undefined shares', () => {
    const table = formatMetricsTable(evaluate(ask, questions.slice(0, 1)));
    expect(table).toContain('| questions | all | 1 | 1 | 100.0% | 100.0% | 0.0% | 0.0% | 0 | – | – | – |');
  });
});

