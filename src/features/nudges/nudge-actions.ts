// The answer buttons on a digest's task: Gedaan, Later (two days) and Niet van toepassing; the
// pressed digest is shown again as it now stands.
import type { ActionEvent } from '../../core/events.ts';
import type { ActionSpec, InvocationContext } from '../../core/feature.ts';
import type { Translator } from '../../core/i18n.ts';
import type { Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { bold, toPlainString } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import { leadRoles } from '../../domain/roles.ts';
import type { DueIndex } from './due-index.ts';
import { laterMoment } from './due-moment.ts';
import type { Digests } from './digest.ts';
import { actions, ACTION_PREFIX, formatMoment, parseButtonValue, roleLabel, taskTitleKey } from './nudge-messages.ts';
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
      const parsed = parseButtonValue(ctx.event.value);
      if (!parsed) throw new UserError('error.staleButton');
      const { view, task } = await openTask(deps, parsed.sessionId, parsed.taskId, ctx.now);
      assertMayMark(view, task, ctx.actor.userId, ctx.t);
      const name = ctx.actor.displayName;
      let mark: RichText;
      switch (ctx.event.actionId) {
        case actions.done:
        case actions.skip: {
          const status = ctx.event.actionId === actions.done ? 'done' : 'skipped';
          await deps.states.mark(ctx.platform, view.session.id, task.id, status, ctx.actor.userId, ctx.now);
          mark = ctx.t.rich(status === 'done' ? 'nudge.marked.done' : 'nudge.marked.skipped', { name });
          break;
        }
        case actions.later: {
          const until = laterMoment(ctx.now, view.network.timeZone, deps.rules);
          await deps.states.later(ctx.platform, view.session.id, task.id, ctx.actor.userId, ctx.now, until);
          await deps.index.add(view.session.id, [until], ctx.now);
          mark = ctx.t.rich('nudge.marked.later', { name, when: formatMoment(until, view.network.timeZone, ctx.lang) });
          break;
        }
        default:
          throw new UserError('error.staleButton');
      }
      ctx.log.info({ session: view.session.id, task: task.id, action: ctx.event.actionId }, 'preparation task answered');
      // The presser's own digest, else (pressed in a channel) the channel's.
      const redraw = (recipient: { userId: string } | { channelId: string }) => deps.digests.redraw(ctx.platform, recipient, parsed.day!, ctx.lang, ctx.now);
      let digest = parsed.day ? await redraw({ userId: ctx.actor.userId }) : undefined;
      if (!digest && parsed.day && ctx.conversation.kind === 'channel') digest = await redraw({ channelId: ctx.conversation.id });
      await showAnswer(ctx, digest ?? markedMessage(ctx.t.text(taskTitleKey(task.id)), mark));
      const fresh = await loadSessionView(deps, view.session.id);
      if (fresh) await deps.runner.checkCompleted(fresh, ctx.now);
    },
  };
}

/** The session and task a button or command is about, refusing past, cancelled or unknown ones. */
export async function openTask(deps: SessionViewDeps, sessionId: string, taskId: string, now: Date): Promise<{ view: SessionView; task: PlannedTask }> {
  const view = await loadSessionView(deps, sessionId);
  if (!view || view.session.status !== 'planned' || view.session.startsAt.getTime() <= now.getTime()) throw new UserError('nudge.sessionGone');
  const task = view.plan.find((p) => p.id === taskId);
  if (!task) throw new UserError('nudge.taskGone');
  return { view, task };
}

/** The task's doers (or their stand-in) and the leads may mark it. */
export function assertMayMark(view: SessionView, task: PlannedTask, userId: string, t: Translator): void {
  const allowed = new Set([...recipientsOf(view, task.role).userIds, ...leadRoles.flatMap((role) => view.holders.get(role) ?? [])]);
  if (!allowed.has(userId)) throw new UserError('nudge.notAllowed', { role: roleLabel(t, task.role) });
}

/** The answer alone, where the pressed digest cannot be found (a channel fallback, or one older than a few days). */
function markedMessage(title: string, mark: RichText): Message {
  return { summary: `${title}: ${toPlainString(mark)}`, blocks: [{ type: 'section', text: [bold(`${title}: `), ...mark] }] };
}

async function showAnswer(ctx: InvocationContext<ActionEvent>, update: Message): Promise<void> {
  if (ctx.responder.updateSource) await ctx.responder.updateSource(update);
  else await ctx.reply(update);
}
