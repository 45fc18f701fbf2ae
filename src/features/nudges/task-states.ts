// Whether each preparation task of a session is done, not applicable or put off, whether it was
// nudged, which digest lines went out, and the session before it. A session's task records are the
// fields of one store hash, so a tick reads a whole batch of sessions in one round trip, and every
// field is written atomically. Who answered, and when, is kept in a second hash that ticks never read.
import type { Store } from '../../store/port.ts';
import { nudgeKeys } from './keys.ts';
import type { BotEvidence } from './timeline-data.ts';

export interface TaskState {
  status: 'open' | 'done' | 'skipped';
  /** Put off ("Later") until this instant; `laterRounds` counts the times, for the resend key. */
  laterUntil?: Date;
  laterRounds: number;
  /** Done by what the bot can see (never stored: bot-work.ts, read with the plan). */
  byBot?: BotEvidence;
}

/** The last answer to a task: who (platform user id, erased on a privacy request) and when. */
export interface TaskMark {
  by?: string;
  at: Date;
}

export const openState = (): TaskState => ({ status: 'open', laterRounds: 0 });

/** The session before a session, as far as its plan depends on it. */
export interface PreviousSession {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

/** What a tick needs about a session's tasks. */
export interface TaskRecords {
  /** Every asked task's state (open where nothing was recorded). */
  states: Map<string, TaskState>;
  /** Tasks nudged at least once (any plan version). */
  nudged: Set<string>;
  /** The previous session as of the last (re)planning: null for none, undefined when not recorded. */
  previous: PreviousSession | null | undefined;
  /** Digest lines delivered: `<item id>|<user id or #>` → the digest's day (digest.ts). */
  sent: Map<string, string>;
}

const STATE_FIELD = 'state:';
const NUDGED_FIELD = 'nudged:';
const PREVIOUS_FIELD = 'previous';
const SENT_FIELD = 'sent:';

export class TaskStates {
  constructor(private readonly store: Store) {}

  /** States of the given tasks of a session, open where nothing was recorded. */
  async of(sessionId: string, taskIds: readonly string[]): Promise<Map<string, TaskState>> {
    return (await this.ofMany([sessionId], taskIds))[0]!.states;
  }

  /** The task records of several sessions in one read (one hash each), in the order of `sessionIds`. */
  async ofMany(sessionIds: readonly string[], taskIds: readonly string[]): Promise<TaskRecords[]> {
    const stored = await this.store.hashGetAllMany<string | true>(sessionIds.map(nudgeKeys.taskRecords));
    // A tick reads thousands of sessions: field names are made once, and equal state texts
    // ("done||0" mostly) decode to one shared object; nothing changes a state it reads.
    const fieldsOf = taskIds.map((taskId) => ({ taskId, state: STATE_FIELD + taskId, nudged: NUDGED_FIELD + taskId }));
    const decoded = new Map<string, TaskState>();
    const decodeOnce = (text: string) => {
      let state = decoded.get(text);
      if (state === undefined) decoded.set(text, (state = decodeState(text)));
      return state;
    };
    const open = openState();
    return stored.map((fields) => {
      const states = new Map<string, TaskState>();
      const nudged = new Set<string>();
      for (const field of fieldsOf) {
        const text = fields.get(field.state);
        states.set(field.taskId, typeof text === 'string' ? decodeOnce(text) : open);
        if (fields.has(field.nudged)) nudged.add(field.taskId);
      }
      const sent = new Map<string, string>();
      for (const [name, value] of fields) if (name.startsWith(SENT_FIELD)) sent.set(name.slice(SENT_FIELD.length), String(value));
      const previous = fields.get(PREVIOUS_FIELD);
      return { states, nudged, previous: typeof previous === 'string' ? decodePrevious(previous) : undefined, sent };
    });
  }

  async get(sessionId: string, taskId: string): Promise<TaskState> {
    return (await this.of(sessionId, [taskId])).get(taskId)!;
  }

  /** Who answered a task last, and when; undefined when nobody did. */
  async markOf(sessionId: string, taskId: string): Promise<TaskMark | undefined> {
    return (await this.store.hashGetAllMany<TaskMark>([nudgeKeys.taskMarks(sessionId)]))[0]!.get(taskId);
  }

  /** The last mark of every answered task of a session, by task id. */
  async marksOf(sessionId: string): Promise<Map<string, TaskMark>> {
    return (await this.store.hashGetAllMany<TaskMark>([nudgeKeys.taskMarks(sessionId)]))[0]!;
  }

  /**
   * Records the session before this one (null: none), which a tick would otherwise find by reading
   * every session of the network; written whenever the session is (re)planned.
   */
  async setPrevious(sessionId: string, previous: PreviousSession | null): Promise<void> {
    const text = previous ? `${previous.id}|${previous.startsAt.getTime()}|${previous.endsAt.getTime()}` : '';
    await this.store.hashSet(nudgeKeys.taskRecords(sessionId), PREVIOUS_FIELD, text);
  }

