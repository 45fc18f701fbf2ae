// The data the bot puts on its card actions, and the strict reading of what comes back (it can be tampered with).
import { z } from 'zod';

/** The verb of every Action.Execute the bot renders. */
export const CARD_VERB = 'liso';
/** Inputs are named with these prefixes so a submitted value never collides with the bot's own keys. */
export const CHOICE_INPUT_PREFIX = 'lisoChoice';
export const FORM_INPUT_PREFIX = 'lisoField_';

export type ButtonData = { lisoAction: string; lisoValue: string };
export type ChoiceData = { lisoAction: string; lisoChoice: string };
export type FormData = { lisoForm: string; lisoContext: string };

export type CardSubmission =
  | { kind: 'button'; actionId: string; value: string }
  | { kind: 'form'; formId: string; context: string; values: Record<string, string> }
  | { kind: 'invalid'; reason: string };

// The core's buttons carry at most 60 characters and it refuses action ids over 100, values over 200 and form
// contexts over 400 (router.ts); anything longer is not ours.
const id = z.string().min(1).max(100);
const value = z.string().max(200);
const inputValue = z.string().max(4_000);
const submitted = z.union([
  z.object({ lisoAction: id, lisoValue: value }),
  z.object({ lisoAction: id, lisoChoice: z.string().regex(new RegExp(`^${CHOICE_INPUT_PREFIX}\\d{1,3}$`)) }),
  z.object({ lisoForm: id, lisoContext: z.string().max(400) }),
]);

/**
 * Reads an Action.Execute's data (the bot's keys merged with the card's input values by Teams).
 * Anything that is not exactly what the bot rendered is 'invalid': the press is then answered
 * as a stale button, never routed with made-up values.
 */
export function readSubmission(data: unknown): CardSubmission {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { kind: 'invalid', reason: 'not-an-object' };
  const record = data as Record<string, unknown>;
  const parsed = submitted.safeParse(record);
  if (!parsed.success) return { kind: 'invalid', reason: 'unknown-shape' };
  const known = parsed.data;
  if ('lisoValue' in known) return { kind: 'button', actionId: known.lisoAction, value: known.lisoValue };
  if ('lisoChoice' in known) {
    const chosen = inputValue.safeParse(record[known.lisoChoice]);
    if (!chosen.success || chosen.data === '') return { kind: 'invalid', reason: 'no-choice' };
    return { kind: 'button', actionId: known.lisoAction, value: chosen.data };
  }
  // Field names come from the card's data: without a prototype, "__proto__" is just a name.
  const values = Object.create(null) as Record<string, string>;
  for (const [key, raw] of Object.entries(record)) {
    if (!key.startsWith(FORM_INPUT_PREFIX)) continue;
    const field = inputValue.safeParse(raw);
    if (!field.success) return { kind: 'invalid', reason: 'bad-field' };
    values[key.slice(FORM_INPUT_PREFIX.length)] = field.data;
  }
  return { kind: 'form', formId: known.lisoForm, context: known.lisoContext, values };
}
