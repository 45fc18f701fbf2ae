// /liso sessie and /liso sessies: planning, moving, cancelling and describing sessions; the
// reminders every role holder gets, with "Ik kom" / "Ik kan niet".
import type { Clock } from '../../core/clock.ts';
import type { PersonKeys } from '../../core/person-keys.ts';
import type { Delivery } from '../../core/delivery.ts';
import type { DomainEvents } from '../../core/domain-events.ts';
import { randomBytes } from 'node:crypto';
import type { CommandContext, Feature, InvocationContext } from '../../core/feature.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { Block } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { toPlainString } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import { leadRoles } from '../../domain/roles.ts';
import type { PlanResult, SessionPlanner } from '../../domain/session-planner.ts';
import type { LocalDateTime } from '../../domain/session-time.ts';
import { clockTime, formatDay, formatSessionMoment, formatSessionSpan, minutesOfDay, toInstant } from '../../domain/session-time.ts';
import { readDate } from '../../domain/date-words.ts';
import { DateTime } from 'luxon';
import { DEFAULT_SESSION_MINUTES, sessionEnd, sessionMinutes } from '../../domain/session-length.ts';
import { addDays } from '../../domain/dutch-holidays.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { Store } from '../../store/port.ts';
import { clearSet } from '../../store/clear.ts';
import { managedNetworkOf, networkOf } from '../networks/network-context.ts';
import type { Attendance } from './attendance.ts';
import type { AttendanceReport } from './attendance-report.ts';
import { ReminderIndex } from './reminder-index.ts';
import type { ReminderRules } from './reminder-moments.ts';
import { createRsvpActions } from './rsvp-actions.ts';
import { looksLikeTime, readMoment, readSessionDate, shownTyped, startsWithTime } from './session-input.ts';
import type { DateContext, SessionMoment } from './session-input.ts';
import { SessionReminders } from './session-reminders.ts';
import { sessionAnnouncer } from './session-announcement.ts';
import { sessionDeliveryKeys, sessionKeys } from './session-keys.ts';
import { sessionMessageOf } from './session-question.ts';
import { answerSessionQuestion } from './session-question-answer.ts';
import type { SessionTextField } from './session-text.ts';
import { checkSessionText, sessionTextSpan } from './session-text.ts';
import { keywordOf } from '../../core/command-words.ts';

const MOVE_WORDS = new Set(['verplaats', 'verplaatsen', 'verzet', 'verzetten', 'verschuif', 'verschuiven', 'move', 'reschedule']);
const CANCEL_WORDS = new Set(['annuleer', 'annuleren', 'afzeggen', 'afgelast', 'afgelasten', 'schrap', 'schrappen', 'cancel']);
// "/liso sessie plannen 11 maart 14:00": planning is what the command does without a verb.
const PLAN_WORDS = new Set(['plan', 'plannen', 'inplannen', 'nieuw', 'nieuwe', 'new', 'add', 'schedule']);
// "sessie plan een sessie …", "sessie verplaats 11-3 naar 18-3": words around a verb or date that say nothing more.
const FILLER_WORDS = new Set(['een', 'de', 'a', 'the', 'sessie', 'session']);
const TO_WORDS = new Set(['naar', 'to', 'op', '->', '→']);
/** Typed without "sessie" first ("/liso verplaats ..."), they are pointed at the command (router.ts). */
const SESSION_VERBS: ReadonlySet<string> = new Set([...MOVE_WORDS, ...CANCEL_WORDS, 'plan', 'plannen', 'inplannen']);
const PLACE_WORDS = new Set(['plek', 'waar', 'locatie', 'link', 'place', 'location', 'where']);
const AGENDA_WORDS = new Set(['agenda', 'programma', 'programme']);
const CLEAR_WORDS = new Set(['weg', 'geen', 'wis', 'remove', 'none', 'clear']);
const CONFIRM_WORDS = new Set(['bevestig', 'confirm']);
const CONFIRM_ACTION = 'session.confirm';
/** A plan waiting for "Toch plannen" under a close-session warning is kept this long. */
const PENDING_PLAN_MS = 24 * 3_600_000;

