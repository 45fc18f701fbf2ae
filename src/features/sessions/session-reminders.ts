// Reminds every role holder of a session a week before and on its morning, each once per session
// moment (deterministic Delivery keys, queued in its outbox), derived from stored state each tick.
import { DateTime } from 'luxon';
import type { PersonKeys } from '../../core/person-keys.ts';
import type { Delivery, DeliveryTarget } from '../../core/delivery.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { Attachment, Message } from '../../core/message.ts';
import { mention } from '../../core/rich-text.ts';
import { inviteTimes, sessionInvite } from '../../domain/calendar-invite.ts';
import { daysBetween } from '../../domain/dutch-holidays.ts';
import { formatSessionMoment, toInstant } from '../../domain/session-time.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { Attendance, AttendanceAnswer } from './attendance.ts';
import type { ReminderIndex } from './reminder-index.ts';
import { hourOf } from './reminder-index.ts';
import { cancelledMessage, movedMessage, reminderMessage } from './reminder-messages.ts';
import type { ReminderKind, ReminderMoment, ReminderRules } from './reminder-moments.ts';
import { reminderMoments } from './reminder-moments.ts';
import { sessionDeliveryKeys } from './session-keys.ts';
import { networkTitle } from '../networks/network-title.ts';

export interface SessionRemindersDeps {
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  people: People;
  delivery: Delivery;
  /** Stand-ins for user ids in the reminders' delivery keys. */
  personKeys: PersonKeys;
  attendance: Attendance;
  index: ReminderIndex;
  rules: ReminderRules;
  translator(lang: Lang): Translator;
  langOf(platform: string, userId: string): Promise<Lang>;
  defaultLang: Lang;
  log: Logger;
}

/** A reminder still owed to a role holder: its Delivery key, and their answer so far. */
interface OwedReminder {
  userId: string;
  key: string;
  answer: { answer: AttendanceAnswer; share: boolean } | undefined;
}

export class SessionReminders {
  constructor(private readonly deps: SessionRemindersDeps) {}

  /** Files a session's reminder moments in the index (on planning and moving). */
  async schedule(sessionId: string, now: Date): Promise<void> {
    const found = await this.load(sessionId);
    if (!found) return;
    await this.deps.index.add(sessionId, this.momentsOf(found).map((m) => m.at), now);
  }

  /** Sends what is due in every hour bucket that has come. */
  async tick(now: Date): Promise<void> {
    const current = hourOf(now);
    for (const hour of await this.deps.index.hours()) {
      if (hour > current) break;
      const handled: string[] = [];
      for (const sessionId of await this.deps.index.sessionsIn(hour)) {
        try {
          if (await this.remind(sessionId, hour, now)) handled.push(sessionId);
        } catch (error) {
          this.deps.log.error({ err: error, session: sessionId }, 'session reminder failed; retried next tick');
        }
      }
      await this.deps.index.done(hour, handled, now);
    }
  }

  /**
   * A cancelled session: everyone who got a reminder of it (with its .ics, so perhaps in their
   * calendar) is told by direct message, once. Nobody reminded yet hears it in the channel only,
   * and neither do the trekker and procesbegeleider: one of them cancelled it.
   */
  async cancelled(sessionId: string, now: Date): Promise<void> {
    const session = await this.deps.sessions.get(sessionId);
    const network = session?.status === 'cancelled' ? await this.deps.directory.get(session.networkId) : undefined;
    if (!session || !network) return;
    for (const userId of await this.membersBesidesLeads(network)) {
      const person = this.deps.personKeys.of(network.platform, userId);
      if (!(await this.wasTold(session, session.movedFrom.length, person))) continue;
      const t = this.deps.translator(await this.deps.langOf(network.platform, userId));
      const message = cancelledMessage(t, network, session, invitation(t, network, session, now, { cancelled: true }));
      await this.deps.delivery.enqueue(sessionDeliveryKeys.cancelled(session.id, session.startsAt, person), { kind: 'direct', platform: network.platform, userId }, message);
    }
    this.deps.log.info({ network: network.id, session: session.id }, 'cancellation notices queued');
  }

