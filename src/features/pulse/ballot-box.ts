// The ballots of one open pulse and the answers on them, kept so that neither a copy of the store
// nor its history tells whose ballot is whose.
import type { Store } from '../../store/port.ts';
import { eraseHistoryIfPossible } from '../../store/erase-history.ts';
import { pulseKeys } from './pulse-keys.ts';
import type { Score } from './pulse-types.ts';
import { OPEN_QUESTION_ID } from './pulse-types.ts';
import { isScore } from './tally.ts';

/** One ballot's answers: a score per statement answered, and the open answer if given. */
export interface BallotAnswers {
  scores: Record<string, Score>;
  open?: string;
}

/** Every ballot of a pulse by ballot id; an unanswered ballot is an empty record. */
type StoredBallots = Record<string, Record<string, number | string>>;

/** What a change to the ballots decided: `write` replaces them, `result` goes to the caller. */
export interface BallotChange<R> {
  write?: Map<string, BallotAnswers>;
  result: R;
}

/** Another process held the ballots for longer than a press should wait. */
export class BallotBoxBusy extends Error {
  constructor() {
    super('the ballots of this pulse are being changed elsewhere');
    this.name = 'BallotBoxBusy';
  }
}

// A change takes a few store calls; a holder that died is replaced after this.
const LOCK_MS = 10_000;
const LOCK_ATTEMPTS = 60;
const LOCK_WAIT_MS = 25;

/**
 * All ballots of a pulse are one stored value, rewritten whole under a short lock: ballot ids in
 * sorted order and each ballot's answers in the pulse's question order. Nothing in it depends on
 * when or in which order ballots were issued or answered, and it carries no time. Issuing a ballot
 * or answering on one never inserts a row of its own (whose position in the file would tell when
 * it was written), and around every rewrite the store's history is erased (SQLite: its
 * write-ahead log), so no earlier version sits next to whatever else was written at that moment,
 * such as the record of the invitation just being sent or the person who just pressed.
 */
export class BallotBox {
  constructor(private readonly store: Store) {}

  /** Reads the ballots, lets `change` decide, and writes what it returns, all under the lock. */
  async change<R>(pulseId: string, questionIds: readonly string[], change: (ballots: Map<string, BallotAnswers>) => Promise<BallotChange<R>>): Promise<R> {
    const lock = pulseKeys.ballotLock(pulseId);
    await this.acquire(lock);
    let released = false;
    try {
      const decided = await change(await this.read(pulseId));
      if (decided.write) {
        // When the history cannot be erased (StoreHistoryKeptError), this write would sit next to
        // what came before it, such as the press of the person answering: it is refused. Under the
        // lock, so erasing after deciding is as good as before; a read alone (the close) waits for nothing.
        await this.store.eraseHistory?.();
        // Written and unlocked in one commit (SQLite: the commit connection, between other commits).
        await this.store.commit([
          { op: 'set', key: pulseKeys.ballots(pulseId), value: canonical(decided.write, questionIds) },
          { op: 'delete', key: lock },
        ]);
        released = true;
        // The answer is stored; a reader that began holding the log since the erasure above
        // leaves this version in it until the privacy feature's hourly erasure succeeds, and
        // refuses the next answer until then.
        await eraseHistoryIfPossible(this.store);
      }
      return decided.result;
    } finally {
      if (!released) await this.store.commit([{ op: 'delete', key: lock }]);
    }
  }

  /** Every ballot with its answers; only for counting and for the close, never for a person. */
  async read(pulseId: string): Promise<Map<string, BallotAnswers>> {
    const stored = (await this.store.get<StoredBallots>(pulseKeys.ballots(pulseId))) ?? {};
    return new Map(Object.entries(stored).map(([id, fields]) => [id, answersOf(fields)]));
  }

  /** How many ballots carry at least one answer. */
  async respondents(pulseId: string): Promise<number> {
    return [...(await this.read(pulseId)).values()].filter(hasAnswers).length;
  }

  /** Deletes the ballots and their answers (the close, a retention purge); the caller erases the history after. */
  async erase(pulseId: string): Promise<void> {
    await this.store.commit([
      { op: 'delete', key: pulseKeys.ballots(pulseId) },
      { op: 'delete', key: pulseKeys.ballotLock(pulseId) },
    ]);
  }

  private async acquire(lock: string): Promise<void> {
    for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      if (await this.store.commit([{ op: 'set', key: lock, value: 1, ttlMs: LOCK_MS }], { ifAbsent: lock })) return;
      await new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_MS));
    }
    throw new BallotBoxBusy();
  }
}

export function hasAnswers(answers: BallotAnswers): boolean {
  return Object.keys(answers.scores).length > 0 || answers.open !== undefined;
}

/** The stored form: ballots sorted by id, answers in question order, nothing else. */
function canonical(ballots: Map<string, BallotAnswers>, questionIds: readonly string[]): StoredBallots {
  const stored: StoredBallots = {};
  for (const id of [...ballots.keys()].sort()) {
    const answers = ballots.get(id)!;
    const fields: Record<string, number | string> = {};
    for (const questionId of questionIds) {
      const score = answers.scores[questionId];
      if (score !== undefined) fields[questionId] = score;
    }
    if (answers.open !== undefined) fields[OPEN_QUESTION_ID] = answers.open;
    stored[id] = fields;
  }
  return stored;
}

function answersOf(fields: Record<string, number | string>): BallotAnswers {
  const answers: BallotAnswers = { scores: {} };
  for (const [field, value] of Object.entries(fields)) {
    if (field === OPEN_QUESTION_ID) {
      if (typeof value === 'string' && value !== '') answers.open = value;
    } else if (typeof value === 'number' && isScore(value)) answers.scores[field] = value;
  }
  return answers;
}
