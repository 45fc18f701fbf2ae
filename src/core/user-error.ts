// Errors meant for the user: a prompt key and its values, answered privately in their language.
import type { PromptKey, PromptVars } from './i18n.ts';
import type { Button } from './message.ts';

export class UserError extends Error {
  constructor(
    readonly key: PromptKey,
    readonly vars: PromptVars = {},
    /** Buttons that do what was meant (the networks to choose from), shown under the answer. */
    readonly buttons: readonly Button[] = [],
  ) {
    super(String(key));
    this.name = 'UserError';
  }
}
