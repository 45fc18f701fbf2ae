// "/liso successen [export [alles]]" and the shared "wins.since" button: the period's wins.
import type { ActionEvent } from '../../core/events.ts';
import type { CommandContext, InvocationContext } from '../../core/feature.ts';
import { UserError } from '../../core/user-error.ts';
import type { Network } from '../../domain/types.ts';
import { networkOf } from '../networks/network-context.ts';
import { shownNames } from './shown-names.ts';
import { digestMessage, exportDocument, periodTitle } from './wins-digest.ts';
import type { WinsContext } from './wins-deps.ts';
import { requireMember, requireRole } from './wins-deps.ts';
import { namesSomeoneElse, peopleIn } from './win-text.ts';
import type { RichText } from '../../core/rich-text.ts';
import { toPlainString } from '../../core/rich-text.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { WinsPeriod } from './wins-period.ts';
import { periodSinceLastSession, wholePeriod } from './wins-period.ts';
import { keywordOf } from '../../core/command-words.ts';

export const EXPORT_WORDS: ReadonlySet<string> = new Set(['export', 'exporteer', 'exporteren', 'markdown']);
const ALL_WORDS = new Set(['alles', 'all', 'totaal']);

export async function runWinsCommand(ctx: CommandContext, deps: WinsContext): Promise<void> {
  const network = await networkOf(ctx, deps.directory);
  await requireMember(deps, network, ctx.actor.userId);
  const verb = keywordOf(ctx.args[0]);
  if (verb === '') {
    const period = await periodSinceLastSession(deps.book, deps.sessions, network, ctx.now);
    await ctx.reply(digestMessage(period, network, await namesFor(deps, network, period), ctx.t));
    return;
  }
  if (!EXPORT_WORDS.has(verb)) throw new UserError('wins.list.usage');
  // Sharing outward is the communicatieadviseur's job (h1 roles; Delphi: share small successes outside).
  await requireRole(deps, network, ctx.actor.userId, ['communicatieadviseur', 'trekker'], 'wins.export.notAllowed');
  const whole = ALL_WORDS.has(keywordOf(ctx.args[1]));
  const all = await wholePeriod(deps.book, deps.sessions, network, ctx.now);
  const period = whole ? all : await periodSinceLastSession(deps.book, deps.sessions, network, ctx.now);
  const outward = { ...period, wins: period.wins.filter((win) => !namesSomeoneElse(win)) };
  const leftOut = period.wins.length - outward.wins.length;
  // An empty period of a network with earlier wins names the command that has them.
  const older = outward.wins.length === 0 && !whole ? all.wins.filter((win) => !namesSomeoneElse(win)).length : 0;
  const notes: RichText[] = [];
  if (leftOut > 0) notes.push(leftOut === 1 ? ctx.t.rich('wins.export.leftOutOne') : ctx.t.rich('wins.export.leftOut', { count: leftOut }));
  if (older > 0) notes.push(older === 1 ? ctx.t.rich('wins.export.olderOne') : ctx.t.rich('wins.export.older', { count: older }));
  ctx.log.info({ network: network.id, wins: outward.wins.length, leftOut, whole }, 'wins exported');
  if (outward.wins.length === 0 && outward.milestones.length === 0) {
    const nothing = outward.since
      ? ctx.t.rich('wins.export.nothing', { when: formatSessionMoment(outward.since, ctx.t.lang, network.timeZone) })
      : ctx.t.rich('wins.export.nothingAll');
    await ctx.reply({ summary: toPlainString(nothing), blocks: [nothing, ...notes].map((text) => ({ type: 'section', text })) });
    return;
  }
  const document = exportDocument(outward, network, await namesFor(deps, network, outward), ctx.t);
  const count = outward.wins.length;
  const ready = ctx.t.rich(count === 0 ? 'wins.export.readyMilestones' : count === 1 ? 'wins.export.readyOne' : 'wins.export.ready', { count, filename: document.filename });
  await ctx.reply({
    summary: periodTitle(outward, network, ctx.t),
    blocks: [ready, ...notes].map((text) => ({ type: 'section', text })),
    attachments: [{ filename: document.filename, mimeType: 'text/markdown', content: document.content }],
  });
}

/** The "wins.since" button (value: network id), e.g. on the nudge to share the agenda. */
export async function runSinceAction(ctx: InvocationContext<ActionEvent>, deps: WinsContext): Promise<void> {
  const network = await deps.directory.get(ctx.event.value);
  if (!network || network.platform !== ctx.platform) throw new UserError('error.staleButton');
  await requireMember(deps, network, ctx.actor.userId);
  const period = await periodSinceLastSession(deps.book, deps.sessions, network, ctx.now);
  await ctx.reply(digestMessage(period, network, await namesFor(deps, network, period), ctx.t));
}

async function namesFor(deps: WinsContext, network: Network, period: WinsPeriod) {
  return shownNames(deps.book, deps.people, network.platform, peopleIn(period.wins));
}
