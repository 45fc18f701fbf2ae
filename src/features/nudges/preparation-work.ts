// Does one session's due preparation work: builds each nudge, catch-up list, escalation and
// readiness overview, and sends it through the Delivery service under its deterministic key.
import type { Delivery, DeliveryTarget } from '../../core/delivery.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { People } from '../../domain/people.ts';
import type { Store } from '../../store/port.ts';
import { inviteTimes, sessionInvite } from '../../domain/calendar-invite.ts';
import type { DueWork } from './due-work.ts';
import { deliveryKeys, nudgeKeys } from './keys.ts';
import type { NudgeVariant } from './nudge-messages.ts';
import { catchUpMessage, channelFallback, nudgeMessage, overviewMessage } from './nudge-messages.ts';
import type { PlannedTask } from './plan.ts';
import type { SessionView, SessionViewDeps } from './session-view.ts';
import { recipientsOf } from './session-view.ts';

export interface PreparationWorkDeps extends SessionViewDeps {
  store: Store;
  log: Logger;
  people: People;
  delivery: Delivery;
  translator(lang: Lang): Translator;
  langOf(platform: string, userId: string): Promise<Lang>;
  defaultLang: Lang;
  /** How many come to a session (sessions feature), for the readiness overview. */
  attendance?: { line(network: Network, session: Session, t: Translator): Promise<RichText> } | undefined;
}

export class PreparationWork {
  constructor(private readonly deps: PreparationWorkDeps) {}

  /** Does a session's due work; true when a delivery is still being sent (by another process, or an interrupted one). */
  async run(view: SessionView, work: readonly DueWork[], now: Date): Promise<boolean> {
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
          await this.toTrekkers(view, (userId) => deliveryKeys.overview(session.id, view.weekBefore, userId), async (t) =>
            overviewMessage(t, {
              network: view.network,
              session,
              done: active.filter((task) => status(task) === 'done'),
              open: active.filter((task) => status(task) === 'open'),
              skipped: active.filter((task) => status(task) === 'skipped'),
              missed: active.filter((task) => missed.has(task.id) && status(task) === 'open'),
              attendance: await this.deps.attendance?.line(view.network, session, t),
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
            ...inviteTimes(session),
            summary: t.text('nudge.inviteSummary', { network: network.name }),
            description: t.text('nudge.inviteDescription', { network: network.name }),
            now,
          })
        : undefined;
    return nudgeMessage(t, { network, session, task, variant, previousSessionId, invite });
  }

  private async toTrekkers(view: SessionView, keyOf: (userId: string) => string, build: (t: Translator) => Message | Promise<Message>): Promise<{ inFlight: boolean }> {
    const trekkers = view.holders.get('trekker') ?? [];
    const message = async (t: Translator) => build(t);
    if (trekkers.length === 0) return { inFlight: await this.sendTo(view, keyOf('channel'), undefined, message) };
    let inFlight = false;
    for (const userId of trekkers) inFlight = (await this.sendTo(view, keyOf(userId), userId, message)) || inFlight;
    return { inFlight };
  }

  /**
   * Queues the message for a person (falling back to the channel with a note) or, without one,
   * for the channel. Once queued it is Delivery's to send, so nothing stays in flight here.
   */
  private async sendTo(view: SessionView, key: string, userId: string | undefined, build: (t: Translator) => Promise<Message>): Promise<boolean> {
    const { network } = view;
    // A queued or settled key needs no message built (and no language looked up) on every tick.
    if (await this.deps.delivery.status(key)) return false;
    if (userId === undefined) {
      const message = await build(this.deps.translator(this.deps.defaultLang));
      await this.deps.delivery.enqueue(key, { kind: 'channel', platform: network.platform, channelId: network.channelId }, message);
      return false;
    }
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
    await this.deps.delivery.enqueue(key, target, message);
    return false;
  }
}
