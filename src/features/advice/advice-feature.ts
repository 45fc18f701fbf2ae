// `/liso <vraag>`: answers from the handbook with the source named, or says honestly that the
// handbook does not cover it; `/liso` alone offers the stumbling blocks; `/liso vragen` shows
// the leads what the handbook could not answer.
import type { AdviceResult, AskOptions } from '../../advice/advice-engine.ts';
import type { ActionEvent } from '../../core/events.ts';
import type { CommandContext, Feature, InvocationContext } from '../../core/feature.ts';
import type { Lang } from '../../core/i18n.ts';
import { isLang } from '../../core/i18n.ts';
import { cleanUserText, truncate } from '../../core/sanitize.ts';
import { closestCommand } from '../../core/standard-messages.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { Network } from '../../domain/types.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { KnowledgeEntry } from '../../knowledge/schema.ts';
import { managedNetworkOf } from '../networks/network-context.ts';
import type { AdviceFeatureDeps } from './advice-deps.ts';
import { consentOf } from '../../core/conversation-words.ts';
import { hasWordsBeyondMarkup } from '../../core/markup-words.ts';
import type { HeldQuestion } from './advice-messages.ts';
import { abstentionMessage, privateKeepOffer } from './abstention-message.ts';
import { adviceActions, answerMessage, MAX_ECHOED_QUESTION, menuMessage, moreMessage } from './advice-messages.ts';
import { discardHeld, keepHeld, passOn } from './pass-on.ts';
import { questionsMessage } from './questions-report.ts';
import { formatMonth } from '../../core/coarse-time.ts';
import { decodeShown, encodeShown, shownPassages } from './shown-passages.ts';

/** Longer questions are cut before searching: the first few sentences carry the situation. */
export const MAX_QUESTION_LENGTH = 2_000;

export type { AdviceFeatureDeps };

export function createAdviceFeature(deps: AdviceFeatureDeps): Feature {
  const ask = (ctx: CommandContext, question: string, result?: AdviceResult) => answerQuestion(ctx, question, deps, result);
  return {
    name: 'advice',
    commands: [
      {
        name: 'struikelblokken',
        // '' makes a bare `/liso` open the menu instead of the help text.
        aliases: ['', 'menu', 'stumbling-blocks'],
        english: 'stumbling-blocks',
        summary: 'advice.menu.summary',
        usage: 'advice.menu.usage',
        async run(ctx) {
          // Shown as the introduction, the menu leaves the keep-or-not question open: a typed "nee" after it still answers it.
          if (!ctx.introduction) await deps.store.choiceMade(ctx.platform, ctx.actor.userId);
          await ctx.reply(menuMessage(deps.knowledge, ctx.t));
        },
      },
      {
        name: 'vraag',
        keepsWords: true,
        aliases: ['ask', 'advies', 'advice'],
        english: 'ask',
        summary: 'advice.ask.summary',
        usage: 'advice.ask.usage',
        async run(ctx) {
          if (ctx.rest === '') {
            await ctx.reply(menuMessage(deps.knowledge, ctx.t));
            return;
          }
          await ask(ctx, ctx.rest);
        },
      },
      {
        name: 'vragen',
        forLeads: true,
        aliases: ['questions', 'unanswered'],
        english: 'questions',
        summary: 'advice.questions.summary',
        usage: 'advice.questions.usage',
        async run(ctx) {
          const network = await managedNetworkOf(ctx, deps.directory);
          await ctx.reply(await questionsMessage(network, ctx.t, deps));
        },
      },
    ],
    // A typed "ja" or "nee" answers "Mag ik je vraag bewaren?" as its buttons do, while that is the latest question.
    async onMessage(ctx) {
      const consent = consentOf(ctx.text);
      const questionId = consent && (await deps.store.awaitedChoice(ctx.platform, ctx.actor.userId, ctx.conversation.id));
      if (!questionId) return false;
      await ctx.press({ actionId: consent === 'yes' ? adviceActions.keep : adviceActions.discard, value: questionId, label: consent });
      return true;
    },
    async fallback(ctx) {
      const question = cleanUserText(ctx.event.text, MAX_QUESTION_LENGTH);
      const result = deps.engine.ask(question, askOptions(ctx));
      // A mistyped command ("/liso sesie 2027-03-11", "tijdljin") or one word the handbook does not answer
      // ("/liso blah") is not a question: leave it to the router's "unknown command" answer with its
      // suggestion, even when the typo tolerance finds the command's word in the handbook.
      // Emoji, punctuation or chat markup alone ("/liso 😀", "/liso ???", "/liso <!here> `code`") is no command
      // either: the answer asks for words.
      const words = question.split(/\s+/).filter(Boolean);
      const wordless = !hasWordsBeyondMarkup(question);
      const mistypedCommand = words.length <= 3 && closestCommand(ctx.subcommand, deps.commandNames()) !== undefined;
      if (!wordless && (mistypedCommand || (result.abstained && words.length === 1))) return false;
      await ask(ctx, question, result);
      return true;
    },
    actions: [
      { prefix: adviceActions.topic, run: (ctx) => showTopic(ctx, deps) },
      { prefix: adviceActions.more, run: (ctx) => showMore(ctx, deps) },
      { prefix: adviceActions.feedback, run: (ctx) => rate(ctx, deps) },
      { prefix: adviceActions.pass, run: (ctx) => passOn(ctx, deps) },
      { prefix: adviceActions.keep, run: (ctx) => keepHeld(ctx, deps) },
      { prefix: adviceActions.discard, run: (ctx) => discardHeld(ctx, deps) },
    ],
    async personalData(person, t) {
      const passed = await deps.store.passedBy(person.platform, person.userId);
      if (passed.length === 0) return [];
      const lines: string[] = [];
      for (const q of passed) {
        // The month is kept in the network's zone: read in another, its start would be the month before.
        const zone = (await deps.directory.get(q.networkId))?.timeZone ?? 'UTC';
        lines.push(t.text('advice.privacy.passed', { date: formatMonth(q.passed?.at ?? q.askedAt, zone, t.lang), question: truncate(q.text, MAX_ECHOED_QUESTION) }));
      }
      return [{ title: t.text('advice.privacy.title'), lines }];
    },
    forgetPerson: (person) => deps.store.forget(person.platform, person.userId),
    // A question passed on went to the procesbegeleider under a key naming the question.
    async forgetNetwork(network, erasure) {
      await erasure.eraseDeliveriesNaming(await deps.store.questionIdsOf(network.id));
      await deps.store.forgetNetwork(network.id);
    },
  };
}