/** What "Toch plannen" plans: everything the command said (too much for a button's value). */
interface PendingPlan {
  networkId: string;
  moment: SessionMoment;
  place?: string;
}

export interface SessionFeatureDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  people: People;
  events: DomainEvents;
  delivery: Delivery;
  personKeys: PersonKeys;
  attendance: Attendance;
  report: AttendanceReport;
  rules: ReminderRules;
  translator(lang: Lang): Translator;
  langOf(platform: string, userId: string): Promise<Lang>;
  defaultLang: Lang;
  /**
   * What planning a session at `startsAt` does to the preparation plan when it is close to
   * another session (the nudges feature); undefined when nothing needs confirming.
   */
  closeSessionWarning?: (network: Network, startsAt: Date, now: Date, t: Translator) => Promise<RichText | undefined>;
}

export function createSessionFeature(deps: SessionFeatureDeps): Feature {
  const reminders = new SessionReminders({ ...deps, index: new ReminderIndex(deps.store), log: deps.log.child({ feature: 'sessions' }) });
  const schedule = async (event: { sessionId: string }) => reminders.schedule(event.sessionId, deps.clock.now());
  deps.events
    .on('session.planned', schedule)
    .on('session.moved', async (event) => {
      await schedule(event);
      await reminders.moved(event.sessionId, deps.clock.now());
    })
    .on('session.cancelled', async (event) => reminders.cancelled(event.sessionId, deps.clock.now()));
  return {
    name: 'sessions',
    commands: [
      {
        name: 'sessie',
        forLeads: true,
        keepsWords: true,
        aliases: ['session'],
        english: 'session',
        examples: 'session.examples',
        summary: 'session.summary',
        usage: 'session.usage',
        subcommands: SESSION_VERBS,
        async run(ctx) {
          if (ctx.args.length === 0) throw new UserError('session.usage');
          const verb = keywordOf(ctx.args[0]);
          const network = await managedNetworkOf(ctx, deps.directory);
          const args = withoutLeading(ctx.args.slice(1), FILLER_WORDS);
          if (MOVE_WORDS.has(verb)) return move(ctx, network, args, deps);
          if (CANCEL_WORDS.has(verb)) return cancel(ctx, network, args, deps);
          if (PLACE_WORDS.has(verb)) return describe(ctx, network, args, 'place', deps);
          if (AGENDA_WORDS.has(verb)) return describe(ctx, network, args, 'agenda', deps);
          if (PLAN_WORDS.has(verb)) {
            if (args.length === 0) throw new UserError('session.usage');
            return planOrAsk(ctx, network, args, deps);
          }
          return planOrAsk(ctx, network, ctx.args, deps);
        },
      },
      {
        name: 'sessies',
        aliases: ['sessions', 'agenda'],
        english: 'sessions',
        summary: 'sessions.summary',
        usage: 'sessions.usage',
        async run(ctx) {
          // "/liso agenda 11 maart <link>" shares an agenda rather than listing the sessions.
          if (AGENDA_WORDS.has(ctx.subcommand) && /^\d/.test(ctx.args[0] ?? '')) return ctx.runCommand(['sessie', ctx.subcommand, ...ctx.args].join(' '), ctx.scope);
          const network = await networkOf(ctx, deps.directory);
          const upcoming = await deps.sessions.upcoming(network.id);
          const items: RichText[] = upcoming.map((s) => [
            { type: 'text', text: formatSessionMoment(s, ctx.lang, network.timeZone) },
            ...(s.place ? [{ type: 'text' as const, text: ' · ' }, sessionTextSpan(s.place)] : []),
          ]);
          await ctx.reply({
            summary: ctx.t.text('sessions.title', { network: network.name }),
            blocks: [
              { type: 'heading', text: ctx.t.text('sessions.title', { network: network.name }) },
              items.length > 0 ? { type: 'list', items } : { type: 'section', text: ctx.t.rich('sessions.none') },
            ],
          });
        },
      },
    ],
    actions: [
      createRsvpActions(deps),
      {
        // "Toch plannen" under a close-session warning: plans the session the warning was about.
        prefix: CONFIRM_ACTION,
        async run(ctx) {
          const pending = await deps.store.get<PendingPlan>(pendingKey(ctx.event.value));
          const network = pending ? await deps.directory.get(pending.networkId) : undefined;
          if (!pending || !network) throw new UserError('error.staleButton');
          if (!(await deps.directory.canManage(network.id, ctx.actor.userId))) throw new UserError('permission.leadsOnly', { network: network.name });
          await deps.store.delete(pendingKey(ctx.event.value));
          await plan(ctx, network, pending.moment, pending.place, deps);
        },
      },
    ],
    // "Wanneer is de volgende sessie?": the network's own sessions answer it, before the handbook is asked.
    async fallback(ctx) {
      const asked = sessionMessageOf(ctx.event.text);
      return asked !== undefined && answerSessionQuestion(ctx, asked, deps);
    },
    tick: (now) => reminders.tick(now),
    nextDue: (now) => reminders.nextDue(now),

    async homeBlocks(person, t) {
      const blocks: Block[] = [];
      for (const network of (await deps.directory.ofPerson(person.platform, person.userId)).filter((n) => n.platform === person.platform)) {
        const next = await deps.sessions.next(network.id);
        if (!next) continue;
        const roles = await deps.directory.rolesOf(network.id, person.userId);
        const lead = roles.some((role) => leadRoles.includes(role));
        const own = await deps.attendance.answerOf(next, person.userId);
        // The home lists every network's line together: a lead's count names its network, as the others' lines do.
        const text = lead
          ? [...t.rich('attendance.home.lead', { network: network.name }), ...(await deps.report.line(network, next, t))]
          : t.rich(own?.answer === 'yes' ? 'attendance.home.yes' : own?.answer === 'no' ? 'attendance.home.no' : 'attendance.home.open', { network: network.name });
        blocks.push({ type: 'context', text });
      }
      return blocks;
    },

    async personalData(person, t) {
      const lines: string[] = [];
      const sessions = await Promise.all((await deps.attendance.answeredBy(person.platform, person.userId)).map((id) => deps.sessions.get(id)));
      // In the order of the sessions, as a person reads a calendar.
      for (const session of sessions.filter((s) => s !== undefined).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
        const answer = await deps.attendance.answerOf(session, person.userId);
        if (!answer) continue;
        const network = await deps.directory.get(session.networkId);
        const when = formatSessionMoment(session, t.lang, network?.timeZone);
        const line = t.text(answer.answer === 'yes' ? (answer.share ? 'attendance.privacy.yesNamed' : 'attendance.privacy.yes') : 'attendance.privacy.no', { when, network: network?.name ?? '?' });
        lines.push(session.status === 'cancelled' ? `${line} ${t.text('attendance.privacy.cancelled')}` : line);
      }
      return lines.length > 0 ? [{ title: t.text('attendance.privacy.title'), lines }] : [];
    },

    async forgetPerson(person) {
      await deps.attendance.forget(person.platform, person.userId);
    },

    // Reminders, move and cancel notices name their session in their Delivery key; channel posts are kept per session (no person's index holds them).
    async forgetNetwork(network, erasure) {
      await erasure.eraseDeliveriesNaming(network.sessionIds);
      const posts = network.sessionIds.map(sessionKeys.announcements);
      await erasure.eraseDeliveries((await deps.store.setMembersMany(posts)).flat());
      for (const key of posts) await clearSet(deps.store, key);
      await deps.attendance.forgetSessions(network.platform, network.sessionIds, erasure.members);
    },
  };
}

