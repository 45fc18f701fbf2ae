// What the advice feature needs from the rest of the app.
import type { AdviceEngine } from '../../advice/advice-engine.ts';
import type { Delivery } from '../../core/delivery.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { PersonKeys } from '../../core/person-keys.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { AdviceStore } from './advice-store.ts';

export interface AdviceFeatureDeps {
  engine: AdviceEngine;
  knowledge: KnowledgeBase;
  store: AdviceStore;
  directory: NetworkDirectory;
  people: People;
  delivery: Delivery;
  /** Stand-ins for user ids in delivery keys. */
  personKeys: PersonKeys;
  translator(lang: Lang): Translator;
  langOf(platform: string, userId: string): Promise<Lang>;
  /** Every command name and alias, so a mistyped command is not mistaken for a question. */
  commandNames(): string[];
}
