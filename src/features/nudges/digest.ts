// One message per person per day: every line due for a recipient (their tasks for every session,
// hand-overs, the readiness overview, catch-up) goes out as one digest, queued in the Delivery
// outbox under a key of the recipient and the day. The digest's lines are written to the store
// before it is queued, so a crash in between is finished by the next tick; lines that come due
// after a recipient's digest of the day was queued wait for the next day's.
import { networkTitle } from '../networks/network-title.ts';
import type { PersonKeys } from '../../core/person-keys.ts';
import type { Delivery, DeliveryTarget } from '../../core/delivery.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { Message } from '../../core/message.ts';
import type { MessageRef } from '../../core/chat-adapter.ts';
import type { People } from '../../domain/people.ts';
import { channelLang } from '../networks/network-context.ts';
import type { RoleName } from '../../domain/roles.ts';
import type { Store } from '../../store/port.ts';
import { inviteTimes, sessionInvite } from '../../domain/calendar-invite.ts';
import { daysBetween } from '../../domain/dutch-holidays.ts';
import type { RichText } from '../../core/rich-text.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { DigestSection, ReadinessOverview, TaskLine } from './digest-message.ts';
import { channelFallback, digestMessage } from './digest-message.ts';
import { localDay } from './due-moment.ts';
import type { DueItem } from './due-work.ts';
import { deliveryKeys, nudgeKeys, sentField, sentFieldParts } from './keys.ts';
import type { PlannedTask } from './plan.ts';
import { otherLeadRole } from './plan.ts';
import type { SessionView, SessionViewDeps } from './session-view.ts';
import { loadSessionViews, recipientsOf } from './session-view.ts';
import { openState } from './task-states.ts';

/** A digest's lines are kept a few days: long enough to finish an interrupted send and to redraw a pressed digest. */
const DAY_MS = 24 * 3_600_000;
const RECORD_MS = 3 * DAY_MS;
/** Recipients whose digests go out concurrently. */
const RECIPIENTS_IN_PARALLEL = 20;

/** One line of a digest as stored before sending. */
export interface DigestLine {
  sessionId: string;
  /** The due item's id (due-work.ts), unique within the session. */
  itemId: string;
  kind: 'task' | 'handover' | 'overview';
  taskId?: string;
  reason?: TaskLine['reason'];
  /** The role whose task this is, when the recipient does it in that role's stead. */
  onBehalfOf?: RoleName;
}

interface DigestRecord {
  lines: DigestLine[];
  /**
   * When it was made (ISO 8601): its key's day is the recipient's in the default zone, and a network
   * in another zone counts the days to its session from its own date of that moment. Records from
   * before this was kept count from the key's day.
   */
  madeAt?: string;
}

/** The date a digest counts from, in a network's zone. */
type MadeOn = (zone: string) => string;

function madeOn(record: DigestRecord, day: string): MadeOn {
  const { madeAt } = record;
  return madeAt ? (zone) => localDay(new Date(madeAt), zone) : () => day;
}

/** The task line a button was pressed on. */
export interface PressedTask {
  sessionId: string;
  taskId: string;
}

/** A line for a recipient: a person, or the network's channel when nobody can take it. */
export interface PendingLine {
  view: SessionView;
  line: DigestLine;
  userId?: string | undefined;
}

export interface DigestDeps extends SessionViewDeps {
  store: Store;
  log: Logger;
  people: People;
  delivery: Delivery;
  translator(lang: Lang): Translator;
  langOf(platform: string, userId: string): Promise<Lang>;
  defaultLang: Lang;
  /** A person's day (one digest a day) is counted in this zone. */
  defaultTimeZone: string;
  /** Stand-ins for user ids in the digest's keys (src/core/person-keys.ts). */
  personKeys: PersonKeys;
  /** How many come to a session (the sessions feature), for the readiness overview. */
  attendance?: { line(network: Network, session: Session, t: Translator, beforeAnyAnswer?: RichText): Promise<RichText> } | undefined;
}

/** What became of a session's lines in a tick. */
export interface DeliveryResult {
  /** Sessions with a digest that could not be queued (tried again next tick). */
  inFlight: Set<string>;
  /** Sessions with lines for someone who already had their digest today. */
  deferred: Set<string>;
}

