// Where text may be cut: never inside a character, never inside an escape, and where it can be, after a whole word.

/**
 * The position at or before `at` (never below 1) where `text` may be cut: not between the two halves
 * of a character, and not between an escaping backslash and the character it escapes. Only an odd
 * run of backslashes ends in an escaping one; in an even run each is itself escaped, so a run of
 * typed backslashes does not pull the cut back a character at a time.
 */
export function safeCutBefore(text: string, at: number): number {
  let cut = at;
  while (cut > 1 && (isLowSurrogate(text.charCodeAt(cut)) || escapesNext(text, cut))) cut--;
  return cut;
}

function escapesNext(text: string, at: number): boolean {
  let run = 0;
  while (at - run - 1 >= 0 && text[at - run - 1] === '\\') run++;
  return run % 2 === 1;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Where to cut a text at or before position `at` so that no word is cut in two: `at` itself when a
 * word ends there, else the last space before it, unless that would keep less than half.
 */
export function wordEndAt(text: string, at: number): number {
  if (at >= text.length || /\s/.test(text[at]!) || /\s/.test(text[at - 1] ?? ' ')) return at;
  const space = text.slice(0, at).search(/\s\S*$/);
  return space >= at / 2 ? space : at;
}
