// Optional: a Discord role grants a network role (`/liso rol deelnemer @Rol`), applied when members act.
import type { APIInteractionGuildMember, GuildMember, Interaction, REST } from 'discord.js';
import { Routes } from 'discord.js';
import type { Bot } from '../../src/core/bot.ts';
import type { Responder } from '../../src/core/chat-adapter.ts';
import type { CommandEvent, CoreEvent } from '../../src/core/events.ts';
import type { PromptKey, PromptVars } from '../../src/core/i18n.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { PromptCatalog } from '../../src/core/prompt-files.ts';
import { truncate } from '../../src/core/sanitize.ts';
import type { NetworkDirectory } from '../../src/domain/network-directory.ts';
import type { People } from '../../src/domain/people.ts';
import type { RoleName } from '../../src/domain/roles.ts';
import { parseRole, roleNames } from '../../src/domain/roles.ts';
import type { Network } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/port.ts';
import { DISCORD_PLATFORM } from './discord-adapter.ts';
import { discordKeys } from './discord-keys.ts';

const ROLE_COMMANDS = new Set(['rol', 'role', 'rollen', 'roles']);
const REMOVE_WORDS = new Set(['weg', 'verwijder', 'remove', 'ontneem', 'uit']);
const ROLE_MENTION = /^<@&(\d{15,25})>$/;

export interface RoleLinksDeps {
  store: Store;
  directory: NetworkDirectory;
  people: People;
  bot: Bot;
  prompts: PromptCatalog;
  rest: REST;
  log: Logger;
}

/**
 * Links are stored per network as `<discordRoleId>:<role>`; grants made through a link as
 * `<userId>:<role>:<discordRoleId>`, so unlinking or losing the Discord role takes back exactly
 * what the link gave and never a role handed out by hand.
 */
export class RoleLinks {
  constructor(private readonly deps: RoleLinksDeps) {}

  /** Handles `/liso rol [weg] <rol> @DiscordRol`; false for every other command (the core's). */
  async handleCommand(interaction: Interaction, event: CommandEvent, responder: Responder): Promise<boolean> {
    const words = event.text.trim().split(/\s+/);
    if (!ROLE_COMMANDS.has((words[0] ?? '').toLowerCase())) return false;
    const removing = REMOVE_WORDS.has((words[1] ?? '').toLowerCase());
    const rest = words.slice(removing ? 2 : 1);
    const discordRoleId = ROLE_MENTION.exec(rest[1] ?? '')?.[1];
    if (rest.length !== 2 || !discordRoleId) return false;
    const say = async (key: PromptKey, vars?: PromptVars) => {
      const t = this.deps.prompts.translator(await this.deps.bot.langOf(DISCORD_PLATFORM, event.actor.userId));
      await responder.reply({ summary: t.text(key, vars), blocks: [{ type: 'section', text: t.rich(key, vars) }] });
    };
    /** Answers the person and marks the command as handled here. */
    const refuse = async (key: PromptKey, vars?: PromptVars) => {
      await say(key, vars);
      return true;
    };
    const role = parseRole(rest[0] ?? '');
    if (!role) return refuse('role.unknownRole', { typed: truncate(rest[0] ?? '', 40), roles: roleNames.join(', ') });
    const network = await this.deps.directory.byChannel(DISCORD_PLATFORM, event.conversation.id);
    if (!network) return refuse('network.noneInChannel');
    if (!(await this.deps.directory.canManage(network.id, event.actor.userId))) return refuse('permission.leadsOnly', { network: network.name });
    if (role === 'trekker') return refuse('discord.roleLink.noTrekker');
    const discordRole = await this.roleName(interaction.guildId!, discordRoleId);
    const t = this.deps.prompts.translator(await this.deps.bot.langOf(DISCORD_PLATFORM, event.actor.userId));
    const vars = { discordRole, role: t.text(`role.${role}`), network: network.name };
    if (removing) {
      await this.deps.store.setRemove(discordKeys.roleLinks(network.id), [`${discordRoleId}:${role}`]);
      await this.revoke(network, (grant) => grant.discordRoleId === discordRoleId && grant.role === role);
      await say('discord.roleLink.unlinked', vars);
    } else {
      await this.deps.store.setAdd(discordKeys.roleLinks(network.id), [`${discordRoleId}:${role}`]);
      await say('discord.roleLink.linked', vars);
    }
    this.deps.log.info({ network: network.id, discordRole: discordRoleId, role, removing }, 'discord role link changed');
    return true;
  }

