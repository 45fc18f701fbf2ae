// Button ids of the privacy feature and the claim of a network's vacant lead role.
import type { ActionEvent } from '../../core/events.ts';
import type { InvocationContext } from '../../core/feature.ts';
import { mention } from '../../core/rich-text.ts';
import type { Store } from '../../store/port.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { AnnouncerDeps } from '../networks/channel-announcement.ts';
import { networkAnnouncementKeys, networkAnnouncer } from '../networks/channel-announcement.ts';
import { privacyKeys } from './privacy-keys.ts';

export const PRIVACY_PREFIX = 'privacy.';
export const FORGET_CONFIRM_ACTION = 'privacy.forget';
export const FORGET_CANCEL_ACTION = 'privacy.keep';
export const LEAD_ACTION = 'privacy.lead';
// Two people pressing "I'll be trekker" at the same moment: the first claim wins.
const CLAIM_MS = 60_000;

/**
 * After an erasure left a network without trekker and procesbegeleider, a member of the network
 * (or, when nobody holds a role any more, anyone who sees the channel message) may take the
 * trekker role, so the network can be managed again.
 */
export async function claimVacantLead(ctx: InvocationContext<ActionEvent>, deps: { directory: NetworkDirectory; store: Store } & AnnouncerDeps): Promise<void> {
  const network = await deps.directory.get(ctx.event.value);
  if (!network || network.platform !== ctx.platform) throw new UserError('error.staleButton');
  const hasLead = async () => (await deps.directory.assignments(network.id)).some((a) => a.role === 'trekker' || a.role === 'procesbegeleider');
  if (await hasLead()) throw new UserError('privacy.vacancy.taken', { network: network.name });
  const members = await deps.directory.assignments(network.id);
  if (members.length > 0 && !members.some((a) => a.userId === ctx.actor.userId)) throw new UserError('privacy.vacancy.membersOnly', { network: network.name });
  if (!(await deps.store.claim(privacyKeys.leadClaim(network.id), ctx.actor.userId, CLAIM_MS))) throw new UserError('privacy.vacancy.taken', { network: network.name });
  // Told in the language of the person who took it, as the button they pressed was.
  const post = networkAnnouncer(ctx, network, { t: ctx.t, lang: ctx.lang }, deps, () => networkAnnouncementKeys.leadClaimed(network.id, ctx.now), (t) => [
    { type: 'section', text: t.rich('privacy.vacancy.claimed', { user: mention(ctx.actor.userId, ctx.actor.displayName), network: network.name }) },
  ]);
  try {
    if (await hasLead()) throw new UserError('privacy.vacancy.taken', { network: network.name });
    await deps.directory.assign(network, 'trekker', ctx.actor.userId, post.owed);
  } finally {
    await deps.store.delete(privacyKeys.leadClaim(network.id));
  }
  await post.send(network);
}
