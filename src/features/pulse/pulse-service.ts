// The life of a pulse: start, invitations, one reminder, close, results, retention. Everything
// timed is computed from stored state on each tick, and every message goes through Delivery
// under a deterministic key, so replicas and restarts never send twice.
import { DateTime } from 'luxon';
import type { DomainEvents } from '../../core/domain-events.ts';
import type { Delivery } from '../../core/delivery.ts';
import type { Lang } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { PromptCatalog } from '../../core/prompt-files.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { Network } from '../../domain/types.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { Thresholds } from './anonymity.ts';
import type { DeliveryTarget } from '../../core/delivery.ts';
import type { PersonKeys } from '../../core/person-keys.ts';
import type { Message } from '../../core/message.ts';
import { hasBallotPlaceholder, withBallotToken } from './ballot.ts';
import { inviteMessage, reminderMessage, resultsMessage } from './pulse-messages.ts';
import { pulseDeliveryKeys, pulseKeys } from './pulse-keys.ts';
import type { CreateOutcome, PulseRepository } from './pulse-repository.ts';
import type { PulseRecord, PulseResult, PulseState } from './pulse-types.ts';
import { OPEN_QUESTION_ID } from './pulse-types.ts';
import type { LoadedQuestionSet } from './question-set.ts';
import { pulseReminderAt } from './reminder-moment.ts';
import type { ReminderRules } from './reminder-moment.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
// Long enough for one close (a few dozen store calls and messages), short enough to take over soon.
const LEASE_MS = 2 * 60 * 1000;

export interface PulseConfig extends Thresholds {
  /** Days a pulse stays open. */
  days: number;
  /** Day (counted from the start) on which every invitee gets the one reminder. */
  reminderDay: number;
  /** Months a closed pulse's results are kept. */
  retentionMonths: number;
}

/** Who said "Ik kan niet" for a session: the sessions feature's attendance, seen from the pulse. */
export interface DeclinedLookup {
  /** Those of `userIds` whose current answer for the session is "Ik kan niet". */
  declined(sessionId: string, userIds: readonly string[]): Promise<string[]>;
  /** Records "came after all" (Ik kom) for someone who said "Ik kan niet" and then joined the pulse about it. */
  cameAfterAll(sessionId: string, platform: string, userId: string): Promise<void>;
}

export interface PulseServiceDeps {
  repo: PulseRepository;
  attendance: DeclinedLookup;
  /** Stand-ins for user ids in delivery keys. */
  personKeys: PersonKeys;
  directory: NetworkDirectory;
  people: People;
  prompts: PromptCatalog;
  delivery: Delivery;
  events: DomainEvents;
  knowledge: KnowledgeBase;
  questions: LoadedQuestionSet;
  config: PulseConfig;
  /** The nudge time and days off: the reminder comes then, on a working day. */
  reminderRules: ReminderRules;
  defaultLang: Lang;
  log: Logger;
}

/**
 * A started pulse says how many invitations could not be delivered (DMs closed, a guest) and how
 * many were not sent because the person said "Ik kan niet" for the session.
 */
export type StartOutcome =
  | Exclude<CreateOutcome, { ok: true }>
  | { ok: true; pulse: PulseRecord; unreached: number; declined: number }
  | { ok: false; reason: 'nobodyToInvite' | 'allDeclined' | 'noQuestions' };

/** Why `join` did or did not add someone to an open pulse. */
export type JoinOutcome = 'joined' | 'alreadyInvited' | 'notDeclined' | 'closed' | 'unreachable';

export class PulseService {
  constructor(private readonly deps: PulseServiceDeps) {}

  /**
   * Who is asked: everyone holding a role in the network except its trekker and procesbegeleider.
   * They start the pulse and read its results; if they answered too, their own answer would be
   * a known part of every total, which makes the few remaining answers easier to guess.
   */
  async membersToAsk(network: Network): Promise<string[]> {
    const assignments = await this.deps.directory.assignments(network.id);
    const leads = new Set(assignments.filter((a) => a.role === 'trekker' || a.role === 'procesbegeleider').map((a) => a.userId));
    return [...new Set(assignments.map((a) => a.userId))].filter((id) => !leads.has(id)).sort();
  }

  /**
   * Of those, the pulse asks about the session it is started for, so whoever said "Ik kan niet"
   * for it is left out (they can still join, `join`). The invited count, the rate and the
   * progress are then of those asked; the leads already see how many said "Ik kan niet", never who.
   */
  async inviteesOf(network: Network, sessionId: string | undefined): Promise<{ invitees: string[]; declined: number }> {
    const members = await this.membersToAsk(network);
    const declined = new Set(sessionId ? await this.deps.attendance.declined(sessionId, members) : []);
    return { invitees: members.filter((id) => !declined.has(id)), declined: declined.size };
  }

