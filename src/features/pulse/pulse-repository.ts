// Pulses in the Store: creation, anonymous answers, aggregation at close, settings, retention.
import { randomUUID } from 'node:crypto';
import type { Store, StoreWrite } from '../../store/port.ts';
import { eraseHistoryIfPossible } from '../../store/erase-history.ts';
import type { Thresholds } from './anonymity.ts';
import { ballotId, newBallotToken } from './ballot.ts';
import type { BallotRef } from './ballot.ts';
import type { BallotAnswers } from './ballot-box.ts';
import { BallotBox, hasAnswers } from './ballot-box.ts';
import type { PulseFlag } from './pulse-keys.ts';
import { pulseKeys } from './pulse-keys.ts';
import type { PulseCarry, PulseRecord, PulseResult, PulseSettings, PulseState, QuestionResult, Score } from './pulse-types.ts';
import { dropCarriedFrom, emptyCarry, poolOpenAnswers, poolQuestion, tallyOf } from './tally.ts';

export type CreateOutcome =
  | { ok: true; pulse: PulseRecord }
  | { ok: false; reason: 'alreadyOpen'; pulse: PulseRecord }
  | { ok: false; reason: 'sessionDone' };

export type AnswerOutcome =
  | { ok: true; answers: BallotAnswers }
  | { ok: false; reason: 'closed' | 'notInvited' | 'unknownQuestion' | 'invalidBallot' };

export interface NewPulse {
  networkId: string;
  platform: string;
  sessionId?: string;
  questionIds: string[];
  openQuestion: boolean;
  invitees: string[];
  startedAt: Date;
  reminderAt: Date;
  closesAt: Date;
}

const FLAGS: PulseFlag[] = ['invites-sent', 'reminders-sent', 'closing', 'finished'];

export class PulseRepository {
  private readonly box: BallotBox;

  constructor(private readonly store: Store) {
    this.box = new BallotBox(store);
  }

  /**
   * Starts a pulse unless the network already has one open or the session already had one. The
   * network's open slot is taken in the same commit as everything else, so two leads pressing at
   * once start one pulse, and a stop leaves either the whole pulse or none of it: its invitees
   * (people) never without the indexes through which an erasure finds them.
   */
  async create(input: NewPulse): Promise<CreateOutcome> {
    const { invitees, ...rest } = input;
    const pulse: PulseRecord = { id: randomUUID().slice(0, 8), ...rest, invited: invitees.length };
    const slot = pulseKeys.openOfNetwork(input.networkId);
    // A session belongs to one network, whose slot the commit holds: no other pulse of it starts meanwhile.
    const sessionTaken = input.sessionId !== undefined && (await this.store.get(pulseKeys.ofSession(input.sessionId))) !== undefined;
    const writes: StoreWrite[] = [
      { op: 'set', key: slot, value: pulse.id },
      ...(input.sessionId ? [{ op: 'set' as const, key: pulseKeys.ofSession(input.sessionId), value: pulse.id }] : []),
      { op: 'setAdd', key: pulseKeys.invitees(pulse.id), members: [...invitees].sort() },
      { op: 'set', key: pulseKeys.pulse(pulse.id), value: pulse },
      { op: 'setAdd', key: pulseKeys.ofNetwork(input.networkId), members: [pulse.id] },
      { op: 'setAdd', key: pulseKeys.all(), members: [pulse.id] },
      { op: 'setAdd', key: pulseKeys.active(), members: [pulse.id] },
    ];
    if (!sessionTaken && (await this.store.commit(writes, { ifAbsent: slot }))) return { ok: true, pulse };
    const open = await this.openOf(input.networkId);
    if (open) return { ok: false, reason: 'alreadyOpen', pulse: open.pulse };
    return sessionTaken ? { ok: false, reason: 'sessionDone' } : this.create(input);
  }

  async get(pulseId: string): Promise<PulseRecord | undefined> {
    return this.store.get<PulseRecord>(pulseKeys.pulse(pulseId));
  }