async function answerQuestion(ctx: CommandContext, question: string, deps: AdviceFeatureDeps, known?: AdviceResult): Promise<void> {
  const text = cleanUserText(question, MAX_QUESTION_LENGTH);
  if (!hasWordsBeyondMarkup(text)) {
    await ctx.reply(abstentionMessage(ctx.t, { question: '', closest: [], interactive: true, noWords: true }));
    return;
  }
  const result = known ?? deps.engine.ask(text, askOptions(ctx));
  const t = ctx.translator(result.lang);
  const network = await networkInContext(ctx, deps.directory);
  const answered = !result.abstained && result.best ? result.best.entry : undefined;
  const closest = result.alternatives.map((a) => a.entry);
  // A refusal or a partial answer found a gap in the handbook. The question is held without a name, and only until
  // the asker chooses: kept for the leads, passed on, or dropped.
  const gap = !answered || result.partial;
  const heldQuestion = gap && network
    ? await deps.store.holdQuestion({ networkId: network.id, text: truncate(text, MAX_ECHOED_QUESTION), lang: t.lang, askedAt: ctx.now, closest: [...(answered ? [answered] : []), ...closest].map((e) => e.id) })
    : undefined;
  const held: HeldQuestion | undefined = heldQuestion && network ? { networkName: network.name, questionId: heldQuestion.id } : undefined;
  // The keep question is now the latest the asker was asked; any other answer replaces it.
  if (heldQuestion) await deps.store.awaitChoice(ctx.platform, ctx.actor.userId, ctx.conversation.id, heldQuestion);
  else await deps.store.choiceMade(ctx.platform, ctx.actor.userId);
  // A mention is answered where the channel reads it: the question (it may tell about a neighbour by name), what it
  // names and whether to keep it go to the asker alone (ephemeral where the platform has it, else a DM).
  const privately = ctx.repliesVisibly ? ctx.replyPrivately : undefined;
  const visible = privately !== undefined;
  const offerPrivately = async () => {
    if (privately && held) await privately(privateKeepOffer(t, text, held, result.missing));
  };
  if (answered) {
    const shown = shownPassages(answered, t.lang, result.relevance, result.asksWorkForms);
    const focused = encodeShown(shown, answered, t.lang) !== undefined;
    const saved = await deps.store.saveAnswer({ topic: answered.id, lang: t.lang, at: ctx.now, ...(network ? { networkId: network.id } : {}), ...(held ? { held } : {}), ...(focused ? { shown } : {}) });
    // The log carries who asked: for a question held without a name, no topic that would tie it to its stored copy.
    ctx.log.info(held ? { held: true } : { topic: answered.id, score: Math.round(result.best!.score * 1000) / 1000 }, 'advice answered');
    await ctx.reply(
      answerMessage(answered, deps.knowledge, t, {
        interactive: true,
        answerId: saved.answerId,
        ...(result.partial && !visible ? { missing: result.missing } : {}),
        ...(result.second ? { second: result.second.entry } : {}),
        alternatives: closest,
        shown,
        ...(held && !visible ? { held } : {}),
      }),
    );
    await offerPrivately();
    return;
  }
  ctx.log.info(held ? { held: true } : { closest: closest.map((e) => e.id) }, 'advice abstained');
  await ctx.reply(abstentionMessage(t, { question: text, closest, interactive: true, missing: result.missing, ...(held ? { held } : {}), ...(visible ? { visible } : {}) }));
  await offerPrivately();
}

