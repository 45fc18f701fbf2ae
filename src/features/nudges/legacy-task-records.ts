// Moves task records from the first layout (one key per task state, sets of marked and nudged
// tasks) into the per-session hashes of task-states.ts, once per store, so answers given on an
// earlier build survive the upgrade and a privacy erasure still finds who answered.
import type { Logger } from '../../core/logger.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import { runOncePerStore } from '../../store/once-per-store.ts';
import type { Store } from '../../store/port.ts';
import type { TaskMark, TaskState, TaskStates } from './task-states.ts';

export const legacyKeys = {
  state: (sessionId: string, taskId: string) => `nudges:state:${sessionId}:${taskId}`,
  marked: (sessionId: string) => `nudges:marked:${sessionId}`,
  nudged: (sessionId: string) => `nudges:nudged:${sessionId}`,
  migrated: () => 'nudges:task-records:v2',
  lock: () => 'nudges:task-records:v2:lock',
};

/** A task state as the first layout stored it. */
type LegacyState = TaskState & Partial<TaskMark>;

const LOCK_MS = 10 * 60_000;
const NETWORKS_PER_BATCH = 200;

export interface LegacyTaskRecordsDeps {
  store: Store;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  states: TaskStates;
  log: Logger;
  instanceId: string;
}

export class LegacyTaskRecords {
  private migrated = false;

  constructor(private readonly deps: LegacyTaskRecordsDeps) {}

  /** Runs the move once per store; another replica holding the lock makes this a no-op until it is done. */
  async migrate(): Promise<void> {
    if (this.migrated) return;
    const once = { doneKey: legacyKeys.migrated(), lockKey: legacyKeys.lock(), owner: this.deps.instanceId, lockMs: LOCK_MS };
    this.migrated = await runOncePerStore(this.deps.store, once, () => this.moveAll());
  }

  private async moveAll(): Promise<void> {
    const { store } = this.deps;
    let moved = 0;
    const networks = await this.deps.directory.all();
    for (let at = 0; at < networks.length; at += NETWORKS_PER_BATCH) {
      const lists = await this.deps.sessions.listMany(networks.slice(at, at + NETWORKS_PER_BATCH).map((network) => network.id));
      const sessionIds = lists.flat().map((session) => session.id);
      const [marked, nudged] = await Promise.all([
        store.setMembersMany(sessionIds.map(legacyKeys.marked)),
        store.setMembersMany(sessionIds.map(legacyKeys.nudged)),
      ]);
      const stored = await store.getMany<LegacyState>(sessionIds.flatMap((sessionId, i) => marked[i]!.map((taskId) => legacyKeys.state(sessionId, taskId))));
      let next = 0;
      for (const [i, sessionId] of sessionIds.entries()) {
        for (const taskId of marked[i]!) {
          const legacy = stored[next++];
          if (legacy) {
            const { by, at: markedAt, ...state } = legacy;
            await this.deps.states.restore(sessionId, taskId, state, markedAt ? { ...(by ? { by } : {}), at: markedAt } : undefined);
            moved += 1;
          }
          // Removed after the copy: a move cut short is resumed by the next attempt.
          await store.delete(legacyKeys.state(sessionId, taskId));
        }
        await this.deps.states.markNudged(sessionId, nudged[i]!);
        await store.setRemove(legacyKeys.marked(sessionId), marked[i]!);
        await store.setRemove(legacyKeys.nudged(sessionId), nudged[i]!);
      }
    }
    if (moved > 0) this.deps.log.info({ tasks: moved }, 'task records moved to the per-session layout');
  }
}
