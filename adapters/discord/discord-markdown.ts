// Rich text to Discord markdown: literal text escaped, mentions only from the core's user ids.
import type { Inline, RichText } from '../../src/core/rich-text.ts';
import { removeInvisible } from '../../src/core/sanitize.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const MARKDOWN = /[\\*_~`|[\]<>]/g;
// Headings, list markers and quotes only count at the start of a line.
const LINE_START_MARKUP = /(^|\n)([ \t]*)([#>-]|\d+\.)/g;
const ZERO_WIDTH_SPACE = '\u200B';
const SNOWFLAKE = /^\d{15,25}$/;

/** Whether an id looks like a Discord user id (a snowflake); only those can become mentions. */
export function isSnowflake(id: string): boolean {
  return SNOWFLAKE.test(id);
}

/**
 * Escapes literal text: markdown characters get a backslash, "<" is escaped so "<@123>",
 * "<#1>", "<@&1>" and "<t:1>" show as typed, and "@everyone"/"@here" get a zero-width space so
 * they could not ping even if allowed_mentions were missing.
 */
export function escapeText(text: string): string {
  return removeInvisible(text)
    .replace(CONTROL, '')
    .replace(MARKDOWN, (c) => `\\${c}`)
    .replace(LINE_START_MARKUP, (_m, start: string, indent: string, mark: string) =>
      `${start}${indent}${mark.endsWith('.') ? `${mark.slice(0, -1)}\\.` : `\\${mark}`}`,
    )
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}

/** Text for places without markdown (button labels, modal titles): only invisible characters go. */
export function plainLabel(text: string): string {
  return removeInvisible(text).replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

// Discord finds mentions inside code too (it pings for a quoted "`@everyone`" where allowed_mentions lets it):
// a zero-width space after the "@" of a group ping and after a "<" that opens a mention keeps them inert.
const CODE_PINGS = /@(?=everyone|here)|<(?=[@#!])/gi;

function codeSpan(text: string): string {
  // Backslashes do not escape inside code; a backtick would end the span, so it is swapped for a look-alike.
  const inner = removeInvisible(text)
    .replace(CONTROL, '')
    .replace(/`/g, 'ˋ')
    .replace(/\n/g, ' ')
    .replace(CODE_PINGS, (c) => `${c}${ZERO_WIDTH_SPACE}`);
  return inner.trim() === '' ? '' : `\`${inner}\``;
}

function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function renderInline(span: Inline): string {
  switch (span.type) {
    case 'text': {
      if (span.style === 'code') return codeSpan(span.text);
      const escaped = escapeText(span.text);
      if (escaped.trim() === '') return escaped;
      if (span.style === 'bold') return `**${escaped}**`;
      if (span.style === 'italic') return `*${escaped}*`;
      return escaped;
    }
    case 'mention':
      return isSnowflake(span.userId) ? `<@${span.userId}>` : escapeText(span.fallback);
    case 'link': {
      const url = safeUrl(span.url);
      const label = escapeText(span.label);
      // Angle brackets keep Discord from unfurling a preview under every message.
      return url ? `[${label}](<${url.replace(/[<>]/g, encodeURIComponent)}>)` : label;
    }
  }
}

export function renderRich(text: RichText): string {
  return joinAlike(text).map(renderInline).join('');
}

/**
 * Joins neighbouring text spans of one style into one span. A prompt such as
 * "**{respondents} van de {invited}**" gives three bold spans; rendered one by one they would
 * read "**5**** van de ****5**", which Discord shows with stray asterisks.
 */
function joinAlike(text: RichText): Inline[] {
  const joined: Inline[] = [];
  for (const span of text) {
    const last = joined.at(-1);
    if (span.type === 'text' && last?.type === 'text' && last.style === span.style) joined[joined.length - 1] = { ...last, text: last.text + span.text };
    else joined.push(span);
  }
  return joined;
}