  /**
   * A moved session: everyone besides the leads who was reminded of its old moment (and may have that in their
   * calendar) is told by direct message, once, with the new invitation, which replaces the old one in calendars.
   */
  async moved(sessionId: string, now: Date): Promise<void> {
    const session = await this.deps.sessions.get(sessionId);
    const network = session?.status === 'planned' ? await this.deps.directory.get(session.networkId) : undefined;
    const previous = session?.movedFrom.at(-1);
    const from = previous ? toInstant(previous) : undefined;
    if (!session || !network || !previous || !(from instanceof Date)) return;
    for (const userId of await this.membersBesidesLeads(network)) {
      const person = this.deps.personKeys.of(network.platform, userId);
      if (!(await this.wasTold(session, session.movedFrom.length - 1, person))) continue;
      const t = this.deps.translator(await this.deps.langOf(network.platform, userId));
      // Only the time changed: their answer holds, with the buttons to change it.
      const sameDay = previous.date === session.date ? { answer: await this.deps.attendance.answerOf(session, userId) } : undefined;
      const message = movedMessage(t, network, session, formatSessionMoment(previous, t.lang, network.timeZone), invitation(t, network, session, now), sameDay);
      await this.deps.delivery.enqueue(sessionDeliveryKeys.moved(session.id, from, session.startsAt, person), { kind: 'direct', platform: network.platform, userId }, message);
    }
    this.deps.log.info({ network: network.id, session: session.id }, 'move notices queued');
  }

  /** Role holders other than the trekker and procesbegeleider: the leads change sessions themselves. */
  private async membersBesidesLeads(network: Network): Promise<string[]> {
    const assignments = await this.deps.directory.assignments(network.id);
    const leads = new Set(assignments.filter((a) => a.role === 'trekker' || a.role === 'procesbegeleider').map((a) => a.userId));
    return [...new Set(assignments.map((a) => a.userId).filter((id) => !leads.has(id)))];
  }

  /**
   * Whether the person got (or has queued) the session's `nth` moment (0 the first planned, `movedFrom.length` the
   * current one) with its .ics: a reminder of it, or the move notice that moved the session to it. A move notice
   * counts too: who was told of a move before any reminder of the new date has that date in their calendar, so a
   * later move or cancellation is theirs to hear.
   */
  private async wasTold(session: Session, nth: number, person: string): Promise<boolean> {
    const moments = [...session.movedFrom.map(toInstant), session.startsAt];
    const at = moments[nth];
    const before = moments[nth - 1];
    if (!(at instanceof Date)) return false;
    const keys = (['week', 'day'] as const).map((kind) => sessionDeliveryKeys.reminder(session.id, kind, at, person));
    if (before instanceof Date) keys.push(sessionDeliveryKeys.moved(session.id, before, at, person));
    const told = await Promise.all(keys.map((key) => this.deps.delivery.status(key)));
    return told.some(Boolean);
  }

  /** Whether the session's last move only changed its time on the same day, and the person has its move notice (not failed). */
  private async toldOfNewTime(session: Session, person: string): Promise<boolean> {
    const previous = session.movedFrom.at(-1);
    const from = previous?.date === session.date ? toInstant(previous) : undefined;
    if (!(from instanceof Date)) return false;
    const record = await this.deps.delivery.status(sessionDeliveryKeys.moved(session.id, from, session.startsAt, person));
    return record !== undefined && record.state !== 'failed';
  }

  /**
   * Whether the person got this session moment's calendar invitation before a reminder of `kind`: with the move
   * notice, or (on the morning) with its week reminder.
   */
  private async wasInvited(session: Session, kind: ReminderKind, person: string): Promise<boolean> {
    const previous = session.movedFrom.at(-1);
    const from = previous ? toInstant(previous) : undefined;
    const keys = kind === 'day' ? [sessionDeliveryKeys.reminder(session.id, 'week', session.startsAt, person)] : [];
    if (from instanceof Date) keys.push(sessionDeliveryKeys.moved(session.id, from, session.startsAt, person));
    const records = await Promise.all(keys.map((key) => this.deps.delivery.status(key)));
    return records.some((record) => record !== undefined && record.state !== 'failed');
  }

  /**
   * The earliest reminder moment after `now`, or `now` itself while a reminder due at this very
   * moment is still owed to someone (a session planned at 09:00 for 09:30 is reminded at once).
   */
  async nextDue(now: Date): Promise<Date | undefined> {
    const current = hourOf(now);
    for (const hour of await this.deps.index.hours()) {
      if (hour < current) continue;
      let earliest: Date | undefined;
      for (const sessionId of await this.deps.index.sessionsIn(hour)) {
        const found = await this.load(sessionId);
        if (!found) continue;
        for (const moment of this.momentsOf(found)) {
          if (hourOf(moment.at) > hour || (earliest && moment.at >= earliest)) continue;
          const dueNow = moment.at.getTime() === now.getTime() && now < moment.until && (await this.owed(found.network, found.session, moment.kind)).length > 0;
          if (moment.at > now || dueNow) earliest = moment.at;
        }
      }
      if (earliest) return earliest;
    }
    return undefined;
  }

