// The surface view of the entries (words, word pairs and letter groups) and how it joins the word ranking.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdviceData } from '../../src/advice/advice-data.ts';
import type { Candidate } from '../../src/advice/candidate-ranking.ts';
import { sortByFusedScore, SURFACE_WEIGHT } from '../../src/advice/candidate-ranking.ts';
import { analyseSurfaceProfiles, assembleSurfaceProfiles } from '../../src/advice/surface-profiles.ts';
import { MAX_QUESTION_CHARS, MAX_WORD_CHARS, tokenizeQuestion } from '../../src/advice/text-normalization.ts';
import { root, sharedEngine } from './engine-fixture.ts';

const { engine, kb } = sharedEngine();
const surface = assembleSurfaceProfiles(analyseSurfaceProfiles(kb, loadAdviceData(path.join(root, 'data')).situations));
// A question as the engine hands it over: its capped tokens.
const profiles = { similarities: (question: string) => surface.similarities(tokenizeQuestion(question)) };
const ranked = (question: string) => [...profiles.similarities(question)].sort((a, b) => b[1] - a[1]);

describe('surface profiles', () => {
  it("finds an entry by its own title in either language (all but a few titles made of words every entry uses)", () => {
    const titles = kb.entries.flatMap((entry) => (['nl', 'en'] as const).map((lang) => ({ id: entry.id, title: entry[lang].title })));
    const found = titles.filter(({ id, title }) => ranked(title)[0]?.[0] === id);
    expect(found.length).toBeGreaterThanOrEqual(titles.length - 6);
  });

  it('gives cosine similarities between 0 and 1, and none for a question without words', () => {
    for (const [, similarity] of ranked('Hoe houd ik de deelnemers betrokken na een sterke start?')) {
      expect(similarity).toBeGreaterThan(0);
      expect(similarity).toBeLessThanOrEqual(1 + 1e-9);
    }
    for (const empty of ['', '   ', '😀🎉🙏', '!!!???']) expect(profiles.similarities(empty).size).toBe(0);
    expect(engine.explain(undefined as unknown as string).candidates.filter((c) => c.similarity > 0).length).toBe(0);
  });

  it('reads a typo close to the word it means, through shared letter groups', () => {
    const typo = new Map(ranked('betrokkenhied'));
    const right = new Map(ranked('betrokkenheid'));
    expect(typo.get('sb-betrokkenheid')).toBeGreaterThan(0.5 * right.get('sb-betrokkenheid')!);
    expect(ranked('hogere faalkunde')[0]?.[0]).toBe('hogere-faalkunde');
    expect(ranked('hogere faalkunde')[0]?.[0]).toBe(ranked('hogere faalkunden')[0]?.[0]);
  });

  it('counts a hyphenated word by its parts, as if written apart', () => {
    expect(profiles.similarities('na de kick-off')).toEqual(profiles.similarities('na de kick off'));
  });

  it('reads only what the question analysis reads: the first characters, and words cut to their maximum length', () => {
    const question = 'Hoe krijg ik de wethouder mee in ons leernetwerk? '.repeat(300);
    expect(profiles.similarities(question)).toEqual(profiles.similarities(question.slice(0, MAX_QUESTION_CHARS)));
    const long = 'ervaringsdeskundigheid'.repeat(100);
    expect(profiles.similarities(long)).toEqual(profiles.similarities(long.slice(0, MAX_WORD_CHARS)));
  });
});

describe('fusing the surface view with the word ranking', () => {
  const candidate = (id: string, rank: number, similarity: number): Candidate => ({ id, raw: rank, rank, coverage: 1, confidence: 0, credit: [], similarity });

  it('orders by rank and similarity, each relative to the best', () => {
    const candidates = [candidate('a', 10, 0.1), candidate('b', 9, 0.3), candidate('c', 2, 0.05)];
    sortByFusedScore(candidates);
    // b: 0.9 + 1 against a: 1 + 1/3 (SURFACE_WEIGHT 1).
    expect(SURFACE_WEIGHT).toBe(1);
    expect(candidates.map((c) => c.id)).toEqual(['b', 'a', 'c']);
  });

  it('lets a much stronger word match win over a closer surface', () => {
    const candidates = [candidate('a', 2, 0.3), candidate('b', 10, 0.25)];
    sortByFusedScore(candidates);
    expect(candidates[0]!.id).toBe('b');
  });

  it('keeps an entry only the surface view finds, after those both views find', () => {
    const candidates = [candidate('surface-only', 0, 0.2), candidate('word', 5, 0.1)];
    sortByFusedScore(candidates);
    expect(candidates.map((c) => c.id)).toEqual(['word', 'surface-only']);
  });

  it('orders by rank alone when no entry is close on the surface', () => {
    const candidates = [candidate('a', 1, 0), candidate('b', 3, 0)];
    sortByFusedScore(candidates);
    expect(candidates.map((c) => c.id)).toEqual(['b', 'a']);
  });
});