  async state(pulseId: string): Promise<PulseState | undefined> {
    const pulse = await this.get(pulseId);
    if (!pulse) return undefined;
    const flags = await this.store.getMany<boolean>(FLAGS.map((flag) => pulseKeys.flag(pulseId, flag)));
    const [invitesSent, remindersSent, closing, finished] = flags.map((f) => f === true) as [boolean, boolean, boolean, boolean];
    return { pulse, invitesSent, remindersSent, closing, finished };
  }

  async setFlag(pulseId: string, flag: PulseFlag): Promise<void> {
    // One commit: a finished pulse left in the active set (a stop in between) was read by every tick forever.
    await this.store.commit([
      { op: 'set', key: pulseKeys.flag(pulseId, flag), value: true },
      ...(flag === 'finished' ? [{ op: 'setRemove' as const, key: pulseKeys.active(), members: [pulseId] }] : []),
    ]);
  }

  /** Every pulse still kept, any state. */
  async allIds(): Promise<string[]> {
    return this.store.setMembers(pulseKeys.all());
  }

  /** Pulses not finished yet. */
  async activeIds(): Promise<string[]> {
    return this.store.setMembers(pulseKeys.active());
  }

  /** The network's open pulse; a slot left by an interrupted start or close is cleared. */
  async openOf(networkId: string): Promise<PulseState | undefined> {
    const id = await this.store.get<string>(pulseKeys.openOfNetwork(networkId));
    if (id === undefined) return undefined;
    const state = await this.state(id);
    if (state && !state.finished) return state;
    await this.store.delete(pulseKeys.openOfNetwork(networkId));
    return undefined;
  }

  async invitees(pulseId: string): Promise<string[]> {
    return this.store.setMembers(pulseKeys.invitees(pulseId));
  }

  async isInvited(pulseId: string, userId: string): Promise<boolean> {
    return (await this.invitees(pulseId)).includes(userId);
  }

  /**
   * A new ballot for an invitee of an open pulse: the token for their invitation, or undefined
   * when the pulse no longer takes answers or they are no longer invited. Each call is a ballot
   * of its own (an invitation sent twice carries two).
   */
  async issueBallot(pulse: PulseRecord, userId: string, now: Date): Promise<string | undefined> {
    return this.box.change(pulse.id, pulse.questionIds, async (ballots) => {
      if (!(await this.takesAnswers(pulse, now)) || !(await this.isInvited(pulse.id, userId))) return { result: undefined };
      const token = newBallotToken();
      ballots.set(ballotId(pulse.id, pulse.platform, userId, token), { scores: {} });
      return { write: ballots, result: token };
    });
  }

  /** The answers on a person's ballot, or why there are none to show. */
  async ballot(pulse: PulseRecord, userId: string, ref: BallotRef, now: Date): Promise<AnswerOutcome> {
    const refusal = await this.refusal(pulse, userId, now);
    if (refusal) return refusal;
    const answers = (await this.box.read(pulse.id)).get(ballotId(pulse.id, pulse.platform, userId, ref.token));
    return answers ? { ok: true, answers } : { ok: false, reason: 'invalidBallot' };
  }

  /** Records or replaces one score. Pressing twice, or on two replicas at once, leaves one answer. */
  async answer(pulse: PulseRecord, userId: string, ref: BallotRef, questionId: string, score: Score, now: Date): Promise<AnswerOutcome> {
    if (!pulse.questionIds.includes(questionId)) return { ok: false, reason: 'unknownQuestion' };
    return this.mark(pulse, userId, ref, now, (answers) => void (answers.scores[questionId] = score));
  }

  /** Records or replaces the open answer (cleaned and capped by the caller); empty text removes it. */
  async answerOpen(pulse: PulseRecord, userId: string, ref: BallotRef, text: string, now: Date): Promise<AnswerOutcome> {
    if (!pulse.openQuestion) return { ok: false, reason: 'unknownQuestion' };
    return this.mark(pulse, userId, ref, now, (answers) => {
      if (text === '') delete answers.open;
      else answers.open = text;
    });
  }

