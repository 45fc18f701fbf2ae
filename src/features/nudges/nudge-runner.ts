// Runs the nudges feature on the clock: reads the due index each tick and decides per batch of
// sessions, from stored state, what is due; preparation-work.ts does it.
import type { Clock } from '../../core/clock.ts';
import type { DomainEvents } from '../../core/domain-events.ts';
import type { ChangeLog } from '../../store/change-log.ts';
import { runOncePerStore } from '../../store/once-per-store.ts';
import type { DueIndex } from './due-index.ts';
import { hourEnd } from './due-index.ts';
import type { DueWork } from './due-work.ts';
import { dueWork } from './due-work.ts';
import { hourOf, nudgeKeys } from './keys.ts';
import { LegacyTaskRecords } from './legacy-task-records.ts';
import type { PreparationWorkDeps } from './preparation-work.ts';
import { PreparationWork } from './preparation-work.ts';
import { HourPreRead } from './pre-read.ts';
import type { SessionStates, SessionView } from './session-view.ts';
import { buildViews, isPrepared, loadSessionView, loadSessionViews, momentsOf, readSessionStates, viewsOf } from './session-view.ts';

export interface NudgeRunnerDeps extends PreparationWorkDeps {
  clock: Clock;
  events: DomainEvents;
  index: DueIndex;
  changes: ChangeLog;
  instanceId: string;
}

/** A sweep of the whole store is rare and bounded; a crashed sweep may restart after this. */
const INDEX_LOCK_MS = 10 * 60_000;
/**
 * Sessions decided together: their state is read with one store read per kind of record. Kept
 * moderate so the state a batch's last message is built from is seconds old, not minutes.
 */
export const SESSIONS_PER_BATCH = 200;
/** Sessions whose messages go out concurrently within a batch. */
const SESSIONS_IN_PARALLEL = 20;
/** Networks read together when the due index is built. */
const NETWORKS_PER_BATCH = 200;

/** One session's due work at a moment; no view when the session or its network is gone. */
export interface SessionDue {
  sessionId: string;
  view?: SessionView;
  work: DueWork[];
}

export class NudgeRunner {
  private indexed = false;
  private readonly legacy: LegacyTaskRecords;
  private readonly work: PreparationWork;
  private readonly preRead: HourPreRead;

  constructor(private readonly deps: NudgeRunnerDeps) {
    this.legacy = new LegacyTaskRecords(deps);
    this.work = new PreparationWork(deps);
    this.preRead = new HourPreRead(deps);
  }

  /**
   * Every process's minute, elected to tick or not (reads only): in the minutes before an hour,
   * reads a share of its sessions, so whichever process runs the hour's tick mostly decides on
   * views already built.
   */
  async readAhead(now: Date): Promise<void> {
    await this.preRead.readAhead(now);
  }

  /** Sessions read ahead and not yet taken by a tick. */
  get preReadSize(): number {
    return this.preRead.size;
  }

