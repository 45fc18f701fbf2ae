// The answer buttons on a digest's task: Gedaan, Later (then: tomorrow, in two days or next week)
// and Niet van toepassing; the pressed digest is shown again as it now stands.
import { DateTime } from 'luxon';
import type { ActionEvent } from '../../core/events.ts';
import type { ActionSpec, InvocationContext } from '../../core/feature.ts';
import type { Translator } from '../../core/i18n.ts';
import type { Button, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { bold, toPlainString } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import { leadRoles } from '../../domain/roles.ts';
import type { DueIndex } from './due-index.ts';
import type { DueRules } from './due-moment.ts';
import { laterMoment } from './due-moment.ts';
import type { Digests } from './digest.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import { actions, ACTION_PREFIX, buttonValue, formatMoment, laterChoices, parseButtonValue, parseHandoverValue, roleLabel, taskBodyKey, taskTitleKey } from './nudge-messages.ts';
import type { NudgeRunner } from './nudge-runner.ts';
import type { PlannedTask } from './plan.ts';
import type { SessionView, SessionViewDeps } from './session-view.ts';
import { loadSessionView, recipientsOf } from './session-view.ts';

export interface NudgeActionDeps extends SessionViewDeps {
  runner: NudgeRunner;
  index: DueIndex;
  digests: Digests;
}

export function createNudgeActions(deps: NudgeActionDeps): ActionSpec {
  return {
    prefix: ACTION_PREFIX,
    async run(ctx) {
      if (ctx.event.actionId === actions.handover) {
        // Asked privately, so the digest keeps its one line per hand-over.
        await ctx.reply(await handoverChoices(ctx, deps));
        return;
      }
      const parsed = parseButtonValue(ctx.event.value);
      if (!parsed) throw new UserError('error.staleButton');
      const { view, task } = await openTask(deps, parsed.sessionId, parsed.taskId, ctx.now, ctx.lang);
      assertMayMark(view, task, ctx.actor.userId, ctx.t);
      const name = ctx.actor.displayName;
      let mark: RichText;
      // A choice of "Later" (or N.v.t. from a compact digest's question) is pressed on the private question, which then shows the answer.
      let chosenLater = false;
      switch (ctx.event.actionId) {
        case actions.done:
        case actions.skip:
        case actions.skipChosen: {
          const status = ctx.event.actionId === actions.done ? 'done' : 'skipped';
          await deps.states.mark(ctx.platform, view.session.id, task.id, status, ctx.actor.userId, ctx.now);
          mark = ctx.t.rich(status === 'done' ? 'nudge.marked.done' : 'nudge.marked.skipped', { name });
          chosenLater = ctx.event.actionId === actions.skipChosen;
          break;
        }
        case actions.later:
        case actions.more:
          // Asked privately, so the digest with other tasks on it keeps its buttons.
          await ctx.reply(laterOptions(ctx, view, task, deps.rules, parsed.day, ctx.event.actionId === actions.more));
          return;
        default: {
          const choice = laterChoices.find((c) => c.actionId === ctx.event.actionId);
          if (!choice) throw new UserError('error.staleButton');
          const until = laterMoment(ctx.now, view.network.timeZone, deps.rules, choice.days);
          if (until >= view.session.startsAt) throw new UserError('nudge.later.tooLate', { title: ctx.t.text(taskTitleKey(task.id)) });
          await deps.states.later(ctx.platform, view.session.id, task.id, ctx.actor.userId, ctx.now, until);
          await deps.index.add(view.session.id, [until], ctx.now);
          mark = ctx.t.rich('nudge.marked.later', { name, when: formatMoment(until, view.network.timeZone, ctx.lang) });
          chosenLater = true;
        }
      }
      ctx.log.info({ session: view.session.id, task: task.id, action: ctx.event.actionId }, 'preparation task answered');
      const digest = parsed.day && !chosenLater ? await pressedDigest(ctx, deps, view, task, parsed.day) : undefined;
      const answer = markedMessage(taskNamed(ctx.t, view, task), mark);
      // A digest that cannot be redrawn (older than a few days, in a chat or a channel) keeps its other
      // tasks and their buttons: the presser is answered privately. A "Later" choice replaces its question.
      if (digest) await showAnswer(ctx, digest);
      else if (chosenLater) await showAnswer(ctx, answer);
      else await ctx.reply(answer);
      const fresh = await loadSessionView(deps, view.session.id);
      if (fresh) await deps.runner.checkCompleted(fresh, ctx.now);
    },
  };
}

/**
 * The digest the pressed line is on, as it stands now: the presser's own in their direct
 * conversation; in the channel, the copy of whoever it was for (a doer or lead whose direct
 * messages failed, which is not the presser's own digest of the day), else the channel's own.
 */
async function pressedDigest(ctx: InvocationContext<ActionEvent>, deps: NudgeActionDeps, view: SessionView, task: PlannedTask, day: string): Promise<Message | undefined> {
  const pressed = { sessionId: view.session.id, taskId: task.id };
  if (ctx.conversation.kind !== 'channel') return deps.digests.redraw(ctx.platform, { userId: ctx.actor.userId }, day, ctx.lang, ctx.now, pressed);
  const owners = new Set([...recipientsOf(view, task.role).userIds, ...leadRoles.flatMap((role) => view.holders.get(role) ?? [])]);
  for (const userId of owners) {
    const copy = await deps.digests.redrawChannelCopy(ctx.platform, userId, day, ctx.now, pressed, ctx.event.source);
    if (copy) return copy;
  }
  return deps.digests.redraw(ctx.platform, { channelId: ctx.conversation.id }, day, ctx.lang, ctx.now, pressed);
}

/**
 * The other lead's open tasks handed over a week before, each with the buttons its own digest had.
 * Their values carry no day: an answer comes as a reply of its own, so this list keeps its other
 * tasks and their buttons.
 */
async function handoverChoices(ctx: InvocationContext<ActionEvent>, deps: NudgeActionDeps): Promise<Message> {
  const parsed = parseHandoverValue(ctx.event.value);
  if (!parsed) throw new UserError('error.staleButton');
  const view = await loadSessionView(deps, parsed.sessionId);
  if (!view) throw new UserError('nudge.sessionGone');
  const when = formatSessionMoment(view.session, ctx.lang, view.network.timeZone);
  if (view.session.status !== 'planned') throw new UserError('nudge.sessionCancelled', { when });
  if (view.session.startsAt.getTime() <= ctx.now.getTime()) throw new UserError('nudge.sessionPast', { when });
  const open = view.plan.filter((task) => {
    const state = view.states.get(task.id);
    return !task.off && task.role === parsed.role && task.due.getTime() < view.weekBefore.getTime() && state?.status === 'open' && !(state.laterUntil && state.laterUntil.getTime() > ctx.now.getTime());
  });
  const values = { role: roleLabel(ctx.t, parsed.role), network: view.network.name, when };
  if (open.length === 0) {
    return { summary: ctx.t.text('nudge.handover.none', values), blocks: [{ type: 'section', text: ctx.t.rich('nudge.handover.none', values) }] };
  }
  const heading = ctx.t.text('nudge.handover.heading', values);
  const blocks: Message['blocks'] = [{ type: 'section', text: ctx.t.rich('nudge.handover.heading', values) }];
  for (const task of open) {
    assertMayMark(view, task, ctx.actor.userId, ctx.t);
    const value = buttonValue(view.session.id, task.id);
    blocks.push({ type: 'section', text: ctx.t.rich('nudge.digest.task', { title: ctx.t.text(taskTitleKey(task.id)), body: ctx.t.text(taskBodyKey(task.id)) }) });
    blocks.push({
      type: 'actions',
      buttons: [
        { actionId: actions.done, value, label: ctx.t.text('nudge.button.done'), style: 'primary' },
        { actionId: actions.later, value, label: ctx.t.text('nudge.button.later') },
        { actionId: actions.skip, value, label: ctx.t.text('nudge.button.skip') },
        { actionId: 'advice.topic', value: task.task.advice, label: ctx.t.text('nudge.button.advice') },
      ],
    });
  }
  return { summary: heading, blocks };
}

/**
 * "Later": the choices that still fall before the session, each with its day. A choice landing on
 * the same working day as an earlier one (on a Friday tomorrow and in two days are both Monday)
 * is left out: two buttons for one day read as a mistake.
 */
function laterOptions(ctx: InvocationContext<ActionEvent>, view: SessionView, task: PlannedTask, rules: DueRules, day: string | undefined, more = false): Message {
  const title = taskNamed(ctx.t, view, task);
  const offered = new Set<number>();
  const buttons: Button[] = laterChoices.flatMap((choice) => {
    const until = laterMoment(ctx.now, view.network.timeZone, rules, choice.days);
    if (until >= view.session.startsAt || offered.has(until.getTime())) return [];
    offered.add(until.getTime());
    return [{ actionId: choice.actionId, value: buttonValue(view.session.id, task.id, day), label: ctx.t.text(choice.label, { when: formatDay(until, view.network.timeZone, ctx.lang) }) }];
  });
  // From a compact digest (digest-message.ts) the question also holds the buttons the task line left out.
  if (more) {
    buttons.push({ actionId: actions.skipChosen, value: buttonValue(view.session.id, task.id, day), label: ctx.t.text('nudge.button.skip') });
    buttons.push({ actionId: 'advice.topic', value: task.task.advice, label: ctx.t.text('nudge.button.advice') });
  } else if (buttons.length === 0) throw new UserError('nudge.later.tooLate', { title });
  const key = more ? 'nudge.more.heading' : 'nudge.later.heading';
  return { summary: ctx.t.text(key, { title }), blocks: [{ type: 'section', text: ctx.t.rich(key, { title }) }, { type: 'actions', buttons }] };
}

/** "di 16 mrt" in the reader's language. */
function formatDay(instant: Date, zone: string, lang: 'nl' | 'en'): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale(lang === 'nl' ? 'nl-NL' : 'en-GB').toFormat('ccc d LLL');
}

