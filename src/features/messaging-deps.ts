// What a feature needs to find a network's people and send each of them a message in their language.
import type { Delivery } from '../core/delivery.ts';
import type { Lang, Translator } from '../core/i18n.ts';
import type { PersonKeys } from '../core/person-keys.ts';
import type { NetworkDirectory } from '../domain/network-directory.ts';
import type { People } from '../domain/people.ts';

export interface MessagingDeps {
  directory: NetworkDirectory;
  people: People;
  delivery: Delivery;
  /** Stand-ins for user ids in delivery keys. */
  personKeys: PersonKeys;
  translator(lang: Lang): Translator;
  langOf(platform: string, userId: string): Promise<Lang>;
}
