// What the advice feature needs from the rest of the app.
import type { AdviceEngine } from '../../advice/advice-engine.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { MessagingDeps } from '../messaging-deps.ts';
import type { AdviceStore } from './advice-store.ts';

export interface AdviceFeatureDeps extends MessagingDeps {
  engine: AdviceEngine;
  knowledge: KnowledgeBase;
  store: AdviceStore;
  /** Every command name and alias, so a mistyped command is not mistaken for a question. */
  commandNames(): string[];
}
