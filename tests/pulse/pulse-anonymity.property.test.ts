// Property tests of the pulse's anonymity: random pulses through the real app, then the store is
// searched for anything that ties a participant to an answer. A seeded generator makes every
// failure reproducible (the seed is in the test name).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/schema.ts';
import { openAnswersVisible, scoresVisible } from '../../src/features/pulse/anonymity.ts';
import { countOf, emptyCarry, poolQuestion, tallyOf } from '../../src/features/pulse/tally.ts';
import type { PulseResult, Score, Tally } from '../../src/features/pulse/pulse-types.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { createTestApp } from '../fakes/test-app.ts';
import { DAY, advanceTo, ballotOf, inviteOf, networkWith, openAnswer, participantIds, vote } from './pulse-helpers.ts';

const START = new Date('2027-01-04T08:00:00Z');
const QUESTIONS = ['sessie', 'samenwerking', 'betrokkenheid', 'leren', 'gefaciliteerd', 'opbrengst'];

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    score: () => (1 + Math.floor(next() * 5)) as Score,
  };
}

interface Run {
  store: MemoryStore;
  participants: string[];
  pulseId: string;
  /** Each participant's ballot token, as their invitation carried it. */
  tokens: string[];
  /** Each participant's final answers, as the test pressed them. */
  truth: Map<string, Record<string, Score>>;
  /** Everyone who answered anything, the open question included. */
  responded: Set<string>;
  result: PulseResult;
}

/** One random pulse: who answers, what, how often they change their mind, who writes an open answer. */
async function randomPulse(seed: number): Promise<Run> {
  const random = generator(seed);
  const store = new MemoryStore();
  const t = await createTestApp({ start: START, store });
  const participants = participantIds(random.int(1, 20));
  await networkWith(t, participants);
  await t.command('anna', 'pulse');
  const { pulseId } = inviteOf(t.adapter.take(), participants[0]!);
  const truth = new Map<string, Record<string, Score>>();
  const responded = new Set<string>();
  for (const person of participants) {
    if (!random.chance(0.7)) continue;
    const answers: Record<string, Score> = {};
    for (const question of QUESTIONS) {
      if (!random.chance(0.8)) continue;
      for (let presses = random.int(1, 3); presses > 0; presses--) {
        answers[question] = random.score();
        await vote(t, person, pulseId, question, answers[question]);
      }
    }
    if (random.chance(0.5)) {
      await openAnswer(t, person, pulseId, `idee ${random.int(1, 999)}`);
      responded.add(person);
    }
    if (Object.keys(answers).length > 0) {
      truth.set(person, answers);
      responded.add(person);
    }
  }
  await advanceTo(t, new Date(START.getTime() + 8 * DAY));
  const result = (await store.get<PulseResult>(`pulse:${pulseId}:result`))!;
  const tokens = participants.map((p) => ballotOf(pulseId, p).split(':')[1]!);
  return { store, participants, pulseId, tokens, truth, responded, result };
}

describe('pulse anonymity (property, random pulses)', () => {
  for (const seed of [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233]) {
    it(`leaves no participant id or voter key linked to an answer in the store (seed ${seed})`, async () => {
      const run = await randomPulse(seed);
      const dump = run.store.dump();
      const serialised = dump.map((entry) => ({ key: entry.key, text: `${entry.key} ${JSON.stringify(entry.value)}` }));
      for (const { key, text } of serialised) {
        // No ballot token (nor the ballot ids it made) survives the close anywhere.
        for (const token of run.tokens) expect(text, key).not.toContain(token);
        const mentionsParticipant = run.participants.some((p) => text.includes(p));
        if (key.startsWith('pulse:')) expect(mentionsParticipant, key).toBe(false);
        if (mentionsParticipant) {
          // Only identity, roles and the delivery of the (identical) invitation and reminder (and its per-person index) name a participant.
          expect(key, key).toMatch(/^(person:test:deelnemer-\d+(:networks)?|network:[a-f0-9]+:roles|delivery:pulse:[a-f0-9]+:(invite|reminder):deelnemer-\d+|delivery-person:test:deelnemer-\d+)$/);
          expect(text, key).not.toContain('✓');
        }
      }
      expect(dump.some((e) => /^pulse:[a-f0-9]+:(ballots|ballot-lock|invitees)$/.test(e.key))).toBe(false);
      // The aggregate still counts every final answer exactly once.
      expect(run.result.respondents).toBe(run.responded.size);
      for (const question of QUESTIONS) {
        const expected = tallyOf([...run.truth.values()].flatMap((a) => (a[question] ? [a[question]] : [])));
        expect(run.result.questions[question]!.own, question).toEqual(expected);
        const shown = run.result.questions[question]!.shown;
        if (shown) expect(countOf(shown)).toBeGreaterThanOrEqual(3);
        else expect(countOf(expected)).toBeLessThan(3);
      }
    });
  }
});

