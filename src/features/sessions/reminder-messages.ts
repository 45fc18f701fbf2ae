// The session reminder with its "Ik kom" / "Ik kan niet" buttons, the answered version, and the
// attendance count the leads see. Texts in prompts/<lang>/sessions.json.
import type { Translator } from '../../core/i18n.ts';
import type { Attachment, Block, Button, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { joinRich } from '../../core/rich-text.ts';
import { sessionEnd } from '../../domain/session-length.ts';
import { formatSessionSpan } from '../../domain/session-time.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { AttendanceAnswer, AttendanceSummary } from './attendance.ts';
import type { ReminderKind } from './reminder-moments.ts';
import { sessionTextSpan } from './session-text.ts';

export const RSVP_PREFIX = 'session.rsvp.';
export const rsvpActions = {
  yes: 'session.rsvp.yes',
  no: 'session.rsvp.no',
  share: 'session.rsvp.share',
  anonymous: 'session.rsvp.anonymous',
} as const;

/** A button's value: the session and the start it was asked for (a move makes older buttons stale). */
export const rsvpValue = (session: Session) => `${session.id}:${session.startsAt.getTime()}`;

export function parseRsvpValue(value: string): { sessionId: string; startMs: number } | undefined {
  const match = /^([\w-]{1,40}):(\d{1,15})$/.exec(value);
  return match ? { sessionId: match[1]!, startMs: Number(match[2]) } : undefined;
}

export interface ReminderInput {
  network: Network;
  session: Session;
  /** Which reminder; undefined for the message shown after an answer. */
  kind?: ReminderKind;
  /** Calendar days from the reminder's day to the session's (the week reminder says how far off it is). */
  daysAhead?: number;
  answer?: { answer: AttendanceAnswer; share: boolean } | undefined;
  invite?: Attachment;
}

/** What, when, where and the agenda, with the answer buttons (or the answer given). */
export function reminderMessage(t: Translator, input: ReminderInput): Message {
  const { network, session, kind, answer } = input;
  const heading = reminderHeading(t, network.name, kind, input.daysAhead);
  const blocks: Block[] = [
    { type: 'heading', text: heading },
    ...sessionFacts(t, network, session),
  ];
  if (input.invite) blocks.push({ type: 'context', text: t.rich('reminder.invitation') });
  blocks.push(...answerBlocks(t, session, answer));
  return { summary: heading, blocks, ...(input.invite ? { attachments: [input.invite] } : {}) };
}

/** The answer given (or the count-only note) and the buttons to give or change it. */
function answerBlocks(t: Translator, session: Session, answer: ReminderInput['answer']): Block[] {
  const blocks: Block[] = [];
  const value = rsvpValue(session);
  const buttons: Button[] = [];
  if (answer?.answer === 'yes') {
    blocks.push({ type: 'section', text: t.rich('reminder.answered.yes') }, { type: 'context', text: t.rich(answer.share ? 'reminder.named' : 'reminder.countOnly') });
    buttons.push({ actionId: rsvpActions.no, value, label: t.text('reminder.button.noAfterAll') });
    buttons.push(answer.share ? { actionId: rsvpActions.anonymous, value, label: t.text('reminder.button.anonymous') } : { actionId: rsvpActions.share, value, label: t.text('reminder.button.share') });
  } else if (answer?.answer === 'no') {
    blocks.push({ type: 'section', text: t.rich('reminder.answered.no') });
    buttons.push({ actionId: rsvpActions.yes, value, label: t.text('reminder.button.yesAfterAll') });
  } else {
    blocks.push({ type: 'context', text: t.rich('reminder.countOnly') });
    buttons.push({ actionId: rsvpActions.yes, value, label: t.text('reminder.button.yes'), style: 'primary' }, { actionId: rsvpActions.no, value, label: t.text('reminder.button.no') });
  }
  blocks.push({ type: 'actions', buttons });
  return blocks;
}

/**
 * "Over een week", unless the week reminder came earlier (a holiday a week before) or later (a
 * session planned within the week): then the days it really is, or "Morgen".
 */
function reminderHeading(t: Translator, network: string, kind: ReminderKind | undefined, daysAhead: number | undefined): string {
  if (kind === 'day') return t.text('reminder.day.heading', { network });
  if (kind !== 'week') return t.text('reminder.heading', { network });
  if (daysAhead === undefined || daysAhead === 7) return t.text('reminder.week.heading', { network });
  return daysAhead === 1 ? t.text('reminder.tomorrow.heading', { network }) : t.text('reminder.days.heading', { network, count: daysAhead });
}

/** A cancelled session, for someone who was reminded of it (and may have it in their calendar), with the calendar's cancellation. */
export function cancelledMessage(t: Translator, network: Network, session: Session, cancellation: Attachment): Message {
  const heading = t.text('reminder.cancelled.heading', { network: network.name });
  return {
    summary: heading,
    blocks: [{ type: 'heading', text: heading }, ...sessionFacts(t, network, session), { type: 'context', text: t.rich('reminder.cancelled.calendar') }],
    attachments: [cancellation],
  };
}

/**
 * The session moved after the person was reminded of it: from when, the new facts, and the new invitation. Only its
 * time changed (`sameDay`): the person's answer holds, shown with the buttons to change it if the new time does not fit.
 */
export function movedMessage(t: Translator, network: Network, session: Session, from: string, invite: Attachment, sameDay?: { answer: ReminderInput['answer'] }): Message {
  const heading = t.text('reminder.moved.heading', { network: network.name });
  const blocks: Block[] = [{ type: 'heading', text: heading }, { type: 'section', text: t.rich('reminder.moved.from', { from }) }, ...sessionFacts(t, network, session), { type: 'context', text: t.rich(sameDay ? 'reminder.moved.calendarSameDay' : 'reminder.moved.calendar') }];
  if (sameDay) blocks.push({ type: 'section', text: t.rich('reminder.moved.sameDay') }, ...answerBlocks(t, session, sameDay.answer));
  return { summary: heading, blocks, attachments: [invite] };
}

/** When (with the end), where and the agenda, as far as known. */
export function sessionFacts(t: Translator, network: Network, session: Session): Block[] {
  const blocks: Block[] = [{ type: 'section', text: t.rich('reminder.when', { when: formatSessionSpan(session, sessionEnd(session), t.lang, network.timeZone) }) }];
  if (session.place) blocks.push({ type: 'section', text: t.rich('reminder.where', { place: sessionTextSpan(session.place) }) });
  if (session.agenda) blocks.push({ type: 'section', text: t.rich('reminder.agenda', { agenda: sessionTextSpan(session.agenda) }) });
  return blocks;
}

/** "Aanmeldingen: 3 komen, 1 kan niet, 4 hebben nog niet gereageerd", names only of those who agreed. */
export function attendanceText(t: Translator, summary: AttendanceSummary, invited: number, names: readonly string[]): RichText {
  const open = Math.max(0, invited - summary.yes - summary.no);
  const line = t.rich('attendance.count', { yes: summary.yes, no: summary.no, open });
  return names.length > 0 ? [...line, ...t.rich('attendance.named', { names: joinRich(names.map((name): RichText => [{ type: 'text', text: name }]), ', ') })] : line;
}