/** The lines a session's due items call for, one per recipient, less those delivered before. */
export function pendingLines(view: SessionView, items: readonly DueItem[]): PendingLine[] {
  const { sent } = view;
  const pending: PendingLine[] = [];
  const add = (line: DigestLine, userIds: readonly string[]) => {
    if (userIds.length === 0 && !sent.has(sentField(line.itemId, undefined))) pending.push({ view, line });
    for (const userId of userIds) if (!sent.has(sentField(line.itemId, userId))) pending.push({ view, line, userId });
  };
  const sessionId = view.session.id;
  for (const item of items) {
    if (item.kind === 'task') {
      const { userIds, standIn } = recipientsOf(view, item.task.role);
      add({ sessionId, itemId: item.id, kind: 'task', taskId: item.task.id, reason: item.reason, ...(standIn ? { onBehalfOf: item.task.role } : {}) }, userIds);
    } else if (item.kind === 'handover') {
      const original = new Set(recipientsOf(view, item.from).userIds);
      const others = (view.holders.get(item.to) ?? []).filter((userId) => !original.has(userId));
      for (const userId of others) add({ sessionId, itemId: item.id, kind: 'handover', taskId: item.task.id, reason: 'handover', onBehalfOf: item.from }, [userId]);
    } else if (item.kind === 'overview') {
      add({ sessionId, itemId: item.id, kind: 'overview' }, view.holders.get('trekker') ?? []);
    }
  }
  return pending;
}

export class Digests {
  constructor(private readonly deps: DigestDeps) {}

  /** Sends every recipient of `pending` their digest of `now`'s day. */
  async deliver(pending: readonly PendingLine[], now: Date): Promise<DeliveryResult> {
    const result: DeliveryResult = { inFlight: new Set(), deferred: new Set() };
    const byRecipient = new Map<string, PendingLine[]>();
    for (const p of pending) {
      const key = this.recipientKey(p.view.network.platform, p.userId === undefined ? { channelId: p.view.network.channelId } : { userId: p.userId });
      byRecipient.set(key, [...(byRecipient.get(key) ?? []), p]);
    }
    const groups = [...byRecipient];
    for (let at = 0; at < groups.length; at += RECIPIENTS_IN_PARALLEL) {
      await Promise.all(groups.slice(at, at + RECIPIENTS_IN_PARALLEL).map(([key, lines]) => this.deliverTo(key, lines, now, result)));
    }
    return result;
  }

  /**
   * Removes which digest lines went to a person (their user id is in the field names; the lines
   * stay delivered for everyone else) and the lines of their digests still kept: those of the
   * days their lines went on, and of the last few days.
   */
  async forget(platform: string, userId: string, now: Date): Promise<void> {
    const { store } = this.deps;
    const index = nudgeKeys.sentTo(platform, userId);
    const sessionIds = await store.setMembers(index);
    const days = await this.deps.states.forgetSent(sessionIds, userId);
    await store.setRemove(index, sessionIds);
    for (let back = -1; back <= RECORD_MS / DAY_MS + 1; back++) days.add(localDay(new Date(now.getTime() - back * DAY_MS), this.deps.defaultTimeZone));
    const key = this.recipientKey(platform, { userId });
    for (const day of days) await store.delete(nudgeKeys.digest(key, day));
  }

  /** A recipient in keys: the channel by id, a person by person key (never their user id). */
  private recipientKey(platform: string, recipient: { userId: string } | { channelId: string }): string {
    return 'userId' in recipient ? `${platform}:${this.deps.personKeys.of(platform, recipient.userId)}` : `${platform}:#${recipient.channelId}`;
  }

  /**
   * The digest a recipient got on `day`, as it stands now (a pressed digest is shown again);
   * undefined when there is none, or when it has no line of the `pressed` task.
   */
  async redraw(platform: string, recipient: { userId: string } | { channelId: string }, day: string, lang: Lang, now: Date, pressed?: PressedTask): Promise<Message | undefined> {
    const record = await this.pressedRecord(platform, recipient, day, pressed);
    if (!record) return undefined;
    const userId = 'userId' in recipient ? recipient.userId : undefined;
    const t = this.deps.translator(lang);
    // Without its attachments: an edited message keeps the files it was sent with.
    const { attachments: _sent, ...message } = digestMessage(t, day, await this.sections(record.lines, await this.viewsOf(record), userId, now, madeOn(record, day), t), now);
    return message;
  }

