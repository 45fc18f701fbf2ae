// "4", "4 4 3 5 4 4" or "eens" typed in a direct message while a pulse waits for the person's answers: the
// scores belong to statements only the invitation's buttons name, so the bot points there rather
// than pick a handbook topic or offer to keep "4 4 3" as a question.
import type { MessageContext } from '../../core/feature.ts';
import { textMessage } from '../../core/standard-messages.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import { formatDay } from './pulse-messages.ts';
import type { PulseRepository } from './pulse-repository.ts';

// Scores 1 to 5, one or several, apart by spaces or commas; a full stop may close them.
const TYPED_SCORES = /^[1-5](?:[\s,;]+[1-5])*[.!]?$/;
// The words of the scale ("helemaal eens", "neutraal"), as the invitation explains the scores.
const SCALE_WORDS = /^(?:(?:helemaal |strongly )?(?:on|dis)?(?:eens|agree)|neutraal|neutral)[.!]?$/i;

/** Answers typed scores with a pointer to the open pulse's buttons; false when the message is something else. */
export async function answerTypedScores(ctx: MessageContext, deps: { repo: PulseRepository; directory: NetworkDirectory }): Promise<boolean> {
  const typed = ctx.text.trim();
  const scores = TYPED_SCORES.test(typed);
  if (ctx.conversation.kind !== 'direct' || !(scores || SCALE_WORDS.test(typed))) return false;
  // One number right after an answer that offered choices picks one of them (the conversation feature).
  if (scores && !/[\s,;]/.test(typed) && ctx.offers.length > 0) return false;
  for (const network of await deps.directory.ofPerson(ctx.platform, ctx.actor.userId)) {
    if (network.platform !== ctx.platform) continue;
    const open = await deps.repo.openOf(network.id);
    if (!open || open.closing || !(await deps.repo.isInvited(open.pulse.id, ctx.actor.userId))) continue;
    await ctx.reply(textMessage(ctx.t, 'pulse.typedScores', { network: network.name, closes: formatDay(open.pulse.closesAt, network.timeZone, ctx.lang) }));
    return true;
  }
  return false;
}
