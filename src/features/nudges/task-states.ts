// Whether each preparation task of a session is done, not applicable or put off, and by whom.
import type { Store } from '../../store/port.ts';
import { nudgeKeys } from './keys.ts';

export interface TaskState {
  status: 'open' | 'done' | 'skipped';
  /** Who marked it (platform user id); erased on a privacy request. */
  by?: string;
  at?: Date;
  /** Put off ("Later") until this instant; `laterRounds` counts the times, for the resend key. */
  laterUntil?: Date;
  laterRounds: number;
}

export const openState = (): TaskState => ({ status: 'open', laterRounds: 0 });

export class TaskStates {
  constructor(private readonly store: Store) {}

  /** States of the given tasks of a session, open where nothing was recorded. */
  async of(sessionId: string, taskIds: readonly string[]): Promise<Map<string, TaskState>> {
    // Most tasks of most sessions were never answered: read only the ones that were.
    const marked = new Set(await this.store.setMembers(nudgeKeys.markedTasks(sessionId)));
    const read = taskIds.filter((id) => marked.has(id));
    const states = read.length > 0 ? await this.store.getMany<TaskState>(read.map((id) => nudgeKeys.taskState(sessionId, id))) : [];
    const byId = new Map(read.map((id, i) => [id, states[i]]));
    return new Map(taskIds.map((id) => [id, byId.get(id) ?? openState()]));
  }

  async get(sessionId: string, taskId: string): Promise<TaskState> {
    return (await this.store.get<TaskState>(nudgeKeys.taskState(sessionId, taskId))) ?? openState();
  }

  async mark(platform: string, sessionId: string, taskId: string, status: 'done' | 'skipped' | 'open', by: string, at: Date): Promise<void> {
    const current = await this.get(sessionId, taskId);
    const next: TaskState = { ...current, status, by, at };
    delete next.laterUntil;
    await this.store.set(nudgeKeys.taskState(sessionId, taskId), next);
    await this.store.setAdd(nudgeKeys.markedTasks(sessionId), [taskId]);
    await this.store.setAdd(nudgeKeys.marksBy(platform, by), [`${sessionId}:${taskId}`]);
  }

  /** Puts an open task off; returns the new round number. */
  async later(platform: string, sessionId: string, taskId: string, by: string, now: Date, until: Date): Promise<number> {
    const current = await this.get(sessionId, taskId);
    const next: TaskState = { ...current, status: 'open', by, at: now, laterUntil: until, laterRounds: current.laterRounds + 1 };
    await this.store.set(nudgeKeys.taskState(sessionId, taskId), next);
    await this.store.setAdd(nudgeKeys.markedTasks(sessionId), [taskId]);
    await this.store.setAdd(nudgeKeys.marksBy(platform, by), [`${sessionId}:${taskId}`]);
    return next.laterRounds;
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
      const key = nudgeKeys.taskState(mark.slice(0, at), mark.slice(at + 1));
      const state = await this.store.get<TaskState>(key);
      if (state?.by === userId) {
        delete state.by;
        await this.store.set(key, state);
      }
    }
    await this.store.setRemove(nudgeKeys.marksBy(platform, userId), marks);
  }
}