/** The words after the leading ones in `skipped`. */
function withoutLeading(words: readonly string[], skipped: ReadonlySet<string>): string[] {
  let start = 0;
  while (start < words.length && skipped.has(words[start]!.toLowerCase())) start++;
  return words.slice(start);
}

/** Plans a session, unless it falls close to another: then says what that does and asks first. */
async function planOrAsk(ctx: CommandContext, network: Network, args: readonly string[], deps: SessionFeatureDeps): Promise<void> {
  const confirmed = CONFIRM_WORDS.has(keywordOf(args.at(-1)));
  const { moment, rest } = readMoment(confirmed ? args.slice(0, -1) : args, network.timeZone, dateContext(ctx, network));
  const place = rest.length > 0 ? checkedText(ctx, rest, 'place') : undefined;
  // What would be refused anyway is said at once, not after a confirmation.
  const refusal = await deps.sessions.refusal(network.id, moment.local);
  if (refusal) unwrap({ ok: false, reason: refusal }, moment, ctx.lang);
  const startsAt = toInstant(moment.local);
  const warning = !confirmed && startsAt instanceof Date ? await deps.closeSessionWarning?.(network, startsAt, ctx.now, ctx.t) : undefined;
  if (!warning) return plan(ctx, network, moment, place, deps);
  const nonce = randomBytes(9).toString('base64url');
  await deps.store.set<PendingPlan>(pendingKey(nonce), { networkId: network.id, moment, ...(place !== undefined ? { place } : {}) }, PENDING_PLAN_MS);
  // What the bot read ("volgende week donderdag", "2pm") is named before it asks to confirm.
  const planning = ctx.t.rich('session.planning', { when: formatSessionMoment(moment.local, ctx.lang, network.timeZone) });
  await ctx.reply({
    summary: toPlainString(warning),
    blocks: [
      { type: 'section', text: planning },
      { type: 'section', text: warning },
      { type: 'section', text: ctx.t.rich('nudge.spacing.question') },
      { type: 'actions', buttons: [{ actionId: CONFIRM_ACTION, value: nonce, label: ctx.t.text('nudge.spacing.button'), style: 'primary' }] },
    ],
  });
}

