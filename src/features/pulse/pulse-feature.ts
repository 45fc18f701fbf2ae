// The pulse feature: anonymous pulse checks after sessions, safe for groups of 5 to 20 people.
import type { ActionEvent, FormEvent } from '../../core/events.ts';
import type { Feature, InvocationContext } from '../../core/feature.ts';
import type { Block } from '../../core/message.ts';
import { cleanUserText } from '../../core/sanitize.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import { reportStart, runPulseCommand, saveOpenAnswer } from './pulse-commands.ts';
import { ACTION_PREFIX, OPEN_ACTION, OPEN_FORM_ID, START_ACTION, VOTE_ACTION, formatDay, inviteMessage } from './pulse-messages.ts';
import type { PulseRepository } from './pulse-repository.ts';
import type { PulseConfig, PulseService } from './pulse-service.ts';
import type { LoadedQuestionSet } from './question-set.ts';
import { asPromptKey } from './question-set.ts';
import { isScore } from './tally.ts';

export interface PulseFeatureDeps {
  service: PulseService;
  repo: PulseRepository;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  questions: LoadedQuestionSet;
  config: PulseConfig;
}

export function createPulseFeature(deps: PulseFeatureDeps): Feature {
  return {
    name: 'pulse',
    commands: [{ name: 'pulse', aliases: ['peiling'], summary: 'pulse.summary', usage: 'pulse.usage', run: (ctx) => runPulseCommand(ctx, deps) }],
    actions: [
      {
        prefix: ACTION_PREFIX,
        async run(ctx) {
          switch (ctx.event.actionId) {
            case START_ACTION:
              return startFromButton(ctx, deps);
            case VOTE_ACTION:
              return vote(ctx, deps);
            case OPEN_ACTION:
              return openQuestion(ctx, deps);
            default:
              throw new UserError('error.staleButton');
          }
        },
      },
    ],
    forms: [
      {
        formId: OPEN_FORM_ID,
        run: (ctx: InvocationContext<FormEvent>) =>
          saveOpenAnswer(ctx, deps.repo, ctx.event.context, cleanUserText(ctx.event.values['answer'] ?? '', deps.questions.open.maxLength)),
      },
    ],
    tick: (now) => deps.service.tick(now),
    nextDue: (now) => deps.service.nextDue(now),
    async personalData(person, t) {
      const lines: string[] = [];
      for (const id of await deps.repo.activeIds()) {
        const state = await deps.repo.state(id);
        if (!state || state.closing || state.pulse.platform !== person.platform) continue;
        if (!(await deps.repo.invitees(id)).includes(person.userId)) continue;
        const network = await deps.directory.get(state.pulse.networkId);
        const voter = await deps.repo.voterOf(id, person.platform, person.userId);
        const answers = voter ? await deps.repo.answersOf(state.pulse, voter) : { scores: {} };
        lines.push(
          t.text('pulse.privacy.invited', {
            network: network?.name ?? '?',
            closes: formatDay(state.pulse.closesAt, network?.timeZone ?? 'UTC', t.lang),
            answered: Object.keys(answers.scores).length,
            total: state.pulse.questionIds.length,
            open: t.text(answers.open ? 'pulse.privacy.withOpen' : 'pulse.privacy.withoutOpen'),
          }),
        );
      }
      return lines.length > 0 ? [{ title: t.text('pulse.privacy.title'), lines: [...lines, t.text('pulse.privacy.howStored')] }] : [];
    },
    async forgetPerson(person) {
      await deps.repo.forget(person.platform, person.userId);
    },
    async homeBlocks(person, t) {
      const blocks: Block[] = [];
      for (const network of await deps.directory.ofPerson(person.platform, person.userId)) {
        if (network.platform !== person.platform) continue;
        const open = await deps.repo.openOf(network.id);
        if (open && !open.closing && (await deps.repo.invitees(open.pulse.id)).includes(person.userId)) {
          blocks.push({ type: 'context', text: t.rich('pulse.home.open', { network: network.name, closes: formatDay(open.pulse.closesAt, network.timeZone, t.lang) }) });
        }
        if (await deps.directory.canManage(network.id, person.userId)) {
          const latest = (await deps.repo.resultsOf(network.id)).at(-1);
          if (latest) {
            blocks.push({
              type: 'context',
              text: t.rich('pulse.home.latest', { network: network.name, respondents: latest.respondents, invited: latest.invited, closed: formatDay(latest.closedAt, network.timeZone, t.lang) }),
            });
          }
        }
      }
      return blocks;
    },
  };
}

