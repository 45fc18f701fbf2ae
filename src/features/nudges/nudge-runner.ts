// Runs the nudges feature on the clock: reads the due index each tick and decides per batch of
// sessions, from stored state, what is due; preparation-work.ts does it.
import type { DomainEvents } from '../../core/domain-events.ts';
import type { DueIndex } from './due-index.ts';
import { hourEnd } from './due-index.ts';
import type { DueWork } from './due-work.ts';
import { dueWork } from './due-work.ts';
import { hourOf, nudgeKeys } from './keys.ts';
import type { PreparationWorkDeps } from './preparation-work.ts';
import { PreparationWork } from './preparation-work.ts';
import type { SessionView } from './session-view.ts';
import { isPrepared, loadSessionView, loadSessionViews, momentsOf } from './session-view.ts';

export interface NudgeRunnerDeps extends PreparationWorkDeps {
  events: DomainEvents;
  index: DueIndex;
}

/**
 * Sessions decided together: their state is read with one store read per kind of record. Kept
 * moderate so the state a batch's last message is built from is seconds old, not minutes.
 */
export const SESSIONS_PER_BATCH = 200;
/** Sessions whose messages go out concurrently within a batch. */
const SESSIONS_IN_PARALLEL = 20;

/** One session's due work at a moment; no view when the session or its network is gone. */
export interface SessionDue {
  sessionId: string;
  view?: SessionView | undefined;
  work: DueWork[];
}

export class NudgeRunner {
  private readonly work: PreparationWork;

  constructor(private readonly deps: NudgeRunnerDeps) {
    this.work = new PreparationWork(deps);
  }

  /** One scheduler tick: every hour bucket that has come is read and its sessions handled. */
  async tick(now: Date): Promise<void> {
    const current = hourOf(now);
    for (const hour of await this.deps.index.hours()) {
      if (hour > current) break;
      const handled: string[] = [];
      const sessionIds = await this.deps.index.sessionsIn(hour);
      for (let at = 0; at < sessionIds.length; at += SESSIONS_PER_BATCH) {
        const batch = await this.computeDue(sessionIds.slice(at, at + SESSIONS_PER_BATCH), now);
        // Sessions are independent; sending for a few at a time overlaps the platforms' latency.
        for (let lane = 0; lane < batch.length; lane += SESSIONS_IN_PARALLEL) {
          const slice = batch.slice(lane, lane + SESSIONS_IN_PARALLEL);
          const keep = await Promise.all(slice.map((due) => this.runSession(due, now, hour)));
          slice.forEach((due, i) => keep[i] || handled.push(due.sessionId));
        }
      }
      await this.deps.index.done(hour, handled, now);
    }
  }

  /** The earliest moment after `now` at which a session has work. */
  async nextDue(now: Date): Promise<Date | undefined> {
    for (const hour of await this.deps.index.hours()) {
      if (hourEnd(hour).getTime() <= now.getTime()) continue;
      let earliest: number | undefined;
      const sessionIds = await this.deps.index.sessionsIn(hour);
      for (let at = 0; at < sessionIds.length; at += SESSIONS_PER_BATCH) {
        for (const view of await loadSessionViews(this.deps, sessionIds.slice(at, at + SESSIONS_PER_BATCH))) {
          if (!view || view.session.status !== 'planned') continue;
          for (const moment of momentsOf(view)) {
            const t = moment.getTime();
            if (t > now.getTime() && hourOf(moment) <= hour && (earliest === undefined || t < earliest)) earliest = t;
          }
        }
      }
      if (earliest !== undefined) return new Date(earliest);
    }
    return undefined;
  }

  /**
   * Puts a session's moments in the due index. What is already due (a catch-up list) goes into
   * the current hour, so the next tick sends it: the command that planned the session only plans.
   */
  async schedule(sessionId: string, now: Date): Promise<void> {
    const view = await loadSessionView(this.deps, sessionId);
    if (!view || view.session.status !== 'planned') return;
    await this.deps.index.add(sessionId, momentsOf(view), now);
  }

  /** The due work of one batch of sessions at `now`, decided on their stored state without doing it. */
  async computeDue(sessionIds: readonly string[], now: Date): Promise<SessionDue[]> {
    const views = await loadSessionViews(this.deps, sessionIds);
    return sessionIds.map((sessionId, i) => {
      const view = views[i];
      return { sessionId, view, work: view ? dueWork(view, now) : [] };
    });
  }

  /** Emits `preparation.completed` once when every task is done or not applicable before the start. */
  async checkCompleted(view: SessionView, now: Date): Promise<void> {
    if (view.session.status !== 'planned' || view.session.startsAt.getTime() <= now.getTime() || !isPrepared(view)) return;
    // Recorded once per session (its event id), with its effects pending until they succeed.
    // Thanks go to whoever marked the tasks, not to whoever holds a role.
    const marks = await this.deps.states.marksOf(view.session.id);
    const markedBy = [...new Set(view.plan.filter((task) => !task.off).flatMap((task) => marks.get(task.id)?.by ?? []))].sort();
    await this.deps.events.emit({ type: 'preparation.completed', networkId: view.network.id, sessionId: view.session.id, at: now, markedBy });
  }

  /** Handles one session from an hour bucket; true when it must stay (work later this hour or still in flight). */
  private async runSession({ view, work }: SessionDue, now: Date, hour: number): Promise<boolean> {
    if (!view) return false;
    const inFlight = await this.work.run(view, work, now);
    const laterThisHour = momentsOf(view).some((m) => m.getTime() > now.getTime() && hourOf(m) <= hour);
    return inFlight || laterThisHour;
  }
}
