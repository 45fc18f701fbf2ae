// Errors meant for the user: a prompt key and its values, answered privately in their language.
import type { PromptKey, PromptVars } from './i18n.ts';

export class UserError extends Error {
  constructor(
    readonly key: PromptKey,
    readonly vars: PromptVars = {},
  ) {
    super(String(key));
    this.name = 'UserError';
  }
}
