// What the advice feature keeps: answers (for feedback), feedback without names, and the
// questions the handbook could not answer, per network. A name is stored only when the asker
// passes the question on with it. Every time it keeps, and every expiry it sets, is a calendar
// month in the network's zone (src/core/coarse-time.ts says why), or for what it holds a day, a
// whole day: never the moment of a question or a press.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { endOfNextDay, expiryFromMonth, monthStart, ttlUntil } from '../../core/coarse-time.ts';
import type { Lang } from '../../core/i18n.ts';
import { eraseHistoryIfPossible } from '../../store/erase-history.ts';
import type { Store, StoreWrite } from '../../store/port.ts';
import type { ShownPassages } from './shown-passages.ts';

/**
 * Questions and ratings are useful for about two years of a network's life; then they go, counted
 * from the start of the month they were asked or given in.
 */
export const ADVICE_RETENTION_MS = 730 * 24 * 3_600_000;
/**
 * An unanswered question waits for the asker to choose whether it is kept for the leads until the
 * end of the next day (a day at least); unchosen, it expires. Nobody but the asker's buttons can
 * reach it meanwhile: it is in no list and carries no name.
 */
export const heldUntil = endOfNextDay;

const keys = {
  answer: (answerId: string) => `advice:answer:${answerId}`,
  feedback: (answerId: string) => `advice:feedback:${answerId}`,
  feedbackIndex: (scope: string) => `advice:feedback-index:${scope}`,
  /** A network's answers, so its deletion finds them (an answer of a partial one names the network). */
  networkAnswers: (networkId: string) => `advice:answers:${networkId}`,
  question: (questionId: string) => `advice:question:${questionId}`,
  held: (questionId: string) => `advice:held:${questionId}`,
  keepClaim: (questionId: string) => `advice:kept:${questionId}`,
  networkQuestions: (networkId: string) => `advice:questions:${networkId}`,
  passClaim: (questionId: string) => `advice:pass:${questionId}`,
  passedBy: (platform: string, userId: string) => `advice:passed-by:${platform}:${userId}`,
  awaitedChoice: (platform: string, userId: string) => `advice:awaited-choice:${platform}:${userId}`,
};

/** The keep-or-not question the bot asked a person last, so a typed "ja" or "nee" can answer it. */
interface AwaitedChoice {
  conversationId: string;
  questionId: string;
}

export interface StoredAnswer {
  answerId: string;
  topic: string;
  lang: Lang;
  networkId?: string;
  /** The start of the month it was given in: nothing reads a finer time, and it may point at a held question. */
  at: Date;
  /** The question a partial answer holds for the leads until its asker chooses. */
  held?: { networkName: string; questionId: string };
  /** The paragraphs and tips the answer showed, when not the entry's first ones (shown again after a rating). */
  shown?: ShownPassages;
}

export interface Feedback {
  answerId: string;
  topic: string;
  helpful: boolean;
  at: Date;
}

export interface UnansweredQuestion {
  id: string;
  networkId: string;
  text: string;
  lang: Lang;
  /** The start of the month it was asked in, which is all the leads are shown (a day would match its asker). */
  askedAt: Date;
  /** The entries that came closest, to see what the handbook almost covered. */
  closest: string[];
  /** `at`: the start of the month it was passed on in. */
  passed?: { at: Date; anonymous: boolean; platform?: string; userId?: string; displayName?: string };
}

const shortId = () => randomUUID().replaceAll('-', '').slice(0, 12);

