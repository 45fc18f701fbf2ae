// Slack mrkdwn: escaping of literal text and rendering of the core's rich text spans.
import type { Inline, RichText } from '../../src/core/rich-text.ts';
import { wordEndAt } from '../../src/core/text-cuts.ts';

/**
 * Escapes the three characters Slack treats as control characters in mrkdwn. After this, text
 * such as "<!channel>" or "<@U123>" shows literally and can never ping or link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Slack has no escape for its style markers. A marker that could open or close a style (neither
// inside a word nor standing alone; a backtick anywhere) becomes a look-alike, so a typed "*vet*"
// or a stray "`" never restyles the bot's own text around it. Web addresses stay whole: Slack
// links them as typed, and a changed character would change the address.
const STYLE_MARKER = /(?:https?:\/\/|mailto:)[^\s<>]*|[*_~`]/giu;
const LOOK_ALIKE: Record<string, string> = { '*': '∗', _: 'ˍ', '~': '∼', '`': 'ˋ' };
const WORD_CHAR = /[\p{L}\p{N}]/u;
// A quote starts with ">" (sent as "&gt;") at the beginning of a line; a zero-width space before it keeps the line plain.
const LINE_START_QUOTE = /(^|\n)([ \t]*)&gt;/g;

/**
 * Literal text as mrkdwn: the three control characters escaped, style markers that could take
 * effect swapped for look-alikes and a quote marker at a line start defused.
 */
export function escapeLiteral(text: string): string {
  const unstyled = text.replace(STYLE_MARKER, (match: string, offset: number, whole: string) => {
    if (match.length > 1) return match;
    if (match === '`') return LOOK_ALIKE[match]!;
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + 1] ?? '';
    const inWord = WORD_CHAR.test(before) && WORD_CHAR.test(after);
    const alone = !/\S/.test(before) && !/\S/.test(after);
    return inWord || alone ? match : LOOK_ALIKE[match]!;
  });
  return escapeMrkdwn(unstyled).replace(LINE_START_QUOTE, '$1$2\u200B&gt;');
}

/** Slack ids are upper-case letters and digits; anything else is refused as a mention target. */
const SLACK_ID = /^[UW][A-Z0-9]{2,}$/;
const SAFE_URL = /^(https?:\/\/|mailto:)[^\s<>|]+$/i;

/** Renders rich text as mrkdwn; only mention spans built by the core from user ids can ping. */
export function renderRichText(text: RichText): string {
  return text.map(renderSpan).join('');
}

function renderSpan(span: Inline): string {
  switch (span.type) {
    case 'mention':
      return SLACK_ID.test(span.userId) ? `<@${span.userId}>` : escapeLiteral(span.fallback);
    case 'link':
      return SAFE_URL.test(span.url) ? `<${escapeMrkdwn(span.url)}|${escapeLiteral(span.label).replace(/\|/g, '∣')}>` : `${escapeLiteral(span.label)} (${escapeMrkdwn(span.url)})`;
    case 'text':
      return styled(span.style === 'code' ? escapeMrkdwn(span.text) : escapeLiteral(span.text), span.style);
  }
}

// Slack only applies a style when the marker touches a non-space character, so the spaces
// around styled text move outside the markers.
function styled(text: string, style: 'bold' | 'italic' | 'code' | undefined): string {
  if (!style || text.trim() === '') return text;
  const marker = style === 'bold' ? '*' : style === 'italic' ? '_' : '`';
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  const inner = style === 'code' ? match[2]!.replace(/`/g, 'ˋ') : match[2]!;
  return `${match[1]}${marker}${inner}${marker}${match[3]}`;
}

/**
 * Cuts mrkdwn into pieces of at most `max` characters, preferring line breaks, then spaces, and
 * never cutting inside an escape (&amp;) or a <...> token.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    cut = safeCut(rest, cut);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Moves a cut position back so it does not split an entity, a <...> token or a surrogate pair. */
function safeCut(text: string, cut: number): number {
  const openEntity = text.lastIndexOf('&', cut - 1);
  if (openEntity >= 0 && cut - openEntity < 6 && !text.slice(openEntity, cut).includes(';')) cut = openEntity;
  const openToken = text.lastIndexOf('<', cut - 1);
  if (openToken >= 0 && text.indexOf('>', openToken) >= cut && openToken > 0) cut = openToken;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(1, cut);
}

/** Cuts plain text to `max` characters (UTF-16 units, as Slack counts) between words, ending with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, wordEndAt(text, cut)).trimEnd()}…`;
}

/**
 * Cuts plain text to `max` characters in the middle, keeping its last words: "Leernetwerk
 * Jeugdhulp … omstreken: Noord", for labels that differ only at their end.
 */
export function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.indexOf(' ', text.length - Math.floor(max / 3));
  const tail = space > 0 && space < text.length - 1 ? text.slice(space + 1) : text.slice(text.length - Math.floor(max / 3));
  let head = max - tail.length - 3;
  const code = text.charCodeAt(head - 1);
  if (code >= 0xd800 && code <= 0xdbff) head -= 1;
  return `${text.slice(0, wordEndAt(text, head)).trimEnd()} … ${tail}`;
}

/**
 * Labels for buttons shown side by side, each within `max`: cut at the end, or in the middle where
 * that would make two different labels read the same.
 */
export function distinctLabels(labels: readonly string[], max: number): string[] {
  const clipped = labels.map((label) => clip(label, max));
  return clipped.map((label, i) => (clipped.some((other, j) => other === label && labels[j] !== labels[i]) ? clipMiddle(labels[i]!, max) : label));
}

/** Cuts mrkdwn to `max` characters without breaking an escape or a token. */
export function clipMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, safeCut(text, max - 1)).trimEnd()}…`;
}
