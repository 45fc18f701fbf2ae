// Answers a member's question about their own network's next session from the stored sessions:
// when, where and the agenda, their own answer with the "Ik kom" / "Ik kan niet" buttons, and for
// the leads how many come (a participant who asks hears the number who come, never who). A free text never records an answer itself: "ik kan niet komen" shows
// the buttons, because the same words also start sentences that mean something else.
import type { CommandContext } from '../../core/feature.ts';
import type { Block, Message } from '../../core/message.ts';
import { textMessage } from '../../core/standard-messages.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import { leadRoles } from '../../domain/roles.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { Attendance } from './attendance.ts';
import type { AttendanceReport } from './attendance-report.ts';
import { reminderMessage } from './reminder-messages.ts';
import type { SessionMessage, SessionQuestion } from './session-question.ts';

export interface SessionQuestionDeps {
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  attendance: Attendance;
  report: AttendanceReport;
}

/** Networks answered for at most: someone in more gets the nearest sessions. */
const MAX_NETWORKS = 3;

/** Replies to the question; false when the conversation belongs to no network of the person (the handbook may answer). */
export async function answerSessionQuestion(ctx: CommandContext, { asked, aside }: SessionMessage, deps: SessionQuestionDeps): Promise<boolean> {
  const networks = await networksAskedAbout(ctx, deps.directory);
  if (networks === undefined) return false;
  if (networks.length === 0) {
    await ctx.reply(textMessage(ctx.t, 'session.ask.noNetwork'));
    return true;
  }
  const upcoming: Array<{ network: Network; session: Session; called: Block[] }> = [];
  const without: Network[] = [];
  const calledOff: Block[] = [];
  for (const network of networks) {
    const session = network.closedAt ? undefined : await deps.sessions.next(network.id);
    const called = network.closedAt ? [] : await calledOffBefore(ctx, network, session, deps.sessions);
    if (session) upcoming.push({ network, session, called });
    else {
      without.push(network);
      calledOff.push(...called);
    }
  }
  if (upcoming.length === 0) {
    const none = textMessage(ctx.t, 'session.ask.nonePlanned', { networks: without.map((n) => n.name).join(', ') });
    await ctx.reply({ ...none, blocks: [...calledOff, ...none.blocks] });
    return true;
  }
  upcoming.sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime());
  for (const { network, session, called } of upcoming.slice(0, MAX_NETWORKS)) {
    ctx.setTimeZone(network.timeZone);
    await ctx.reply(await sessionCard(ctx, asked, aside, network, session, called, deps));
  }
  return true;
}

/**
 * "De sessie van donderdag 20 mei gaat niet door": a session still to come that was cancelled, before the next one
 * planned (or with none planned). Whoever asks "gaat het door?" or "wanneer is het nou?" after a cancellation hears
 * of it first, rather than only of a later date or of none.
 */
async function calledOffBefore(ctx: CommandContext, network: Network, next: Session | undefined, sessions: SessionPlanner): Promise<Block[]> {
  const now = ctx.now.getTime();
  const cancelled = (await sessions.list(network.id)).filter((s) => s.status === 'cancelled' && s.startsAt.getTime() > now && (!next || s.startsAt < next.startsAt));
  return cancelled.map((s) => ({ type: 'section', text: ctx.t.rich('session.ask.cancelled', { when: formatSessionMoment(s, ctx.t.lang, network.timeZone), network: network.name }) }));
}

/** The channel's network, or the person's networks in a direct message; undefined in a channel of no network. */
async function networksAskedAbout(ctx: CommandContext, directory: NetworkDirectory): Promise<Network[] | undefined> {
  if (ctx.conversation.kind === 'channel') {
    const network = await directory.byChannel(ctx.platform, ctx.conversation.id);
    return network ? [network] : undefined;
  }
  return (await directory.ofPerson(ctx.platform, ctx.actor.userId)).filter((n) => n.platform === ctx.platform);
}

async function sessionCard(ctx: CommandContext, asked: SessionQuestion, aside: boolean, network: Network, session: Session, called: Block[], deps: SessionQuestionDeps): Promise<Message> {
  const userId = ctx.actor.userId;
  const roles = await deps.directory.rolesOf(network.id, userId);
  // Asked by mentioning the bot, the answer is the channel's to read: not the asker's own answer, nor the leads' count.
  const answer = roles.length > 0 && !ctx.repliesVisibly ? await deps.attendance.answerOf(session, userId) : undefined;
  const card = reminderMessage(ctx.t, { network, session, answer });
  const before: Block[] = [...called];
  // The button to press is named as the card shows it: "Ik kom toch" after a no, "Ik kan toch niet" after a yes.
  if (roles.length > 0) {
    if (asked === 'absent' && answer?.answer !== 'no') before.push({ type: 'section', text: ctx.t.rich(answer?.answer === 'yes' ? 'session.ask.absentAfterAll' : 'session.ask.absent') });
    if (asked === 'present' && answer?.answer !== 'yes') before.push({ type: 'section', text: ctx.t.rich(answer?.answer === 'no' ? 'session.ask.presentAfterAll' : 'session.ask.present') });
    if (asked === 'change') before.push({ type: 'section', text: ctx.t.rich('session.ask.change') });
  }
  const after: Block[] = [];
  if (asked === 'where' && !session.place) after.push({ type: 'context', text: ctx.t.rich('session.ask.noPlace') });
  if (roles.some((role) => leadRoles.includes(role))) {
    after.push({ type: 'context', text: ctx.repliesVisibly ? ctx.t.rich('session.ask.countPrivately') : await deps.report.line(network, session, ctx.t) });
  } else if (asked === 'who' && roles.length > 0) {
    // "hoeveel mensen komen er?": the number says nothing about who; in the channel it is answered privately, as the leads' count is.
    after.push({ type: 'context', text: ctx.repliesVisibly ? ctx.t.rich('session.ask.comingPrivately') : await deps.report.coming(network, session, ctx.t) });
  }
  // "moet ik nog wat meenemen?", "is er koffie": the card does not say, the leads do.
  if (aside) after.push({ type: 'context', text: ctx.t.rich('session.ask.aside') });
  // Only a member answers whether they come: someone without a role (a mention in the channel) sees the facts.
  const blocks = roles.length > 0 ? card.blocks : card.blocks.filter((block) => block.type !== 'actions');
  const [heading, ...facts] = blocks.filter((block) => block.type !== 'actions');
  const actions = blocks.filter((block) => block.type === 'actions');
  return { ...card, blocks: [...(heading ? [heading] : []), ...before, ...facts, ...after, ...actions] };
}