  /** Leads who receive the results. */
  async recipientsOf(network: Network): Promise<string[]> {
    const [trekkers, begeleiders] = await Promise.all([
      this.deps.directory.holders(network.id, 'trekker'),
      this.deps.directory.holders(network.id, 'procesbegeleider'),
    ]);
    return [...new Set([...trekkers, ...begeleiders])];
  }

  async start(network: Network, sessionId: string | undefined, now: Date): Promise<StartOutcome> {
    const { invitees, declined } = await this.inviteesOf(network, sessionId);
    if (invitees.length === 0) return { ok: false, reason: declined > 0 ? 'allDeclined' : 'nobodyToInvite' };
    const settings = await this.deps.repo.settings(network.id);
    const questionIds = this.deps.questions.statements.map((s) => s.id).filter((id) => !settings.disabled.includes(id));
    if (questionIds.length === 0) return { ok: false, reason: 'noQuestions' };
    const startedAt = now;
    const closesAt = addDays(startedAt, this.deps.config.days, network.timeZone);
    const outcome = await this.deps.repo.create({
      networkId: network.id,
      platform: network.platform,
      ...(sessionId ? { sessionId } : {}),
      questionIds,
      openQuestion: !settings.disabled.includes(OPEN_QUESTION_ID),
      invitees,
      startedAt,
      reminderAt: pulseReminderAt(startedAt, closesAt, this.deps.config.reminderDay, network.timeZone, this.deps.reminderRules),
      closesAt,
    });
    if (!outcome.ok) return outcome;
    this.deps.log.info({ network: network.id, pulse: outcome.pulse.id, invited: invitees.length }, 'pulse started');
    return { ...outcome, unreached: await this.sendInvites(outcome.pulse, network), declined };
  }

  /** Whether the person would be asked but said "Ik kan niet" for the session the pulse asks about. */
  async declinedItsSession(pulse: PulseRecord, network: Network, userId: string): Promise<boolean> {
    if (!pulse.sessionId || !(await this.membersToAsk(network)).includes(userId)) return false;
    return (await this.deps.attendance.declined(pulse.sessionId, [userId])).includes(userId);
  }

  /**
   * Someone who said "Ik kan niet" for the pulse's session and came after all asks for the
   * questions: they join the invitees (and the count) and get the same invitation the others got.
   * Its Delivery key is the one every invitation of this person and pulse has, so pressing twice,
   * or joining after all when already invited, never sends a second ballot.
   */
  async join(pulse: PulseRecord, network: Network, userId: string, now: Date): Promise<JoinOutcome> {
    if (!(await this.deps.repo.takesAnswers(pulse, now)) || network.closedAt) return 'closed';
    if (await this.deps.repo.isInvited(pulse.id, userId)) return 'alreadyInvited';
    if (!(await this.declinedItsSession(pulse, network, userId))) return 'notDeclined';
    await this.deps.repo.addInvitee(pulse.id, userId);
    const reached = await this.sendInvite(pulse, network, userId);
    if (!reached) await this.deps.repo.notReached(pulse.id, [userId]);
    // "Ik was er toch bij" is also their attendance now, so `/liso mijn-gegevens` no longer says they could not come.
    // Only once reached: unreached, they are no invitee and may press again.
    else if (pulse.sessionId) await this.deps.attendance.cameAfterAll(pulse.sessionId, network.platform, userId);
    this.deps.log.info({ network: network.id, pulse: pulse.id }, 'pulse joined after saying "Ik kan niet"');
    return reached ? 'joined' : 'unreachable';
  }

  /**
   * Invitations for every invitee. Each is handed to Delivery with a placeholder for its ballot
   * token, so Delivery's record never holds the token; `completeInvitation` issues the ballot just
   * before each send. Returns how many failed for good: an invitation never goes to the channel
   * (its buttons carry a personal ballot), so those invitees are not asked and leave the count.
   */
  async sendInvites(pulse: PulseRecord, network: Network): Promise<number> {
    const unreached: string[] = [];
    for (const userId of await this.deps.repo.invitees(pulse.id)) {
      if (!(await this.sendInvite(pulse, network, userId))) unreached.push(userId);
    }
    await this.deps.repo.notReached(pulse.id, unreached);
    await this.deps.repo.setFlag(pulse.id, 'invites-sent');
    return unreached.length;
  }

