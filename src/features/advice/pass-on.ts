// The asker's choice for a question the handbook could not answer: keep it (without a name) for the
// leads, drop it, or pass it to the network's procesbegeleider (or, without one, the trekker), with
// the asker's name only when they chose so.
import type { ActionEvent } from '../../core/events.ts';
import type { InvocationContext } from '../../core/feature.ts';
import type { Translator } from '../../core/i18n.ts';
import type { Block, Message } from '../../core/message.ts';
import { mention } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import type { Network } from '../../domain/types.ts';
import type { AdviceFeatureDeps } from './advice-deps.ts';
import type { UnansweredQuestion } from './advice-store.ts';

/** "Bewaar zonder naam": the held question joins the network's list of unanswered questions. */
export async function keepHeld(ctx: InvocationContext<ActionEvent>, deps: AdviceFeatureDeps): Promise<void> {
  const questionId = ctx.event.value;
  await deps.store.choiceMade(ctx.platform, ctx.actor.userId, questionId);
  const kept = await deps.store.keepQuestion(questionId);
  if (!kept) throw new UserError((await deps.store.question(questionId)) ? 'advice.keep.already' : 'advice.pass.gone');
  const network = await deps.directory.get(kept.networkId);
  if (!network) throw new UserError('advice.pass.gone');
  await deps.store.eraseChoiceHistory();
  await ctx.reply({ summary: ctx.t.text('advice.keep.done', { network: network.name }), blocks: [{ type: 'section', text: ctx.t.rich('advice.keep.done', { network: network.name }) }] });
}

/** "Niet bewaren": the held question is forgotten at once. */
export async function discardHeld(ctx: InvocationContext<ActionEvent>, deps: AdviceFeatureDeps): Promise<void> {
  await deps.store.dropHeld(ctx.event.value);
  await deps.store.choiceMade(ctx.platform, ctx.actor.userId, ctx.event.value);
  await deps.store.eraseChoiceHistory();
  await ctx.reply({ summary: ctx.t.text('advice.discard.done'), blocks: [{ type: 'section', text: ctx.t.rich('advice.discard.done') }] });
}

export async function passOn(ctx: InvocationContext<ActionEvent>, deps: AdviceFeatureDeps): Promise<void> {
  const [questionId = '', mode] = ctx.event.value.split(':');
  await deps.store.choiceMade(ctx.platform, ctx.actor.userId, questionId);
  // A held question is kept first (the asker chose to pass it on); one kept earlier is passed as it is.
  const question = (await deps.store.question(questionId)) ?? (await deps.store.keepQuestion(questionId));
  const network = question && (await deps.directory.get(question.networkId));
  if (!question || !network) throw new UserError('advice.pass.gone');
  if (question.passed) throw new UserError('advice.pass.already');
  let recipients = await deps.directory.holders(network.id, 'procesbegeleider');
  const asTrekker = recipients.length === 0;
  if (asTrekker) recipients = await deps.directory.holders(network.id, 'trekker');
  if (recipients.length === 0) throw new UserError('advice.pass.nobody', { network: network.name });
  const anonymous = mode !== 'named';
  const passed = { at: ctx.now, anonymous, ...(anonymous ? {} : { platform: ctx.platform, userId: ctx.actor.userId, displayName: ctx.actor.displayName }) };
  const names: string[] = [];
  const messages: Array<Parameters<typeof deps.delivery.send>> = [];
  for (const userId of recipients) {
    const name = await deps.people.displayName(network.platform, userId);
    names.push(name);
    const t = deps.translator(await deps.langOf(network.platform, userId));
    messages.push([
      `advice-pass:${question.id}:${deps.personKeys.of(network.platform, userId)}`,
      {
        kind: 'direct',
        platform: network.platform,
        userId,
        fallback: { channelId: network.channelId, message: { summary: t.text('advice.pass.message.hint'), blocks: [{ type: 'section', text: t.rich('advice.pass.fallback', { user: mention(userId, name) }) }] } },
      },
      passedQuestionMessage(network, question, passed, asTrekker, t),
      // Once sent, its record keeps the month, not the moment of the press (which would point at the asker).
      { coarseTimesIn: network.timeZone },
    ]);
  }
  // Passed on and the messages owed in one commit; sent at once after it.
  if (!(await deps.store.markPassed(question, passed, messages.flatMap((m) => deps.delivery.pendingWrites(...m))))) throw new UserError('advice.pass.already');
  try {
    for (const message of messages) await deps.delivery.send(...message);
  } finally {
    // After the sends: the log then holds neither the earlier versions (the held question, whom it was asked of)
    // nor the records' versions with the moment, written while they were sent.
    await deps.store.eraseChoiceHistory();
  }
  await ctx.reply({
    summary: ctx.t.text(anonymous ? 'advice.pass.doneAnonymous' : 'advice.pass.doneNamed', { recipients: names.join(', ') }),
    blocks: [{ type: 'section', text: ctx.t.rich(anonymous ? 'advice.pass.doneAnonymous' : 'advice.pass.doneNamed', { recipients: names.join(', ') }) }],
  });
}

function passedQuestionMessage(network: Network, question: UnansweredQuestion, passed: NonNullable<UnansweredQuestion['passed']>, asTrekker: boolean, t: Translator): Message {
  const blocks: Block[] = [
    { type: 'heading', text: t.text('advice.pass.message.title', { network: network.name }) },
    { type: 'section', text: t.rich('advice.pass.message.question', { question: question.text }) },
    {
      type: 'context',
      text: passed.anonymous || !passed.userId
        ? t.rich('advice.pass.message.anonymous')
        : t.rich('advice.pass.message.from', { user: mention(passed.userId, passed.displayName ?? passed.userId) }),
    },
  ];
  if (asTrekker) blocks.push({ type: 'context', text: t.rich('advice.pass.message.asTrekker') });
  blocks.push({ type: 'context', text: t.rich('advice.pass.message.hint') });
  return { summary: t.text('advice.pass.message.title', { network: network.name }), blocks };
}