async function plan(ctx: InvocationContext, network: Network, moment: SessionMoment, place: string | undefined, deps: SessionFeatureDeps): Promise<void> {
  const announcer = await sessionAnnouncer(ctx, network, deps, (s) => sessionDeliveryKeys.announced(s.id, 'planned'), (t, lang, session) => {
    const assumed: Block[] =
      moment.durationMinutes === undefined ? [{ type: 'context', text: t.rich('session.assumedLength', { hours: DEFAULT_SESSION_MINUTES / 60, date: session.date, time: session.time, end: exampleEnd(session.time) }) }] : [];
    return [
      { type: 'section', text: t.rich('session.planned', { when: formatSessionSpan(session, sessionEnd(session), lang, network.timeZone), network: network.name }) },
      ...placeBlocks(t, session),
      ...assumed,
      { type: 'context', text: t.rich('session.remindersComing') },
    ];
  });
  const details = { ...(moment.durationMinutes !== undefined ? { durationMinutes: moment.durationMinutes } : {}), ...(place !== undefined ? { place } : {}) };
  const session = unwrap(await deps.sessions.plan(network.id, moment.local, ctx.actor.userId, details, announcer.owed), moment, ctx.lang);
  ctx.log.info({ network: network.id, session: session.id }, 'session planned');
  await announcer.send(session);
}

const pendingKey = (nonce: string) => `sessions:pending-plan:${nonce.slice(0, 40)}`;