  /** One invitation; false when it failed for good. */
  private async sendInvite(pulse: PulseRecord, network: Network, userId: string): Promise<boolean> {
    const t = this.deps.prompts.translator(await this.langOf(pulse.platform, userId));
    const message = inviteMessage({ t, pulse, networkName: network.name, timeZone: network.timeZone, questions: this.deps.questions });
    const outcome = await this.deps.delivery.send(pulseDeliveryKeys.invite(pulse.id, this.deps.personKeys.of(pulse.platform, userId)), { kind: 'direct', platform: pulse.platform, userId }, message, { retentionMs: this.untilAfterClose(pulse) });
    return outcome.status !== 'failed';
  }

  /**
   * Delivery's last step for an invitation: a fresh ballot for the recipient and its token in the
   * buttons. An invitation whose pulse closed, or whose recipient was forgotten, is withdrawn.
   */
  async completeInvitation(message: Message, target: DeliveryTarget, key: string, now: Date): Promise<Message | undefined> {
    if (!hasBallotPlaceholder(message)) return message;
    const pulseId = pulseDeliveryKeys.pulseOfInvite(key);
    const pulse = pulseId ? await this.deps.repo.get(pulseId) : undefined;
    if (!pulse || target.kind !== 'direct') return undefined;
    const token = await this.deps.repo.issueBallot(pulse, target.userId, now);
    return token === undefined ? undefined : withBallotToken(message, token);
  }

  /** Delivery records of invitations and reminders are needed until the pulse has closed, not after. */
  private untilAfterClose(pulse: PulseRecord): number {
    return Math.max(0, pulse.closesAt.getTime() - pulse.startedAt.getTime()) + 24 * 3_600_000;
  }

  /**
   * The one reminder, to every invitee who still holds a role in the network: nothing tells the
   * bot who has answered. Someone who left since the start keeps their ballot (they were at the
   * session asked about) but is not chased about a network they are no longer part of.
   */
  async sendReminders(pulse: PulseRecord, network: Network): Promise<void> {
    const members = new Set((await this.deps.directory.assignments(network.id)).map((a) => a.userId));
    for (const userId of await this.deps.repo.invitees(pulse.id)) {
      if (!members.has(userId)) continue;
      const t = this.deps.prompts.translator(await this.langOf(pulse.platform, userId));
      const message = reminderMessage({ t, networkName: network.name, timeZone: network.timeZone, closesAt: pulse.closesAt });
      await this.deps.delivery.enqueue(pulseDeliveryKeys.reminder(pulse.id, this.deps.personKeys.of(pulse.platform, userId)), { kind: 'direct', platform: pulse.platform, userId }, message, { retentionMs: this.untilAfterClose(pulse) });
    }
    await this.deps.repo.setFlag(pulse.id, 'reminders-sent');
  }

  /**
   * Closes a pulse: stop taking answers, aggregate, erase everything that ties an answer to a
   * person (the secret first), announce `pulse.closed` once, deliver the results. Each step is
   * safe to repeat, so a close interrupted by a crash is finished by the next tick.
   */
  async close(state: PulseState, network: Network | undefined, now: Date): Promise<void> {
    const { pulse } = state;
    const lease = pulseKeys.closeLease(pulse.id);
    if (!(await this.deps.repo.lease(lease, LEASE_MS))) return;
    try {
      await this.deps.repo.setFlag(pulse.id, 'closing');
      const result = await this.deps.repo.aggregate(pulse, this.deps.config, now);
      await this.deps.repo.eraseRaw(pulse);
      // Recorded once per pulse (its event id); a close interrupted by a crash records it on the next try.
      await this.deps.events.emit({
        type: 'pulse.closed',
        networkId: pulse.networkId,
        pulseId: pulse.id,
        ...(pulse.sessionId ? { sessionId: pulse.sessionId } : {}),
        invited: result.invited,
        respondents: result.respondents,
        at: result.closedAt,
      });
      if (network) await this.sendResults(pulse, result, network, now);
      await this.deps.repo.setFlag(pulse.id, 'finished');
      this.deps.log.info({ network: pulse.networkId, pulse: pulse.id, respondents: result.respondents, invited: result.invited }, 'pulse closed');
    } finally {
      await this.deps.repo.releaseLease(lease);
    }
  }

  private async sendResults(pulse: PulseRecord, result: PulseResult, network: Network, now: Date): Promise<void> {
    const history = await this.deps.repo.resultsOf(network.id);
    // The record of a results message (its summary names the network and the day) goes when the
    // pulse does: the purge cannot find the records of leads who have left since.
    const kept = { retentionMs: Math.max(1, this.retentionEnd(pulse).getTime() - now.getTime()) };
    for (const userId of await this.recipientsOf(network)) {
      const message = this.results(pulse, result, history, network, await this.langOf(network.platform, userId));
      await this.deps.delivery.enqueue(pulseDeliveryKeys.resultsDirect(pulse.id, this.deps.personKeys.of(network.platform, userId)), { kind: 'direct', platform: network.platform, userId }, message, kept);
    }
    if ((await this.deps.repo.settings(network.id)).resultsInChannel) {
      const message = this.results(pulse, result, history, network, this.deps.defaultLang);
      await this.deps.delivery.enqueue(pulseDeliveryKeys.resultsChannel(pulse.id), { kind: 'channel', platform: network.platform, channelId: network.channelId }, message, kept);
    }
  }

