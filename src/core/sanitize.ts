// Cleans untrusted user text before the core stores or echoes it.
import { wordEndAt } from './text-cuts.ts';

// Bidirectional overrides and isolates, zero-width characters and other invisible formatting:
// they let text look different from what it is (a hidden "@everyone", a reversed link). Also the
// characters that count as letters but show nothing (Hangul fillers, the braille blank, the
// grapheme joiner, interlinear annotations), with which a name or a win looks empty.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF\u00AD\u180E\u034F\u115F\u1160\u17B4\u17B5\u2800\u3164\uFFA0\uFFF9-\uFFFB]/g;
// Tag characters are invisible (they can carry hidden text); only a flag made of them (🏴 + tags + cancel tag) stays.
const TAGS = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|[\u{E0000}-\u{E007F}]/gu;
// A zero-width joiner between two emoji makes them one (a family, a profession): that one stays.
const EMOJI_BEFORE = /\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;
// Accents stacked on one letter beyond what any script needs ("Zalgo" text, drawn over the lines around it):
// the first few stay. Vietnamese and Indic letters carry at most three.
const STACKED_MARKS = /(\p{M}{4})\p{M}+/gu;
// C0/C1 control characters except tab and newline.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const ELLIPSIS = '…';

/**
 * Normalises (NFKC, so look-alike full-width letters become plain ones), strips invisible and
 * control characters and stacked accents beyond four on a letter, trims, and caps the length in
 * characters (not UTF-16 units), marking a cut with an ellipsis.
 */
export function cleanUserText(input: string, maxLength: number): string {
  return truncate(cleaned(input), maxLength);
}

/**
 * The text as `cleanUserText` reads it, and how many characters of the cleaned text lie past what was read
 * (0 when it was read whole). A value that runs to the end of the read text (a name, a place, a win) is that
 * much longer than it reads: its "…" stands for the first character left unread.
 */
export function readUserText(input: string, maxLength: number): { text: string; unread: number } {
  const whole = cleaned(input);
  const text = truncate(whole, maxLength);
  return { text, unread: text === whole ? 0 : characterCount(whole) - characterCount(text) };
}

/** NFKC, without invisible and control characters or accents stacked beyond four, one kind of line break, trimmed. */
function cleaned(input: string): string {
  // NFKC writes "…" as "...": kept as one character, a text cut once (its "…" marks the cut) is the same length cleaned again.
  const normalized = input.split(ELLIPSIS).map((part) => part.normalize('NFKC')).join(ELLIPSIS);
  return removeInvisible(normalized).replace(CONTROL, '').replace(STACKED_MARKS, '$1').replace(/\r\n?/g, '\n').trim();
}

/** Removes invisible and direction-changing characters, keeping only the joiners inside an emoji. */
export function removeInvisible(text: string): string {
  return text
    .replace(INVISIBLE, (char: string, offset: number, whole: string) =>
      char === '\u200D' && EMOJI_BEFORE.test(whole.slice(Math.max(0, offset - 4), offset)) && EMOJI_AFTER.test(whole.slice(offset + 1, offset + 3)) ? char : '',
    )
    .replace(TAGS, (match: string) => (match.startsWith('\u{1F3F4}') ? match : ''));
}

/** Like cleanUserText, and folds all white space (for names and one-line values). */
export function cleanOneLine(input: string, maxLength: number): string {
  return cleanUserText(input.replace(/\s+/g, ' '), maxLength);
}

/**
 * At most `maxLength` characters of a text (code points, as people count them), ending after a whole
 * word and marked with "…" when the text is longer. A word is cut inside only when ending before it
 * would keep less than half, and then between two characters as a reader sees them: an emoji made
 * of several (a family, a flag, a skin tone) or a letter with its accents is kept or left out whole.
 */
export function truncate(text: string, maxLength: number): string {
  // A character takes one or two UTF-16 units: a text of at most maxLength units fits, and only the first
  // 2 × maxLength units can hold the part kept (a 10,000-character text is not read whole).
  if (text.length <= maxLength) return text;
  const head = text.length > 2 * maxLength ? text.slice(0, 2 * maxLength + 1) : text;
  const room = Math.max(0, maxLength - 1);
  let characters = 0;
  let fits = 0;
  for (const { segment, index } of GRAPHEMES.segment(head)) {
    characters += characterCount(segment);
    if (characters > maxLength) return `${withoutTrailingBreaks(head.slice(0, wordEndAt(head, fits)))}…`;
    if (characters <= room) fits = index + segment.length;
  }
  return text;
}

const GRAPHEMES = new Intl.Segmenter('nl', { granularity: 'grapheme' });

/**
 * How long a value that runs to the end of what was read was typed: its characters and those left unread
 * after it (`readUserText`, `CommandContext.unread`), so a refusal can say how much to cut.
 */
export function typedLength(value: string, unread = 0): number {
  return characterCount(value) + unread;
}

/** How many characters (code points) a text has: an emoji that takes two UTF-16 units is one. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** The UTF-16 length of the first `count` characters of a text. */
export function unitsOfCharacters(text: string, count: number): number {
  let units = 0;
  let characters = 0;
  for (const character of text) {
    if (characters === count) break;
    units += character.length;
    characters++;
  }
  return units;
}

// What may not end a shortened text before its "…": space, and the comma or colon that led on to the part cut.
const TRAILING_BREAK = /[\s,;:]/;

/** The text without the spaces, commas and colons at its end; read from the end, once (no regex backtracking). */
function withoutTrailingBreaks(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING_BREAK.test(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** Lower case, without accents, punctuation or repeated spaces: "(Visuele) notulen" → "visuele notulen". */
export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A file name made of letters, digits and dashes only. */
export function slug(text: string): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return cleaned || 'netwerk';
}
