// Finds the network a command is about: the channel's network, or the person's only network.
import type { CommandContext } from '../../core/feature.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { Network } from '../../domain/types.ts';
import type { Lang } from '../../core/i18n.ts';
import type { People } from '../../domain/people.ts';
import { chooseNetwork } from './network-choice.ts';

/** The network found also sets the event's time zone, for the example dates in what follows. */
export async function networkOf(ctx: CommandContext, directory: NetworkDirectory): Promise<Network> {
  const network = await findNetwork(ctx, directory);
  ctx.setTimeZone(network.timeZone);
  return network;
}

async function findNetwork(ctx: CommandContext, directory: NetworkDirectory): Promise<Network> {
  if (ctx.conversation.kind === 'channel') {
    const network = await directory.byChannel(ctx.platform, ctx.conversation.id);
    if (!network) throw new UserError('network.noneInChannel');
    return network;
  }
  const mine = await directory.ofPerson(ctx.platform, ctx.actor.userId);
  // Named in the command or chosen with a button; a network the person has since left is asked again.
  const named = mine.find((n) => n.id === ctx.scope);
  if (named) return named;
  if (mine.length === 1) return mine[0]!;
  if (mine.length === 0) throw new UserError('network.noneForPerson');
  throw chooseNetwork(ctx, mine);
}

/**
 * Like networkOf, and refuses people who are not trekker or procesbegeleider; and, unless
 * `closed` allows it, a closed network (nothing is planned or changed in it any more).
 */
export async function managedNetworkOf(ctx: CommandContext, directory: NetworkDirectory, options: { closed?: 'allow' } = {}): Promise<Network> {
  const network = await networkOf(ctx, directory);
  if (!(await directory.canManage(network.id, ctx.actor.userId))) {
    throw new UserError('permission.leadsOnly', { network: network.name });
  }
  if (network.closedAt && options.closed !== 'allow') throw new UserError('network.closed.refused', { network: network.name });
  return network;
}

/**
 * The language of a network's channel posts: the network's own, fixed when it started (the starter's
 * language then) and changed only by a lead's `/liso netwerk taal`. One language per channel, whoever's
 * command made the post: a Dutch channel does not turn English because an English reader moved a
 * session, nor because its starter later chose English for themselves (or was forgotten).
 */
export async function channelLang(people: People, network: Network, defaultLang: Lang): Promise<Lang> {
  if (network.lang) return network.lang;
  // A record from before the language was kept (the upgrade adds it): derived as that release did.
  return (network.createdBy ? await people.get(network.platform, network.createdBy) : undefined)?.lang ?? defaultLang;
}
