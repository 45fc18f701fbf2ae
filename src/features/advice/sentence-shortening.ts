// Shortens handbook paragraphs and tips at sentence ends only, keeping enough to still give the advice.

/** A first sentence this short reads as a heading ("Toets eerst het vraagstuk."), not as the advice itself. */
const MIN_LEAD_CHARS = 50;

/** "ch. 5", "h. 4", "nr. 3", "o.a. De": a period that ends an abbreviation, not a sentence. */
const ABBREVIATION_BEFORE = /(?:^|[\s(])(?:ch|h|hfst|nr|no|p|pag|fig|vgl|cf|dhr|mw|dr|zgn|e\.g|i\.e|o\.a|t\.o\.v|i\.p\.v)\.$/i;

/**
 * Ends of sentences in a text: after . ! or ? followed by a space and a capital (or a digit or quote), or at
 * the text's end; "bijv. een" and "(ch. 5)" are no sentence ends.
 */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  const boundary = /[.!?]+["”')]*(?=\s+["“'(]?[\p{Lu}\d])/gu;
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    if (!ABBREVIATION_BEFORE.test(text.slice(Math.max(0, match.index - 8), match.index + 1))) ends.push(match.index + match[0].length);
  }
  ends.push(text.length);
  return ends;
}

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
