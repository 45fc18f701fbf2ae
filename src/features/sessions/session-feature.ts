// /liso sessie and /liso sessies: planning, moving, cancelling and listing sessions.
import type { CommandContext, Feature, InvocationContext } from '../../core/feature.ts';
import type { Translator } from '../../core/i18n.ts';
import type { RichText } from '../../core/rich-text.ts';
import { toPlainString } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { PlanResult, SessionPlanner } from '../../domain/session-planner.ts';
import type { LocalDateTime } from '../../domain/session-time.ts';
import { formatSessionMoment, isValidZone, parseDate, parseTime, toInstant } from '../../domain/session-time.ts';
import type { Network } from '../../domain/types.ts';
import { managedNetworkOf, networkOf } from '../networks/network-context.ts';

const MOVE_WORDS = new Set(['verplaats', 'verzet', 'move', 'reschedule']);
const CANCEL_WORDS = new Set(['annuleer', 'afzeggen', 'schrap', 'cancel']);

const CONFIRM_WORDS = new Set(['bevestig', 'confirm']);
const CONFIRM_ACTION = 'session.confirm';

export interface SessionFeatureDeps {
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  /**
   * What planning a session at `startsAt` does to the preparation plan when it is close to
   * another session (the nudges feature); undefined when nothing needs confirming.
   */
  closeSessionWarning?: (network: Network, startsAt: Date, t: Translator) => Promise<RichText | undefined>;
}