  /** One scheduler tick: every hour bucket that has come is read and its sessions handled. */
  async tick(now: Date): Promise<void> {
    await this.legacy.migrate();
    await this.ensureIndexed(now);
    const current = hourOf(now);
    for (const hour of await this.deps.index.hours()) {
      if (hour > current) break;
      const handled: string[] = [];
      const sessionIds = await this.deps.index.sessionsIn(hour);
      for await (const batch of this.dueBatches(sessionIds, now, hour)) {
        // Sessions are independent; sending for a few at a time overlaps the platforms' latency.
        for (let lane = 0; lane < batch.length; lane += SESSIONS_IN_PARALLEL) {
          const slice = batch.slice(lane, lane + SESSIONS_IN_PARALLEL);
          const keep = await Promise.all(slice.map((due) => this.runSession(due, now, hour)));
          slice.forEach((due, i) => keep[i] || handled.push(due.sessionId));
        }
      }
      await this.deps.index.done(hour, handled, now);
    }
    await this.deps.changes.prune(now);
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

  /**
   * The due work of the sessions of an hour bucket, a batch at a time (what a tick does before it
   * sends, and what the benchmark measures). Sessions read ahead (`readAhead`) and unchanged since
   * are decided first, without a read; the others (the changed ones among them) are read a batch
   * at a time. The next batch is read from the store as soon as the current one is read, so store
   * latency overlaps deciding the current batch and the caller's work on it; a batch's state is
   * therefore at most one batch older than when it was read.
   */
  async *dueBatches(bucket: readonly string[], now: Date, hour = hourOf(now)): AsyncGenerator<SessionDue[]> {
    const { held, unread: sessionIds } = this.preRead.take(hour, bucket);
    for (let at = 0; at < held.length; at += SESSIONS_PER_BATCH) {
      // Checked when its turn comes, so a batch decided minutes into a long tick sees the writes made meanwhile.
      const { current, changed } = await this.preRead.check(held.slice(at, at + SESSIONS_PER_BATCH));
      sessionIds.push(...changed);
      if (current.length > 0) yield current.map((view) => new Due(view.session.id, dueWork(view, now), view));
    }
    if (held.length > 0) this.deps.log.debug({ hour, readAhead: held.length, readNow: sessionIds.length }, 'due sessions decided on views read ahead');
    const read = (at: number) => {
      const states = readSessionStates(this.deps, sessionIds.slice(at, at + SESSIONS_PER_BATCH));
      // Marked as handled so an abandoned read cannot crash the process; awaiting it still throws.
      states.catch(() => undefined);
      return states;
    };
    let next = sessionIds.length > 0 ? read(0) : undefined;
    for (let at = 0; next; at += SESSIONS_PER_BATCH) {
      const current = await next;
      next = at + SESSIONS_PER_BATCH < sessionIds.length ? read(at + SESSIONS_PER_BATCH) : undefined;
      yield this.decide(sessionIds.slice(at, at + SESSIONS_PER_BATCH), current, now);
    }
  }

  /** The due work of one batch of sessions at `now`, decided on their stored state without doing it. */
  async computeDue(sessionIds: readonly string[], now: Date): Promise<SessionDue[]> {
    return this.decide(sessionIds, await readSessionStates(this.deps, sessionIds), now);
  }

  private decide(sessionIds: readonly string[], states: SessionStates, now: Date): SessionDue[] {
    const views = buildViews(this.deps, states);
    return sessionIds.map((sessionId, i) => {
      const view = views[i];
      return view ? new Due(sessionId, dueWork(view, now), view) : new Due(sessionId, NO_WORK);
    });
  }

  /** Emits `preparation.completed` once when every task is done or not applicable before the start. */
  async checkCompleted(view: SessionView, now: Date): Promise<void> {
    if (view.session.status !== 'planned' || view.session.startsAt.getTime() <= now.getTime() || !isPrepared(view)) return;
    if (!(await this.deps.store.claim(nudgeKeys.completed(view.session.id), now.toISOString()))) return;
    this.deps.log.info({ network: view.network.id, session: view.session.id }, 'session preparation completed');
    // Thanks go to whoever marked the tasks, not to whoever holds a role.
    const marks = await this.deps.states.marksOf(view.session.id);
    const markedBy = [...new Set(view.plan.filter((task) => !task.off).flatMap((task) => marks.get(task.id)?.by ?? []))].sort();
    await this.deps.events.emit({ type: 'preparation.completed', networkId: view.network.id, sessionId: view.session.id, at: now, markedBy });
  }

  /** Indexes every upcoming session once per store (sessions planned before this feature ran). */
  async ensureIndexed(now: Date): Promise<void> {
    if (this.indexed) return;
    const once = { doneKey: nudgeKeys.indexed(), lockKey: nudgeKeys.indexLock(), owner: this.deps.instanceId, lockMs: INDEX_LOCK_MS };
    this.indexed = await runOncePerStore(this.deps.store, once, async () => {
      let count = 0;
      const networks = await this.deps.directory.all();
      for (let at = 0; at < networks.length; at += NETWORKS_PER_BATCH) {
        const slice = networks.slice(at, at + NETWORKS_PER_BATCH);
        const lists = await this.deps.sessions.listMany(slice.map((network) => network.id));
        const upcoming = lists.flat().filter((session) => session.status === 'planned' && session.startsAt.getTime() > now.getTime());
        const views = await viewsOf(this.deps, upcoming, slice);
        await this.deps.index.addMany(
          views.filter((view): view is SessionView => view !== undefined).map((view) => ({ sessionId: view.session.id, moments: momentsOf(view) })),
          now,
        );
        count += upcoming.length;
      }
      this.deps.log.info({ sessions: count }, 'preparation due index built');
    });
  }

  /** Handles one session from an hour bucket; true when it must stay (work later this hour or still in flight). */
  private async runSession({ view, work }: SessionDue, now: Date, hour: number): Promise<boolean> {
    if (!view) return false;
    const inFlight = await this.work.run(view, work, now);
    const laterThisHour = momentsOf(view).some((m) => m.getTime() > now.getTime() && hourOf(m) <= hour);
    return inFlight || laterThisHour;
  }
}

const NO_WORK: DueWork[] = [];

/** A class, not a literal: it lives as long as its batch (see the note on literals in session-view.ts). */
class Due implements SessionDue {
  constructor(
    readonly sessionId: string,
    readonly work: DueWork[],
    readonly view?: SessionView,
  ) {}
}
