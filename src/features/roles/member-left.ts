// Someone left a network's channel while still holding a role: the leads are told, once a day,
// with the command that takes the role away. The bot takes no role away itself: leaving a channel
// may also mean someone only wanted fewer notifications.
import { DateTime } from 'luxon';
import type { DeliveryTarget, SendOptions } from '../../core/delivery.ts';
import type { Feature } from '../../core/feature.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Message } from '../../core/message.ts';
import { joinAsList, mention } from '../../core/rich-text.ts';
import type { RoleName } from '../../domain/roles.ts';
import { roleWord } from '../../domain/roles.ts';
import type { Network } from '../../domain/types.ts';
import type { MessagingDeps } from '../messaging-deps.ts';
import { keys } from '../../domain/keys.ts';
import type { Store } from '../../store/port.ts';
import { channelLang } from '../networks/network-context.ts';

/** What it takes to find a network's leads and tell them, each in their language (the channel's, when a lead has no DMs). */
export type MemberLeftDeps = MessagingDeps & { defaultLang: Lang; store: Store };

export function createMemberLeftFeature(deps: MemberLeftDeps): Feature {
  return {
    name: 'member-left',
    async onLeft(ctx) {
      const network = await deps.directory.byChannel(ctx.platform, ctx.conversation.id);
      // A closed network's roles are changed no more: its leads need not hear who leaves.
      if (!network || network.closedAt) return;
      const userId = ctx.actor.userId;
      const told = await tellLeadsOfLeave(deps, network, userId, ctx.now);
      // Heard: the daily look at the channel's members no longer counts them as present, so it never tells again.
      await deps.store.setRemove(keys.networkInChannel(network.id), [userId]);
      if (told) ctx.log.info({ network: network.id, roles: told.roles, told: told.leads }, 'member with a role left the channel');
    },
  };
}

/** One lead's notice of a leave: the arguments of Delivery's `enqueue`, `send` and `pendingWrites`. */
export type LeaveNotice = readonly [key: string, target: DeliveryTarget, message: Message, options: SendOptions];

/**
 * Tells the network's leads that `userId` left its channel while holding a role (see `leaveNotices`),
 * each notice owed on its own. Undefined when the person holds no role there: nobody is told.
 */
export async function tellLeadsOfLeave(deps: MemberLeftDeps, network: Network, userId: string, now: Date): Promise<{ roles: RoleName[]; leads: number } | undefined> {
  const leave = await leaveNotices(deps, network, userId, now);
  if (!leave) return undefined;
  // In the leads' order: the daily look (member-reconcile.ts) guards its own commit with the first notice it owes.
  for (const notice of leave.notices) await deps.delivery.enqueue(...notice);
  return { roles: leave.roles, leads: leave.notices.length };
}

/**
 * The notices telling the network's leads that `userId` left its channel while holding a role, one
 * per lead in a fixed order, under a key per network, person, day (the network's) and lead: leaving,
 * rejoining and leaving again is one notice, and the daily look at the channel's members
 * (member-reconcile.ts) finding a leave that was heard live makes the same keys. Undefined when the
 * person holds no role there.
 */
export async function leaveNotices(deps: MemberLeftDeps, network: Network, userId: string, now: Date): Promise<{ roles: RoleName[]; notices: LeaveNotice[] } | undefined> {
  const roles = await deps.directory.rolesOf(network.id, userId);
  if (roles.length === 0) return undefined;
  const name = await deps.people.displayName(network.platform, userId);
  const [trekkers, begeleiders] = await Promise.all([deps.directory.holders(network.id, 'trekker'), deps.directory.holders(network.id, 'procesbegeleider')]);
  // Sorted: every process records a leave's notices in the same order (member-reconcile.ts guards on it).
  const leads = [...new Set([...trekkers, ...begeleiders])].filter((id) => id !== userId).sort();
  const day = DateTime.fromJSDate(now, { zone: network.timeZone }).toISODate();
  const person = deps.personKeys.of(network.platform, userId);
  const channelT = deps.translator(await channelLang(deps.people, network, deps.defaultLang));
  const notices: LeaveNotice[] = [];
  for (const lead of leads) {
    const t = deps.translator(await deps.langOf(network.platform, lead));
    // A lead the bot cannot message directly reads it in the channel, addressed to them: the person who left
    // no longer does, and a role held by someone gone is what the leads must hear about.
    const inChannel = leftMessage(channelT, network, name, roles);
    const note = { type: 'context' as const, text: channelT.rich('role.left.fallbackNote', { person: mention(lead, await deps.people.displayName(network.platform, lead)) }) };
    notices.push([
      `member-left:${network.id}:${person}:${day}:${deps.personKeys.of(network.platform, lead)}`,
      { kind: 'direct', platform: network.platform, userId: lead, fallback: { channelId: network.channelId, message: { ...inChannel, blocks: [note, ...inChannel.blocks] } } },
      leftMessage(t, network, name, roles),
      // The notice names the person by display name: forgetting them blanks it.
      { about: [userId] },
    ]);
  }
  return { roles, notices };
}

function leftMessage(t: Translator, network: Network, name: string, roles: RoleName[]): Message {
  // One command per role, with the role as the reader types it; the person is picked after the @ (a display name
  // with a space, typed, is no mention).
  const commands = joinAsList(roles.map((role) => t.rich('role.left.command', { role: roleWord(role, t.lang) })), t.text('list.and'));
  const vars = { user: name, network: network.name, roles: roles.map((role) => t.text(`role.${role}`)).join(', '), commands };
  return {
    summary: t.text('role.left.title', vars),
    blocks: [
      { type: 'heading', text: t.text('role.left.title', vars) },
      { type: 'section', text: t.rich('role.left.body', vars) },
      { type: 'context', text: t.rich('role.left.kept') },
    ],
  };
}