  /** Sends a session's due reminders; true when nothing of this hour is left for it. */
  private async remind(sessionId: string, hour: number, now: Date): Promise<boolean> {
    const found = await this.load(sessionId);
    if (!found) return true;
    let left = false;
    for (const moment of this.momentsOf(found)) {
      if (hourOf(moment.at) > hour) continue;
      if (moment.at > now) left = true;
      else if (now < moment.until) await this.send(found.network, found.session, moment.kind, now);
    }
    return !left;
  }

  /**
   * The role holders a reminder of `kind` is still owed to, with their answer: not yet queued for
   * them (Delivery's key), and not a day reminder to who said they cannot come.
   */
  private async owed(network: Network, session: Session, kind: ReminderKind): Promise<OwedReminder[]> {
    const holders = [...new Set((await this.deps.directory.assignments(network.id)).map((a) => a.userId))];
    const owed: OwedReminder[] = [];
    for (const userId of holders) {
      const key = sessionDeliveryKeys.reminder(session.id, kind, session.startsAt, this.deps.personKeys.of(network.platform, userId));
      // A queued or settled key needs no message built on every tick.
      if (await this.deps.delivery.status(key)) continue;
      const answer = await this.deps.attendance.answerOf(session, userId);
      // Who said they cannot come is not reminded on the day; the week reminder let them answer.
      if (kind === 'day' && answer?.answer === 'no') continue;
      // Only the time changed and the move notice (with its answer buttons) reached them: a week reminder is one message too many.
      if (kind === 'week' && (await this.toldOfNewTime(session, this.deps.personKeys.of(network.platform, userId)))) continue;
      owed.push({ userId, key, answer });
    }
    return owed;
  }

  /** Queues a reminder for every role holder, once each (Delivery's key); Delivery sends them. */
  private async send(network: Network, session: Session, kind: ReminderKind, now: Date): Promise<void> {
    const owed = await this.owed(network, session, kind);
    for (const { userId, key, answer } of owed) {
      // The calendar invitation goes once per session moment: on the morning itself it is too late to be of use
      // to someone who already has it (on Teams every file is a second message, with its own consent card).
      const invited = await this.wasInvited(session, kind, this.deps.personKeys.of(network.platform, userId));
      const build = async (t: Translator): Promise<Message> =>
        reminderMessage(t, {
          network,
          session,
          kind,
          daysAhead: daysBetween(localDay(now, network.timeZone), localDay(session.startsAt, network.timeZone)),
          answer,
          ...(invited ? {} : { invite: invitation(t, network, session, now) }),
        });
      const message = await build(this.deps.translator(await this.deps.langOf(network.platform, userId)));
      const channelT = this.deps.translator(this.deps.defaultLang);
      const name = await this.deps.people.displayName(network.platform, userId);
      const fallback = await build(channelT);
      const target: DeliveryTarget = {
        kind: 'direct',
        platform: network.platform,
        userId,
        fallback: { channelId: network.channelId, message: { ...fallback, blocks: [{ type: 'context', text: channelT.rich('reminder.fallbackNote', { person: mention(userId, name) }) }, ...fallback.blocks] } },
      };
      await this.deps.delivery.enqueue(key, target, message);
    }
    this.deps.log.info({ network: network.id, session: session.id, kind, people: owed.length }, 'session reminders queued');
  }

  private momentsOf(found: { network: Network; session: Session }): ReminderMoment[] {
    return reminderMoments(found.session, found.network.timeZone, this.deps.rules);
  }

  private async load(sessionId: string): Promise<{ network: Network; session: Session } | undefined> {
    const session = await this.deps.sessions.get(sessionId);
    if (!session || session.status !== 'planned') return undefined;
    const network = await this.deps.directory.get(session.networkId);
    return network ? { network, session } : undefined;
  }
}

/** The calendar day of an instant in the network's zone. */
function localDay(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/**
 * The session's calendar invitation in the reader's language; cancelled, the cancellation of the last one sent (its
 * UID, the next SEQUENCE: a move sent the number of moves so far).
 */
function invitation(t: Translator, network: Network, session: Session, now: Date, change: { cancelled?: boolean } = {}): Attachment {
  const times = inviteTimes(session);
  return sessionInvite({
    ...times,
    ...(change.cancelled ? { cancelled: true, sequence: times.sequence + 1 } : {}),
    summary: t.text('reminder.invite.summary', { network: networkTitle(t, network.name) }),
    description: t.text('reminder.invite.description', { network: networkTitle(t, network.name) }),
    filePrefix: t.text('reminder.invite.filePrefix'),
    networkName: network.name,
    now,
  });
}
