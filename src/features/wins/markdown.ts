// Rich text to Markdown for the exported documents. Slack, Discord and Teams show such a file as
// raw text and people paste it into newsletters, so it is read plain as often as rendered: a
// character of literal text is escaped only where CommonMark (with GitHub's strikethrough) would
// read it as markup there. A win can never add a heading, list, link, image, HTML tag, code or
// emphasis to a document, and "indrukwekkend!" or "a < b" keep their characters without a
// backslash. A bare web address stays as typed (a renderer may make it clickable: its target is
// the text the reader sees, never hidden behind other words).
import type { RichText } from '../../core/rich-text.ts';

interface Char {
  ch: string;
  /** Literal text (may need escaping) rather than markup this module wrote. */
  literal: boolean;
}

export interface MarkdownLineOptions {
  /** The line is an ATX heading's text: a closing run of "#" would be dropped from it. */
  heading?: boolean;
}

/** Literal text as one Markdown line, starting a block (a paragraph, a list item, a heading). */
export function escapeMarkdown(text: string, options: MarkdownLineOptions = {}): string {
  return richToMarkdown([{ type: 'text', text }], options);
}

/**
 * Bold, italic and code spans keep their style; mentions become their plain "@name" and links
 * "label (address)". Escaping looks at the whole line, so text split over spans (a win's words
 * around a named person) cannot join into a link.
 */
export function richToMarkdown(text: RichText, options: MarkdownLineOptions = {}): string {
  const chars: Char[] = [];
  const push = (value: string, literal: boolean) => {
    for (const ch of Array.from(literal ? oneLine(value) : value)) chars.push({ ch, literal });
  };
  for (const span of text) {
    if (span.type === 'mention') push(span.fallback, true);
    else if (span.type === 'link') push(`${span.label} (${span.url})`, true);
    else if (span.style === 'code' && span.text.trim() !== '') push(codeSpan(oneLine(span.text)), false);
    else if ((span.style === 'bold' || span.style === 'italic') && span.text.trim() !== '') {
      const [, before, body, after] = /^(\s*)([\s\S]*?)(\s*)$/.exec(oneLine(span.text))!;
      const mark = span.style === 'bold' ? '**' : '*';
      push(before!, true);
      push(mark, false);
      push(body!, true);
      push(mark, false);
      push(after!, true);
    } else push(span.text, true);
  }
  const escaped = escapedPositions(chars, options);
  return chars.map((c, i) => (escaped.has(i) ? `\\${c.ch}` : c.ch)).join('');
}

/** Line breaks folded, so the text stays one paragraph or list item. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** A code span whose fence is longer than any backtick run inside it. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/u;

function escapedPositions(chars: readonly Char[], options: MarkdownLineOptions): Set<number> {
  const out = new Set<number>();
  const line = chars.map((c) => c.ch).join('');
  const at = (i: number) => chars[i]?.ch ?? '';
  const mark = (i: number) => {
    if (chars[i]?.literal) out.add(i);
  };

  if (options.heading) {
    // "# Netwerk #": a closing run of "#" would be dropped from the heading.
    const closing = /\s(#+)\s*$/.exec(line);
    if (closing) mark(closing.index + 1);
  } else {
    // Block starts: a heading, quote, list item, rule, code fence or link definition.
    const start = /^(?:#{1,6}(?=\s|$)|>|(?:[-*_][ \t]*){3,}$|[-+*](?=\s|$)|\d{1,9}([.)])(?=\s|$)|`{3,}|~{3,}|\[[^\]]*\]:)/.exec(line);
    if (start) mark(start[1] ? start[0].length - 1 : 0);
  }

  chars.forEach((c, i) => {
    if (!c.literal) return;
    const next = at(i + 1);
    // A backslash before punctuation would be taken as an escape and vanish.
    if (c.ch === '\\' && ASCII_PUNCTUATION.test(next)) mark(i);
    // "<" opens an HTML tag, comment or autolink only before a letter, "/", "!" or "?", closed by a ">".
    if (c.ch === '<' && /[A-Za-z/!?]/.test(next) && line.indexOf('>', i + 2) > 0) mark(i);
    // "&amp;" and "&#38;" would be shown as "&".
    if (c.ch === '&' && /^&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/.test(line.slice(i))) mark(i);
    // "[" starts a link or image only when a "](" or "][" follows.
    if (c.ch === '[' && /\]\s*[([]/.test(line.slice(i + 1))) mark(i);
  });

  for (const run of delimiterRuns(chars)) {
    if (run.ch === '`') {
      // A backtick run opens code when another run of the same length appears.
      if (run.literal && delimiterRuns(chars).some((other) => other !== run && other.ch === '`' && other.length === run.length)) markRun(run, mark);
      continue;
    }
    const sameChar = delimiterRuns(chars).filter((other) => other.ch === run.ch && other !== run);
    const { canOpen, canClose } = flanking(chars, run);
    const pairs = (canOpen && sameChar.some((other) => other.start > run.start && flanking(chars, other).canClose)) || (canClose && sameChar.some((other) => other.start < run.start && flanking(chars, other).canOpen));
    if (run.literal && pairs) markRun(run, mark);
  }
  return out;
}

interface Run {
  ch: string;
  start: number;
  length: number;
  literal: boolean;
}

/** Runs of "*", "_", "~" and "`", each wholly literal or wholly markup. */
function delimiterRuns(chars: readonly Char[]): Run[] {
  const runs: Run[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!'*_~`'.includes(c.ch)) continue;
    const last = runs.at(-1);
    if (last && last.ch === c.ch && last.literal === c.literal && last.start + last.length === i) last.length++;
    else runs.push({ ch: c.ch, start: i, length: 1, literal: c.literal });
  }
  return runs;
}

function markRun(run: Run, mark: (i: number) => void): void {
  for (let i = run.start; i < run.start + run.length; i++) mark(i);
}

/** CommonMark's flanking rules: whether a run can open or close emphasis (or strikethrough). */
function flanking(chars: readonly Char[], run: Run): { canOpen: boolean; canClose: boolean } {
  const before = chars[run.start - 1]?.ch ?? ' ';
  const after = chars[run.start + run.length]?.ch ?? ' ';
  const left = !WHITESPACE.test(after) && (!PUNCTUATION.test(after) || WHITESPACE.test(before) || PUNCTUATION.test(before));
  const right = !WHITESPACE.test(before) && (!PUNCTUATION.test(before) || WHITESPACE.test(after) || PUNCTUATION.test(after));
  if (run.ch !== '_') return { canOpen: left, canClose: right };
  return { canOpen: left && (!right || PUNCTUATION.test(before)), canClose: right && (!left || PUNCTUATION.test(after)) };
}
