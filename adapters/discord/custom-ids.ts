// Discord custom ids (at most 100 characters) for the core's buttons, choices and forms.
import { createHash } from 'node:crypto';

export const MAX_CUSTOM_ID = 100;

/** A button whose action id and value do not fit: stored under a content hash, so it is idempotent. */
export interface CustomIdSpill {
  hash: string;
  actionId: string;
  value: string;
}

export type DecodedCustomId =
  | { kind: 'button'; actionId: string; value: string }
  | { kind: 'hashed'; hash: string }
  | { kind: 'choice'; actionId: string }
  | { kind: 'open-form'; formKey: string }
  | { kind: 'modal'; formKey: string }
  | { kind: 'secret-modal'; formId: string; context: string }
  | { kind: 'unknown' };

/**
 * `b:<actionId>|<value>` when it fits, else `h:<hash>` plus the spill to store. Discord refuses
 * one custom id twice in a message, so the same button again (each task's handbook button, where
 * tasks share an entry) is numbered: `b2:…`, and its hash differs.
 */
export function buttonCustomId(actionId: string, value: string, occurrence = 1): { customId: string; spill?: CustomIdSpill } {
  const inline = `b${occurrence > 1 ? occurrence : ''}:${actionId}|${value}`;
  if (inline.length <= MAX_CUSTOM_ID && !actionId.includes('|')) return { customId: inline };
  const hash = createHash('sha256').update(`${actionId}\n${value}${occurrence > 1 ? `\n${occurrence}` : ''}`).digest('base64url').slice(0, 32);
  return { customId: `h:${hash}`, spill: { hash, actionId, value } };
}

/** A select menu; `part` numbers the menus when the options are split over several. */
export function choiceCustomId(actionId: string, part: number): string {
  return `c${part}:${actionId}`.slice(0, MAX_CUSTOM_ID);
}

export function openFormCustomId(formKey: string): string {
  return `f:${formKey}`;
}

export function modalCustomId(formKey: string): string {
  return `m:${formKey}`;
}

/**
 * A secret form's modal carries its form id and context itself (`s:<formId>|<context>`), so
 * nothing of it is stored; undefined when that does not fit in a custom id.
 */
export function secretModalCustomId(formId: string, context: string): string | undefined {
  const customId = `s:${formId}|${context}`;
  return customId.length <= MAX_CUSTOM_ID && !formId.includes('|') ? customId : undefined;
}

export function decodeCustomId(customId: string): DecodedCustomId {
  const colon = customId.indexOf(':');
  const prefix = customId.slice(0, colon);
  const rest = customId.slice(colon + 1);
  if (colon < 1) return { kind: 'unknown' };
  if (/^b\d*$/.test(prefix)) {
    const bar = rest.indexOf('|');
    return bar < 0 ? { kind: 'unknown' } : { kind: 'button', actionId: rest.slice(0, bar), value: rest.slice(bar + 1) };
  }
  if (prefix === 'h') return { kind: 'hashed', hash: rest };
  if (/^c\d+$/.test(prefix)) return { kind: 'choice', actionId: rest };
  if (prefix === 'f') return { kind: 'open-form', formKey: rest };
  if (prefix === 'm') return { kind: 'modal', formKey: rest };
  if (prefix === 's') {
    const bar = rest.indexOf('|');
    return bar < 0 ? { kind: 'unknown' } : { kind: 'secret-modal', formId: rest.slice(0, bar), context: rest.slice(bar + 1) };
  }
  return { kind: 'unknown' };
}
