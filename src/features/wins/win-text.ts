// A win's text: split into the author's literal words and the people they named, and shown back.
import type { MentionedUser } from '../../core/events.ts';
import type { Translator } from '../../core/i18n.ts';
import type { RichText } from '../../core/rich-text.ts';
import { characterCount, cleanOneLine, typedLength } from '../../core/sanitize.ts';
import { cutAtSentence } from '../../core/sentences.ts';
import type { WinPart } from './win-types.ts';

/** Longest win text kept, in characters; longer text is shortened to its last sentence end that fits. */
export const MAX_WIN_TEXT = 500;
/** Longest text read at all: a paste of many pages is not scanned for sentence ends. */
const MAX_TYPED_TEXT = 20 * MAX_WIN_TEXT;

export interface ParsedWin {
  parts: WinPart[];
  /** People named on purpose (resolved mentions), first mention first, the author excluded. */
  credited: string[];
  /** When the typed text was too long: its length, and the length of the part kept. */
  shortened?: { typed: number; kept: number };
}

/**
 * Splits the cleaned text at the mention tokens the adapter resolved. Anything else, including
 * "<!channel>", "@everyone" or an unresolved "<@U123>", stays literal text: only the adapter's
 * resolved mentions of people ever become people (a bot's mention becomes its name as text). `unread`: the
 * characters typed after `raw` that the core did not read (`CommandContext.unread`), counted in its length.
 */
export function parseWinText(raw: string, mentions: readonly MentionedUser[], authorId: string, unread = 0): ParsedWin {
  const typed = cleanOneLine(raw, MAX_TYPED_TEXT);
  const text = cutAtSentence(typed, MAX_WIN_TEXT);
  const byToken = new Map(mentions.filter((m) => m.token.length > 0).map((m) => [m.token, m]));
  const parts: WinPart[] = [];
  const pushText = (value: string) => {
    if (value.length === 0) return;
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += value;
    else parts.push({ kind: 'text', text: value });
  };
  if (byToken.size === 0) {
    pushText(text);
  } else {
    const tokens = [...byToken.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    let last = 0;
    for (const match of text.matchAll(new RegExp(tokens.join('|'), 'g'))) {
      pushText(text.slice(last, match.index));
      const named = byToken.get(match[0])!;
      // A bot or app ("thanks to the Jira bot") keeps its name in the story, but is no member to credit or ping.
      if (named.isBot) pushText(named.displayName);
      else parts.push({ kind: 'person', userId: named.userId });
      last = match.index + match[0].length;
    }
    pushText(text.slice(last));
  }
  const credited: string[] = [];
  for (const part of parts) {
    if (part.kind === 'person' && part.userId !== authorId && !credited.includes(part.userId)) credited.push(part.userId);
  }
  return { parts, credited, ...(text.length < typed.length ? { shortened: { typed: typedLength(typed, unread), kept: characterCount(text) } } : {}) };
}

/** True when the win says something besides naming people. */
export function hasWords(parts: readonly WinPart[]): boolean {
  return parts.some((part) => part.kind === 'text' && /[\p{L}\p{N}]/u.test(part.text));
}

/**
 * Who may be shown by name: display names of people who did not opt out. Anyone missing from
 * the map is shown as "someone".
 */
export type ShownNames = ReadonlyMap<string, string>;

/**
 * The win as literal text spans. A named person is shown by name (as text, never as a mention:
 * the celebration's credit line is where people are pinged) or as "someone" when they opted out.
 */
export function winRichText(parts: readonly WinPart[], names: ShownNames, t: Translator): RichText {
  return parts.map((part) => {
    if (part.kind === 'text') return { type: 'text', text: part.text };
    const name = part.kind === 'person' ? names.get(part.userId) : undefined;
    return { type: 'text', text: name ?? t.text('wins.someone') };
  });
}

/**
 * True when the win names someone in the network besides its author (also once they were
 * forgotten and show as "someone"). Such a win may be about that person's own situation, which
 * they told the network, not the outside world: it stays out of what is made to share outside.
 */
export function namesSomeoneElse(win: { authorId?: string; parts: readonly WinPart[] }): boolean {
  return win.parts.some((part) => part.kind === 'someone' || (part.kind === 'person' && part.userId !== win.authorId));
}

/** Everyone a list of wins refers to (authors and named people), for one name lookup. */
export function peopleIn(wins: ReadonlyArray<{ authorId?: string; parts: readonly WinPart[] }>): string[] {
  const ids = new Set<string>();
  for (const win of wins) {
    if (win.authorId) ids.add(win.authorId);
    for (const part of win.parts) if (part.kind === 'person') ids.add(part.userId);
  }
  return [...ids];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
