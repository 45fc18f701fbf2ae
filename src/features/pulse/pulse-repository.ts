// Pulses in the Store: creation, anonymous answers, aggregation at close, settings, retention.
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/port.ts';
import type { Thresholds } from './anonymity.ts';
import { newPulseSecret, voterKey } from './anonymity.ts';
import type { PulseFlag } from './pulse-keys.ts';
import { pulseKeys } from './pulse-keys.ts';
import type { PulseCarry, PulseRecord, PulseResult, PulseSettings, PulseState, QuestionResult, Score } from './pulse-types.ts';
import { emptyCarry, isScore, poolOpenAnswers, poolQuestion, tallyOf } from './tally.ts';

export type CreateOutcome =
  | { ok: true; pulse: PulseRecord }
  | { ok: false; reason: 'alreadyOpen'; pulse: PulseRecord }
  | { ok: false; reason: 'sessionDone' };

export type AnswerOutcome =
  | { ok: true; voter: string }
  | { ok: false; reason: 'closed' | 'notInvited' | 'unknownQuestion' };

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
  constructor(private readonly store: Store) {}

  /**
   * Starts a pulse unless the network already has one open or the session already had one. The
   * network's open slot and the session are claimed atomically, so two leads pressing at once
   * start one pulse.
   */
  async create(input: NewPulse): Promise<CreateOutcome> {
    const { invitees, ...rest } = input;
    const pulse: PulseRecord = { id: randomUUID().slice(0, 8), ...rest, invited: invitees.length };
    await this.store.set(pulseKeys.secret(pulse.id), newPulseSecret());
    await this.store.setAdd(pulseKeys.invitees(pulse.id), invitees);
    await this.store.set(pulseKeys.pulse(pulse.id), pulse);
    if (!(await this.store.claim(pulseKeys.openOfNetwork(input.networkId), pulse.id))) {
      await this.discard(pulse.id);
      const open = await this.openOf(input.networkId);
      if (open) return { ok: false, reason: 'alreadyOpen', pulse: open.pulse };
      return this.create(input);
    }
    if (input.sessionId && !(await this.store.claim(pulseKeys.ofSession(input.sessionId), pulse.id))) {
      await this.store.delete(pulseKeys.openOfNetwork(input.networkId));
      await this.discard(pulse.id);
      return { ok: false, reason: 'sessionDone' };
    }
    await this.store.setAdd(pulseKeys.ofNetwork(input.networkId), [pulse.id]);
    await this.store.setAdd(pulseKeys.all(), [pulse.id]);
    await this.store.setAdd(pulseKeys.active(), [pulse.id]);
    return { ok: true, pulse };
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
    await this.store.set(pulseKeys.flag(pulseId, flag), true);
    if (flag === 'finished') await this.store.setRemove(pulseKeys.active(), [pulseId]);
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

  /** The voter key of a person, while the pulse is open (undefined once its secret is gone). */
  async voterOf(pulseId: string, platform: string, userId: string): Promise<string | undefined> {
    const secret = await this.store.get<string>(pulseKeys.secret(pulseId));
    return secret === undefined ? undefined : voterKey(secret, platform, userId);
  }

  /** Records or replaces one score. Pressing twice, or on two replicas at once, leaves one answer. */
  async answer(pulse: PulseRecord, userId: string, questionId: string, score: Score, now: Date): Promise<AnswerOutcome> {
    if (!pulse.questionIds.includes(questionId)) return { ok: false, reason: 'unknownQuestion' };
    const key = (voter: string) => pulseKeys.answer(pulse.id, voter, questionId);
    return this.write(pulse, userId, now, (voter) => this.store.set(key(voter), score), (voter) => this.store.delete(key(voter)));
  }

  /** Records or replaces the open answer (cleaned and capped by the caller); empty text removes it. */
  async answerOpen(pulse: PulseRecord, userId: string, text: string, now: Date): Promise<AnswerOutcome> {
    if (!pulse.openQuestion) return { ok: false, reason: 'unknownQuestion' };
    const key = (voter: string) => pulseKeys.openAnswer(pulse.id, voter);
    const put = async (voter: string) => (text === '' ? void (await this.store.delete(key(voter))) : this.store.set(key(voter), text));
    return this.write(pulse, userId, now, put, (voter) => this.store.delete(key(voter)));
  }

  private async write(
    pulse: PulseRecord,
    userId: string,
    now: Date,
    put: (voter: string) => Promise<unknown>,
    undo: (voter: string) => Promise<unknown>,
  ): Promise<AnswerOutcome> {
    if (now >= pulse.closesAt || (await this.isClosing(pulse.id))) return { ok: false, reason: 'closed' };
    if (!(await this.invitees(pulse.id)).includes(userId)) return { ok: false, reason: 'notInvited' };
    const voter = await this.voterOf(pulse.id, pulse.platform, userId);
    if (voter === undefined) return { ok: false, reason: 'closed' };
    await put(voter);
    await this.store.setAdd(pulseKeys.voters(pulse.id), [voter]);
    // The close may have started between the check and the write: take the answer back, so
    // nothing keyed by a voter outlives the close.
    if (await this.isClosing(pulse.id)) {
      await undo(voter);
      const left = await this.answersOf(pulse, voter);
      if (Object.keys(left.scores).length === 0 && left.open === undefined) await this.store.setRemove(pulseKeys.voters(pulse.id), [voter]);
      return { ok: false, reason: 'closed' };
    }
    return { ok: true, voter };
  }

  /** One voter's current answers (to show them what they chose). */
  async answersOf(pulse: PulseRecord, voter: string): Promise<{ scores: Record<string, Score>; open?: string }> {
    const values = await this.store.getMany<number>(pulse.questionIds.map((q) => pulseKeys.answer(pulse.id, voter, q)));
    const scores: Record<string, Score> = {};
    pulse.questionIds.forEach((q, i) => {
      const value = values[i];
      if (value !== undefined && isScore(value)) scores[q] = value;
    });
    const open = pulse.openQuestion ? await this.store.get<string>(pulseKeys.openAnswer(pulse.id, voter)) : undefined;
    return open === undefined ? { scores } : { scores, open };
  }

  async hasAnswered(pulseId: string, voter: string): Promise<boolean> {
    return (await this.store.setMembers(pulseKeys.voters(pulseId))).includes(voter);
  }

  /** Invitees without any answer yet; needs the secret, so only while the pulse is open. */
  async nonResponders(pulse: PulseRecord): Promise<string[]> {
    const secret = await this.store.get<string>(pulseKeys.secret(pulse.id));
    if (secret === undefined) return [];
    const voters = new Set(await this.store.setMembers(pulseKeys.voters(pulse.id)));
    return (await this.invitees(pulse.id)).filter((userId) => !voters.has(voterKey(secret, pulse.platform, userId)));
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
    const voters = await this.store.setMembers(pulseKeys.voters(pulse.id));
    const carry = (await this.store.get<PulseCarry>(pulseKeys.carry(pulse.networkId))) ?? emptyCarry();
    const questions: Record<string, QuestionResult> = {};
    for (const questionId of pulse.questionIds) {
      const values = await this.store.getMany<number>(voters.map((v) => pulseKeys.answer(pulse.id, v, questionId)));
      const own = tallyOf(values.filter((v): v is Score => v !== undefined && isScore(v)));
      questions[questionId] = poolQuestion(pulse.id, own, carry, questionId, thresholds);
    }
    const openTexts = pulse.openQuestion
      ? (await this.store.getMany<string>(voters.map((v) => pulseKeys.openAnswer(pulse.id, v)))).filter((t): t is string => typeof t === 'string' && t !== '')
      : [];
    const open = pulse.openQuestion || carry.open.answers.length > 0 ? poolOpenAnswers(pulse.id, openTexts, carry, thresholds) : undefined;
    const result: PulseResult = {
      pulseId: pulse.id,
      networkId: pulse.networkId,
      invited: pulse.invited,
      respondents: voters.length,
      questions,
      ...(open ? { open } : {}),
      closedAt: now,
      carryAfter: carry,
    };
    await this.store.set(pulseKeys.result(pulse.id), result);
    await this.store.set(pulseKeys.carry(pulse.networkId), carry);
    return result;
  }

  /** Erases everything that could tie an answer to a person: secret, voter keys, raw answers, invitees. */
  async eraseRaw(pulse: PulseRecord): Promise<void> {
    await this.store.delete(pulseKeys.secret(pulse.id));
    const voters = await this.store.setMembers(pulseKeys.voters(pulse.id));
    for (const voter of voters) {
      for (const questionId of pulse.questionIds) await this.store.delete(pulseKeys.answer(pulse.id, voter, questionId));
      await this.store.delete(pulseKeys.openAnswer(pulse.id, voter));
    }
    // A set is emptied member by member: the port's delete is for plain keys.
    await this.store.setRemove(pulseKeys.voters(pulse.id), voters);
    await this.store.setRemove(pulseKeys.invitees(pulse.id), await this.invitees(pulse.id));
    const slot = await this.store.get<string>(pulseKeys.openOfNetwork(pulse.networkId));
    if (slot === pulse.id) await this.store.delete(pulseKeys.openOfNetwork(pulse.networkId));
  }

  /** Withdraws a person from open pulses (`/liso vergeet-mij`): their invitation and unclosed answers. */
  async forget(platform: string, userId: string): Promise<void> {
    for (const id of await this.activeIds()) {
      const state = await this.state(id);
      if (!state || state.closing || state.pulse.platform !== platform) continue;
      if (!(await this.invitees(id)).includes(userId)) continue;
      const voter = await this.voterOf(id, platform, userId);
      if (voter !== undefined) {
        for (const questionId of state.pulse.questionIds) await this.store.delete(pulseKeys.answer(id, voter, questionId));
        await this.store.delete(pulseKeys.openAnswer(id, voter));
        await this.store.setRemove(pulseKeys.voters(id), [voter]);
      }
      await this.store.setRemove(pulseKeys.invitees(id), [userId]);
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

  /** Deletes a pulse past its retention: record, result, flags and index entries. */
  async purge(pulse: PulseRecord): Promise<void> {
    await this.eraseRaw(pulse);
    await this.store.delete(pulseKeys.result(pulse.id));
    for (const flag of FLAGS) await this.store.delete(pulseKeys.flag(pulse.id, flag));
    await this.store.delete(pulseKeys.closedEvent(pulse.id));
    if (pulse.sessionId) await this.store.delete(pulseKeys.ofSession(pulse.sessionId));
    await this.store.setRemove(pulseKeys.ofNetwork(pulse.networkId), [pulse.id]);
    await this.store.delete(pulseKeys.pulse(pulse.id));
    await this.store.setRemove(pulseKeys.active(), [pulse.id]);
    await this.store.setRemove(pulseKeys.all(), [pulse.id]);
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

  private async discard(pulseId: string): Promise<void> {
    await this.store.delete(pulseKeys.secret(pulseId));
    await this.store.setRemove(pulseKeys.invitees(pulseId), await this.invitees(pulseId));
    await this.store.delete(pulseKeys.pulse(pulseId));
  }
}
