// What the Teams adapter stores about a person, for `/liso mijn-gegevens` and `/liso vergeet-mij`.
import type { Feature } from '../../src/core/feature.ts';
import { formatDate } from '../../src/core/i18n.ts';
import type { ConversationRegistry } from './conversation-registry.ts';
import { TEAMS_PLATFORM } from './teams-adapter.ts';

/**
 * A feature without commands: the personal-chat reference (to send reminders) or the mark that
 * the person removed the app. Files waiting for consent expire within a day.
 */
export function createTeamsPrivacyFeature(registry: ConversationRegistry): Feature {
  return {
    name: 'teams-adapter',
    async personalData(person, t) {
      if (person.platform !== TEAMS_PLATFORM) return [];
      const record = await registry.person(person.userId);
      if (!record) return [];
      const line = record.uninstalledAt
        ? t.text('teams.data.uninstalled', { date: formatDate(record.uninstalledAt, t.lang) })
        : t.text('teams.data.personalChat', { date: formatDate(record.updatedAt, t.lang) });
      return [{ title: t.text('teams.data.title'), lines: [line] }];
    },
    async forgetPerson(person) {
      if (person.platform !== TEAMS_PLATFORM) return;
      await registry.forget(person.userId);
    },
  };
}