describe('thresholds for every count from 0 to 20', () => {
  it.each(Array.from({ length: 21 }, (_, n) => n))('%i answers', (n) => {
    expect(scoresVisible(n, { minRespondents: 3, minOpenAnswers: 5 })).toBe(n >= 3);
    expect(openAnswersVisible(n, { minRespondents: 3, minOpenAnswers: 5 })).toBe(n >= 5);
    expect(scoresVisible(n, { minRespondents: 6, minOpenAnswers: 8 })).toBe(n >= 6);
    expect(openAnswersVisible(n, { minRespondents: 6, minOpenAnswers: 8 })).toBe(n >= 8);
    // A threshold below the floor (only possible by bypassing the config) is never honoured.
    expect(scoresVisible(n, { minRespondents: 1, minOpenAnswers: 1 })).toBe(n >= 3);
    expect(openAnswersVisible(n, { minRespondents: 1, minOpenAnswers: 1 })).toBe(n >= 5);
  });

  it('configuration may raise the thresholds but never lower them', () => {
    expect(loadConfig({ LISO_PULSE_MIN_RESPONDENTS: '4', LISO_PULSE_MIN_OPEN_ANSWERS: '7' }).pulse).toMatchObject({ minRespondents: 4, minOpenAnswers: 7 });
    expect(() => loadConfig({ LISO_PULSE_MIN_RESPONDENTS: '2' })).toThrow(ConfigError);
    expect(() => loadConfig({ LISO_PULSE_MIN_OPEN_ANSWERS: '4' })).toThrow(/LISO_PULSE_MIN_OPEN_ANSWERS/);
    expect(() => loadConfig({ LISO_PULSE_DAYS: '5', LISO_PULSE_REMINDER_DAY: '5' })).toThrow(/LISO_PULSE_REMINDER_DAY/);
  });

  it('holds end to end: with n of 20 answering, scores show from 3 and open answers from 5', async () => {
    const participants = participantIds(20);
    for (let n = 0; n <= 20; n++) {
      const t = await createTestApp({ start: START });
      await networkWith(t, participants);
      await t.command('anna', 'pulse');
      const { pulseId } = inviteOf(t.adapter.take(), participants[0]!);
      for (const person of participants.slice(0, n)) {
        await vote(t, person, pulseId, 'sessie', 4);
        await openAnswer(t, person, pulseId, `antwoord van iemand ${n}`);
      }
      await advanceTo(t, new Date(START.getTime() + 8 * DAY));
      const results = t.adapter.take().find((s) => s.kind === 'direct' && s.to === 'anna')!.text;
      expect(/4 ██████████ \d+/.test(results), `n=${n}`).toBe(n >= 3);
      expect(results.includes(`antwoord van iemand ${n}`), `n=${n}`).toBe(n >= 5);
      expect(results, `n=${n}`).toMatch(new RegExp(`${n} van de 20 genodigden`));
    }
  });
});

describe('pooling (property)', () => {
  it('shows every pulse in exactly one view of at least 3 answers, or keeps it waiting; nothing is lost or counted twice', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = generator(seed);
      const carry = emptyCarry();
      const thresholds = { minRespondents: random.int(3, 5), minOpenAnswers: 5 };
      const shownIn = new Map<string, number>();
      let totalOwn = 0;
      let totalShown = 0;
      const pulses = random.int(1, 10);
      for (let i = 0; i < pulses; i++) {
        const id = `p${i}`;
        const own = tallyOf(Array.from({ length: random.int(0, 4) }, () => random.score()));
        totalOwn += countOf(own);
        const part = poolQuestion(id, own, carry, 'sessie', thresholds);
        if (part.shown) {
          expect(countOf(part.shown)).toBeGreaterThanOrEqual(thresholds.minRespondents);
          totalShown += countOf(part.shown);
          for (const pulse of [...part.pooledFrom, id]) shownIn.set(pulse, (shownIn.get(pulse) ?? 0) + 1);
        } else {
          expect(part.pooledFrom).toEqual([]);
        }
      }
      const waiting = carry.questions['sessie'];
      const waitingCount = waiting ? countOf(waiting.tally as Tally) : 0;
      if (waiting) expect(waitingCount).toBeLessThan(thresholds.minRespondents);
      expect(totalShown + waitingCount, `seed ${seed}`).toBe(totalOwn);
      for (const count of shownIn.values()) expect(count).toBe(1);
      for (const pulse of waiting?.pulses ?? []) expect(shownIn.has(pulse)).toBe(false);
    }
  });
});

describe('double votes', () => {
  it('count once when one person presses many times at once, and the last stored choice is one they pressed', async () => {
    const t = await createTestApp({ start: START });
    const participants = participantIds(4);
    await networkWith(t, participants);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), participants[0]!);
    await Promise.all([1, 2, 3, 4, 5, 5, 4, 3].map((score) => vote(t, participants[0]!, pulseId, 'sessie', score)));
    await Promise.all(participants.slice(1).flatMap((p) => [vote(t, p, pulseId, 'sessie', 2), vote(t, p, pulseId, 'sessie', 2)]));
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    const result = (await t.app.store.get<PulseResult>(`pulse:${pulseId}:result`))!;
    expect(result.respondents).toBe(4);
    expect(countOf(result.questions['sessie']!.own)).toBe(4);
    expect(result.questions['sessie']!.own[1]).toBeGreaterThanOrEqual(3);
  });

  it('changing a vote replaces it', async () => {
    const t = await createTestApp({ start: START });
    const participants = participantIds(3);
    await networkWith(t, participants);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), participants[0]!);
    for (const p of participants) await vote(t, p, pulseId, 'leren', 1);
    await vote(t, participants[0]!, pulseId, 'leren', 5);
    await vote(t, participants[1]!, pulseId, 'leren', 4);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    const result = (await t.app.store.get<PulseResult>(`pulse:${pulseId}:result`))!;
    expect(result.questions['leren']!.own).toEqual([1, 0, 0, 1, 1]);
  });
});