async function move(ctx: CommandContext, network: Network, args: string[], deps: SessionFeatureDeps): Promise<void> {
  if (args[0] === undefined) throw new UserError('session.move.needsDates');
  const on = dateContext(ctx, network);
  const { session, used } = await sessionToMove(network, args, on, deps);
  const typed = withoutLeading(args.slice(used), TO_WORDS);
  const newWord = typed[0];
  // "verplaats 29-3 14:00-16:30": one date and then a time is the same day at a new time, or with a new end.
  const target = !readDate(typed, on.today) && startsWithTime(typed) ? [session.date, ...typed] : typed;
  if (newWord === undefined || (target === typed && !readDate(typed, on.today) && looksLikeTime(newWord))) {
    throw new UserError('session.move.needsNewDate', { from: session.date, time: newWord === undefined ? session.time : shownTyped(newWord), example: addDays(session.date, 7) });
  }
  // Without a new time the session keeps its time, zone and length.
  const to = readSessionDate(target, on);
  const { moment, rest } = target.length === to.used ? { moment: { local: { date: to.date, time: session.time, timeZone: session.timeZone } }, rest: [] } : readMoment(target, session.timeZone, on);
  if (rest.length > 0) throw new UserError('session.move.noPlace', { typed: shownTyped(rest.join(' ')), date: moment.local.date });
  if (unchanged(session, moment)) throw new UserError('session.move.unchanged', { when: formatSessionSpan(session, sessionEnd(session), ctx.lang, network.timeZone), date: session.date });
  const announcer = await sessionAnnouncer(ctx, network, deps, (s) => sessionDeliveryKeys.announcedMove(s.id, s.movedFrom.length, s.startsAt), (t, lang, moved) => [
    { type: 'section', text: t.rich('session.moved', { from: formatSessionMoment(session, lang, network.timeZone), when: formatSessionSpan(moved, sessionEnd(moved), lang, network.timeZone) }) },
    // Only the time changed: the answers hold (attendance.ts), and whoever no longer fits says so.
    { type: 'context', text: t.rich(moment.local.date === session.date ? 'session.movedSameDay' : 'session.movedReminders') },
  ]);
  const moved = unwrap(await deps.sessions.move(session, moment.local, moment.durationMinutes, announcer.owed), moment, ctx.lang);
  ctx.log.info({ network: network.id, session: moved.id }, 'session moved');
  await announcer.send(moved);
}

/** A move to the day, time, zone and length the session already has: nothing to move, nobody to tell. */
function unchanged(session: Session, moment: SessionMoment): boolean {
  const { date, time, timeZone } = moment.local;
  const sameLength = moment.durationMinutes === undefined || moment.durationMinutes === sessionMinutes(session);
  return date === session.date && time === session.time && timeZone === session.timeZone && sameLength;
}

/**
 * The session a move starts from: the one on the date typed first, or, for "verplaats naar 18 maart", the only
 * session planned (with more than one, the old date is asked for).
 */
async function sessionToMove(network: Network, args: readonly string[], on: DateContext, deps: SessionFeatureDeps): Promise<{ session: Session; used: number }> {
  if (TO_WORDS.has(args[0]!.toLowerCase())) {
    const upcoming = await deps.sessions.upcoming(network.id);
    if (upcoming.length !== 1) throw new UserError('session.move.needsDates');
    return { session: upcoming[0]!, used: 0 };
  }
  const from = readSessionDate(args, on);
  const session = await deps.sessions.onDate(network.id, from.date);
  if (!session) throw new UserError('session.notFound', { date: formatDay(from.date, on.lang) });
  return { session, used: from.used };
}

async function cancel(ctx: CommandContext, network: Network, args: string[], deps: SessionFeatureDeps): Promise<void> {
  if (args[0] === undefined) throw new UserError('session.cancel.usage');
  const { date } = readSessionDate(args, dateContext(ctx, network));
  const session = await deps.sessions.onDate(network.id, date);
  if (!session) throw new UserError('session.notFound', { date: formatDay(date, ctx.lang) });
  const announcer = await sessionAnnouncer(ctx, network, deps, (s) => sessionDeliveryKeys.announced(s.id, 'cancelled'), (t, lang) => [
    { type: 'section', text: t.rich('session.cancelled', { when: formatSessionMoment(session, lang, network.timeZone) }) },
  ]);
  const cancelled = await deps.sessions.cancel(session, announcer.owed);
  ctx.log.info({ network: network.id, session: session.id }, 'session cancelled');
  await announcer.send(cancelled);
}

