// /liso pulse and its subcommands: start, results, channel choice, questions, a typed open answer.
import type { CommandContext } from '../../core/feature.ts';
import type { RichText } from '../../core/rich-text.ts';
import { toPlainString } from '../../core/rich-text.ts';
import { characterCount, readUserText, typedLength } from '../../core/sanitize.ts';
import { cutAtSentence } from '../../core/sentences.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Network, Session } from '../../domain/types.ts';
import { managedNetworkOf, networkOf } from '../networks/network-context.ts';
import { JOIN_ACTION, PREVIOUS_ACTION, formatDay } from './pulse-messages.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { PulseRepository } from './pulse-repository.ts';
import type { PulseService, StartOutcome } from './pulse-service.ts';
import { OPEN_QUESTION_ID } from './pulse-types.ts';
import type { LoadedQuestionSet } from './question-set.ts';
import { asPromptKey } from './question-set.ts';
import { ballotRef, parseBallotRef } from './ballot.ts';
import { answered, responseProgress } from './pulse-outcomes.ts';
import type { PulseRecord } from './pulse-types.ts';
import { keywordOf } from '../../core/command-words.ts';

export interface PulseCommandDeps {
  service: PulseService;
  repo: PulseRepository;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  questions: LoadedQuestionSet;
}

// The usage shows "`/liso pulse` (starten)": typed out, the verb starts it as well.
const START_WORDS = new Set(['start', 'starten', 'begin', 'beginnen', 'versturen', 'verstuur', 'send']);
const RESULTS_WORDS = new Set(['resultaten', 'resultaat', 'uitslag', 'results', 'result']);
const CHANNEL_WORDS = new Set(['kanaal', 'channel']);
const QUESTION_WORDS = new Set(['vragen', 'vraag', 'questions', 'question']);
const ANSWER_WORDS = new Set(['antwoord', 'answer']);
const ON_WORDS = new Set(['aan', 'on', 'ja', 'yes']);
const OFF_WORDS = new Set(['uit', 'off', 'nee', 'no']);

export async function runPulseCommand(ctx: CommandContext, deps: PulseCommandDeps): Promise<void> {
  const verb = keywordOf(ctx.args[0]);
  if (verb === '' || START_WORDS.has(verb)) return startOrPoint(ctx, deps);
  if (RESULTS_WORDS.has(verb)) return showResults(ctx, deps);
  if (CHANNEL_WORDS.has(verb)) return setChannel(ctx, deps);
  if (QUESTION_WORDS.has(verb)) return questions(ctx, deps);
  if (ANSWER_WORDS.has(verb)) return typedOpenAnswer(ctx, deps);
  throw new UserError('pulse.usage');
}

/**
 * A lead's `/liso pulse` starts one; anyone else who types it is looking for their own questions
 * (a deelnemer with an open invitation), so they get a pointer to those, not a permissions error.
 */
async function startOrPoint(ctx: CommandContext, deps: PulseCommandDeps): Promise<void> {
  const network = await networkOf(ctx, deps.directory);
  if (!(await deps.directory.canManage(network.id, ctx.actor.userId))) return pointToInvitation(ctx, deps, network);
  return startFromCommand(ctx, deps);
}

/** A pulse asks about "de laatste bijeenkomst", so it starts only once a session has been held. */
async function startFromCommand(ctx: CommandContext, deps: PulseCommandDeps): Promise<void> {
  const network = await managedNetworkOf(ctx, deps.directory);
  const held = (await deps.sessions.list(network.id)).filter((s) => isHeld(s, ctx.now));
  const latest = held.at(-1);
  if (!latest) throw new UserError('pulse.start.noSessionHeld', { network: network.name });
  await reportStart(ctx, network, await deps.service.start(network, latest.id, ctx.now));
}

/** A planned session whose start has passed (a cancelled one was never held). */
export function isHeld(session: Session, now: Date): boolean {
  return session.status === 'planned' && session.startsAt <= now;
}