  /**
   * The copy of a person's digest that went to the network's channel because their direct
   * messages failed, as it stands now: as it was sent there (the channel's language, that
   * network's lines only, the note naming them). Undefined when it has no line of the `pressed` task.
   */
  async redrawChannelCopy(platform: string, userId: string, day: string, now: Date, pressed: PressedTask, pressedOn?: MessageRef): Promise<Message | undefined> {
    // Only a digest that really went to the channel (their direct one is theirs to redraw), and the copy pressed: two
    // people whose direct messages fail each have a copy there with the same task line.
    const sent = await this.deps.delivery.status(deliveryKeys.digest(this.recipientKey(platform, { userId }), day));
    if (sent?.via !== 'fallback') return undefined;
    if (pressedOn && sent.ref && sent.ref.messageId !== pressedOn.messageId) return undefined;
    const record = await this.pressedRecord(platform, { userId }, day, pressed);
    const views = record ? await this.viewsOf(record) : undefined;
    const network = views?.get(pressed.sessionId)?.network;
    if (!record || !views || !network) return undefined;
    const t = this.deps.translator(await channelLang(this.deps.people, network, this.deps.defaultLang));
    const lines = record.lines.filter((line) => views.get(line.sessionId)?.network.id === network.id);
    const { attachments: _sent, ...message } = digestMessage(t, day, await this.sections(lines, views, userId, now, madeOn(record, day), t), now);
    return channelFallback(t, message, userId, await this.deps.people.displayName(platform, userId));
  }

  /**
   * Before each attempt at a person's digest (Delivery's completion hook): withdrawn when none of
   * its lines is theirs any more, because they gave up the role while it waited in the outbox
   * (a platform outage at 09:00). Whoever holds the role now is owed those lines (due-work.ts).
   */
  async stillTheirs(message: Message, target: DeliveryTarget, key: string): Promise<Message | undefined> {
    const digest = deliveryKeys.digestOf(key);
    if (target.kind !== 'direct' || !digest) return message;
    const record = await this.deps.store.get<DigestRecord>(nudgeKeys.digest(digest.recipient, digest.day));
    if (!record) return message;
    const views = await this.viewsOf(record);
    return record.lines.some((line) => isStillFor(views.get(line.sessionId), line, target.userId)) ? message : undefined;
  }

  private async pressedRecord(platform: string, recipient: { userId: string } | { channelId: string }, day: string, pressed: PressedTask | undefined): Promise<DigestRecord | undefined> {
    const record = await this.deps.store.get<DigestRecord>(nudgeKeys.digest(this.recipientKey(platform, recipient), day));
    if (!record || (pressed && !record.lines.some((line) => line.sessionId === pressed.sessionId && line.taskId === pressed.taskId))) return undefined;
    return record;
  }

  private async viewsOf(record: DigestRecord): Promise<Map<string, SessionView>> {
    const views = await loadSessionViews(this.deps, [...new Set(record.lines.map((line) => line.sessionId))]);
    return new Map(views.flatMap((view) => (view ? [[view.session.id, view] as const] : [])));
  }

  private async deliverTo(key: string, group: PendingLine[], now: Date, result: DeliveryResult): Promise<void> {
    const { store } = this.deps;
    const day = localDay(now, this.deps.defaultTimeZone);
    const recordKey = nudgeKeys.digest(key, day);
    const made: DigestRecord = { lines: group.map((p) => p.line), madeAt: now.toISOString() };
    const claimed = await store.claim(recordKey, made, RECORD_MS);
    const record = claimed ? made : ((await store.get<DigestRecord>(recordKey)) ?? { lines: [] });
    const inRecord = new Set(record.lines.map((line) => `${line.sessionId}|${line.itemId}`));
    const included = group.filter((p) => inRecord.has(`${p.line.sessionId}|${p.line.itemId}`));
    for (const p of group) if (!included.includes(p)) result.deferred.add(p.view.session.id);
    if (included.length === 0) return;
    try {
      await this.enqueue(key, day, included, now, madeOn({ madeAt: now.toISOString(), ...record }, day));
      await this.markSent(included, day);
    } catch (error) {
      for (const p of included) result.inFlight.add(p.view.session.id);
      this.deps.log.error({ err: error, digest: key }, 'digest failed; retried next tick');
    }
  }