/** `/liso sessie plek|agenda <datum> <tekst of link>`, or `weg` to clear it. */
async function describe(ctx: CommandContext, network: Network, args: string[], field: SessionTextField, deps: SessionFeatureDeps): Promise<void> {
  if (args[0] === undefined) throw new UserError(field === 'place' ? 'session.place.usage' : 'session.agenda.usage');
  const { date, used } = readSessionDate(args, dateContext(ctx, network));
  const words = args.slice(used);
  const session = await deps.sessions.onDate(network.id, date);
  if (!session) throw new UserError('session.notFound', { date: formatDay(date, ctx.lang) });
  if (words.length === 0) throw new UserError(field === 'place' ? 'session.place.needsText' : 'session.agenda.needsText', { date });
  const clearing = words.length === 1 && CLEAR_WORDS.has(keywordOf(words[0]));
  const text = clearing ? '' : checkedText(ctx, words, field);
  const key = field === 'place' ? (clearing ? 'session.place.cleared' : 'session.place.set') : clearing ? 'session.agenda.cleared' : 'session.agenda.set';
  const announcer = await sessionAnnouncer(ctx, network, deps, (s) => sessionDeliveryKeys.announcedText(s.id, field, session[field] ?? '', text), (t, lang, described) => [
    { type: 'section', text: t.rich(key, { when: formatSessionMoment(described, lang, network.timeZone), text: sessionTextSpan(text) }) },
  ]);
  const described = await deps.sessions.describe(session, { [field]: text }, announcer.owed);
  ctx.log.info({ network: network.id, session: session.id, field, cleared: clearing }, 'session described');
  await announcer.send(described);
}

function checkedText(ctx: CommandContext, words: string[], field: SessionTextField): string {
  return checkSessionText(field, words.join(' '), words.some((word) => ctx.mentionFor(word) !== undefined), ctx.unread);
}

function placeBlocks(t: Translator, session: Session): Block[] {
  return session.place ? [{ type: 'section', text: t.rich('reminder.where', { place: sessionTextSpan(session.place) }) }] : [];
}

/** The refusal in prose, with the day as people write it ("donderdag 11 februari 2027", not 2027-02-11). */
function unwrap(result: PlanResult, moment: SessionMoment, lang: Lang): Session {
  if (result.ok) return result.session;
  const local: LocalDateTime = moment.local;
  const day = formatDay(local.date, lang);
  switch (result.reason) {
    case 'past':
      throw new UserError('session.inPast', { date: day, time: local.time });
    case 'duplicate':
      throw new UserError('session.duplicate', { date: day });
    case 'tooFar':
      throw new UserError('session.tooFar', { date: day });
    case 'nonexistent':
      throw new UserError('session.nonexistentTime', { date: day, time: local.time, zone: local.timeZone });
    case 'ambiguous':
      throw new UserError('session.ambiguousTime', { date: day, time: local.time, zone: local.timeZone });
    case 'zone':
      throw new UserError('session.badZone', { typed: local.timeZone });
    default:
      throw new UserError('session.badDate', { typed: local.date });
  }
}

/**
 * An end time for the example that gives another length: half an hour shorter than assumed, or longer when that would
 * fall before the start ("14:00" gives "16:30"; a session at 10:00 is not told to end at 16:30).
 */
function exampleEnd(start: string): string {
  const startMinutes = minutesOfDay(start);
  const shorter = startMinutes + DEFAULT_SESSION_MINUTES - 30;
  return clockTime(Math.min(shorter < 24 * 60 ? shorter : startMinutes + 60, 23 * 60 + 59));
}

/** Today in the network's zone (a date without a year is the first such day from then on), and the reader's language. */
function dateContext(ctx: InvocationContext, network: Network): DateContext {
  return { today: DateTime.fromJSDate(ctx.now, { zone: network.timeZone }).toISODate() ?? ctx.now.toISOString().slice(0, 10), lang: ctx.lang };
}