  /** Takes back every answer on a ballot; the ballot itself stays valid until the close. */
  async withdraw(pulse: PulseRecord, userId: string, ref: BallotRef, now: Date): Promise<AnswerOutcome> {
    return this.mark(pulse, userId, ref, now, (answers) => {
      answers.scores = {};
      delete answers.open;
    });
  }

  /** How many invitees answered anything so far (a count only, for the leads while it is open). */
  async respondents(pulse: PulseRecord): Promise<number> {
    return this.box.respondents(pulse.id);
  }

  private async mark(pulse: PulseRecord, userId: string, ref: BallotRef, now: Date, edit: (answers: BallotAnswers) => void): Promise<AnswerOutcome> {
    // Refusals are decided before anything is written: a forged token, a token of another pulse
    // or a press after the close leaves no trace of its own.
    const refusal = await this.refusal(pulse, userId, now);
    if (refusal) return refusal;
    const id = ballotId(pulse.id, pulse.platform, userId, ref.token);
    if (!(await this.box.read(pulse.id)).has(id)) return { ok: false, reason: 'invalidBallot' };
    return this.box.change(pulse.id, pulse.questionIds, async (ballots): Promise<{ write?: Map<string, BallotAnswers>; result: AnswerOutcome }> => {
      // Checked again under the lock: the close takes the ballots under the same lock, so an
      // answer is either counted by it or refused.
      if (!(await this.takesAnswers(pulse, now))) return { result: { ok: false, reason: 'closed' } };
      const answers = ballots.get(id);
      if (!answers) return { result: { ok: false, reason: 'invalidBallot' } };
      edit(answers);
      return { write: ballots, result: { ok: true, answers } };
    });
  }

  private async refusal(pulse: PulseRecord, userId: string, now: Date): Promise<AnswerOutcome | undefined> {
    if (!(await this.takesAnswers(pulse, now))) return { ok: false, reason: 'closed' };
    if (!(await this.isInvited(pulse.id, userId))) return { ok: false, reason: 'notInvited' };
    return undefined;
  }

  async takesAnswers(pulse: PulseRecord, now: Date): Promise<boolean> {
    return now < pulse.closesAt && !(await this.isClosing(pulse.id));
  }

  async isClosing(pulseId: string): Promise<boolean> {
    return (await this.store.get<boolean>(pulseKeys.flag(pulseId, 'closing'))) === true;
  }

  /**
   * Turns the raw answers into the anonymous result and updates the network's carry. Runs again
   * safely after an interruption: once the result exists, only the carry is (re)written from it.
   */
  async aggregate(pulse: PulseRecord, thresholds: Thresholds, now: Date): Promise<PulseResult> {
    const existing = await this.result(pulse.id);
    if (existing) {
      await this.store.set(pulseKeys.carry(pulse.networkId), existing.carryAfter);
      return existing;
    }
    const ballots = await this.box.change(pulse.id, pulse.questionIds, async (current) => ({ result: [...current.values()] }));
    const answered = ballots.filter(hasAnswers);
    const carry = (await this.store.get<PulseCarry>(pulseKeys.carry(pulse.networkId))) ?? emptyCarry();
    const questions: Record<string, QuestionResult> = {};
    for (const questionId of pulse.questionIds) {
      const own = tallyOf(answered.flatMap((answers) => (answers.scores[questionId] === undefined ? [] : [answers.scores[questionId]!])));
      questions[questionId] = poolQuestion(pulse.id, own, carry, questionId, thresholds);
    }
    const openTexts = pulse.openQuestion ? answered.flatMap((answers) => (answers.open ? [answers.open] : [])) : [];
    const open = pulse.openQuestion || carry.open.answers.length > 0 ? poolOpenAnswers(pulse.id, openTexts, carry, thresholds) : undefined;
    const result: PulseResult = {
      pulseId: pulse.id,
      networkId: pulse.networkId,
      invited: pulse.invited,
      respondents: answered.length,
      questions,
      ...(open ? { open } : {}),
      closedAt: now,
      carryAfter: carry,
    };
    await this.store.set(pulseKeys.result(pulse.id), result);
    await this.store.set(pulseKeys.carry(pulse.networkId), carry);
    return result;
  }

