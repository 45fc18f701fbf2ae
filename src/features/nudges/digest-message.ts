// A person's daily digest: every preparation line due for them that day, grouped by session,
// each task with its buttons; and the readiness overview for the trekker a week before.
import type { Translator } from '../../core/i18n.ts';
import { formatDate } from '../../core/i18n.ts';
import type { Attachment, Block, Button, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { joinAsList, mention } from '../../core/rich-text.ts';
import type { RoleName } from '../../domain/roles.ts';
import { formatDay, formatSessionMoment } from '../../domain/session-time.ts';
import type { Network, Session } from '../../domain/types.ts';
import { actions, botDoneKey, buttonValue, formatMoment, handoverValue, roleLabel, taskBodyKey, taskTitleKey } from './nudge-messages.ts';
import type { PlannedTask } from './plan.ts';
import type { TaskState } from './task-states.ts';

/** One task line: why it is in the digest, and its state now (a pressed digest is shown again). */
export interface TaskLine {
  task: PlannedTask;
  reason: 'due' | 'later' | 'catchUp' | 'takenOver' | 'handover';
  /** The role whose task this is, when the reader does it in that role's stead (empty role, hand-over). */
  onBehalfOf?: RoleName | undefined;
  state: TaskState;
  /** Who marked it, when it is no longer open. */
  markedBy?: string | undefined;
  /** The day (YYYY-MM-DD) the reader got this task before, for the session's earlier date: it moved with the session. */
  earlierDay?: string | undefined;
  /** A taken-over line: who got it before and still holds the role with the reader (a shared role). */
  sharedWith?: string[] | undefined;
}

export interface ReadinessOverview {
  done: PlannedTask[];
  open: PlannedTask[];
  skipped: PlannedTask[];
  missed: PlannedTask[];
  /** How many come (the sessions feature's line), in the reader's language. */
  attendance?: RichText | undefined;
}

export interface DigestSection {
  network: Network;
  session: Session;
  first: boolean;
  /**
   * Calendar days from the digest's day in the network's zone to the session's: the week-before
   * moment moves back over a holiday or weekend, and then "nog een week" is not what it is.
   */
  daysToSession: number;
  tasks: TaskLine[];
  overview?: ReadinessOverview | undefined;
  /** For the trekker on a catch-up day: the other roles' tasks that came due with theirs. */
  others?: Array<{ task: PlannedTask; role: RoleName }> | undefined;
  /** The last session held, which the pulse asks about. */
  heldSessionId?: string | undefined;
  invite?: Attachment | undefined;
  /** The bot announced the session in the channel (bot-work.ts): the invitation task says so. */
  announced?: boolean | undefined;
}

/** How many task lines a digest holds (the number its heading and summary give). */
export const taskCount = (sections: readonly DigestSection[]) => sections.reduce((n, s) => n + s.tasks.length, 0);

/**
 * The digest of one day as it stands at `now`: open tasks with their buttons, marked ones with who
 * marked them. `day` (YYYY-MM-DD) travels in the buttons, so a press finds the digest again.
 */
export function digestMessage(t: Translator, day: string, sections: readonly DigestSection[], now: Date): Message {
  const count = taskCount(sections);
  const overviews = sections.filter((s) => s.overview).length;
  const heading = count > 0 ? t.text(count === 1 ? 'nudge.digest.heading.one' : 'nudge.digest.heading.many', { count }) : t.text('nudge.digest.heading.overview', { count: overviews });
  const blocks: Block[] = [{ type: 'heading', text: heading }];
  const attachments: Attachment[] = [];
  // Several tasks of one's own on a day (a session planned close after another): two buttons each.
  const compact = sections.reduce((n, s) => n + s.tasks.filter((line) => line.reason !== 'handover' && !isAnswered(line, now)).length, 0) >= COMPACT_FROM;
  for (const section of sections) {
    blocks.push({ type: 'section', text: t.rich(section.first ? 'nudge.digest.firstSession' : 'nudge.digest.session', { network: section.network.name, when: formatSessionMoment(section.session, t.lang, section.network.timeZone) }) });
    if (section.overview) blocks.push(...overviewBlocks(t, section));
    for (const line of section.tasks) if (line.reason !== 'handover') blocks.push(...taskBlocks(t, day, section, line, now, compact));
    blocks.push(...handoverBlocks(t, day, section, now));
    if (section.others && section.others.length > 0) {
      // Semicolons: an English role label carries its Dutch name in brackets, so a task's role cannot be bracketed too.
      const tasks = section.others.map(({ task, role }) => t.text('nudge.digest.otherTask', { title: t.text(taskTitleKey(task.id)), role: roleLabel(t, role) })).join('; ');
      blocks.push({ type: 'context', text: t.rich('nudge.digest.others', { tasks }) });
    }
    if (section.invite) attachments.push(section.invite);
  }
  // The first session's plan comes from other chapters than the quarterly figure (h5).
  for (const first of [true, false]) {
    if (sections.some((s) => s.first === first)) blocks.push({ type: 'context', text: t.rich(first ? 'nudge.sourceFirst' : 'nudge.source') });
  }
  return { summary: heading, blocks, ...(attachments.length > 0 ? { attachments } : {}) };
}

/**
 * From this many open task lines of one's own, each has only Gedaan and "Later of n.v.t.…", which asks
 * privately (Later's days, Niet van toepassing, the advice); the task's offer stays on the line.
 */
export const COMPACT_FROM = 4;

function taskBlocks(t: Translator, day: string, section: DigestSection, line: TaskLine, now: Date, compact: boolean): Block[] {
  const { task, state } = line;
  const title = t.text(taskTitleKey(task.id));
  if (isAnswered(line, now)) {
    return [{ type: 'section', text: t.rich('nudge.digest.marked', { title, state: markText(t, section, line) }) }];
  }
  const blocks: Block[] = [{ type: 'section', text: t.rich('nudge.digest.task', { title, body: t.text(taskBodyKey(task.id)) }) }];
  const note = noteOf(t, section, line);
  if (note) blocks.push({ type: 'context', text: note });
  if (task.task.offer === 'invitation' && section.invite) blocks.push({ type: 'context', text: t.rich(section.announced ? 'nudge.invitationAnnounced' : 'nudge.invitationNote') });
  const value = buttonValue(section.session.id, task.id, day);
  const done: Button = { actionId: actions.done, value, label: t.text('nudge.button.done'), style: 'primary' };
  const buttons: Button[] = compact
    ? [done, { actionId: actions.more, value, label: t.text('nudge.button.more') }]
    : [
        done,
        { actionId: actions.later, value, label: t.text('nudge.button.later') },
        { actionId: actions.skip, value, label: t.text('nudge.button.skip') },
        { actionId: 'advice.topic', value: task.task.advice, label: t.text('nudge.button.advice') },
      ];
  if (task.task.offer === 'pulse' && section.heldSessionId) buttons.push({ actionId: 'pulse.start', value: `${section.network.id}:${section.heldSessionId}`, label: t.text('nudge.button.pulse') });
  if (task.task.offer === 'wins' && !section.first) buttons.push({ actionId: 'wins.since', value: section.network.id, label: t.text('nudge.button.wins') });
  blocks.push({ type: 'actions', buttons });
  return blocks;
}

/**
 * The other lead's open tasks handed over a week before, per role: one line each, titles only (their
 * own digests had the why), and one button that asks privately what to do with which (nudge-actions.ts).
 */
function handoverBlocks(t: Translator, day: string, section: DigestSection, now: Date): Block[] {
  const blocks: Block[] = [];
  const handedOver = section.tasks.filter((line) => line.reason === 'handover');
  for (const role of new Set(handedOver.map((line) => line.onBehalfOf ?? line.task.role))) {
    const lines = handedOver.filter((line) => (line.onBehalfOf ?? line.task.role) === role);
    const values = { role: roleLabel(t, role), count: section.daysToSession };
    // After the overview, which already said how far off the session is, the list only needs its role.
    const intro = section.overview ? 'nudge.handover.afterOverview' : section.daysToSession === 7 ? 'nudge.handover.intro' : 'nudge.handover.introDays';
    blocks.push({ type: 'section', text: t.rich(intro, values) });
    blocks.push({
      type: 'list',
      items: lines.map((line) => {
        const title = t.text(taskTitleKey(line.task.id));
        return isAnswered(line, now) ? t.rich('nudge.digest.marked', { title, state: markText(t, section, line) }) : t.rich('nudge.handover.item', { title });
      }),
    });
    if (lines.some((line) => !isAnswered(line, now))) {
      blocks.push({ type: 'actions', buttons: [{ actionId: actions.handover, value: handoverValue(section.session.id, role, day), label: t.text('nudge.button.handover') }] });
    }
  }
  return blocks;
}

/** Marked done or not applicable, or put off to a moment still to come. */
const isAnswered = ({ state }: TaskLine, now: Date) => state.status !== 'open' || (state.laterUntil !== undefined && state.laterUntil.getTime() > now.getTime());

function noteOf(t: Translator, section: DigestSection, line: TaskLine): RichText | undefined {
  switch (line.reason) {
    case 'handover':
      // Drawn together with the other hand-overs (handoverBlocks).
      return undefined;
    case 'later':
      return t.rich('nudge.remindAgain');
    case 'catchUp':
      // In a sentence, the day as people write it ("17 december 2026"); the hour a task fell due says nothing.
      return t.rich('nudge.digest.catchUp', { due: formatDate(line.task.due, t.lang, section.network.timeZone) });
    case 'takenOver':
      // A stand-in does not hold the role: they are told why it is theirs, as on its due day.
      // A role the reader shares with whoever got it before is not handed to them: whoever does it ticks it off.
      if (!line.onBehalfOf && line.sharedWith) return t.rich('nudge.digest.shared', { names: joinAsList(line.sharedWith.map((name): RichText => [{ type: 'text', text: name }]), t.text('list.and')) });
      if (!line.onBehalfOf) return t.rich('nudge.digest.takenOver', { due: formatDate(line.task.due, t.lang, section.network.timeZone), role: roleLabel(t, line.task.role) });
    // falls through
    case 'due':
      if (line.earlierDay) return t.rich('nudge.digest.moved', { earlier: formatDay(line.earlierDay, t.lang) });
      return line.onBehalfOf ? t.rich('nudge.unassigned', { network: section.network.name, role: roleLabel(t, line.onBehalfOf) }) : undefined;
  }
}

function markText(t: Translator, section: DigestSection, line: TaskLine): string {
  const name = line.markedBy ?? '';
  const { state } = line;
  if (state.byBot) return t.text(botDoneKey(state.byBot));
  if (state.status === 'done') return t.text('nudge.marked.done', { name });
  if (state.status === 'skipped') return t.text('nudge.marked.skipped', { name });
  return t.text('nudge.marked.later', { name, when: formatMoment(state.laterUntil!, section.network.timeZone, t.lang) });
}

function overviewBlocks(t: Translator, section: DigestSection): Block[] {
  const overview = section.overview!;
  const names = (tasks: PlannedTask[]) => (tasks.length > 0 ? tasks.map((task) => t.text(taskTitleKey(task.id))).join(', ') : t.text('nudge.overview.none'));
  const items: RichText[] = [
    t.rich('nudge.overview.done', { tasks: names(overview.done) }),
    t.rich('nudge.overview.open', { tasks: names(overview.open) }),
    t.rich('nudge.overview.skipped', { tasks: names(overview.skipped) }),
  ];
  if (overview.missed.length > 0) items.push(t.rich('nudge.overview.missed', { tasks: names(overview.missed) }));
  if (overview.attendance) items.push(overview.attendance);
  return [
    { type: 'section', text: overviewIntro(t, section.daysToSession, section) },
    { type: 'list', items },
  ];
}

function overviewIntro(t: Translator, days: number, section: DigestSection): RichText {
  const values = { network: section.network.name, when: formatSessionMoment(section.session, t.lang, section.network.timeZone) };
  return days === 7 ? t.rich('nudge.overview.intro', values) : t.rich('nudge.overview.introDays', { ...values, count: days });
}

/** The digest as posted in a channel for someone who cannot get direct messages. */
export function channelFallback(t: Translator, message: Message, userId: string, name: string): Message {
  const note: Block = { type: 'context', text: t.rich('nudge.fallbackNote', { person: mention(userId, name) }) };
  return { ...message, blocks: [note, ...message.blocks] };
}
