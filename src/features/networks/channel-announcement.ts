// Posts a change to a network (a session planned, a new name) in its channel, in the channel's language.
import type { DeliveryTarget } from '../../core/delivery.ts';
import type { InvocationContext } from '../../core/feature.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Block, Message } from '../../core/message.ts';
import { toPlainString } from '../../core/rich-text.ts';
import type { People } from '../../domain/people.ts';
import type { Network } from '../../domain/types.ts';
import { channelLang } from './network-context.ts';

export interface ChannelVoice {
  t: Translator;
  lang: Lang;
}

/** Changes concern everyone, so they are told in the channel's language, whoever made them and in whatever language they read. */
export async function channelVoice(ctx: InvocationContext, network: Network, deps: { people: People; defaultLang: Lang }): Promise<ChannelVoice> {
  const lang = await channelLang(deps.people, network, deps.defaultLang);
  return { t: lang === ctx.lang ? ctx.t : ctx.translator(lang), lang };
}

/** Where and what an announcement is: the network's channel, summarised by its first section. */
export function announcement(network: Network, blocks: Block[]): { target: DeliveryTarget; message: Message } {
  const first = blocks[0];
  return {
    target: { kind: 'channel', platform: network.platform, channelId: network.channelId },
    message: { summary: first && first.type === 'section' ? toPlainString(first.text) : network.name, blocks },
  };
}

/** Changes concern everyone, so they go to the network's channel, whoever made them and in whatever language they read. */
export async function announceToNetwork(ctx: InvocationContext, network: Network, deps: { people: People; defaultLang: Lang }, build: (t: Translator, lang: Lang) => Block[]): Promise<void> {
  const { t, lang } = await channelVoice(ctx, network, deps);
  const { message } = announcement(network, build(t, lang));
  await ctx.adapter.postToChannel(network.channelId, message);
}
