// What the pulse tells a person about their ballot, and the leads about an open pulse.
import type { Translator } from '../../core/i18n.ts';
import { UserError } from '../../core/user-error.ts';
import type { BallotAnswers } from './ballot-box.ts';
import type { AnswerOutcome, PulseRepository } from './pulse-repository.ts';
import type { PulseRecord } from './pulse-types.ts';

/** Below this many invitees even a count while the pulse is open would tell too much. */
export const MIN_INVITEES_FOR_PROGRESS = 3;

/** The answers of an accepted change; a refusal becomes the person's clear answer. */
export function answered(outcome: AnswerOutcome): BallotAnswers {
  if (outcome.ok) return outcome.answers;
  switch (outcome.reason) {
    case 'unknownQuestion':
      throw new UserError('error.staleButton');
    case 'closed':
      throw new UserError('pulse.vote.closed');
    case 'notInvited':
      throw new UserError('pulse.vote.notInvited');
    case 'invalidBallot':
      throw new UserError('pulse.vote.invalidBallot');
  }
}

/** "x van y hebben gereageerd" for the leads while a pulse is open: a count, never who; only from 3 invitees. */
export async function responseProgress(repo: PulseRepository, pulse: PulseRecord, t: Translator): Promise<string | undefined> {
  if (pulse.invited < MIN_INVITEES_FOR_PROGRESS) return undefined;
  return t.text('pulse.progress', { respondents: await repo.respondents(pulse), invited: pulse.invited });
}