/** The session and task a button or command is about, refusing past, cancelled or unknown ones. */
export async function openTask(deps: SessionViewDeps, sessionId: string, taskId: string, now: Date, lang: 'nl' | 'en'): Promise<{ view: SessionView; task: PlannedTask }> {
  const view = await loadSessionView(deps, sessionId);
  if (!view) throw new UserError('nudge.sessionGone');
  const when = formatSessionMoment(view.session, lang, view.network.timeZone);
  if (view.session.status !== 'planned') throw new UserError('nudge.sessionCancelled', { when });
  if (view.session.startsAt.getTime() <= now.getTime()) throw new UserError('nudge.sessionPast', { when });
  const task = view.plan.find((p) => p.id === taskId);
  if (!task) throw new UserError('nudge.taskGone');
  return { view, task };
}

/** The task's doers (or their stand-in) and the leads may mark it. */
export function assertMayMark(view: SessionView, task: PlannedTask, userId: string, t: Translator): void {
  const allowed = new Set([...recipientsOf(view, task.role).userIds, ...leadRoles.flatMap((role) => view.holders.get(role) ?? [])]);
  if (!allowed.has(userId)) throw new UserError('nudge.notAllowed', { role: roleLabel(t, task.role) });
}

/**
 * A task with its network: the answer to a press and the "Later" question stand apart from the
 * digest, and someone in two networks has the same task in both ("Praktische zaken regelen").
 */
function taskNamed(t: Translator, view: SessionView, task: PlannedTask): string {
  return `${t.text(taskTitleKey(task.id))} (${view.network.name})`;
}

/**
 * The answer alone: on the "Later" question it was chosen on, or privately where the pressed digest
 * cannot be found (older than a few days). Drawn over such a digest it would wipe the other tasks
 * on it, buttons and all.
 */
function markedMessage(title: string, mark: RichText): Message {
  return { summary: `${title}: ${toPlainString(mark)}`, blocks: [{ type: 'section', text: [bold(`${title}: `), ...mark] }] };
}

async function showAnswer(ctx: InvocationContext<ActionEvent>, update: Message): Promise<void> {
  if (ctx.responder.updateSource) await ctx.responder.updateSource(update);
  else await ctx.reply(update);
}