  results(pulse: PulseRecord, result: PulseResult, history: PulseResult[], network: Network, lang: Lang) {
    return resultsMessage({
      t: this.deps.prompts.translator(lang),
      pulse,
      result,
      history,
      networkName: network.name,
      timeZone: network.timeZone,
      ...(network.closedAt ? { final: true } : {}),
      questions: this.deps.questions,
      knowledge: this.deps.knowledge,
      thresholds: this.deps.config,
    });
  }

  /**
   * Everything due at `now`: invitations left unsent by a crash, reminders and closes of the
   * active pulses; once a day, one replica sweeps all kept pulses for those past retention.
   */
  async tick(now: Date): Promise<void> {
    for (const id of await this.deps.repo.activeIds()) {
      try {
        await this.tickOne(id, now);
      } catch (error) {
        this.deps.log.error({ err: error, pulse: id }, 'pulse tick failed');
      }
    }
    if (await this.deps.repo.lease(pulseKeys.retentionSweep(utcDay(now)), 2 * DAY_MS)) await this.sweepRetention(now);
  }

  private async tickOne(id: string, now: Date): Promise<void> {
    const state = await this.deps.repo.state(id);
    if (!state || state.finished) return;
    const { pulse } = state;
    const network = await this.deps.directory.get(pulse.networkId);
    // A network closed while its pulse ran: the pulse closes now, so the answers given count (above
    // the thresholds, as always) and no invitation or reminder goes out for a network that has ended.
    if (now >= pulse.closesAt || state.closing || network?.closedAt) return this.close(state, network, now);
    if (!network) return;
    if (!state.invitesSent) await this.sendInvites(pulse, network);
    if (!state.remindersSent && now >= pulse.reminderAt) await this.sendReminders(pulse, network);
  }

  private async sweepRetention(now: Date): Promise<void> {
    for (const id of await this.deps.repo.allIds()) {
      try {
        const state = await this.deps.repo.state(id);
        if (state?.finished && now >= this.retentionEnd(state.pulse)) await this.purge(state.pulse);
      } catch (error) {
        this.deps.log.error({ err: error, pulse: id }, 'pulse retention sweep failed');
      }
    }
  }

  /** The next reminder or close of an active pulse; the start of the next UTC day while pulses are kept (the retention sweep). */
  async nextDue(now: Date): Promise<Date | undefined> {
    let earliest: Date | undefined;
    for (const id of await this.deps.repo.activeIds()) {
      const state = await this.deps.repo.state(id);
      if (!state || state.finished) continue;
      const due = !state.remindersSent && state.pulse.reminderAt > now ? state.pulse.reminderAt : state.pulse.closesAt;
      if (due > now && (!earliest || due < earliest)) earliest = due;
    }
    if ((await this.deps.repo.allIds()).length > 0) {
      const sweep = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
      if (!earliest || sweep < earliest) earliest = sweep;
    }
    return earliest;
  }

  /** Closed pulses are kept for the configured months after they closed, then deleted. */
  retentionEnd(pulse: PulseRecord): Date {
    return DateTime.fromJSDate(pulse.closesAt, { zone: 'UTC' }).plus({ months: this.deps.config.retentionMonths }).toJSDate();
  }

  private async purge(pulse: PulseRecord): Promise<void> {
    const lease = pulseKeys.purgeLease(pulse.id);
    if (!(await this.deps.repo.lease(lease, LEASE_MS))) return;
    try {
      await this.deps.repo.purge(pulse);
      this.deps.log.info({ network: pulse.networkId, pulse: pulse.id }, 'pulse deleted after its retention period');
    } finally {
      await this.deps.repo.releaseLease(lease);
    }
  }

  async langOf(platform: string, userId: string): Promise<Lang> {
    return (await this.deps.people.get(platform, userId))?.lang ?? this.deps.defaultLang;
  }
}

function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Calendar days in the network's zone, so a pulse started at 10:00 closes at 10:00 after a DST change. */
function addDays(start: Date, days: number, timeZone: string): Date {
  const moved = DateTime.fromJSDate(start, { zone: timeZone }).plus({ days });
  return moved.isValid ? moved.toJSDate() : new Date(start.getTime() + days * DAY_MS);
}
