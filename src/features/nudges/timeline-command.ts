// `/liso tijdlijn`: the next session's preparation plan with each task's state, marking tasks,
// and the network's own changes to the timeline (move, reassign, switch off, reset).
import type { CommandContext, CommandSpec } from '../../core/feature.ts';
import type { Translator } from '../../core/i18n.ts';
import type { RichText } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import type { RoleName } from '../../domain/roles.ts';
import { parseRole, roleWords } from '../../domain/roles.ts';
import { formatDay, formatSessionMoment } from '../../domain/session-time.ts';
import { readDate } from '../../domain/date-words.ts';
import { DateTime } from 'luxon';
import type { Network, Session } from '../../domain/types.ts';
import { managedNetworkOf, networkOf } from '../networks/network-context.ts';
import { assertMayMark, openTask } from './nudge-actions.ts';
import { botDoneKey, formatMoment, roleLabel, taskTitleKey } from './nudge-messages.ts';
import type { NudgeRunner } from './nudge-runner.ts';
import type { TaskOverride } from './overrides.ts';
import type { PlannedTask } from './plan.ts';
import type { SessionView, SessionViewDeps } from './session-view.ts';
import { viewOf } from './session-view.ts';
import { tasksNamed } from './task-lookup.ts';
import type { TimelineTask } from './timeline-data.ts';
import { allTasks, MAX_WEEKS_BEFORE } from './timeline-data.ts';
import { truncate } from '../../core/sanitize.ts';
import { keywordOf } from '../../core/command-words.ts';

// A Map, so a typed `constructor` or `__proto__` is no verb.
const verbs = new Map<string, 'done' | 'skip' | 'move' | 'role' | 'off' | 'on' | 'reset'>(Object.entries({
  gedaan: 'done',
  klaar: 'done',
  done: 'done',
  nvt: 'skip',
  'n.v.t.': 'skip',
  na: 'skip',
  skip: 'skip',
  verplaats: 'move',
  move: 'move',
  rol: 'role',
  role: 'role',
  uit: 'off',
  off: 'off',
  aan: 'on',
  on: 'on',
  herstel: 'reset',
  reset: 'reset',
} as const));

export interface TimelineCommandDeps extends SessionViewDeps {
  runner: NudgeRunner;
  translator(lang: 'nl' | 'en'): Translator;
}

/**
 * A session date written as one word ("2027-03-11", "11-3-2027", "11-3"; without a year the first such day to come in the
 * network's zone). Only words with a digit: a task's title may end in any word.
 */
async function dateIn(ctx: CommandContext, deps: TimelineCommandDeps, word: string): Promise<string | undefined> {
  if (!/\d/.test(word)) return undefined;
  const network = await networkOf(ctx, deps.directory);
  const reading = readDate([word], DateTime.fromJSDate(ctx.now, { zone: network.timeZone }).toISODate() ?? ctx.now.toISOString().slice(0, 10));
  return reading && 'date' in reading ? reading.date : undefined;
}