  /** Erases the raw answers and everything else tied to a person: ballots, invitees, the open slot. */
  async eraseRaw(pulse: PulseRecord): Promise<void> {
    await this.box.erase(pulse.id);
    // A set is emptied member by member: the port's delete is for plain keys.
    await this.store.setRemove(pulseKeys.invitees(pulse.id), await this.invitees(pulse.id));
    const slot = await this.store.get<string>(pulseKeys.openOfNetwork(pulse.networkId));
    if (slot === pulse.id) await this.store.delete(pulseKeys.openOfNetwork(pulse.networkId));
    // A checkpoint, not a rewrite: what SQLite's page rebalancing may leave of the ballots holds no
    // token and names nobody, and the daily rewrite removes it (privacy feature). A reader holding
    // the log delays it to the privacy feature's hourly erasure; the results need not wait for it.
    await eraseHistoryIfPossible(this.store);
  }

  /**
   * Adds someone to an open pulse's invitees (who said "Ik kan niet" and came after all); the count
   * is the set's size, as in `notReached`, so a repeat changes nothing.
   */
  async addInvitee(pulseId: string, userId: string): Promise<void> {
    if (!(await this.get(pulseId))) return;
    await this.store.setAdd(pulseKeys.invitees(pulseId), [userId]);
    await this.recount(pulseId);
  }

  /** The pulse's invited count from its invitee set. */
  private async recount(pulseId: string): Promise<void> {
    const pulse = await this.get(pulseId);
    const invited = (await this.store.setMembers(pulseKeys.invitees(pulseId))).length;
    if (pulse && invited !== pulse.invited) await this.store.set(pulseKeys.pulse(pulseId), { ...pulse, invited });
  }