/** Answers the lead who started (or tried to start) a pulse. */
export async function reportStart(ctx: Pick<CommandContext, 't' | 'lang' | 'reply'>, network: Network, outcome: StartOutcome): Promise<void> {
  if (!outcome.ok) {
    switch (outcome.reason) {
      case 'alreadyOpen':
        throw new UserError('pulse.start.alreadyOpen', { network: network.name, closes: formatDay(outcome.pulse.closesAt, network.timeZone, ctx.lang) });
      case 'sessionDone':
        throw new UserError('pulse.start.sessionDone', { network: network.name });
      case 'nobodyToInvite':
        throw new UserError('pulse.start.nobody', { network: network.name });
      case 'allDeclined':
        throw new UserError('pulse.start.allDeclined', { network: network.name });
      case 'noQuestions':
        throw new UserError('pulse.start.noQuestions');
    }
  }
  const { pulse, unreached, declined } = outcome;
  // Said of those who got it: one whose direct messages fail is not asked at all.
  const vars = { network: network.name, invited: pulse.invited - unreached, closes: formatDay(pulse.closesAt, network.timeZone, ctx.lang) };
  await ctx.reply({
    summary: ctx.t.text('pulse.start.done', vars),
    blocks: [
      { type: 'section', text: ctx.t.rich('pulse.start.done', vars) },
      ...(unreached > 0 ? [{ type: 'context' as const, text: ctx.t.rich('pulse.start.unreached', { unreached }) }] : []),
      ...(declined > 0 ? [{ type: 'context' as const, text: ctx.t.rich('pulse.start.declined', { declined }) }] : []),
      { type: 'context', text: ctx.t.rich('pulse.start.nothingWhileOpen') },
    ],
  });
}

/**
 * The latest closed result; while a pulse is open, that one first (when it closes, for the leads
 * how many answered) and only a button to the previous result: reprinted whole, it buried the news.
 */
async function showResults(ctx: CommandContext, deps: PulseCommandDeps): Promise<void> {
  const network = await networkOf(ctx, deps.directory);
  await mayReadResults(ctx, deps, network);
  const latest = (await deps.repo.resultsOf(network.id)).at(-1);
  const open = await deps.repo.openOf(network.id);
  if (open && !open.closing) {
    const note = await openPulseNote(ctx, deps, network, open.pulse);
    const closed = latest ? formatDay(latest.closedAt, network.timeZone, ctx.lang) : undefined;
    await ctx.reply({
      summary: toPlainString(note),
      blocks: [
        { type: 'section', text: note },
        ...(closed
          ? [
              { type: 'context' as const, text: ctx.t.rich('pulse.results.previous', { closed }) },
              { type: 'actions' as const, buttons: [{ actionId: PREVIOUS_ACTION, value: network.id, label: ctx.t.text('pulse.results.previousButton') }] },
            ]
          : []),
      ],
    });
    return;
  }
  await showClosedResult(ctx, deps, network);
}

/** Results are for the leads, and for every member once the network shares them in the channel. */
export async function mayReadResults(ctx: Pick<CommandContext, 'actor'>, deps: Pick<PulseCommandDeps, 'repo' | 'directory'>, network: Network): Promise<void> {
  const settings = await deps.repo.settings(network.id);
  if (!settings.resultsInChannel && !(await deps.directory.canManage(network.id, ctx.actor.userId))) {
    throw new UserError('pulse.results.leadsOnly', { network: network.name });
  }
}

/** The network's latest closed result with its trend (the "Vorige uitslag" button, and the command when no pulse is open). */
export async function showClosedResult(ctx: Pick<CommandContext, 'lang' | 'reply' | 't'>, deps: Pick<PulseCommandDeps, 'repo' | 'service'>, network: Network): Promise<void> {
  const history = await deps.repo.resultsOf(network.id);
  const latest = history.at(-1);
  const pulse = latest ? await deps.repo.get(latest.pulseId) : undefined;
  if (!latest || !pulse) {
    const text = ctx.t.rich('pulse.results.none', { network: network.name });
    await ctx.reply({ summary: toPlainString(text), blocks: [{ type: 'section', text }] });
    return;
  }
  await ctx.reply(deps.service.results(pulse, latest, history, network, ctx.lang));
}

/**
 * `/liso pulse` from someone who does not lead the network: where their invitation is; for who
 * said "Ik kan niet" for the session asked about, a button to get the questions after all; else a
 * kind word that there is none for them. Says nothing about anyone else's invitation or answers.
 */
