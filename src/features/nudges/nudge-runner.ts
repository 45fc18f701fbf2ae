// Runs the nudges feature on the clock: reads the due index each tick, decides per batch of
// sessions, from stored state, what is due, and sends each recipient one digest (digest.ts).
import type { DomainEvents } from '../../core/domain-events.ts';
import type { DigestDeps, PendingLine } from './digest.ts';
import { Digests, pendingLines } from './digest.ts';
import type { DueIndex } from './due-index.ts';
import { hourEnd, hourStart } from './due-index.ts';
import { nudgeMomentFrom } from './due-moment.ts';
import type { DueItem } from './due-work.ts';
import { dueItems, momentsOf } from './due-work.ts';
import { hourOf, nudgeKeys } from './keys.ts';
import type { SessionView } from './session-view.ts';
import { isPrepared, loadSessionViews } from './session-view.ts';

export interface NudgeRunnerDeps extends DigestDeps {
  events: DomainEvents;
  index: DueIndex;
}

/**
 * Sessions decided together: their state is read with one store read per kind of record. Kept
 * moderate so a batch's reads stay small on every backend.
 */
export const SESSIONS_PER_BATCH = 200;

/** One session's due items at a moment; no view when the session or its network is gone. */
export interface SessionDue {
  sessionId: string;
  view?: SessionView | undefined;
  items: DueItem[];
}

export class NudgeRunner {
  readonly digests: Digests;

  constructor(private readonly deps: NudgeRunnerDeps) {
    this.digests = new Digests(deps);
  }

  /**
   * One scheduler tick: the sessions of every hour bucket that has come are decided, and every
   * recipient gets one digest with all their lines, whichever sessions and networks they are from.
   */
  async tick(now: Date): Promise<void> {
    const current = hourOf(now);
    const hours = (await this.deps.index.hours()).filter((hour) => hour <= current);
    if (hours.length === 0) return;
    const buckets = await Promise.all(hours.map((hour) => this.deps.index.sessionsIn(hour)));
    const sessionIds = [...new Set(buckets.flat())];
    const views = new Map<string, SessionView>();
    const pending: PendingLine[] = [];
    for (let at = 0; at < sessionIds.length; at += SESSIONS_PER_BATCH) {
      const batch = sessionIds.slice(at, at + SESSIONS_PER_BATCH);
      for (const { view, items } of await this.computeDue(batch, now)) {
        if (!view) continue;
        views.set(view.session.id, view);
        await this.recordMissed(view, items);
        pending.push(...pendingLines(view, items));
      }
    }
    const { inFlight, deferred } = await this.digests.deliver(pending, now);
    // Lines for someone who had today's digest already come with the next one.
    for (const sessionId of deferred) {
      const view = views.get(sessionId)!;
      await this.deps.index.add(sessionId, [nudgeMomentFrom(new Date(now.getTime() + 1), view.network.timeZone, this.deps.rules).at], now);
    }
    for (const [i, hour] of hours.entries()) {
      const handled = buckets[i]!.filter((id) => {
        const view = views.get(id);
        if (!view) return true;
        const laterThisHour = momentsOf(view, this.deps.rules).some((m) => m.getTime() > now.getTime() && hourOf(m) <= hour);
        return !inFlight.has(id) && !laterThisHour;
      });
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
          // A session filed in a coming hour without a moment of its own there waits for that hour (lines put off to the next digest).
          const moments = momentsOf(view, this.deps.rules).filter((m) => hourOf(m) === hour);
          for (const moment of moments.length > 0 ? moments : [hourStart(hour)]) {
            const t = moment.getTime();
            if (t > now.getTime() && (earliest === undefined || t < earliest)) earliest = t;
          }
        }
      }
      if (earliest !== undefined) return new Date(earliest);
    }
    return undefined;
  }

  /**
   * Puts a session's moments in the due index. What is already due goes into the current hour, so
   * the next tick sees it: the command that planned the session only plans.
   */
  async schedule(sessionId: string, now: Date): Promise<void> {
    const [view] = await loadSessionViews(this.deps, [sessionId], { fresh: true });
    if (!view || view.session.status !== 'planned') return;
    await this.deps.states.setPrevious(sessionId, view.previous ?? null);
    await this.deps.index.add(sessionId, momentsOf(view, this.deps.rules), now);
  }

  /** Files a session at the next nudge moment, when its due work is decided again for whoever holds its roles then. */
  async fileAtNextMoment(sessionId: string, now: Date): Promise<void> {
    const [view] = await loadSessionViews(this.deps, [sessionId], { fresh: true });
    if (!view || view.session.status !== 'planned') return;
    await this.deps.index.add(sessionId, [nudgeMomentFrom(new Date(now.getTime() + 1), view.network.timeZone, this.deps.rules).at], now);
  }

  /** The due items of one batch of sessions at `now`, decided on their stored state without sending. */
  async computeDue(sessionIds: readonly string[], now: Date): Promise<SessionDue[]> {
    const views = await loadSessionViews(this.deps, sessionIds);
    return sessionIds.map((sessionId, i) => {
      const view = views[i];
      return { sessionId, view, items: view ? dueItems(view, now, this.deps.rules) : [] };
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

  /** Nudges more than 48 hours late are listed in the readiness overview instead of sent. */
  private async recordMissed(view: SessionView, items: readonly DueItem[]): Promise<void> {
    const missed = items.filter((item) => item.kind === 'missed');
    if (missed.length === 0) return;
    await this.deps.store.setAdd(nudgeKeys.missed(view.session.id), missed.map((item) => item.task.id));
    await this.deps.states.markNudged(view.session.id, missed.map((item) => item.task.id));
    this.deps.log.warn({ session: view.session.id, tasks: missed.map((item) => item.task.id) }, 'nudges more than 48 hours late; listed in the readiness overview instead');
  }
}