  /** Gives (or takes back) the linked network roles of the person who acted, by their Discord roles. */
  async syncMember(interaction: Interaction, event: CoreEvent): Promise<void> {
    if (event.conversation.kind !== 'channel') return;
    const network = await this.deps.directory.byChannel(DISCORD_PLATFORM, event.conversation.id);
    if (!network) return;
    const links = (await this.deps.store.setMembers(discordKeys.roleLinks(network.id))).flatMap(parseLink);
    const userId = event.actor.userId;
    const memberRoles = new Set(memberRoleIds(interaction.member));
    const held = new Set(await this.deps.directory.rolesOf(network.id, userId));
    for (const link of links) {
      if (!memberRoles.has(link.discordRoleId) || held.has(link.role)) continue;
      await this.deps.people.remember(DISCORD_PLATFORM, event.actor);
      await this.deps.directory.assign(network, link.role, userId);
      await this.deps.store.setAdd(discordKeys.roleGrants(network.id), [`${userId}:${link.role}:${link.discordRoleId}`]);
      held.add(link.role);
      this.deps.log.info({ network: network.id, user: userId, role: link.role }, 'network role granted by discord role');
    }
    await this.revoke(network, (grant) => grant.userId === userId && !memberRoles.has(grant.discordRoleId));
  }

  /** The network roles a person holds through Discord-role links, per network. */
  async grantsOf(userId: string): Promise<Array<{ network: Network; role: RoleName }>> {
    const found: Array<{ network: Network; role: RoleName }> = [];
    for (const network of await this.deps.directory.all()) {
      if (network.platform !== DISCORD_PLATFORM) continue;
      for (const grant of (await this.deps.store.setMembers(discordKeys.roleGrants(network.id))).flatMap(parseGrant)) {
        if (grant.userId === userId) found.push({ network, role: grant.role });
      }
    }
    return found;
  }

  /** Erases a person from the grant records (their roles themselves go with the core's erasure). */
  async forget(userId: string): Promise<void> {
    for (const network of await this.deps.directory.all()) {
      if (network.platform !== DISCORD_PLATFORM) continue;
      const key = discordKeys.roleGrants(network.id);
      const mine = (await this.deps.store.setMembers(key)).flatMap(parseGrant).filter((g) => g.userId === userId);
      if (mine.length > 0) await this.deps.store.setRemove(key, mine.map((g) => g.raw));
    }
  }

  private async revoke(network: Network, matches: (grant: Grant) => boolean): Promise<void> {
    const key = discordKeys.roleGrants(network.id);
    const grants = (await this.deps.store.setMembers(key)).flatMap(parseGrant);
    const leaving = grants.filter(matches);
    if (leaving.length === 0) return;
    await this.deps.store.setRemove(key, leaving.map((g) => g.raw));
    const remaining = grants.filter((g) => !leaving.includes(g));
    for (const grant of leaving) {
      // Another link may still give the same role to the same person.
      if (remaining.some((g) => g.userId === grant.userId && g.role === grant.role)) continue;
      await this.deps.directory.unassign(network, grant.role, grant.userId);
    }
  }

  private async roleName(guildId: string, roleId: string): Promise<string> {
    try {
      const roles = (await this.deps.rest.get(Routes.guildRoles(guildId))) as Array<{ id: string; name: string }>;
      return roles.find((r) => r.id === roleId)?.name ?? roleId;
    } catch {
      return roleId;
    }
  }
}

interface Grant {
  raw: string;
  userId: string;
  role: RoleName;
  discordRoleId: string;
}

function parseLink(raw: string): Array<{ discordRoleId: string; role: RoleName }> {
  const [discordRoleId = '', roleWord = ''] = raw.split(':');
  const role = parseRole(roleWord);
  return role ? [{ discordRoleId, role }] : [];
}

function parseGrant(raw: string): Grant[] {
  const [userId = '', roleWord = '', discordRoleId = ''] = raw.split(':');
  const role = parseRole(roleWord);
  return role ? [{ raw, userId, role, discordRoleId }] : [];
}

function memberRoleIds(member: GuildMember | APIInteractionGuildMember | null): string[] {
  if (!member) return [];
  if (Array.isArray(member.roles)) return member.roles;
  return [...(member as GuildMember).roles.cache.keys()];
}