async function pointToInvitation(ctx: CommandContext, deps: PulseCommandDeps, network: Network): Promise<void> {
  const open = await deps.repo.openOf(network.id);
  const pulse = open && !open.closing ? open.pulse : undefined;
  const closes = pulse ? formatDay(pulse.closesAt, network.timeZone, ctx.lang) : '';
  let text: RichText;
  let join = false;
  if (!pulse) {
    text = ctx.t.rich('pulse.mine.none', { network: network.name });
  } else if (await deps.repo.isInvited(pulse.id, ctx.actor.userId)) {
    // Typed in the channel, "earlier in this conversation" would point at the channel.
    const key = ctx.conversation.kind === 'direct' ? 'pulse.mine.invited' : 'pulse.mine.invitedInDirect';
    text = ctx.t.rich(key, { network: network.name, closes, title: ctx.t.text('pulse.invite.title', { network: network.name }) });
  } else {
    const session = pulse.sessionId ? await deps.sessions.get(pulse.sessionId) : undefined;
    join = session !== undefined && !network.closedAt && (await deps.service.declinedItsSession(pulse, network, ctx.actor.userId));
    text = join && session
      ? ctx.t.rich('pulse.mine.declined', { network: network.name, when: formatSessionMoment(session, ctx.lang, network.timeZone) })
      : ctx.t.rich('pulse.mine.notInvited', { network: network.name, closes });
  }
  await ctx.reply({
    summary: toPlainString(text),
    blocks: [
      { type: 'section', text },
      ...(join && pulse ? [{ type: 'actions' as const, buttons: [{ actionId: JOIN_ACTION, value: pulse.id, label: ctx.t.text('pulse.mine.joinButton') }] }] : []),
    ],
  });
}

/** While a pulse is open: when it closes, and for the leads how many answered (a count only, from 3 invitees). */
async function openPulseNote(ctx: CommandContext, deps: PulseCommandDeps, network: Network, pulse: PulseRecord): Promise<RichText> {
  const closes = formatDay(pulse.closesAt, network.timeZone, ctx.lang);
  const progress = (await deps.directory.canManage(network.id, ctx.actor.userId)) ? await responseProgress(deps.repo, pulse, ctx.t) : undefined;
  return progress ? ctx.t.rich('pulse.results.openNowProgress', { closes, progress }) : ctx.t.rich('pulse.results.openNow', { closes });
}

/**
 * Switching results to the channel also lets every member read the latest closed result with
 * `/liso pulse resultaten` from now on; the answer says so, with the date of that result.
 */
async function setChannel(ctx: CommandContext, deps: PulseCommandDeps): Promise<void> {
  const word = keywordOf(ctx.args[1]);
  const on = ON_WORDS.has(word) ? true : OFF_WORDS.has(word) ? false : undefined;
  if (on === undefined) throw new UserError('pulse.channel.usage');
  const network = await managedNetworkOf(ctx, deps.directory);
  const settings = await deps.repo.settings(network.id);
  await deps.repo.saveSettings(network.id, { ...settings, resultsInChannel: on });
  const latest = on ? (await deps.repo.resultsOf(network.id)).at(-1) : undefined;
  const key = !on ? 'pulse.channel.off' : latest ? 'pulse.channel.onWithLatest' : 'pulse.channel.on';
  const vars = { network: network.name, closed: latest ? formatDay(latest.closedAt, network.timeZone, ctx.lang) : '' };
  await ctx.reply({ summary: ctx.t.text(key, vars), blocks: [{ type: 'section', text: ctx.t.rich(key, vars) }] });
}