  /**
   * Records that a digest line (`<item id>|<user id or #>`) went out in the digest of `day`. A line
   * to a person names them: the session joins their list in the same commit, or their erasure misses it.
   */
  async markSent(sessionId: string, line: string, day: string, to?: { platform: string; userId: string }): Promise<void> {
    await this.store.commit([
      { op: 'hashSet', key: nudgeKeys.taskRecords(sessionId), field: SENT_FIELD + line, value: day },
      ...(to ? [{ op: 'setAdd' as const, key: nudgeKeys.sentTo(to.platform, to.userId), members: [sessionId] }] : []),
    ]);
  }

  /** Removes the digest lines that went to a person from the sessions' records; returns the days they went on. */
  async forgetSent(sessionIds: readonly string[], userId: string): Promise<Set<string>> {
    const stored = await this.store.hashGetAllMany<string>(sessionIds.map(nudgeKeys.taskRecords));
    const days = new Set<string>();
    for (const [i, sessionId] of sessionIds.entries()) {
      const fields = [...stored[i]!.keys()].filter((name) => name.startsWith(SENT_FIELD) && name.endsWith(`|${userId}`));
      for (const field of fields) days.add(String(stored[i]!.get(field)));
      await this.store.hashDelete(nudgeKeys.taskRecords(sessionId), fields);
    }
    return days;
  }

  /** Remembers that tasks were nudged, so a later catch-up or overview does not list them again. */
  async markNudged(sessionId: string, taskIds: readonly string[]): Promise<void> {
    for (const taskId of taskIds) await this.store.hashSet(nudgeKeys.taskRecords(sessionId), NUDGED_FIELD + taskId, true);
  }

  async mark(platform: string, sessionId: string, taskId: string, status: 'done' | 'skipped' | 'open', by: string, at: Date): Promise<void> {
    const current = await this.get(sessionId, taskId);
    await this.save(platform, sessionId, taskId, { status, laterRounds: current.laterRounds }, { by, at });
  }

  /** Puts an open task off; returns the new round number. */
  async later(platform: string, sessionId: string, taskId: string, by: string, now: Date, until: Date): Promise<number> {
    const current = await this.get(sessionId, taskId);
    const laterRounds = current.laterRounds + 1;
    await this.save(platform, sessionId, taskId, { status: 'open', laterUntil: until, laterRounds }, { by, at: now });
    return laterRounds;
  }

  /** `<sessionId>:<taskId>` of every task a person marked. */
  async marksBy(platform: string, userId: string): Promise<string[]> {
    return this.store.setMembers(nudgeKeys.marksBy(platform, userId));
  }

  /** Keeps the task states (the network still needs them) but removes who marked them. */
  async forget(platform: string, userId: string): Promise<void> {
    const marks = await this.marksBy(platform, userId);
    for (const mark of marks) {
      const at = mark.indexOf(':');
      const [sessionId, taskId] = [mark.slice(0, at), mark.slice(at + 1)];
      const last = await this.markOf(sessionId, taskId);
      if (last?.by === userId) await this.store.hashSet<TaskMark>(nudgeKeys.taskMarks(sessionId), taskId, { at: last.at });
    }
    await this.store.setRemove(nudgeKeys.marksBy(platform, userId), marks);
  }

  /** One commit: the mark names who answered, and their erasure finds it only through their list of marks. */
  private async save(platform: string, sessionId: string, taskId: string, state: TaskState, mark: TaskMark & { by: string }): Promise<void> {
    await this.store.commit([
      { op: 'hashSet', key: nudgeKeys.taskRecords(sessionId), field: STATE_FIELD + taskId, value: encodeState(state) },
      { op: 'hashSet', key: nudgeKeys.taskMarks(sessionId), field: taskId, value: mark },
      { op: 'setAdd', key: nudgeKeys.marksBy(platform, mark.by), members: [`${sessionId}:${taskId}`] },
    ]);
  }
}

// A state is a short string ("done||0", "open|1775808000000|2"), cheap to decode by the thousand.
function encodeState(state: TaskState): string {
  return `${state.status}|${state.laterUntil?.getTime() ?? ''}|${state.laterRounds}`;
}

function decodeState(text: string): TaskState {
  const [status, laterUntil, laterRounds] = text.split('|');
  const state: TaskState = { status: status as TaskState['status'], laterRounds: Number(laterRounds) || 0 };
  if (laterUntil) state.laterUntil = new Date(Number(laterUntil));
  return state;
}

function decodePrevious(text: string): PreviousSession | null {
  const [id, startsAt, endsAt] = text.split('|');
  return id ? { id, startsAt: new Date(Number(startsAt)), endsAt: new Date(Number(endsAt)) } : null;
}