export function createTimelineCommand(deps: TimelineCommandDeps): CommandSpec {
  return {
    name: 'tijdlijn',
    forLeads: true,
    // "Je voorbereiding voor vandaag: 2 taken": people then ask for their tasks.
    aliases: ['timeline', 'voorbereiding', 'taken', 'mijn-taken', 'tasks', 'my-tasks'],
    english: 'timeline',
    examples: 'timeline.examples',
    summary: 'timeline.summary',
    usage: 'timeline.usage',
    async run(ctx) {
      const [first, ...words] = ctx.args;
      if (first === undefined) return show(ctx, deps, await networkOf(ctx, deps.directory));
      const date = await dateIn(ctx, deps, first);
      if (date && words.length === 0) return show(ctx, deps, await networkOf(ctx, deps.directory), date);
      const verb = verbs.get(keywordOf(first));
      if (verb === undefined) throw new UserError('timeline.usage');
      // Titles have several words ("Agenda delen"): the task is every word between the verb and
      // the last argument a verb takes (weeks, a role, or an optional session date).
      if (verb === 'done' || verb === 'skip') {
        const on = words.length > 1 ? await dateIn(ctx, deps, words.at(-1)!) : undefined;
        return mark(ctx, deps, taskNamed(ctx, deps, on ? words.slice(0, -1) : words, first), verb, on);
      }
      // With one word after "verplaats" or "rol", that word is the task and the rest is missing.
      const argument = (verb === 'move' || verb === 'role') && words.length > 1 ? words.at(-1) : undefined;
      const task = taskNamed(ctx, deps, argument === undefined ? words : words.slice(0, -1), first);
      const network = await managedNetworkOf(ctx, deps.directory);
      const title = ctx.t.text(taskTitleKey(task.id));
      let change: TaskOverride | undefined;
      let confirmation: RichText;
      switch (verb) {
        case 'move': {
          const weeks = Number(argument);
          if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_WEEKS_BEFORE) throw new UserError('timeline.badWeeks', { max: MAX_WEEKS_BEFORE });
          change = { weeksBefore: weeks };
          confirmation = ctx.t.rich('timeline.changed.moved', { title, weeks, network: network.name });
          break;
        }
        case 'role': {
          if (argument === undefined) throw new UserError('timeline.needsRole', { task: task.id, roles: roleWords(ctx.lang) });
          const typed = argument;
          const role = parseRole(typed);
          if (!role) throw new UserError('timeline.badRole', { typed: truncate(typed, 40), roles: roleWords(ctx.lang) });
          change = { role };
          confirmation = ctx.t.rich('timeline.changed.role', { title, role: roleLabel(ctx.t, role), network: network.name });
          break;
        }
        case 'off':
        case 'on':
          change = { off: verb === 'off' };
          confirmation = ctx.t.rich(verb === 'off' ? 'timeline.changed.off' : 'timeline.changed.on', { title, network: network.name });
          break;
        case 'reset':
          change = undefined;
          confirmation = ctx.t.rich('timeline.changed.reset', { title, network: network.name });
          break;
      }
      await deps.overrides.change(network.id, task.id, change);
      ctx.log.info({ network: network.id, task: task.id, change: verb }, 'timeline changed');
      // The changed plan moves due moments; every upcoming session gets them in the index.
      for (const session of await deps.sessions.upcoming(network.id)) await deps.runner.schedule(session.id, ctx.now);
      const next = await deps.sessions.next(network.id);
      const view = next ? await viewOf(deps, next, network) : undefined;
      if (view) await deps.runner.checkCompleted(view, ctx.now);
      await ctx.reply({ summary: ctx.t.text(taskTitleKey(task.id)), blocks: [{ type: 'section', text: confirmation }] });
    },
  };
}

function taskNamed(ctx: CommandContext, deps: TimelineCommandDeps, words: readonly string[], verb: string): TimelineTask {
  if (words.length === 0) throw new UserError('timeline.needsTask', { verb: truncate(verb.toLowerCase(), 20) });
  const typed = words.join(' ');
  const tasks = allTasks(deps.timelines);
  const named = tasksNamed(tasks, typed, [ctx.t, deps.translator(ctx.lang === 'nl' ? 'en' : 'nl')]);
  if (named.length === 0) throw new UserError('timeline.unknownTask', { typed: truncate(typed, 60), tasks: tasks.map((t) => t.id).join(', ') });
  // Several tasks answer to it: ask which, naming only those, rather than guess or list all 21.
  if (named.length > 1) throw new UserError('timeline.whichTask', { typed: truncate(typed, 60), tasks: orList(ctx.t, named.map((t) => t.id)) });
  return named[0]!;
}

/** The session a command is about: the one on `date` (cancelled ones too, to say so), else the next. */
async function sessionFor(ctx: CommandContext, deps: TimelineCommandDeps, network: Network, date: string | undefined): Promise<Session> {
  if (date === undefined) {
    const next = await deps.sessions.next(network.id);
    if (!next) throw new UserError('timeline.noSession', { network: network.name });
    return next;
  }
  const onDate = (await deps.sessions.list(network.id)).filter((s) => s.date === date);
  const session = onDate.find((s) => s.status === 'planned') ?? onDate[0];
  if (!session) throw new UserError('session.notFound', { date: formatDay(date, ctx.lang) });
  if (session.status === 'cancelled') throw new UserError('nudge.sessionCancelled', { when: formatSessionMoment(session, ctx.lang, network.timeZone) });
  return session;
}

