// "/liso vier <wat er gelukt is>": records a win and celebrates it in the network channel.
import { createHash, randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/feature.ts';
import type { Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { toPlainString } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import { networkOf } from '../networks/network-context.ts';
import { celebrationMessage } from './celebration-message.ts';
import { chooseVariant, variantCount } from './celebration-variants.ts';
import { shownNames } from './shown-names.ts';
import type { WinsContext } from './wins-deps.ts';
import { channelTranslator, requireMember } from './wins-deps.ts';
import { winsDeliveryKeys } from './wins-keys.ts';
import { hasWords, parseWinText } from './win-text.ts';
import type { WinRecord } from './win-types.ts';
import { keywordOf } from '../../core/command-words.ts';

/** A network has 5-20 core members; naming more in one win is a paste accident, not a credit. */
export const MAX_CREDITED = 20;
const OPT_OUT_WORDS = new Set(['uit', 'off', 'optout', 'opt-out']);
const OPT_IN_WORDS = new Set(['aan', 'on', 'optin', 'opt-in']);

export async function runCelebrateCommand(ctx: CommandContext, deps: WinsContext): Promise<void> {
  const only = ctx.args.length === 1 ? keywordOf(ctx.args[0]) : '';
  if (OPT_OUT_WORDS.has(only) || OPT_IN_WORDS.has(only)) return setOptOut(ctx, deps, OPT_OUT_WORDS.has(only));
  const network = await networkOf(ctx, deps.directory);
  // A closed network's channel gets no new celebrations; its story is told as it was at the close.
  if (network.closedAt) throw new UserError('network.closed.refused', { network: network.name });
  await requireMember(deps, network, ctx.actor.userId);
  const parsed = parseWinText(ctx.rest, ctx.event.mentions, ctx.actor.userId, ctx.unread);
  if (!hasWords(parsed.parts)) throw new UserError('wins.record.needsText');
  if (parsed.credited.length > MAX_CREDITED) throw new UserError('wins.record.tooManyPeople', { max: MAX_CREDITED });
  for (const userId of parsed.credited) {
    const named = ctx.event.mentions.find((m) => m.userId === userId);
    if (named) await deps.people.remember(ctx.platform, { userId, displayName: named.displayName });
  }
  const t = await channelTranslator(deps, network);
  const id = winIdFor(ctx);
  const win: WinRecord = {
    id,
    networkId: network.id,
    platform: network.platform,
    authorId: ctx.actor.userId,
    parts: parsed.parts,
    credited: parsed.credited,
    createdAt: ctx.now,
    variant: chooseVariant(id, await deps.book.lastVariant(network.id), variantCount(t)),
    lang: t.lang,
  };
  const names = await shownNames(deps.book, deps.people, network.platform, [ctx.actor.userId, ...win.credited]);
  const message = celebrationMessage({ win, networkName: network.name, names, cheers: 0 }, t);
  const celebration = [winsDeliveryKeys.celebration(id), { kind: 'channel', platform: network.platform, channelId: network.channelId }, message, { about: [ctx.actor.userId, ...win.credited] }] as const;
  // The author is named without a mention ("Gedeeld door …"): Delivery blanks the stored post when they are forgotten.
  if (!(await deps.book.record(win, deps.delivery.pendingWrites(...celebration)))) {
    ctx.log.info({ win: id }, 'win already recorded; replay ignored');
    return;
  }
  const outcome = await deps.delivery.send(...celebration);
  ctx.log.info({ network: network.id, win: id, credited: win.credited.length, outcome: outcome.status }, 'win recorded');
  // A celebration reads best short: the author hears that the channel got their first sentences.
  if (parsed.shortened) await ctx.reply(note(ctx.t.rich('wins.record.shortened', { length: parsed.shortened.typed, kept: parsed.shortened.kept })));
  if (outcome.status === 'sent') {
    await deps.book.save({ ...win, celebration: outcome.ref });
    if (ctx.conversation.kind !== 'channel' || ctx.conversation.id !== network.channelId) {
      await ctx.reply(note(ctx.t.rich('wins.record.postedElsewhere', { network: network.name })));
    }
  } else if (outcome.status === 'retrying' || outcome.status === 'queued') {
    await ctx.reply(note(ctx.t.rich('wins.record.later')));
  } else if (outcome.status === 'failed') {
    await ctx.reply(note(ctx.t.rich('wins.record.failed')));
  }
}

async function setOptOut(ctx: CommandContext, deps: WinsContext, optedOut: boolean): Promise<void> {
  await deps.book.setOptOut(ctx.platform, ctx.actor.userId, optedOut);
  ctx.log.info({ optedOut }, 'wins naming preference changed');
  await ctx.reply(note(ctx.t.rich(optedOut ? 'wins.optOut.off' : 'wins.optOut.on')));
}

/** Derived from the platform's event id when there is one, so a redelivered command is the same win. */
function winIdFor(ctx: CommandContext): string {
  if (ctx.event.eventId) return createHash('sha256').update(`${ctx.platform}\n${ctx.event.eventId}`).digest('hex').slice(0, 16);
  return randomUUID().replace(/-/g, '').slice(0, 16);
}

function note(text: RichText): Message {
  return { summary: toPlainString(text), blocks: [{ type: 'section', text }] };
}
