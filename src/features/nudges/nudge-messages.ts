// The messages of the nudges feature: a task's nudge, its marked version, the readiness overview
// and the catch-up list. Texts come from prompts/<lang>/nudges.json.
import { DateTime } from 'luxon';
import type { PromptKey, Translator } from '../../core/i18n.ts';
import type { Attachment, Block, Button, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { mention, toPlainString } from '../../core/rich-text.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { RoleName } from '../../domain/roles.ts';
import type { PlannedTask } from './plan.ts';

export const ACTION_PREFIX = 'nudge.';
export const actions = { done: 'nudge.done', later: 'nudge.later', skip: 'nudge.skip' } as const;
/** The choices "Later" offers: days on (then to a working day), each its own button. */
export const laterChoices = [
  { actionId: 'nudge.later.tomorrow', days: 1, label: 'nudge.later.tomorrow' },
  { actionId: 'nudge.later.two-days', days: 2, label: 'nudge.later.twoDays' },
  { actionId: 'nudge.later.next-week', days: 7, label: 'nudge.later.nextWeek' },
] as const;

export const taskTitleKey = (taskId: string) => `nudge.task.${taskId}.title` as PromptKey;
export const taskBodyKey = (taskId: string) => `nudge.task.${taskId}.body` as PromptKey;

export const buttonValue = (sessionId: string, taskId: string) => `${sessionId}:${taskId}`;

export function parseButtonValue(value: string): { sessionId: string; taskId: string } | undefined {
  const at = value.indexOf(':');
  if (at <= 0 || at === value.length - 1) return undefined;
  return { sessionId: value.slice(0, at), taskId: value.slice(at + 1) };
}

/** "ma 1 mrt 2027 09:00" in the reader's language and the network's zone. */
export function formatMoment(instant: Date, zone: string, lang: 'nl' | 'en'): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale(lang === 'nl' ? 'nl-NL' : 'en-GB').toFormat('ccc d LLL yyyy HH:mm');
}

export const roleLabel = (t: Translator, role: RoleName) => t.text(`role.${role}`);

export type NudgeVariant =
  | { kind: 'due' }
  | { kind: 'later' }
  | { kind: 'unassigned'; role: RoleName }
  | { kind: 'escalated'; role: RoleName };

export interface NudgeInput {
  network: Network;
  session: Session;
  task: PlannedTask;
  variant: NudgeVariant;
  /** The last session held before this one: the pulse check is about it. */
  previousSessionId?: string | undefined;
  invite?: Attachment | undefined;
}

/** A task's nudge: what to do and why, with advice, offers and the three answer buttons. */
export function nudgeMessage(t: Translator, input: NudgeInput): Message {
  const { network, session, task, variant } = input;
  const title = t.text(taskTitleKey(task.id));
  const blocks: Block[] = [
    { type: 'heading', text: t.text('nudge.heading', { title }) },
    { type: 'section', text: t.rich('nudge.intro', { network: network.name, when: formatSessionMoment(session, t.lang, network.timeZone), title }) },
    { type: 'section', text: t.rich(taskBodyKey(task.id)) },
  ];
  if (variant.kind === 'unassigned') blocks.push({ type: 'context', text: t.rich('nudge.unassigned', { network: network.name, role: roleLabel(t, variant.role) }) });
  if (variant.kind === 'escalated') blocks.push({ type: 'context', text: t.rich('nudge.escalated', { role: roleLabel(t, variant.role) }) });
  if (variant.kind === 'later') blocks.push({ type: 'context', text: t.rich('nudge.remindAgain') });
  if (input.invite) blocks.push({ type: 'context', text: t.rich('nudge.invitationNote') });
  const value = buttonValue(session.id, task.id);
  const offers: Button[] = [{ actionId: 'advice.topic', value: task.task.advice, label: t.text('nudge.button.advice') }];
  if (task.task.offer === 'pulse' && input.previousSessionId) {
    offers.push({ actionId: 'pulse.start', value: `${network.id}:${input.previousSessionId}`, label: t.text('nudge.button.pulse') });
  }
  if (task.task.offer === 'wins') offers.push({ actionId: 'wins.since', value: network.id, label: t.text('nudge.button.wins') });
  blocks.push(
    { type: 'actions', buttons: offers },
    {
      type: 'actions',
      buttons: [
        { actionId: actions.done, value, label: t.text('nudge.button.done'), style: 'primary' },
        { actionId: actions.later, value, label: t.text('nudge.button.later') },
        { actionId: actions.skip, value, label: t.text('nudge.button.skip') },
      ],
    },
    { type: 'context', text: t.rich('nudge.source') },
  );
  return { summary: t.text('nudge.heading', { title }), blocks, ...(input.invite ? { attachments: [input.invite] } : {}) };
}

/** The nudge as posted in the channel for someone who cannot get direct messages. */
export function channelFallback(t: Translator, message: Message, userId: string, name: string): Message {
  const note: Block = { type: 'context', text: t.rich('nudge.fallbackNote', { person: mention(userId, name) }) };
  return { ...message, blocks: [note, ...message.blocks] };
}

/** The pressed nudge after an answer: the task and who answered, without buttons. */
export function markedMessage(t: Translator, taskId: string, mark: RichText): Message {
  const title = t.text(taskTitleKey(taskId));
  return {
    summary: `${t.text('nudge.heading', { title })}: ${toPlainString(mark)}`,
    blocks: [
      { type: 'heading', text: t.text('nudge.heading', { title }) },
      { type: 'section', text: mark },
    ],
  };
}

export interface OverviewInput {
  network: Network;
  session: Session;
  done: PlannedTask[];
  open: PlannedTask[];
  skipped: PlannedTask[];
  missed: PlannedTask[];
  /** How many come, when the sessions feature reports it. */
  attendance?: RichText | undefined;
}

export function overviewMessage(t: Translator, input: OverviewInput): Message {
  const names = (tasks: PlannedTask[]) => (tasks.length > 0 ? tasks.map((task) => t.text(taskTitleKey(task.id))).join(', ') : t.text('nudge.overview.none'));
  const items: RichText[] = [
    t.rich('nudge.overview.done', { tasks: names(input.done) }),
    t.rich('nudge.overview.open', { tasks: names(input.open) }),
    t.rich('nudge.overview.skipped', { tasks: names(input.skipped) }),
  ];
  if (input.missed.length > 0) items.push(t.rich('nudge.overview.missed', { tasks: names(input.missed) }));
  if (input.attendance) items.push(input.attendance);
  const heading = t.text('nudge.overview.heading', { network: input.network.name });
  return {
    summary: heading,
    blocks: [
      { type: 'heading', text: heading },
      { type: 'section', text: t.rich('nudge.overview.intro', { when: formatSessionMoment(input.session, t.lang, input.network.timeZone) }) },
      { type: 'list', items },
    ],
  };
}

export function catchUpMessage(t: Translator, network: Network, session: Session, tasks: PlannedTask[]): Message {
  const heading = t.text('nudge.catchup.heading', { when: formatSessionMoment(session, t.lang, network.timeZone) });
  return {
    summary: heading,
    blocks: [
      { type: 'heading', text: heading },
      { type: 'section', text: t.rich('nudge.catchup.intro', { network: network.name }) },
      {
        type: 'list',
        items: tasks.map((task) =>
          t.rich('nudge.catchup.item', {
            title: t.text(taskTitleKey(task.id)),
            task: task.id,
            role: roleLabel(t, task.role),
            due: formatMoment(task.due, network.timeZone, t.lang),
          }),
        ),
      },
    ],
  };
}