async function mark(ctx: CommandContext, deps: TimelineCommandDeps, task: TimelineTask, verb: 'done' | 'skip', date: string | undefined): Promise<void> {
  const network = await networkOf(ctx, deps.directory);
  const session = await sessionFor(ctx, deps, network, date);
  const { view, task: planned } = await openTask(deps, session.id, task.id, ctx.now, ctx.lang);
  assertMayMark(view, planned, ctx.actor.userId, ctx.t);
  await deps.states.mark(ctx.platform, session.id, task.id, verb === 'done' ? 'done' : 'skipped', ctx.actor.userId, ctx.now);
  const key = verb === 'done' ? 'timeline.marked.done' : 'timeline.marked.skipped';
  const vars = { title: ctx.t.text(taskTitleKey(task.id)), when: formatSessionMoment(session, ctx.lang, network.timeZone) };
  await ctx.reply({ summary: ctx.t.text(key, vars), blocks: [{ type: 'section', text: ctx.t.rich(key, vars) }] });
  const fresh = await viewOf(deps, session, network);
  if (fresh) await deps.runner.checkCompleted(fresh, ctx.now);
}

async function show(ctx: CommandContext, deps: TimelineCommandDeps, network: Network, date?: string): Promise<void> {
  let session: Session;
  try {
    session = await sessionFor(ctx, deps, network, date);
  } catch (error) {
    if (date !== undefined || !(error instanceof UserError)) throw error;
    await ctx.reply({ summary: ctx.t.text('timeline.noSession', { network: network.name }), blocks: [{ type: 'section', text: ctx.t.rich('timeline.noSession', { network: network.name }) }] });
    return;
  }
  const view = await viewOf(deps, session, network);
  if (!view) throw new UserError('session.notFound', { date: formatDay(session.date, ctx.lang) });
  const heading = ctx.t.text('timeline.title', { network: network.name, when: formatSessionMoment(view.session, ctx.lang, network.timeZone) });
  const ordered = [...view.plan].sort((a, b) => a.due.getTime() - b.due.getTime());
  await ctx.reply({
    summary: heading,
    blocks: [
      { type: 'heading', text: heading },
      { type: 'list', items: ordered.map((task) => taskLine(ctx, view, task)) },
      { type: 'context', text: ctx.t.rich(view.previous ? 'timeline.source' : 'timeline.sourceFirst') },
    ],
  });
}

function taskLine(ctx: CommandContext, view: SessionView, task: PlannedTask): RichText {
  const line = ctx.t.rich('timeline.line', {
    due: formatMoment(task.due, view.network.timeZone, ctx.lang),
    title: ctx.t.text(taskTitleKey(task.id)),
    task: task.id,
    role: roleLabel(ctx.t, task.role as RoleName),
    state: stateText(ctx, view, task),
  });
  return task.changed ? [...line, ...ctx.t.rich('timeline.changedMark')] : line;
}

function stateText(ctx: CommandContext, view: SessionView, task: PlannedTask): string {
  if (task.off) return ctx.t.text('timeline.state.off');
  const state = view.states.get(task.id);
  if (state?.byBot) return ctx.t.text(botDoneKey(state.byBot));
  if (state?.status === 'done') return ctx.t.text('timeline.state.done');
  if (state?.status === 'skipped') return ctx.t.text('timeline.state.skipped');
  if (state?.laterUntil && state.laterUntil.getTime() > ctx.now.getTime()) {
    return ctx.t.text('timeline.state.later', { when: formatMoment(state.laterUntil, view.network.timeZone, ctx.lang) });
  }
  return ctx.t.text(task.due.getTime() <= ctx.now.getTime() ? 'timeline.state.open' : 'timeline.state.pending');
}

/** "a, b of c": choices in a question, in the reader's language. */
const orList = (t: Translator, items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${t.text('list.or')} ${items.at(-1)}`);
