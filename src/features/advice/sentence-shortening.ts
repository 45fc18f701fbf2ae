// Shortens handbook paragraphs and tips at sentence ends only, keeping enough to still give the advice.
import { sentenceEnds } from '../../core/sentences.ts';

/** A first sentence this short reads as a heading ("Toets eerst het vraagstuk."), not as the advice itself. */
const MIN_LEAD_CHARS = 50;

/**
 * Shortens a paragraph or tip to whole sentences that fit in `max` characters, so the answer stays a few lines
 * long; a first sentence longer than `max` is kept whole rather than cut in the middle. What is kept must still
 * give the advice: never only questions ("Blijft het een komen en gaan?") or only a short lead-in ("Maak van
 * vieren geen grote drempel."); then the next sentences come along, past `max` if need be.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const ends = sentenceEnds(text);
  let kept = Math.max(0, ends.filter((end) => end <= max).length - 1);
  while (kept < ends.length - 1 && !givesAdvice(text, ends.slice(0, kept + 1))) kept++;
  return text.slice(0, ends[kept]).trimEnd();
}

function givesAdvice(text: string, ends: number[]): boolean {
  if (ends.length === 1 && text.slice(0, ends[0]).trim().length < MIN_LEAD_CHARS) return false;
  return !ends.every((end) => /\?["”')]*$/.test(text.slice(0, end).trimEnd()));
}
