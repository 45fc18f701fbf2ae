// Runs the due work of the nudges feature: reads the due index each tick, decides per session
// from stored state, and sends through the Delivery service under deterministic keys.
import type { Clock } from '../../core/clock.ts';
import type { Delivery, DeliveryOutcome, DeliveryTarget } from '../../core/delivery.ts';
import type { DomainEvents } from '../../core/domain-events.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { Message } from '../../core/message.ts';
import type { People } from '../../domain/people.ts';
import type { Store } from '../../store/port.ts';
import { runOncePerStore } from '../../store/once-per-store.ts';
import { sessionInvite } from './calendar-invite.ts';
import type { DueIndex } from './due-index.ts';
import { hourEnd } from './due-index.ts';
import type { DueWork } from './due-work.ts';
import { dueWork } from './due-work.ts';
import { deliveryKeys, hourOf, nudgeKeys } from './keys.ts';
import { LegacyTaskRecords } from './legacy-task-records.ts';
import type { NudgeVariant } from './nudge-messages.ts';
import { catchUpMessage, channelFallback, nudgeMessage, overviewMessage } from './nudge-messages.ts';
import type { PlannedTask } from './plan.ts';
import type { SessionView, SessionViewDeps } from './session-view.ts';
import { isPrepared, loadSessionView, loadSessionViews, momentsOf, recipientsOf, viewsOf } from './session-view.ts';