/** The asker's language, and their own name: "Henk" in Henk's question is who asks, not what the handbook lacks. */
function askOptions(ctx: InvocationContext): AskOptions {
  return { preferredLang: ctx.lang, ...(ctx.actor.displayName ? { people: [ctx.actor.displayName] } : {}) };
}

/** The network a question belongs to, if it is clear: the channel's, or the asker's only one. */
async function networkInContext(ctx: InvocationContext, directory: NetworkDirectory): Promise<Network | undefined> {
  if (ctx.conversation.kind === 'channel') return directory.byChannel(ctx.platform, ctx.conversation.id);
  const mine = (await directory.ofPerson(ctx.platform, ctx.actor.userId)).filter((n) => n.platform === ctx.platform);
  return mine.length === 1 ? mine[0] : undefined;
}

/** A topic button or menu value: `<entry id>`, `<entry id>:<lang>`, or (more tips) `<entry id>:<lang>:<shown passages>`. */
function topicFrom(value: string, fallbackLang: Lang, kb: KnowledgeBase): { entry: KnowledgeEntry; lang: Lang; shown?: string } {
  const [id = '', lang = '', shown] = value.split(':');
  const entry = kb.byId.get(id);
  if (!entry) throw new UserError('advice.topic.unknown');
  return { entry, lang: isLang(lang) ? lang : fallbackLang, ...(shown ? { shown } : {}) };
}

async function showTopic(ctx: InvocationContext<ActionEvent>, deps: AdviceFeatureDeps): Promise<void> {
  const { entry, lang } = topicFrom(ctx.event.value, ctx.lang, deps.knowledge);
  await deps.store.choiceMade(ctx.platform, ctx.actor.userId);
  const network = await networkInContext(ctx, deps.directory);
  const saved = await deps.store.saveAnswer({ topic: entry.id, lang, at: ctx.now, ...(network ? { networkId: network.id } : {}) });
  await ctx.reply(answerMessage(entry, deps.knowledge, deps.translator(lang), { interactive: true, answerId: saved.answerId }));
}

async function showMore(ctx: InvocationContext<ActionEvent>, deps: AdviceFeatureDeps): Promise<void> {
  const { entry, lang, shown } = topicFrom(ctx.event.value, ctx.lang, deps.knowledge);
  await ctx.reply(moreMessage(entry, deps.knowledge, deps.translator(lang), decodeShown(shown, entry, lang)));
}

async function rate(ctx: InvocationContext<ActionEvent>, deps: AdviceFeatureDeps): Promise<void> {
  const [answerId = '', verdict] = ctx.event.value.split(':');
  const answer = await deps.store.answer(answerId);
  const entry = answer && deps.knowledge.byId.get(answer.topic);
  if (!answer || !entry || (verdict !== 'yes' && verdict !== 'no')) throw new UserError('error.staleButton');
  await deps.store.rate(answer, verdict === 'yes', ctx.now);
  const t = deps.translator(answer.lang);
  if (ctx.responder.updateSource) {
    // A partial answer keeps its keep-or-not buttons while the question is still held.
    const held = answer.held && (await deps.store.heldQuestion(answer.held.questionId)) ? { held: answer.held } : {};
    const shown = answer.shown ? { shown: answer.shown } : {};
    await ctx.responder.updateSource(answerMessage(entry, deps.knowledge, t, { interactive: true, answerId, rated: verdict, ...held, ...shown }));
  } else {
    await ctx.reply({ summary: t.text('advice.answer.helpfulQuestion'), blocks: [{ type: 'section', text: t.rich(verdict === 'yes' ? 'advice.answer.ratedHelpful' : 'advice.answer.ratedNotHelpful') }] });
  }
}
