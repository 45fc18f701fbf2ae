// Chooses one of the celebration texts in prompts/<lang>/wins.json, never the previous one again.
import { createHash } from 'node:crypto';
import type { PromptKey, Translator } from '../../core/i18n.ts';

/** The prompt key of celebration text number `index` (0-based); the files number them from 1. */
export function variantKey(index: number): PromptKey {
  return `wins.celebrate.${index + 1}` as PromptKey;
}

/** How many celebration texts the prompt files hold (wins.celebrate.1, .2, … without gaps). */
export function variantCount(t: Translator): number {
  let count = 0;
  while (t.has(`wins.celebrate.${count + 1}`)) count++;
  return count;
}

/**
 * A variant derived from the win id (so a retried celebration keeps its text), moved on by one
 * when it equals the network's previous one.
 */
export function chooseVariant(winId: string, previous: number | undefined, count: number): number {
  if (count <= 1) return 0;
  const hashed = createHash('sha256').update(winId).digest().readUInt32BE(0) % count;
  return hashed === previous ? (hashed + 1) % count : hashed;
}