export interface NudgeRunnerDeps extends SessionViewDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  people: People;
  events: DomainEvents;
  delivery: Delivery;
  index: DueIndex;
  translator(lang: Lang): Translator;
  langOf(platform: string, userId: string): Promise<Lang>;
  defaultLang: Lang;
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

  constructor(private readonly deps: NudgeRunnerDeps) {
    this.legacy = new LegacyTaskRecords(deps);
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
      for await (const batch of this.dueBatches(sessionIds, now)) {
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

  /**
   * The due work of sessions, a batch at a time (what a tick does before it sends, and what the
   * benchmark measures). The next batch is read from the store while the caller handles the
   * current one, so store latency and the caller's work overlap; a batch's state is therefore
   * at most one batch older than when it was read.
   */
  async *dueBatches(sessionIds: readonly string[], now: Date): AsyncGenerator<SessionDue[]> {
    const read = (at: number) => {
      const batch = this.computeDue(sessionIds.slice(at, at + SESSIONS_PER_BATCH), now);
      // Marked as handled so an abandoned read cannot crash the process; awaiting it still throws.
      batch.catch(() => undefined);
      return batch;
    };
    let next = sessionIds.length > 0 ? read(0) : undefined;
    for (let at = 0; next; at += SESSIONS_PER_BATCH) {
      const current = await next;
      next = at + SESSIONS_PER_BATCH < sessionIds.length ? read(at + SESSIONS_PER_BATCH) : undefined;
      yield current;
    }
  }

  /** The due work of one batch of sessions at `now`, decided on their stored state without doing it. */
  async computeDue(sessionIds: readonly string[], now: Date): Promise<SessionDue[]> {
    const views = await loadSessionViews(this.deps, sessionIds);
    return sessionIds.map((sessionId, i) => {
      const view = views[i];
      return view ? { sessionId, view, work: dueWork(view, now) } : { sessionId, work: [] };
    });
  }

  /** Emits `preparation.completed` once when every task is done or not applicable before the start. */
  async checkCompleted(view: SessionView, now: Date): Promise<void> {
    if (view.session.status !== 'planned' || view.session.startsAt.getTime() <= now.getTime() || !isPrepared(view)) return;
    if (!(await this.deps.store.claim(nudgeKeys.completed(view.session.id), now.toISOString()))) return;
    this.deps.log.info({ network: view.network.id, session: view.session.id }, 'session preparation completed');
    await this.deps.events.emit({ type: 'preparation.completed', networkId: view.network.id, sessionId: view.session.id, at: now });
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
    const inFlight = await this.runWork(view, work, now);
    const laterThisHour = momentsOf(view).some((m) => m.getTime() > now.getTime() && hourOf(m) <= hour);
    return inFlight || laterThisHour;
  }

  /** Does a session's due work; true when a delivery is still being sent (by another process, or an interrupted one). */
  private async runWork(view: SessionView, work: readonly DueWork[], now: Date): Promise<boolean> {
    let inFlight = false;
    for (const item of work) {
      try {
        inFlight = (await this.perform(view, item, now)) || inFlight;
      } catch (error) {
        inFlight = true;
        this.deps.log.error({ err: error, session: view.session.id, work: item.kind }, 'preparation work failed; retried next tick');
      }
    }
    return inFlight;
  }

  private async perform(view: SessionView, item: DueWork, now: Date): Promise<boolean> {
    const { session } = view;
    switch (item.kind) {
      case 'nudge':
        return this.nudge(view, item.task, now, { kind: 'due' }, (userId) => deliveryKeys.nudge(session.id, item.task.id, item.task.due, userId));
      case 'later':
        return this.nudge(view, item.task, now, { kind: 'later' }, (userId) => deliveryKeys.snoozed(session.id, item.task.id, item.round, userId));
      case 'escalate': {
        const original = new Set(recipientsOf(view, item.task.role).userIds);
        const others = (view.holders.get(item.to) ?? []).filter((userId) => !original.has(userId));
        let inFlight = false;
        for (const userId of others) {
          const key = deliveryKeys.escalation(session.id, item.task.id, view.weekBefore, userId);
          const message = (t: Translator) => this.taskMessage(view, item.task, t, { kind: 'escalated', role: item.task.role }, now);
          inFlight = (await this.sendTo(view, key, userId, message)) || inFlight;
        }
        return inFlight;
      }
      case 'missed':
        await this.deps.store.setAdd(nudgeKeys.missed(session.id), [item.task.id]);
        this.deps.log.warn({ session: session.id, task: item.task.id, due: item.task.due }, 'nudge more than 48 hours late; listed in the readiness overview instead');
        return false;
      case 'catchUp': {
        const sent = await this.toTrekkers(view, (userId) => deliveryKeys.catchUp(session.id, session.updatedAt, userId), (t) =>
          catchUpMessage(t, view.network, session, item.tasks),
        );
        if (!sent.inFlight) await this.deps.states.markNudged(session.id, item.tasks.map((task) => task.id));
        return sent.inFlight;
      }
      case 'overview': {
        const missed = new Set(await this.deps.store.setMembers(nudgeKeys.missed(session.id)));
        const active = view.plan.filter((task) => !task.off);
        const status = (task: PlannedTask) => view.states.get(task.id)?.status ?? 'open';
        return (
          await this.toTrekkers(view, (userId) => deliveryKeys.overview(session.id, view.weekBefore, userId), (t) =>
            overviewMessage(t, {
              network: view.network,
              session,
              done: active.filter((task) => status(task) === 'done'),
              open: active.filter((task) => status(task) === 'open'),
              skipped: active.filter((task) => status(task) === 'skipped'),
              missed: active.filter((task) => missed.has(task.id) && status(task) === 'open'),
            }),
          )
        ).inFlight;
      }
    }
  }

  private async nudge(view: SessionView, task: PlannedTask, now: Date, variant: NudgeVariant, keyOf: (userId: string) => string): Promise<boolean> {
    const { userIds, standIn } = recipientsOf(view, task.role);
    const shown: NudgeVariant = standIn && variant.kind === 'due' ? { kind: 'unassigned', role: task.role } : variant;
    const message = (t: Translator) => this.taskMessage(view, task, t, shown, now);
    let inFlight = false;
    if (userIds.length === 0) {
      inFlight = await this.sendTo(view, keyOf('channel'), undefined, message);
    }
    for (const userId of userIds) inFlight = (await this.sendTo(view, keyOf(userId), userId, message)) || inFlight;
    await this.deps.states.markNudged(view.session.id, [task.id]);
    return inFlight;
  }

  private async taskMessage(view: SessionView, task: PlannedTask, t: Translator, variant: NudgeVariant, now: Date): Promise<Message> {
    const { network, session } = view;
    let previousSessionId: string | undefined;
    if (task.task.offer === 'pulse') {
      const held = (await this.deps.sessions.list(network.id)).filter((s) => s.status === 'planned' && s.startsAt.getTime() <= now.getTime());
      previousSessionId = held.at(-1)?.id;
    }
    const invite =
      task.task.offer === 'invitation'
        ? sessionInvite({
            sessionId: session.id,
            startsAt: session.startsAt,
            sequence: session.movedFrom.length,
            summary: t.text('nudge.inviteSummary', { network: network.name }),
            description: t.text('nudge.inviteDescription', { network: network.name }),
            now,
          })
        : undefined;
    return nudgeMessage(t, { network, session, task, variant, previousSessionId, invite });
  }

  private async toTrekkers(view: SessionView, keyOf: (userId: string) => string, build: (t: Translator) => Message): Promise<{ inFlight: boolean }> {
    const trekkers = view.holders.get('trekker') ?? [];
    const message = async (t: Translator) => build(t);
    if (trekkers.length === 0) return { inFlight: await this.sendTo(view, keyOf('channel'), undefined, message) };
    let inFlight = false;
    for (const userId of trekkers) inFlight = (await this.sendTo(view, keyOf(userId), userId, message)) || inFlight;
    return { inFlight };
  }

  /** Sends to a person (falling back to the channel with a note) or, without one, to the channel. */
  private async sendTo(view: SessionView, key: string, userId: string | undefined, build: (t: Translator) => Promise<Message>): Promise<boolean> {
    const { network } = view;
    // A settled key needs no message built (and no language looked up) on every tick.
    const before = await this.deps.delivery.status(key);
    if (before && before.state !== 'sending') return false;
    let outcome: DeliveryOutcome;
    if (userId === undefined) {
      const message = await build(this.deps.translator(this.deps.defaultLang));
      outcome = await this.deps.delivery.send(key, { kind: 'channel', platform: network.platform, channelId: network.channelId }, message);
    } else {
      const t = this.deps.translator(await this.deps.langOf(network.platform, userId));
      const message = await build(t);
      const channelT = this.deps.translator(this.deps.defaultLang);
      const name = await this.deps.people.displayName(network.platform, userId);
      const target: DeliveryTarget = {
        kind: 'direct',
        platform: network.platform,
        userId,
        fallback: { channelId: network.channelId, message: channelFallback(channelT, channelT === t ? message : await build(channelT), userId, name) },
      };
      outcome = await this.deps.delivery.send(key, target, message);
    }
    if (outcome.status === 'sent' && outcome.via === 'fallback') {
      this.deps.log.info({ delivery: key, network: network.id }, 'nudge posted in the network channel: direct message impossible');
    }
    if (outcome.status !== 'duplicate') return false;
    return (await this.deps.delivery.status(key))?.state === 'sending';
  }
}
