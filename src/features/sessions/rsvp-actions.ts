// The "Ik kom" / "Ik kan niet" buttons of a session reminder, and sharing one's name with the leads.
import type { ActionEvent } from '../../core/events.ts';
import type { ActionSpec, InvocationContext } from '../../core/feature.ts';
import type { Message } from '../../core/message.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Attendance } from './attendance.ts';
import { sameDay } from './attendance.ts';
import { parseRsvpValue, reminderMessage, RSVP_PREFIX, rsvpActions } from './reminder-messages.ts';

export interface RsvpDeps {
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  attendance: Attendance;
}

export function createRsvpActions(deps: RsvpDeps): ActionSpec {
  return {
    prefix: RSVP_PREFIX,
    async run(ctx) {
      const parsed = parseRsvpValue(ctx.event.value);
      const session = parsed ? await deps.sessions.get(parsed.sessionId) : undefined;
      const network = session ? await deps.directory.get(session.networkId) : undefined;
      if (!parsed || !session || !network) throw new UserError('error.staleButton');
      const when = formatSessionMoment(session, ctx.lang, network.timeZone);
      if (session.status === 'cancelled') throw new UserError('rsvp.cancelled', { when, network: network.name });
      if (session.startsAt.getTime() <= ctx.now.getTime()) throw new UserError('rsvp.started', { when });
      if ((await deps.directory.rolesOf(network.id, ctx.actor.userId)).length === 0) throw new UserError('rsvp.notMember', { network: network.name });
      const userId = ctx.actor.userId;
      if (!sameDay(parsed.startMs, session)) {
        // A reminder of an earlier date: answers count per day, so ask again for the new one. Only a new time on the
        // same day, and the press counts as it is (the move notice said so).
        const current = await deps.attendance.answerOf(session, userId);
        const fresh = reminderMessage(ctx.t, { network, session, answer: current });
        await ctx.reply({ ...fresh, blocks: [{ type: 'section', text: ctx.t.rich('rsvp.moved', { when }) }, ...fresh.blocks] });
        return;
      }
      switch (ctx.event.actionId) {
        case rsvpActions.yes:
        case rsvpActions.no: {
          const answer = ctx.event.actionId === rsvpActions.yes ? 'yes' : 'no';
          if ((await deps.attendance.answer(ctx.platform, session, userId, answer)) === 'unchanged') {
            throw new UserError(answer === 'yes' ? 'rsvp.already.yes' : 'rsvp.already.no', { when });
          }
          ctx.log.info({ session: session.id, answer }, 'attendance answered');
          break;
        }
        case rsvpActions.share:
        case rsvpActions.anonymous: {
          const current = await deps.attendance.answerOf(session, userId);
          if (current?.answer !== 'yes') throw new UserError('rsvp.shareNeedsYes');
          await deps.attendance.share(session, userId, ctx.event.actionId === rsvpActions.share);
          break;
        }
        default:
          throw new UserError('error.staleButton');
      }
      await show(ctx, reminderMessage(ctx.t, { network, session, answer: await deps.attendance.answerOf(session, userId) }));
    },
  };
}

/**
 * Redraws the reminder with the presser's answer when it is their own (in their direct
 * conversation). One posted in the channel, for someone the bot could not message directly, is
 * everyone's: redrawn, it would show one person's answer, in their language, to the whole channel.
 */
async function show(ctx: InvocationContext<ActionEvent>, message: Message): Promise<void> {
  if (ctx.responder.updateSource && ctx.event.conversation.kind === 'direct') await ctx.responder.updateSource(message);
  else await ctx.reply(message);
}
