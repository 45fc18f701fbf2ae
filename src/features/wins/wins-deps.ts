// What the parts of the wins feature share: storage, the domain, delivery and the channel language.
import type { Delivery } from '../../core/delivery.ts';
import type { Lang, PromptKey, Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { PromptCatalog } from '../../core/prompt-files.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { RoleName } from '../../domain/roles.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Network } from '../../domain/types.ts';
import { channelLang } from '../networks/network-context.ts';
import type { JourneySources } from './journey-report.ts';
import type { WinBook } from './win-book.ts';

export interface WinsContext {
  book: WinBook;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  people: People;
  delivery: Pick<Delivery, 'send' | 'pendingWrites'>;
  prompts: PromptCatalog;
  defaultLang: Lang;
  journey: JourneySources;
  log: Logger;
}

/**
 * The network's channel posts are in one language (`channelLang`).
 */
export async function channelTranslator(ctx: WinsContext, network: Network): Promise<Translator> {
  return ctx.prompts.translator(await channelLang(ctx.people, network, ctx.defaultLang));
}

/** Refuses people without any role in the network (guests in the channel, strangers). */
export async function requireMember(ctx: WinsContext, network: Network, userId: string): Promise<RoleName[]> {
  const roles = await ctx.directory.rolesOf(network.id, userId);
  if (roles.length === 0) throw new UserError('wins.notMember', { network: network.name });
  return roles;
}

/** Refuses people who hold none of `allowed`, with the prompt that explains who may. */
export async function requireRole(ctx: WinsContext, network: Network, userId: string, allowed: readonly RoleName[], refusal: PromptKey): Promise<void> {
  const roles = await ctx.directory.rolesOf(network.id, userId);
  if (!roles.some((role) => allowed.includes(role))) throw new UserError(refusal, { network: network.name });
}
