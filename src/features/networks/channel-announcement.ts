// Posts a change to a network (a session planned, a new name) in its channel, in the channel's language.
import type { InvocationContext } from '../../core/feature.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Block } from '../../core/message.ts';
import { toPlainString } from '../../core/rich-text.ts';
import type { People } from '../../domain/people.ts';
import type { Network } from '../../domain/types.ts';
import { channelLang } from './network-context.ts';

/** Changes concern everyone, so they go to the network's channel, whoever made them and in whatever language they read. */
export async function announceToNetwork(ctx: InvocationContext, network: Network, deps: { people: People; defaultLang: Lang }, build: (t: Translator, lang: Lang) => Block[]): Promise<void> {
  const lang = await channelLang(deps.people, network, deps.defaultLang);
  const blocks = build(lang === ctx.lang ? ctx.t : ctx.translator(lang), lang);
  const first = blocks[0];
  await ctx.adapter.postToChannel(network.channelId, { summary: first && first.type === 'section' ? toPlainString(first.text) : network.name, blocks });
}