  /** Queues a digest in the Delivery outbox (durable once queued, sent at the platform's pace) unless it was queued before. */
  private async enqueue(key: string, day: string, lines: PendingLine[], now: Date, made: MadeOn): Promise<void> {
    const { delivery } = this.deps;
    const deliveryKey = deliveryKeys.digest(key, day);
    // A queued or settled digest needs no message built (a process that stopped before marking its lines).
    if (await delivery.status(deliveryKey)) return;
    const views = new Map(lines.map((p) => [p.view.session.id, p.view]));
    const first = lines[0]!.view.network;
    const userId = lines[0]!.userId;
    const build = async (t: Translator, only?: string) =>
      digestMessage(t, day, await this.sections(lines.filter((p) => !only || p.view.network.id === only).map((p) => p.line), views, userId, now, made, t), now);
    if (userId === undefined) {
      const message = await build(this.deps.translator(await channelLang(this.deps.people, first, this.deps.defaultLang)));
      await delivery.enqueue(deliveryKey, { kind: 'channel', platform: first.platform, channelId: first.channelId }, message);
      return;
    }
    const message = await build(this.deps.translator(await this.deps.langOf(first.platform, userId)));
    // The channel sees only its own network's lines.
    const channelT = this.deps.translator(await channelLang(this.deps.people, first, this.deps.defaultLang));
    const name = await this.deps.people.displayName(first.platform, userId);
    const target: DeliveryTarget = { kind: 'direct', platform: first.platform, userId, fallback: { channelId: first.channelId, message: channelFallback(channelT, await build(channelT, first.id), userId, name) } };
    await delivery.enqueue(deliveryKey, target, message);
  }

  private async markSent(lines: PendingLine[], day: string): Promise<void> {
    const { states } = this.deps;
    for (const { view, line, userId } of lines) {
      await states.markSent(line.sessionId, sentField(line.itemId, userId), day, userId === undefined ? undefined : { platform: view.network.platform, userId });
      if (line.kind === 'task' && line.taskId) await states.markNudged(line.sessionId, [line.taskId]);
    }
  }

