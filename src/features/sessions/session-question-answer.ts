// Answers a member's question about their own network's next session from the stored sessions:
// when, where and the agenda, their own answer with the "Ik kom" / "Ik kan niet" buttons, and for
// the leads how many come. A free text never records an answer itself: "ik kan niet komen" shows
// the buttons, because the same words also start sentences that mean something else.
import type { CommandContext } from '../../core/feature.ts';
import type { Block, Message } from '../../core/message.ts';
import { textMessage } from '../../core/standard-messages.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import { leadRoles } from '../../domain/roles.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { Attendance } from './attendance.ts';
import type { AttendanceReport } from './attendance-report.ts';
import { reminderMessage } from './reminder-messages.ts';
import type { SessionQuestion } from './session-question.ts';

export interface SessionQuestionDeps {
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  attendance: Attendance;
  report: AttendanceReport;
}

/** Networks answered for at most: someone in more gets the nearest sessions. */
const MAX_NETWORKS = 3;

/** Replies to the question; false when the conversation belongs to no network of the person (the handbook may answer). */
export async function answerSessionQuestion(ctx: CommandContext, asked: SessionQuestion, deps: SessionQuestionDeps): Promise<boolean> {
  const networks = await networksAskedAbout(ctx, deps.directory);
  if (networks === undefined) return false;
  if (networks.length === 0) {
    await ctx.reply(textMessage(ctx.t, 'session.ask.noNetwork'));
    return true;
  }
  const upcoming: Array<{ network: Network; session: Session }> = [];
  const without: Network[] = [];
  for (const network of networks) {
    const session = network.closedAt ? undefined : await deps.sessions.next(network.id);
    if (session) upcoming.push({ network, session });
    else without.push(network);
  }
  if (upcoming.length === 0) {
    await ctx.reply(textMessage(ctx.t, 'session.ask.nonePlanned', { networks: without.map((n) => n.name).join(', ') }));
    return true;
  }
  upcoming.sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime());
  for (const { network, session } of upcoming.slice(0, MAX_NETWORKS)) {
    ctx.setTimeZone(network.timeZone);
    await ctx.reply(await sessionCard(ctx, asked, network, session, deps));
  }
  return true;
}

/** The channel's network, or the person's networks in a direct message; undefined in a channel of no network. */
async function networksAskedAbout(ctx: CommandContext, directory: NetworkDirectory): Promise<Network[] | undefined> {
  if (ctx.conversation.kind === 'channel') {
    const network = await directory.byChannel(ctx.platform, ctx.conversation.id);
    return network ? [network] : undefined;
  }
  return (await directory.ofPerson(ctx.platform, ctx.actor.userId)).filter((n) => n.platform === ctx.platform);
}

async function sessionCard(ctx: CommandContext, asked: SessionQuestion, network: Network, session: Session, deps: SessionQuestionDeps): Promise<Message> {
  const userId = ctx.actor.userId;
  const roles = await deps.directory.rolesOf(network.id, userId);
  // Asked by mentioning the bot, the answer is the channel's to read: not the asker's own answer, nor the leads' count.
  const answer = roles.length > 0 && !ctx.repliesVisibly ? await deps.attendance.answerOf(session, userId) : undefined;
  const card = reminderMessage(ctx.t, { network, session, answer });
  const before: Block[] = [];
  if (asked === 'absent' && answer?.answer !== 'no' && roles.length > 0) before.push({ type: 'section', text: ctx.t.rich('session.ask.absent') });
  if (asked === 'present' && answer?.answer !== 'yes' && roles.length > 0) before.push({ type: 'section', text: ctx.t.rich('session.ask.present') });
  const after: Block[] = [];
  if (asked === 'where' && !session.place) after.push({ type: 'context', text: ctx.t.rich('session.ask.noPlace') });
  if (roles.some((role) => leadRoles.includes(role))) {
    after.push({ type: 'context', text: ctx.repliesVisibly ? ctx.t.rich('session.ask.countPrivately') : await deps.report.line(network, session, ctx.t) });
  }
  // Only a member answers whether they come: someone without a role (a mention in the channel) sees the facts.
  const blocks = roles.length > 0 ? card.blocks : card.blocks.filter((block) => block.type !== 'actions');
  const [heading, ...facts] = blocks.filter((block) => block.type !== 'actions');
  const actions = blocks.filter((block) => block.type === 'actions');
  return { ...card, blocks: [...(heading ? [heading] : []), ...before, ...facts, ...after, ...actions] };
}
