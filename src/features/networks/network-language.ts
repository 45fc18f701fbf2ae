// `/liso netwerk taal en`: the leads change the language of the bot's posts in the network's channel.
// It is the network's own (Network.lang, the starter's at `/liso start`): a person's `/liso taal` is theirs
// alone and never turns a channel that everyone reads.
import type { CommandContext } from '../../core/feature.ts';
import { keywordOf } from '../../core/command-words.ts';
import { languageOf } from '../../core/language-words.ts';
import { mention } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import { channelLang, managedNetworkOf } from './network-context.ts';
import { networkAnnouncementKeys, networkAnnouncer } from './channel-announcement.ts';
import type { LifecycleDeps } from './network-lifecycle.ts';

const LANGUAGE_WORDS = new Set(['taal', 'language', 'lang']);

/** Whether `/liso netwerk …` is about the channel's language. */
export function changesChannelLang(args: readonly string[]): boolean {
  return LANGUAGE_WORDS.has(keywordOf(args[0]));
}

export async function changeChannelLang(ctx: CommandContext, deps: LifecycleDeps): Promise<void> {
  const network = await managedNetworkOf(ctx, deps.directory);
  const current = await channelLang(deps.people, network, deps.defaultLang);
  const lang = languageOf(ctx.args[1]);
  if (!lang) throw new UserError('network.lang.usage', { language: ctx.t.text(`language.name.${current}`) });
  if (lang === current) throw new UserError('network.lang.same', { language: ctx.t.text(`language.name.${lang}`) });
  // Told in the new language: it is the channel's from this post on.
  const post = networkAnnouncer(ctx, network, { t: ctx.translator(lang), lang }, deps, () => networkAnnouncementKeys.langChanged(network.id, ctx.now, lang), (t) => [
    { type: 'section', text: t.rich('network.lang.done', { user: mention(ctx.actor.userId, ctx.actor.displayName) }) },
  ]);
  const changed = await deps.directory.setLang(network, lang, post.owed);
  ctx.log.info({ network: network.id, lang }, "network's channel language changed");
  await post.send(changed);
}
