// Collects what the bot stores about one person: their record, their roles, every feature's part.
import type { Bot } from '../../core/bot.ts';
import type { PersonalDataSection, PersonRef } from '../../core/feature.ts';
import type { Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import { formatMonth } from '../../core/coarse-time.ts';
import { deletionDay } from '../networks/network-lifecycle.ts';

export interface PersonalDataDeps {
  bot: Bot;
  people: People;
  directory: NetworkDirectory;
  log: Logger;
  timeZone: string;
}

export async function collectPersonalData(person: PersonRef, t: Translator, deps: PersonalDataDeps): Promise<PersonalDataSection[]> {
  const sections: PersonalDataSection[] = [];
  const record = await deps.people.get(person.platform, person.userId);
  if (record) {
    sections.push({
      title: t.text('privacy.data.personTitle'),
      lines: [
        t.text('privacy.data.platformId', { platform: record.platform, userId: record.userId }),
        t.text('privacy.data.name', { name: record.displayName }),
        t.text('privacy.data.lang', { lang: t.text(record.lang ? `privacy.data.langName.${record.lang}` : 'privacy.data.langDefault') }),
        t.text('privacy.data.seen', { first: formatMonth(record.firstSeen, deps.timeZone, t.lang), last: formatMonth(record.lastSeen, deps.timeZone, t.lang) }),
      ],
    });
  }
  const networks = (await deps.directory.ofPerson(person.platform, person.userId)).filter((n) => n.platform === person.platform);
  const roleLines: string[] = [];
  for (const network of networks) {
    const roles = await deps.directory.rolesOf(network.id, person.userId);
    if (roles.length === 0) continue;
    const line = t.text('privacy.data.roleLine', { network: network.name, roles: roles.map((r) => t.text(`role.${r}`)).join(', ') });
    roleLines.push(network.closedAt ? `${line} ${t.text('privacy.data.closedNetwork', { date: deletionDay(network, t) })}` : line);
  }
  if (roleLines.length > 0) sections.push({ title: t.text('privacy.data.rolesTitle'), lines: roleLines });
  for (const feature of deps.bot.features()) {
    if (!feature.personalData) continue;
    try {
      sections.push(...(await feature.personalData(person, t)));
    } catch (error) {
      deps.log.error({ err: error, feature: feature.name }, 'personal data part failed');
      sections.push({ title: feature.name, lines: [t.text('privacy.data.partFailed')] });
    }
  }
  return sections;
}