/** Lists the questions with their numbers; `aan|uit <nr>` switches one for the next pulses. */
async function questions(ctx: CommandContext, deps: PulseCommandDeps): Promise<void> {
  const network = await managedNetworkOf(ctx, deps.directory);
  const ids = [...deps.questions.statements.map((s) => s.id), OPEN_QUESTION_ID];
  const settings = await deps.repo.settings(network.id);
  const word = keywordOf(ctx.args[1]);
  if (word !== '') {
    const on = ON_WORDS.has(word) ? true : OFF_WORDS.has(word) ? false : undefined;
    const number = Number(ctx.args[2]);
    const id = Number.isInteger(number) ? ids[number - 1] : undefined;
    if (on === undefined || id === undefined) throw new UserError('pulse.questions.usage', { max: ids.length });
    const disabled = new Set(settings.disabled);
    if (on) disabled.delete(id);
    else disabled.add(id);
    const statementsLeft = deps.questions.statements.filter((s) => !disabled.has(s.id)).length;
    if (statementsLeft === 0) throw new UserError('pulse.questions.keepOne');
    settings.disabled = ids.filter((q) => disabled.has(q));
    await deps.repo.saveSettings(network.id, settings);
  }
  const items: RichText[] = ids.map((id) => {
    const text = id === OPEN_QUESTION_ID ? ctx.t.text(asPromptKey(deps.questions.open.text)) : ctx.t.text(asPromptKey(deps.questions.byId.get(id)!.label));
    return ctx.t.rich(settings.disabled.includes(id) ? 'pulse.questions.off' : 'pulse.questions.on', { text });
  });
  await ctx.reply({
    summary: ctx.t.text('pulse.questions.title', { network: network.name }),
    blocks: [
      { type: 'heading', text: ctx.t.text('pulse.questions.title', { network: network.name }) },
      { type: 'list', items, ordered: true },
      { type: 'context', text: ctx.t.rich('pulse.questions.hint') },
    ],
  });
}

/** Where forms are impossible: `/liso pulse antwoord <pulse>:<token> <tekst>` (the code from the invitation). */
async function typedOpenAnswer(ctx: CommandContext, deps: PulseCommandDeps): Promise<void> {
  const code = ctx.args[1] ?? '';
  if (code === '') throw new UserError('pulse.open.needsCode');
  const ref = parseBallotRef(code.split(':'));
  const pulse = ref ? await deps.repo.get(ref.pulseId) : undefined;
  if (!ref || !pulse || pulse.platform !== ctx.platform) throw new UserError('pulse.open.unknownPulse');
  const afterCode = ctx.rest.slice(ctx.rest.indexOf(code) + code.length);
  await keepOpenAnswer(ctx, deps.repo, ballotRef(ref), afterCode, { max: deps.questions.open.maxLength, typed: true, unread: ctx.unread ?? 0 });
}

/**
 * Keeps an open answer, from the form or typed: a longer one (a form the platform did not hold to its length, a
 * paste after the code) up to its last sentence end that fits, as a win is, and the person hears how long it was
 * and how much was kept. `unread`: characters typed after it that the core did not read.
 */
export async function keepOpenAnswer(
  ctx: Pick<CommandContext, 'actor' | 'now' | 'reply' | 't'>,
  repo: PulseRepository,
  ballot: string,
  answer: string,
  options: { max: number; typed: boolean; unread?: number },
): Promise<void> {
  // A paste of many pages is not scanned for sentence ends.
  const read = readUserText(answer, 10 * options.max);
  const text = cutAtSentence(read.text, options.max);
  await saveOpenAnswer(ctx, repo, ballot, text);
  if (text === read.text) return;
  const key = options.typed ? 'pulse.open.shortened' : 'pulse.open.shortenedForm';
  const counts = { length: typedLength(read.text, read.unread + (options.unread ?? 0)), kept: characterCount(text) };
  await ctx.reply({ summary: ctx.t.text(key, counts), blocks: [{ type: 'context', text: ctx.t.rich(key, counts) }] });
}

/** Stores an open answer on the actor's ballot and tells them. */
async function saveOpenAnswer(
  ctx: Pick<CommandContext, 'actor' | 'now' | 'reply' | 't'>,
  repo: PulseRepository,
  ballot: string,
  text: string,
): Promise<void> {
  const ref = parseBallotRef(ballot.split(':'));
  const pulse = ref ? await repo.get(ref.pulseId) : undefined;
  if (!ref || !pulse) throw new UserError('error.staleButton');
  answered(await repo.answerOpen(pulse, ctx.actor.userId, ref, text, ctx.now));
  const key = text === '' ? 'pulse.open.removed' : 'pulse.open.saved';
  await ctx.reply({ summary: ctx.t.text(key), blocks: [{ type: 'section', text: ctx.t.rich(key) }] });
}