export class AdviceStore {
  /** `timeZoneOf`: a network's zone (LISO_TIMEZONE for none), whose calendar months the times are kept in. */
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly timeZoneOf: (networkId: string | undefined) => Promise<string>,
  ) {}

  /** Milliseconds a record kept for the retention lives on, counted from the month `at` falls in. */
  private async retentionTtl(at: Date, networkId: string | undefined): Promise<number> {
    return ttlUntil(expiryFromMonth(at, await this.timeZoneOf(networkId), ADVICE_RETENTION_MS), this.clock.now());
  }

  private async month(at: Date, networkId: string | undefined): Promise<Date> {
    return monthStart(at, await this.timeZoneOf(networkId));
  }

  /** Keeps an answer shown; `at` may be the moment, only its month is stored. */
  async saveAnswer(answer: Omit<StoredAnswer, 'answerId'>): Promise<StoredAnswer> {
    const stored = { ...answer, at: await this.month(answer.at, answer.networkId), answerId: shortId() };
    await this.store.set(keys.answer(stored.answerId), stored, await this.retentionTtl(stored.at, stored.networkId));
    if (stored.networkId) await this.store.setAdd(keys.networkAnswers(stored.networkId), [stored.answerId]);
    return stored;
  }

  async answer(answerId: string): Promise<StoredAnswer | undefined> {
    return this.store.get<StoredAnswer>(keys.answer(answerId));
  }

  /** One rating per answer; rating again replaces it (the answer was shown to one person only). */
  async rate(answer: StoredAnswer, helpful: boolean, at: Date): Promise<void> {
    const feedback: Feedback = { answerId: answer.answerId, topic: answer.topic, helpful, at: await this.month(at, answer.networkId) };
    await this.store.set(keys.feedback(answer.answerId), feedback, await this.retentionTtl(feedback.at, answer.networkId));
    await this.store.setAdd(keys.feedbackIndex(answer.networkId ?? 'none'), [answer.answerId]);
  }

  async feedbackFor(networkId: string): Promise<Feedback[]> {
    const ids = await this.store.setMembers(keys.feedbackIndex(networkId));
    const found = await this.store.getMany<Feedback>(ids.map(keys.feedback));
    const expired = ids.filter((_, i) => found[i] === undefined);
    if (expired.length > 0) await this.store.setRemove(keys.feedbackIndex(networkId), expired);
    return found.filter((f): f is Feedback => f !== undefined);
  }

  /**
   * Holds an unanswered question until the asker chooses to keep it (keepQuestion) or not (dropHeld); it expires
   * unchosen. `askedAt` may be the moment: only its month is stored.
   */
  async holdQuestion(input: Omit<UnansweredQuestion, 'id'>): Promise<UnansweredQuestion> {
    const question: UnansweredQuestion = { ...input, askedAt: await this.month(input.askedAt, input.networkId), id: shortId() };
    await this.store.set(keys.held(question.id), question, await this.heldTtl(question.networkId));
    return question;
  }

  /** Until the end of the next day in the network's zone: a whole day, not the moment it was asked. */
  private async heldTtl(networkId: string): Promise<number> {
    const now = this.clock.now();
    return ttlUntil(heldUntil(now, await this.timeZoneOf(networkId)), now);
  }

  async heldQuestion(questionId: string): Promise<UnansweredQuestion | undefined> {
    return this.store.get<UnansweredQuestion>(keys.held(questionId));
  }

  /**
   * Moves a held question into the network's list, under the same id; only the first of several presses (on any
   * replica) does so. Returns the kept question, or undefined when it was kept already or has expired.
   */
  async keepQuestion(questionId: string): Promise<UnansweredQuestion | undefined> {
    const held = await this.heldQuestion(questionId);
    if (!held) return undefined;
    // The claim lives as long as the question: an expiry of its own (a day after the press) would say when it was kept.
    const ttlMs = await this.retentionTtl(held.askedAt, held.networkId);
    // One commit: a claim written before a stop, without the question, lost it for every later press.
    const kept = await this.store.commit(
      [
        { op: 'set', key: keys.keepClaim(questionId), value: 1, ttlMs },
        { op: 'set', key: keys.question(held.id), value: held, ttlMs },
        { op: 'setAdd', key: keys.networkQuestions(held.networkId), members: [held.id] },
        { op: 'delete', key: keys.held(held.id) },
      ],
      { ifAbsent: keys.keepClaim(questionId) },
    );
    return kept ? held : undefined;
  }

  /**
   * After the asker chose (kept, passed on or dropped): the store's history (SQLite's write-ahead
   * log) still holds the earlier versions, the note of which question was asked to whom and the
   * dropped text; they go now, not at the hourly erasure.
   */
  async eraseChoiceHistory(): Promise<void> {
    await eraseHistoryIfPossible(this.store);
  }

  async dropHeld(questionId: string): Promise<void> {
    await this.store.delete(keys.held(questionId));
  }

  /**
   * Notes that the asker was just asked whether to keep `questionId`, replacing any earlier question; it lasts as
   * long as the held question (and its buttons) do.
   */
  async awaitChoice(platform: string, userId: string, conversationId: string, question: UnansweredQuestion): Promise<void> {
    await this.store.set<AwaitedChoice>(keys.awaitedChoice(platform, userId), { conversationId, questionId: question.id }, await this.heldTtl(question.networkId));
  }

  /** The held question the person was asked about last, if that was in this conversation. */
  async awaitedChoice(platform: string, userId: string, conversationId: string): Promise<string | undefined> {
    const awaited = await this.store.get<AwaitedChoice>(keys.awaitedChoice(platform, userId));
    return awaited?.conversationId === conversationId ? awaited.questionId : undefined;
  }

  /** The question is answered (or another answer came after it): a typed yes or no no longer refers to it. */
  async choiceMade(platform: string, userId: string, questionId?: string): Promise<void> {
    const key = keys.awaitedChoice(platform, userId);
    if (questionId !== undefined && (await this.store.get<AwaitedChoice>(key))?.questionId !== questionId) return;
    await this.store.delete(key);
  }

  async question(questionId: string): Promise<UnansweredQuestion | undefined> {
    return this.store.get<UnansweredQuestion>(keys.question(questionId));
  }

  /** Newest first; entries past their retention are dropped from the index as they are found. */
  async questionsOf(networkId: string): Promise<UnansweredQuestion[]> {
    const ids = await this.store.setMembers(keys.networkQuestions(networkId));
    const found = await this.store.getMany<UnansweredQuestion>(ids.map(keys.question));
    const expired = ids.filter((_, i) => found[i] === undefined);
    if (expired.length > 0) await this.store.setRemove(keys.networkQuestions(networkId), expired);
    return found.filter((q): q is UnansweredQuestion => q !== undefined).sort((a, b) => b.askedAt.getTime() - a.askedAt.getTime());
  }

  /**
   * Marks the question passed on, for the one caller that may (false for the others), in one commit
   * with the messages to the leads (`messages`, Delivery's writes): a question passed on with a name
   * is never without the list through which that person's erasure finds it, and a stop never leaves
   * it passed on (or claimed) without the messages owed. `passed.at` may be the moment: only its month is stored,
   * and the question and claim keep the expiry counted from the month it was asked in.
   */
  async markPassed(question: UnansweredQuestion, passed: NonNullable<UnansweredQuestion['passed']>, messages: readonly StoreWrite[]): Promise<boolean> {
    const ttlMs = await this.retentionTtl(question.askedAt, question.networkId);
    const at = await this.month(passed.at, question.networkId);
    return this.store.commit(
      [
        { op: 'set', key: keys.passClaim(question.id), value: 1, ttlMs },
        { op: 'set', key: keys.question(question.id), value: { ...question, passed: { ...passed, at } }, ttlMs },
        ...(!passed.anonymous && passed.platform && passed.userId ? [{ op: 'setAdd' as const, key: keys.passedBy(passed.platform, passed.userId), members: [question.id] }] : []),
        ...messages,
      ],
      { ifAbsent: keys.passClaim(question.id) },
    );
  }

  async passedBy(platform: string, userId: string): Promise<UnansweredQuestion[]> {
    const ids = await this.store.setMembers(keys.passedBy(platform, userId));
    return (await this.store.getMany<UnansweredQuestion>(ids.map(keys.question))).filter((q): q is UnansweredQuestion => q !== undefined);
  }

  /** The ids of the questions kept for a network. */
  async questionIdsOf(networkId: string): Promise<string[]> {
    return this.store.setMembers(keys.networkQuestions(networkId));
  }

  /** Erases a deleted network's kept questions (with who passed them on), its answers and their ratings. */
  async forgetNetwork(networkId: string): Promise<void> {
    const answers = await this.store.setMembers(keys.networkAnswers(networkId));
    for (const id of answers) await this.store.delete(keys.answer(id));
    if (answers.length > 0) await this.store.setRemove(keys.networkAnswers(networkId), answers);
    for (const id of await this.questionIdsOf(networkId)) {
      const passed = (await this.question(id))?.passed;
      if (passed?.platform && passed.userId) await this.store.setRemove(keys.passedBy(passed.platform, passed.userId), [id]);
      for (const key of [keys.question(id), keys.passClaim(id), keys.keepClaim(id)]) await this.store.delete(key);
      await this.store.setRemove(keys.networkQuestions(networkId), [id]);
    }
    for (const id of await this.store.setMembers(keys.feedbackIndex(networkId))) {
      await this.store.delete(keys.feedback(id));
      await this.store.setRemove(keys.feedbackIndex(networkId), [id]);
    }
  }

  /** Keeps the questions (they help the network) but removes the person's name from them. */
  async forget(platform: string, userId: string): Promise<void> {
    for (const question of await this.passedBy(platform, userId)) {
      if (!question.passed) continue;
      await this.store.set(keys.question(question.id), { ...question, passed: { at: question.passed.at, anonymous: true } }, await this.retentionTtl(question.askedAt, question.networkId));
    }
    const index = keys.passedBy(platform, userId);
    await this.store.setRemove(index, await this.store.setMembers(index));
    // The question they were last asked to keep or not is theirs and unchosen: it goes too, not only after its day.
    const awaited = await this.store.get<AwaitedChoice>(keys.awaitedChoice(platform, userId));
    if (awaited) await this.dropHeld(awaited.questionId);
    await this.store.delete(keys.awaitedChoice(platform, userId));
  }
}
