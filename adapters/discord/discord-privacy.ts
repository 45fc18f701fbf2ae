// What the Discord adapter stores about a person, for `/liso mijn-gegevens` and `/liso vergeet-mij`.
import type { Feature } from '../../src/core/feature.ts';
import { formatDate } from '../../src/core/i18n.ts';
import type { Store } from '../../src/store/port.ts';
import { DISCORD_PLATFORM } from './discord-adapter.ts';
import { discordKeys } from './discord-keys.ts';
import type { DmClosedMemory } from './dm-closed-memory.ts';
import type { RoleLinks } from './role-links.ts';

/**
 * A feature without commands: it only answers the privacy hooks for Discord people. Long button
 * ids and pending forms hold no person's data beyond a form's owner id, which expires in a day.
 */
export function createDiscordPrivacyFeature(deps: { store: Store; dmClosed: DmClosedMemory; roleLinks: RoleLinks }): Feature {
  return {
    name: 'discord-adapter',
    async personalData(person, t) {
      if (person.platform !== DISCORD_PLATFORM) return [];
      const lines: string[] = [];
      const closed = await deps.store.get<{ since: Date }>(discordKeys.dmClosed(person.userId));
      if (closed) lines.push(t.text('discord.data.dmClosed', { since: formatDate(closed.since, t.lang) }));
      for (const grant of await deps.roleLinks.grantsOf(person.userId)) {
        lines.push(t.text('discord.data.roleGrant', { role: t.text(`role.${grant.role}`), network: grant.network.name }));
      }
      return lines.length > 0 ? [{ title: t.text('discord.data.title'), lines }] : [];
    },
    async forgetPerson(person) {
      if (person.platform !== DISCORD_PLATFORM) return;
      await deps.dmClosed.forget(person.userId);
      await deps.roleLinks.forget(person.userId);
    },
  };
}
