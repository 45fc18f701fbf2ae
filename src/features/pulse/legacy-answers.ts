// Answers of pulses opened by builds before 2026-12-06, which kept them under an HMAC of the
// person's id with a per-pulse secret (linkable by anyone with the store). A pulse open during the
// upgrade still counts them at its close, and its close erases them with the rest. Its old
// invitation buttons carry no ballot and are refused with a word of explanation.
import type { Store } from '../../store/port.ts';
import type { BallotAnswers } from './ballot-box.ts';
import type { PulseRecord, Score } from './pulse-types.ts';
import { isScore } from './tally.ts';

const legacyKeys = {
  secret: (pulseId: string) => `pulse:${pulseId}:secret`,
  voters: (pulseId: string) => `pulse:${pulseId}:voters`,
  answer: (pulseId: string, voter: string, questionId: string) => `pulse:${pulseId}:answer:${voter}:${questionId}`,
  openAnswer: (pulseId: string, voter: string) => `pulse:${pulseId}:open-answer:${voter}`,
};

/** The earlier layout's answers of a pulse, one entry per voter (none for a pulse of this build). */
export async function legacyAnswers(store: Store, pulse: PulseRecord): Promise<BallotAnswers[]> {
  const voters = await store.setMembers(legacyKeys.voters(pulse.id));
  if (voters.length === 0) return [];
  const scores = await store.getMany<number>(voters.flatMap((voter) => pulse.questionIds.map((q) => legacyKeys.answer(pulse.id, voter, q))));
  const opens = pulse.openQuestion ? await store.getMany<string>(voters.map((voter) => legacyKeys.openAnswer(pulse.id, voter))) : [];
  return voters.map((_, v) => {
    const answers: BallotAnswers = { scores: {} };
    pulse.questionIds.forEach((questionId, q) => {
      const score = scores[v * pulse.questionIds.length + q];
      if (typeof score === 'number' && isScore(score)) answers.scores[questionId] = score as Score;
    });
    const open = opens[v];
    if (typeof open === 'string' && open !== '') answers.open = open;
    return answers;
  });
}

/** Erases the earlier layout's secret, answers and voter set of a pulse. */
export async function eraseLegacyAnswers(store: Store, pulse: PulseRecord): Promise<void> {
  await store.delete(legacyKeys.secret(pulse.id));
  const voters = await store.setMembers(legacyKeys.voters(pulse.id));
  for (const voter of voters) {
    for (const questionId of pulse.questionIds) await store.delete(legacyKeys.answer(pulse.id, voter, questionId));
    await store.delete(legacyKeys.openAnswer(pulse.id, voter));
  }
  await store.setRemove(legacyKeys.voters(pulse.id), voters);
}
