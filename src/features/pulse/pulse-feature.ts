// The pulse feature: anonymous pulse checks after sessions, safe for groups of 5 to 20 people.
import type { ActionEvent, FormEvent } from '../../core/events.ts';
import type { Feature, InvocationContext } from '../../core/feature.ts';
import type { Block } from '../../core/message.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import { isHeld, keepOpenAnswer, mayReadResults, reportStart, runPulseCommand, showClosedResult } from './pulse-commands.ts';
import type { BallotRef } from './ballot.ts';
import { ballotRef, parseBallotRef } from './ballot.ts';
import {
  ACTION_PREFIX,
  ANONYMITY_ACTION,
  JOIN_ACTION,
  OPEN_ACTION,
  OPEN_FORM_ID,
  PREVIOUS_ACTION,
  START_ACTION,
  VOTE_ACTION,
  WITHDRAW_ACTION,
  anonymityMessage,
  formatDay,
  inviteMessage,
} from './pulse-messages.ts';
import type { PulseRepository } from './pulse-repository.ts';
import type { PulseConfig, PulseService } from './pulse-service.ts';
import type { LoadedQuestionSet } from './question-set.ts';
import { asPromptKey } from './question-set.ts';
import { isScore } from './tally.ts';
import type { BallotAnswers } from './ballot-box.ts';
import type { PulseRecord } from './pulse-types.ts';
import { answered, responseProgress } from './pulse-outcomes.ts';
import { pulseDeliveryKeys } from './pulse-keys.ts';
import { answerTypedScores } from './typed-scores.ts';

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
    commands: [{ name: 'pulse', aliases: ['peiling'], forLeads: true, summary: 'pulse.summary', usage: 'pulse.usage', run: (ctx) => runPulseCommand(ctx, deps) }],
    actions: [
      {
        prefix: ACTION_PREFIX,
        // Answering, opening the open question and erasing one's answers; each is the same when repeated.
        // "Hoe anoniem is dit?" too: when someone read it says when they had the invitation open.
        traceless: (actionId) => actionId === VOTE_ACTION || actionId === OPEN_ACTION || actionId === WITHDRAW_ACTION || actionId === ANONYMITY_ACTION,
        async run(ctx) {
          switch (ctx.event.actionId) {
            case START_ACTION:
              return startFromButton(ctx, deps);
            case VOTE_ACTION:
              return vote(ctx, deps);
            case OPEN_ACTION:
              return openQuestion(ctx, deps);
            case WITHDRAW_ACTION:
              return withdraw(ctx, deps);
            case ANONYMITY_ACTION:
              return ctx.reply(anonymityMessage(ctx.t, deps.config));
            case PREVIOUS_ACTION:
              return previousResult(ctx, deps);
            case JOIN_ACTION:
              return join(ctx, deps);
            default:
              throw new UserError('error.staleButton');
          }
        },
      },
    ],
    forms: [
      {
        formId: OPEN_FORM_ID,
        traceless: true,
        run: (ctx: InvocationContext<FormEvent>) =>
          keepOpenAnswer(ctx, deps.repo, ctx.event.context, ctx.event.values['answer'] ?? '', { max: deps.questions.open.maxLength, typed: false }),
      },
    ],
    onMessage: (ctx) => answerTypedScores(ctx, deps),
    tick: (now) => deps.service.tick(now),
    nextDue: (now) => deps.service.nextDue(now),
    async personalData(person, t) {
      const lines: string[] = [];
      for (const id of await deps.repo.activeIds()) {
        const state = await deps.repo.state(id);
        if (!state || state.closing || state.pulse.platform !== person.platform) continue;
        if (!(await deps.repo.isInvited(id, person.userId))) continue;
        const network = await deps.directory.get(state.pulse.networkId);
        lines.push(t.text('pulse.privacy.invited', { network: network?.name ?? '?', closes: formatDay(state.pulse.closesAt, network?.timeZone ?? 'UTC', t.lang) }));
      }
      return lines.length > 0 ? [{ title: t.text('pulse.privacy.title'), lines: [...lines, t.text('pulse.privacy.howStored')] }] : [];
    },
    async forgetPerson(person) {
      await deps.repo.forget(person.platform, person.userId);
    },
    // Invitations, reminders and results name their pulse in their Delivery key; the records go before the pulses.
    async forgetNetwork(network, erasure) {
      const pulseIds = await deps.repo.idsOf(network.id);
      await erasure.eraseDeliveriesNaming(pulseIds);
      await erasure.eraseDeliveries(pulseIds.map(pulseDeliveryKeys.resultsChannel));
      await deps.repo.forgetNetwork(network.id, network.sessionIds);
    },
    async homeBlocks(person, t) {
      const blocks: Block[] = [];
      for (const network of await deps.directory.ofPerson(person.platform, person.userId)) {
        if (network.platform !== person.platform) continue;
        const open = await deps.repo.openOf(network.id);
        const openNow = open && !open.closing ? open : undefined;
        if (openNow && (await deps.repo.isInvited(openNow.pulse.id, person.userId))) {
          blocks.push({ type: 'context', text: t.rich('pulse.home.open', { network: network.name, closes: formatDay(openNow.pulse.closesAt, network.timeZone, t.lang) }) });
        }
        if (await deps.directory.canManage(network.id, person.userId)) {
          const progress = openNow ? await responseProgress(deps.repo, openNow.pulse, t) : undefined;
          if (progress) blocks.push({ type: 'context', text: t.rich('pulse.home.progress', { network: network.name, progress }) });
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
  if (network.closedAt) throw new UserError('network.closed.refused', { network: network.name });
  if (!(await deps.directory.canManage(network.id, ctx.actor.userId))) throw new UserError('permission.leadsOnly', { network: network.name });
  const session = await deps.sessions.get(sessionId);
  if (session?.networkId !== network.id) throw new UserError('error.staleButton');
  if (!isHeld(session, ctx.now)) throw new UserError('pulse.start.sessionNotHeld', { network: network.name });
  await reportStart(ctx, network, await deps.service.start(network, session.id, ctx.now));
}

/** "Vorige uitslag" under the note on an open pulse (value: the network id): the latest closed result, under the same rule as the command. */
async function previousResult(ctx: InvocationContext<ActionEvent>, deps: PulseFeatureDeps): Promise<void> {
  const network = await deps.directory.get(ctx.event.value);
  if (!network || network.platform !== ctx.platform) throw new UserError('error.staleButton');
  await mayReadResults(ctx, deps, network);
  await showClosedResult(ctx, deps, network);
}

/** "Ik was er toch bij" (value: the pulse id): who said "Ik kan niet" and came after all gets the questions. */
async function join(ctx: InvocationContext<ActionEvent>, deps: PulseFeatureDeps): Promise<void> {
  const pulse = await deps.repo.get(ctx.event.value);
  const network = pulse ? await deps.directory.get(pulse.networkId) : undefined;
  if (!pulse || !network || pulse.platform !== ctx.platform) throw new UserError('error.staleButton');
  const vars = { network: network.name, closes: formatDay(pulse.closesAt, network.timeZone, ctx.lang), title: ctx.t.text('pulse.invite.title', { network: network.name }) };
  switch (await deps.service.join(pulse, network, ctx.actor.userId, ctx.now)) {
    case 'closed':
      throw new UserError('pulse.vote.closed');
    case 'notDeclined':
      throw new UserError('pulse.mine.notInvited', vars);
    case 'unreachable':
      throw new UserError('pulse.join.unreachable', vars);
    case 'alreadyInvited':
      return ctx.reply({ summary: ctx.t.text('pulse.mine.invited', vars), blocks: [{ type: 'section', text: ctx.t.rich('pulse.mine.invited', vars) }] });
    case 'joined':
      return ctx.reply({ summary: ctx.t.text('pulse.join.done', vars), blocks: [{ type: 'section', text: ctx.t.rich('pulse.join.done', vars) }] });
  }
}

/** A press of 1-5 (value `<pulse>:<token>:<question>:<score>`): stores or replaces the answer on the presser's ballot. */
async function vote(ctx: InvocationContext<ActionEvent>, deps: PulseFeatureDeps): Promise<void> {
  const parts = ctx.event.value.split(':');
  const { pulse, ref } = await pressedBallot(ctx, deps, parts);
  const questionId = parts[2] ?? '';
  const score = Number(parts[3]);
  if (!isScore(score)) throw new UserError('error.staleButton');
  const answers = answered(await deps.repo.answer(pulse, ctx.actor.userId, ref, questionId, score, ctx.now));
  const statement = deps.questions.byId.get(questionId)!;
  if (await showOnInvitation(ctx, deps, pulse, ref, answers)) return;
  const vars = { score, statement: ctx.t.text(asPromptKey(statement.label)) };
  await ctx.reply({ summary: ctx.t.text('pulse.vote.saved', vars), blocks: [{ type: 'section', text: ctx.t.rich('pulse.vote.saved', vars) }] });
}

/** "Wis mijn antwoorden": empties the presser's ballot; they may answer again until the close. */
async function withdraw(ctx: InvocationContext<ActionEvent>, deps: PulseFeatureDeps): Promise<void> {
  const { pulse, ref } = await pressedBallot(ctx, deps, ctx.event.value.split(':'));
  const answers = answered(await deps.repo.withdraw(pulse, ctx.actor.userId, ref, ctx.now));
  if (await showOnInvitation(ctx, deps, pulse, ref, answers)) return;
  await ctx.reply({ summary: ctx.t.text('pulse.withdraw.done'), blocks: [{ type: 'section', text: ctx.t.rich('pulse.withdraw.done') }] });
}

/**
 * Marks on the buttons show the person's answers, so only a message in their own direct
 * conversation is updated (with the same token, which the press carried); elsewhere the caller
 * confirms privately instead.
 */
async function showOnInvitation(ctx: InvocationContext<ActionEvent>, deps: PulseFeatureDeps, pulse: PulseRecord, ref: BallotRef, current: BallotAnswers): Promise<boolean> {
  const network = await deps.directory.get(pulse.networkId);
  if (!ctx.responder.updateSource || !network || ctx.conversation.kind !== 'direct') return false;
  await ctx.responder.updateSource(
    inviteMessage({ t: ctx.t, pulse, networkName: network.name, timeZone: network.timeZone, questions: deps.questions, token: ref.token, current }),
  );
  return true;
}

/** The open question: a form where the platform has forms, else how to answer by command. */
async function openQuestion(ctx: InvocationContext<ActionEvent>, deps: PulseFeatureDeps): Promise<void> {
  const { pulse, ref } = await pressedBallot(ctx, deps, ctx.event.value.split(':'));
  if (!pulse.openQuestion) throw new UserError('error.staleButton');
  const earlier = answered(await deps.repo.ballot(pulse, ctx.actor.userId, ref, ctx.now)).open;
  const question = ctx.t.text(asPromptKey(deps.questions.open.text));
  if (!ctx.responder.openForm) {
    const vars = { question, command: `/liso pulse antwoord ${ballotRef(ref)} …` };
    await ctx.reply({ summary: ctx.t.text('pulse.open.byCommand', vars), blocks: [{ type: 'section', text: ctx.t.rich('pulse.open.byCommand', vars) }] });
    return;
  }
  await ctx.responder.openForm({
    formId: OPEN_FORM_ID,
    title: ctx.t.text('pulse.open.formTitle'),
    submitLabel: ctx.t.text('pulse.open.submit'),
    context: ballotRef(ref),
    // The context is a ballot and the initial value an answer: an adapter must not keep either.
    secret: true,
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

/** The pulse and ballot a pressed button names; buttons of invitations from before ballots are refused with a word of why. */
async function pressedBallot(ctx: InvocationContext<ActionEvent>, deps: PulseFeatureDeps, parts: readonly string[]): Promise<{ pulse: PulseRecord; ref: BallotRef }> {
  const ref = parseBallotRef(parts);
  const pulse = ref ? await deps.repo.get(ref.pulseId) : await deps.repo.get(parts[0] ?? '');
  if (!pulse || pulse.platform !== ctx.platform) throw new UserError('error.staleButton');
  // Invitations from before ballots carried `<pulse>` and `<pulse>:<question>:<score>`.
  if (!ref) throw new UserError(parts.length === 1 || parts.length === 3 ? 'pulse.vote.oldInvitation' : 'pulse.vote.invalidBallot');
  return { pulse, ref };
}
