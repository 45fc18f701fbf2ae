// "4" or "4 4 3 5 4 4" typed in a direct message while a pulse waits for the person's answers: the
// scores belong to statements only the invitation's buttons name, so the bot points there rather
// than pick a handbook topic or offer to keep "4 4 3" as a question.
import type { MessageContext } from '../../core/feature.ts';
import { textMessage } from '../../core/standard-messages.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import { formatDay } from './pulse-messages.ts';
import type { PulseRepository } from './pulse-repository.ts';

// Scores 1 to 5, one or several, apart by spaces or commas; a full stop may close them.
const TYPED_SCORES = /^[1-5](?:[\s,;]+[1-5])*[.!]?$/;

/** Answers typed scores with a pointer to the open pulse's buttons; false when the message is something else. */
export async function answerTypedScores(ctx: MessageContext, deps: { repo: PulseRepository; directory: NetworkDirectory }): Promise<boolean> {
  if (ctx.conversation.kind !== 'direct' || !TYPED_SCORES.test(ctx.text.trim())) return false;
  // One number right after an answer that offered choices picks one of them (the conversation feature).
  const several = /[\s,;]/.test(ctx.text.trim());
  if (!several && ctx.offers.length > 0) return false;
  for (const network of await deps.directory.ofPerson(ctx.platform, ctx.actor.userId)) {
    if (network.platform !== ctx.platform) continue;
    const open = await deps.repo.openOf(network.id);
    if (!open || open.closing || !(await deps.repo.isInvited(open.pulse.id, ctx.actor.userId))) continue;
    await ctx.reply(textMessage(ctx.t, 'pulse.typedScores', { network: network.name, closes: formatDay(open.pulse.closesAt, network.timeZone, ctx.lang) }));
    return true;
  }
  return false;
}