  /**
   * Takes people an invitation could not reach out of a pulse's invitees and its count, so the progress and the
   * response rate are of those asked ("0 van 3", not "0 van 4" after "3 mensen kregen een privébericht"). The count
   * is the set's size, not a decrement, so a resumed start that finds the same failures again changes nothing.
   */
  async notReached(pulseId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0 || !(await this.get(pulseId))) return;
    await this.store.setRemove(pulseKeys.invitees(pulseId), userIds);
    await this.recount(pulseId);
  }

  /**
   * Withdraws a person from open pulses (`/liso vergeet-mij`): they are no longer invited, so
   * nothing more is sent to them and their ballot takes no more answers. Answers already given
   * cannot be found (that is the point of the ballot) and stay, anonymous, in the counts.
   */
  async forget(platform: string, userId: string): Promise<void> {
    for (const id of await this.activeIds()) {
      const pulse = await this.get(id);
      if (pulse?.platform === platform) await this.store.setRemove(pulseKeys.invitees(id), [userId]);
    }
  }

  async result(pulseId: string): Promise<PulseResult | undefined> {
    return this.store.get<PulseResult>(pulseKeys.result(pulseId));
  }

  /** A network's closed results, oldest first. */
  async resultsOf(networkId: string): Promise<PulseResult[]> {
    const ids = await this.store.setMembers(pulseKeys.ofNetwork(networkId));
    const results = await this.store.getMany<PulseResult>(ids.map(pulseKeys.result));
    return results.filter((r): r is PulseResult => r !== undefined).sort((a, b) => a.closedAt.getTime() - b.closedAt.getTime());
  }

  async settings(networkId: string): Promise<PulseSettings> {
    return (await this.store.get<PulseSettings>(pulseKeys.settings(networkId))) ?? { disabled: [], resultsInChannel: false };
  }

  async saveSettings(networkId: string, settings: PulseSettings): Promise<void> {
    await this.store.set(pulseKeys.settings(networkId), settings);
  }

  /** Deletes a pulse past its retention: record, result, flags, index entries and the answers it carried forward. */
  async purge(pulse: PulseRecord): Promise<void> {
    await this.eraseRaw(pulse);
    await this.dropCarriedFrom(pulse);
    await this.store.delete(pulseKeys.result(pulse.id));
    for (const flag of FLAGS) await this.store.delete(pulseKeys.flag(pulse.id, flag));
    await this.store.delete(pulseKeys.closedEvent(pulse.id));
    if (pulse.sessionId) await this.store.delete(pulseKeys.ofSession(pulse.sessionId));
    // The record and the indexes that lead to it go last and together: a stop before this leaves
    // the pulse findable, so the sweep or a network's deletion purges it again.
    await this.store.commit(this.unindexed(pulse.networkId, pulse.id, [{ op: 'delete', key: pulseKeys.pulse(pulse.id) }]));
  }

  /**
   * The network's carry and the later results' copies of it (kept to finish an interrupted close)
   * hold this pulse's answers below the threshold: they go with it, not with a later pulse.
   */
  private async dropCarriedFrom(pulse: PulseRecord): Promise<void> {
    const carry = await this.store.get<PulseCarry>(pulseKeys.carry(pulse.networkId));
    if (carry && dropCarriedFrom(carry, pulse.id)) {
      const empty = Object.keys(carry.questions).length === 0 && carry.open.pulses.length === 0;
      await (empty ? this.store.delete(pulseKeys.carry(pulse.networkId)) : this.store.set(pulseKeys.carry(pulse.networkId), carry));
    }
    for (const id of await this.idsOf(pulse.networkId)) {
      const result = id === pulse.id ? undefined : await this.result(id);
      if (result && dropCarriedFrom(result.carryAfter, pulse.id)) await this.store.set(pulseKeys.result(id), result);
    }
  }

  private unindexed(networkId: string, pulseId: string, also: StoreWrite[] = []): StoreWrite[] {
    return [
      ...also,
      { op: 'setRemove', key: pulseKeys.active(), members: [pulseId] },
      { op: 'setRemove', key: pulseKeys.all(), members: [pulseId] },
      { op: 'setRemove', key: pulseKeys.ofNetwork(networkId), members: [pulseId] },
    ];
  }

  /** The ids of a network's pulses, any state. */
  async idsOf(networkId: string): Promise<string[]> {
    return this.store.setMembers(pulseKeys.ofNetwork(networkId));
  }

  /** Erases every pulse of a deleted network and the network's pulse settings and carried answers. */
  async forgetNetwork(networkId: string, sessionIds: readonly string[]): Promise<void> {
    for (const id of await this.idsOf(networkId)) {
      const pulse = await this.get(id);
      if (pulse) await this.purge(pulse);
      else await this.store.commit(this.unindexed(networkId, id));
    }
    for (const sessionId of sessionIds) await this.store.delete(pulseKeys.ofSession(sessionId));
    await this.store.delete(pulseKeys.settings(networkId));
    await this.store.delete(pulseKeys.carry(networkId));
    await this.store.delete(pulseKeys.openOfNetwork(networkId));
  }

  /** Takes a lease for exclusive work on a pulse (close, purge); false when someone else has it. */
  async lease(key: string, ttlMs: number): Promise<boolean> {
    return this.store.claim(key, 1, ttlMs);
  }

  async releaseLease(key: string): Promise<void> {
    await this.store.delete(key);
  }

  /** True for exactly one caller, ever (until retention purges the pulse). */
  async claimOnce(key: string): Promise<boolean> {
    return this.store.claim(key, 1);
  }
}