  /**
   * The digest's sections, one per session, the nearest session first (for someone in several
   * networks, the same order every day and on every redraw).
   */
  private async sections(lines: readonly DigestLine[], views: ReadonlyMap<string, SessionView>, userId: string | undefined, now: Date, made: MadeOn, t: Translator): Promise<DigestSection[]> {
    const sections: DigestSection[] = [];
    for (const sessionId of new Set(lines.map((line) => line.sessionId))) {
      const view = views.get(sessionId);
      if (!view) continue;
      const own = lines.filter((line) => line.sessionId === sessionId);
      const tasks: TaskLine[] = [];
      for (const line of own) {
        const task = line.taskId ? view.plan.find((p) => p.id === line.taskId) : undefined;
        if (!task || line.kind === 'overview') continue;
        const state = view.states.get(task.id) ?? openState();
        const markedBy = state.status === 'open' && !state.laterUntil ? undefined : await this.markedBy(view, task.id);
        const sharedWith = line.reason === 'takenOver' ? await this.earlierHoldersStill(view, line, task, userId) : undefined;
        tasks.push({ task, reason: line.reason ?? 'due', onBehalfOf: line.onBehalfOf, state, markedBy, earlierDay: line.reason === 'due' ? earlierDay(view, line, userId) : undefined, sharedWith });
      }
      const { previous } = view;
      sections.push({
        network: view.network,
        session: view.session,
        first: previous === undefined,
        daysToSession: daysBetween(made(view.network.timeZone), localDay(view.session.startsAt, view.network.timeZone)),
        tasks,
        overview: own.some((line) => line.kind === 'overview') ? await this.overview(view, t) : undefined,
        others: own.some((line) => line.reason === 'catchUp') && userId !== undefined && (view.holders.get('trekker') ?? []).includes(userId) ? othersCaughtUp(view, own) : undefined,
        heldSessionId: previous && previous.startsAt.getTime() <= now.getTime() ? previous.id : undefined,
        invite: tasks.some((line) => line.task.task.offer === 'invitation') ? this.invite(view, now, t) : undefined,
        announced: view.botDone?.has('announced'),
      });
    }
    return sections.sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime() || a.network.name.localeCompare(b.network.name));
  }

  /**
   * The names of those who got a taken-over line before and still hold its role: the reader joined
   * them (a second procesbegeleider), so the task is shared, not handed to the reader.
   */
  private async earlierHoldersStill(view: SessionView, line: DigestLine, task: PlannedTask, userId: string | undefined): Promise<string[] | undefined> {
    const holders = new Set(recipientsOf(view, task.role).userIds);
    const still = [...view.sent.keys()]
      .map(sentFieldParts)
      .filter((sent) => sent.itemId === line.itemId)
      .flatMap(({ userId: id }) => (id !== undefined && id !== userId && holders.has(id) ? [id] : []));
    if (still.length === 0) return undefined;
    return Promise.all(still.map((id) => this.deps.people.displayName(view.network.platform, id)));
  }

  private async markedBy(view: SessionView, taskId: string): Promise<string | undefined> {
    const mark = await this.deps.states.markOf(view.session.id, taskId);
    return mark?.by ? this.deps.people.displayName(view.network.platform, mark.by) : undefined;
  }

  private async overview(view: SessionView, t: Translator): Promise<ReadinessOverview> {
    const missed = new Set(await this.deps.store.setMembers(nudgeKeys.missed(view.session.id)));
    const active = view.plan.filter((task) => !task.off);
    const status = (task: PlannedTask) => view.states.get(task.id)?.status ?? 'open';
    return {
      done: active.filter((task) => status(task) === 'done'),
      open: active.filter((task) => status(task) === 'open'),
      skipped: active.filter((task) => status(task) === 'skipped'),
      missed: active.filter((task) => missed.has(task.id) && status(task) === 'open'),
      attendance: await this.deps.attendance?.line(view.network, view.session, t, t.rich('nudge.overview.attendanceLater')),
    };
  }

  /** The calendar file of a digest, in its reader's language (as the reminders' own). */
  private invite(view: SessionView, now: Date, t: Translator) {
    return sessionInvite({
      ...inviteTimes(view.session),
      summary: t.text('nudge.inviteSummary', { network: networkTitle(t, view.network.name) }),
      description: t.text('nudge.inviteDescription', { network: networkTitle(t, view.network.name) }),
      filePrefix: t.text('reminder.invite.filePrefix'),
      networkName: view.network.name,
      now,
    });
  }
}

/** Whether a line of a person's digest is still theirs to get: they hold the role it goes to (or stand in for it). */
function isStillFor(view: SessionView | undefined, line: DigestLine, userId: string): boolean {
  if (!view) return false;
  if (line.kind === 'overview') return (view.holders.get('trekker') ?? []).includes(userId);
  const task = view.plan.find((p) => p.id === line.taskId);
  if (!task) return false;
  if (line.kind === 'handover') return (view.holders.get(otherLeadRole(line.onBehalfOf ?? task.role)) ?? []).includes(userId);
  return recipientsOf(view, task.role).userIds.includes(userId);
}

/**
 * The day this task's line went to the recipient for an earlier due moment of the same session: the
 * session moved, and with it the task, which comes again on its new day saying why (digest-message.ts).
 */
function earlierDay(view: SessionView, line: DigestLine, userId: string | undefined): string | undefined {
  const prefix = `task:${line.taskId}:`;
  let earliest: string | undefined;
  for (const [field, day] of view.sent) {
    const sent = sentFieldParts(field);
    if (!sent.itemId.startsWith(prefix) || sent.userId !== userId || sent.itemId === line.itemId) continue;
    if (earliest === undefined || day < earliest) earliest = day;
  }
  return earliest;
}

/** On a catch-up, the trekker sees every role's tasks that came due, not only their own. */
function othersCaughtUp(view: SessionView, own: readonly DigestLine[]): Array<{ task: PlannedTask; role: RoleName }> {
  const anchor = view.session.updatedAt.getTime();
  const listed = new Set(own.map((line) => line.taskId));
  return view.plan
    .filter((task) => !task.off && !listed.has(task.id) && task.due.getTime() < anchor && view.states.get(task.id)?.status === 'open')
    .map((task) => ({ task, role: task.role }));
}

