// Discord custom ids (at most 100 characters) for the core's buttons, choices and forms.
import { createHash } from 'node:crypto';

export const MAX_CUSTOM_ID = 100;

/** A button whose action id and value do not fit: stored under a content hash, so it is idempotent. */
export interface CustomIdSpill {
  hash: string;
  actionId: string;
  value: string;
}

/** Where a control is: the part of a message sent in parts (`p3` in its prefix; absent on one-part messages and older ids). */
export interface OnPart {
  part?: number;
}

/** A button the message holds more than once (numbered by occurrence: `b1:`, `b2:`, `h1:`). */
export interface Repeated {
  repeated: boolean;
}

export type DecodedCustomId =
  | ({ kind: 'button'; actionId: string; value: string; occurrence: number } & OnPart & Repeated)
  | ({ kind: 'hashed'; hash: string } & OnPart & Repeated)
  | ({ kind: 'choice'; actionId: string } & OnPart)
  | { kind: 'open-form'; formKey: string }
  | { kind: 'modal'; formKey: string }
  | { kind: 'secret-modal'; formId: string; context: string }
  | { kind: 'unknown' };

export interface ButtonPlace {
  /** Which time the same button (action id and value) comes in the message, from 1. */
  occurrence?: number;
  /** The message holds the same button more than once (also true for its first occurrence). */
  repeated?: boolean;
  part?: number | undefined;
}

const partMark = (part: number | undefined) => (part === undefined ? '' : `p${part}`);

/**
 * `b:<actionId>|<value>` when it fits, else `h:<hash>` plus the spill to store. Discord refuses
 * one custom id twice in a message, so a button the message holds more than once (each task's
 * handbook button, where tasks share an entry) is numbered by occurrence: `b1:…`, `b2:…`, and its
 * hash differs after the first. On a message sent in parts the prefix names the part (`bp3:…`,
 * `b2p3:…`, `hp3:…`), so a press redraws that part.
 */
export function buttonCustomId(actionId: string, value: string, place: ButtonPlace = {}): { customId: string; spill?: CustomIdSpill } {
  const occurrence = place.occurrence ?? 1;
  const number = place.repeated || occurrence > 1 ? String(occurrence) : '';
  const inline = `b${number}${partMark(place.part)}:${actionId}|${value}`;
  if (inline.length <= MAX_CUSTOM_ID && !actionId.includes('|')) return { customId: inline };
  const hash = createHash('sha256').update(`${actionId}\n${value}${occurrence > 1 ? `\n${occurrence}` : ''}`).digest('base64url').slice(0, 32);
  return { customId: `h${number}${partMark(place.part)}:${hash}`, spill: { hash, actionId, value } };
}

/** A select menu; `menu` numbers the menus when the options are split over several, `part` as for buttons. */
export function choiceCustomId(actionId: string, menu: number, part?: number): string {
  return `c${menu}${partMark(part)}:${actionId}`.slice(0, MAX_CUSTOM_ID);
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
  const control = /^([bhc])(\d*)(?:p(\d+))?$/.exec(prefix);
  if (control) {
    const [, kind, number, part] = control;
    const onPart: OnPart = part === undefined ? {} : { part: Number(part) };
    const repeated = number !== '';
    if (kind === 'b') {
      const bar = rest.indexOf('|');
      return bar < 0 ? { kind: 'unknown' } : { kind: 'button', actionId: rest.slice(0, bar), value: rest.slice(bar + 1), occurrence: repeated ? Number(number) : 1, repeated, ...onPart };
    }
    if (kind === 'h') return { kind: 'hashed', hash: rest, repeated, ...onPart };
    if (kind === 'c' && number !== '') return { kind: 'choice', actionId: rest, ...onPart };
  }
  if (prefix === 'f') return { kind: 'open-form', formKey: rest };
  if (prefix === 'm') return { kind: 'modal', formKey: rest };
  if (prefix === 's') {
    const bar = rest.indexOf('|');
    return bar < 0 ? { kind: 'unknown' } : { kind: 'secret-modal', formId: rest.slice(0, bar), context: rest.slice(bar + 1) };
  }
  return { kind: 'unknown' };
}