export function createSessionFeature(deps: SessionFeatureDeps): Feature {
  return {
    name: 'sessions',
    actions: [
      {
        // "Toch plannen" under a close-session warning: plans the session the warning was about.
        prefix: CONFIRM_ACTION,
        async run(ctx) {
          const [networkId = '', date = '', time = '', timeZone = ''] = ctx.event.value.split('|');
          const network = await deps.directory.get(networkId);
          if (!network) throw new UserError('error.staleButton');
          if (!(await deps.directory.canManage(network.id, ctx.actor.userId))) throw new UserError('permission.leadsOnly', { network: network.name });
          await plan(ctx, network, { date, time, timeZone }, deps);
        },
      },
    ],
    commands: [
      {
        name: 'sessie',
        aliases: ['session'],
        summary: 'session.summary',
        usage: 'session.usage',
        async run(ctx) {
          const verb = (ctx.args[0] ?? '').toLowerCase();
          if (ctx.args.length === 0) throw new UserError('session.usage');
          const network = await managedNetworkOf(ctx, deps.directory);
          if (MOVE_WORDS.has(verb)) return move(ctx, network, ctx.args.slice(1), deps);
          if (CANCEL_WORDS.has(verb)) return cancel(ctx, network, ctx.args.slice(1), deps);
          const confirmed = CONFIRM_WORDS.has((ctx.args.at(-1) ?? '').toLowerCase());
          const local = parseLocal(confirmed ? ctx.args.slice(0, -1) : ctx.args, network);
          const startsAt = toInstant(local);
          // Only a session the planner would accept is worth confirming (not one in the past or on a day already taken).
          const taken = await deps.sessions.onDate(network.id, local.date);
          const warning = !confirmed && !taken && startsAt instanceof Date && startsAt > ctx.now ? await deps.closeSessionWarning?.(network, startsAt, ctx.t) : undefined;
          if (warning) {
            const value = [network.id, local.date, local.time, local.timeZone].join('|');
            await ctx.reply({
              summary: toPlainString(warning),
              blocks: [
                { type: 'section', text: warning },
                { type: 'section', text: ctx.t.rich('nudge.spacing.question') },
                { type: 'actions', buttons: [{ actionId: CONFIRM_ACTION, value, label: ctx.t.text('nudge.spacing.button'), style: 'primary' }] },
              ],
            });
            return;
          }
          await plan(ctx, network, local, deps);
        },
      },
      {
        name: 'sessies',
        aliases: ['sessions', 'agenda'],
        summary: 'sessions.summary',
        usage: 'sessions.usage',
        async run(ctx) {
          const network = await networkOf(ctx, deps.directory);
          const upcoming = await deps.sessions.upcoming(network.id);
          const items: RichText[] = upcoming.map((s) => [{ type: 'text', text: formatSessionMoment(s, ctx.lang) }]);
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
  };
}

async function plan(ctx: InvocationContext, network: Network, local: LocalDateTime, deps: SessionFeatureDeps): Promise<void> {
  const session = unwrap(await deps.sessions.plan(network.id, local, ctx.actor.userId), local);
  ctx.log.info({ network: network.id, session: session.id }, 'session planned');
  await announce(ctx, network, ctx.t.rich('session.planned', { when: formatSessionMoment(session, ctx.lang), network: network.name }));
}

async function move(ctx: CommandContext, network: Network, args: string[], deps: { sessions: SessionPlanner }): Promise<void> {
  const fromDate = parseDate(args[0] ?? '');
  if (!fromDate) throw new UserError('session.move.usage');
  const session = await deps.sessions.onDate(network.id, fromDate);
  if (!session) throw new UserError('session.notFound', { date: fromDate });
  const local = parseLocal(args.slice(1), network, session.timeZone);
  const moved = unwrap(await deps.sessions.move(session, local), local);
  ctx.log.info({ network: network.id, session: moved.id }, 'session moved');
  await announce(
    ctx,
    network,
    ctx.t.rich('session.moved', { from: formatSessionMoment(session, ctx.lang), when: formatSessionMoment(moved, ctx.lang) }),
  );
}

async function cancel(ctx: CommandContext, network: Network, args: string[], deps: { sessions: SessionPlanner }): Promise<void> {
  const date = parseDate(args[0] ?? '');
  if (!date) throw new UserError('session.cancel.usage');
  const session = await deps.sessions.onDate(network.id, date);
  if (!session) throw new UserError('session.notFound', { date });
  await deps.sessions.cancel(session);
  ctx.log.info({ network: network.id, session: session.id }, 'session cancelled');
  await announce(ctx, network, ctx.t.rich('session.cancelled', { when: formatSessionMoment(session, ctx.lang) }));
}

/** Reads "<date> <time> [zone]"; the zone defaults to the network's (or the moved session's). */
function parseLocal(args: string[], network: Network, fallbackZone = network.timeZone): LocalDateTime {
  const [dateWord = '', timeWord = '', zoneWord] = args;
  const date = parseDate(dateWord);
  if (!date) throw new UserError('session.badDate', { typed: dateWord.slice(0, 40) });
  const time = parseTime(timeWord);
  if (!time) throw new UserError('session.badTime', { typed: timeWord.slice(0, 40) });
  const timeZone = zoneWord ?? fallbackZone;
  if (!isValidZone(timeZone)) throw new UserError('session.badZone', { typed: timeZone.slice(0, 60) });
  return { date, time, timeZone };
}

function unwrap(result: PlanResult, local: LocalDateTime): Extract<PlanResult, { ok: true }>['session'] {
  if (result.ok) return result.session;
  switch (result.reason) {
    case 'past':
      throw new UserError('session.inPast', { date: local.date, time: local.time });
    case 'duplicate':
      throw new UserError('session.duplicate', { date: local.date });
    case 'nonexistent':
      throw new UserError('session.nonexistentTime', { date: local.date, time: local.time, zone: local.timeZone });
    case 'zone':
      throw new UserError('session.badZone', { typed: local.timeZone });
    default:
      throw new UserError('session.badDate', { typed: local.date });
  }
}

/** Session changes concern everyone, so they go to the network channel. */
async function announce(ctx: InvocationContext, network: Network, text: RichText): Promise<void> {
  await ctx.adapter.postToChannel(network.channelId, { summary: toPlainString(text), blocks: [{ type: 'section', text }] });
}