/** The "Ervaring deelnemers checken" nudge's button: value `<networkId>:<sessionId>`. */
async function startFromButton(ctx: InvocationContext<ActionEvent>, deps: PulseFeatureDeps): Promise<void> {
  const [networkId = '', sessionId = ''] = ctx.event.value.split(':');
  const network = await deps.directory.get(networkId);
  if (!network || network.platform !== ctx.platform) throw new UserError('error.staleButton');
  if (!(await deps.directory.canManage(network.id, ctx.actor.userId))) throw new UserError('permission.leadsOnly', { network: network.name });
  const session = sessionId ? await deps.sessions.get(sessionId) : undefined;
  if (sessionId && session?.networkId !== network.id) throw new UserError('error.staleButton');
  await reportStart(ctx, network, await deps.service.start(network, session?.id, ctx.now));
}

/** A press of 1-5: stores or replaces the answer, then shows the person their current choices. */
async function vote(ctx: InvocationContext<ActionEvent>, deps: PulseFeatureDeps): Promise<void> {
  const [pulseId = '', questionId = '', scoreText = ''] = ctx.event.value.split(':');
  const score = Number(scoreText);
  const pulse = await deps.repo.get(pulseId);
  if (!pulse || pulse.platform !== ctx.platform || !isScore(score)) throw new UserError('error.staleButton');
  const outcome = await deps.repo.answer(pulse, ctx.actor.userId, questionId, score, ctx.now);
  if (!outcome.ok) {
    if (outcome.reason === 'unknownQuestion') throw new UserError('error.staleButton');
    throw new UserError(outcome.reason === 'closed' ? 'pulse.vote.closed' : 'pulse.vote.notInvited');
  }
  const network = await deps.directory.get(pulse.networkId);
  const current = await deps.repo.answersOf(pulse, outcome.voter);
  const statement = deps.questions.byId.get(questionId)!;
  // Marks on the buttons show the person's answers, so only a message in their own direct
  // conversation is updated; anywhere else the confirmation goes to them privately.
  if (ctx.responder.updateSource && network && ctx.conversation.kind === 'direct') {
    await ctx.responder.updateSource(
      inviteMessage({ t: ctx.t, pulse, networkName: network.name, timeZone: network.timeZone, questions: deps.questions, thresholds: deps.config, current }),
    );
    return;
  }
  const vars = { score, statement: ctx.t.text(asPromptKey(statement.label)) };
  await ctx.reply({ summary: ctx.t.text('pulse.vote.saved', vars), blocks: [{ type: 'section', text: ctx.t.rich('pulse.vote.saved', vars) }] });
}

/** The open question: a form where the platform has forms, else how to answer by command. */
async function openQuestion(ctx: InvocationContext<ActionEvent>, deps: PulseFeatureDeps): Promise<void> {
  const pulse = await deps.repo.get(ctx.event.value);
  if (!pulse || pulse.platform !== ctx.platform || !pulse.openQuestion) throw new UserError('error.staleButton');
  const voter = await deps.repo.voterOf(pulse.id, pulse.platform, ctx.actor.userId);
  if (voter === undefined || (await deps.repo.isClosing(pulse.id)) || ctx.now >= pulse.closesAt) throw new UserError('pulse.vote.closed');
  if (!(await deps.repo.invitees(pulse.id)).includes(ctx.actor.userId)) throw new UserError('pulse.vote.notInvited');
  const question = ctx.t.text(asPromptKey(deps.questions.open.text));
  if (!ctx.responder.openForm) {
    const vars = { question, command: `/liso pulse antwoord ${pulse.id} …` };
    await ctx.reply({ summary: ctx.t.text('pulse.open.byCommand', vars), blocks: [{ type: 'section', text: ctx.t.rich('pulse.open.byCommand', vars) }] });
    return;
  }
  const earlier = (await deps.repo.answersOf(pulse, voter)).open;
  await ctx.responder.openForm({
    formId: OPEN_FORM_ID,
    title: ctx.t.text('pulse.open.formTitle'),
    submitLabel: ctx.t.text('pulse.open.submit'),
    context: pulse.id,
    fields: [
      {
        id: 'answer',
        label: question,
        kind: 'multiline',
        required: false,
        maxLength: deps.questions.open.maxLength,
        placeholder: ctx.t.text('pulse.open.placeholder'),
        ...(earlier ? { initialValue: earlier } : {}),
      },
    ],
  });
}
