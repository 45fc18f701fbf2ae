// Rich text to Adaptive Card TextBlock markdown: literal text escaped, intended mentions as Teams <at> entities.
import type { RichText } from '../../src/core/rich-text.ts';
import { mergeAdjacentText } from '../../src/core/rich-text.ts';
import { removeInvisible, truncate } from '../../src/core/sanitize.ts';

/** A Teams mention entity; the card's text holds `text` exactly where the person is named. */
export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

// Characters that start markdown in a TextBlock wherever they stand.
const INLINE_MARKUP = /[\\*_[\]`~]/g;
// Characters that start a block (list, heading, quote) at the beginning of a line, after the line's own indent
// (never across a line break: that would skip the marker of the next line and rescan every run of blank lines).
const LINE_MARKUP = /^([^\S\n]*)([-+#>]|\d+[.)])/gm;
const ZERO_WIDTH_SPACE = '\u200B';
/** Teams user ids: `29:…` (bot-scoped), `8:orgid:<guid>` (AAD); nothing else can be mentioned. */
const TEAMS_USER_ID = /^(29:[\w-]{1,200}|8:orgid:[0-9a-f-]{36})$/i;

export function isTeamsUserId(id: string): boolean {
  return TEAMS_USER_ID.test(id);
}

/** Bots and apps in Teams (this bot included) have ids `28:<app id>`: they can be mentioned, but are no people. */
const TEAMS_BOT_ID = /^28:[\w-]{1,200}$/;

export function isTeamsBotId(id: string): boolean {
  return TEAMS_BOT_ID.test(id);
}

/**
 * Literal text for a TextBlock: markdown characters are backslash-escaped and every `<` is
 * followed by a zero-width space, so user text can never form `<at>…</at>` (a mention), a link,
 * bold text or a list. Invisible and bidi characters are removed first. `lineStart: false` for
 * text that continues a line: a list or heading marker at its start is then no marker, and an
 * escape there would only risk a visible backslash (Teams mobile has shown them).
 */
export function escapeCardText(text: string, options: { lineStart?: boolean } = {}): string {
  const lineStart = options.lineStart ?? true;
  return removeInvisible(text)
    .replace(/\r\n?/g, '\n')
    .replace(INLINE_MARKUP, (char) => `\\${char}`)
    .replace(LINE_MARKUP, (match: string, space: string, marker: string, offset: number) => {
      // Text that goes on a line after other text starts no block: "mean 3.3" needs no "3\.3".
      if (offset === 0 && !lineStart) return match;
      return /^\d/.test(marker) ? `${space}${marker.slice(0, -1)}\\${marker.slice(-1)}` : `${space}\\${marker}`;
    })
    .replace(/</g, `<${ZERO_WIDTH_SPACE}`);
}

/** A label without markup (button titles and placeholders are plain text in Teams). */
export function plainLabel(text: string): string {
  return removeInvisible(text).replace(/\s+/g, ' ').trim();
}

/** Collects the mention entities of every text rendered into one card. */
export class MentionCollector {
  private readonly byKey = new Map<string, MentionEntity>();

  get entities(): MentionEntity[] {
    return [...this.byKey.values()];
  }

  /** The `<at>` text for a person; one entity per person and name. */
  mention(userId: string, displayName: string): string {
    const name = mentionName(displayName);
    const text = `<at>${name}</at>`;
    const key = `${userId}\n${text}`;
    if (!this.byKey.has(key)) this.byKey.set(key, { type: 'mention', text, mentioned: { id: userId, name } });
    return text;
  }
}

/**
 * Renders rich text: styles as markdown around escaped literal text, mentions of Teams users as
 * `<at>` entities (anyone else as a plain `@name`), links only when they are http(s).
 */
export function renderRich(text: RichText, mentions: MentionCollector, options: { commandsByMention?: boolean } = {}): string {
  let out = '';
  for (const span of mergeAdjacentText(text)) {
    const lineStart = out === '' || out.endsWith('\n');
    switch (span.type) {
      case 'text':
        out += styled(options.commandsByMention ? addressCommands(span.text) : span.text, span.style, lineStart);
        break;
      case 'mention':
        out += isTeamsUserId(span.userId) ? mentions.mention(span.userId, span.fallback.replace(/^@/, '')) : escapeCardText(span.fallback, { lineStart });
        break;
      case 'link': {
        const url = safeUrl(span.url);
        const label = escapeCardText(plainLabel(span.label) || span.url, { lineStart: lineStart && !url });
        out += url ? `[${label}](${url})` : label;
        break;
      }
    }
  }
  return out;
}

/**
 * Adaptive Cards have no code style, so a command or a task's short id (`/liso help`, `verkennen`)
 * is shown in italics: set apart from the sentence around it rather than read as a stray word.
 * Code without letters (a pulse result's bar `5 ███░░`) stays upright.
 */
function styled(text: string, given: 'bold' | 'italic' | 'code' | undefined, lineStart: boolean): string {
  const style = given === 'code' ? (/\p{L}/u.test(text) ? 'italic' : undefined) : given;
  // Inside ** or _ a marker is not at the start of the line.
  const emphasised = style !== undefined;
  const escaped = escapeCardText(text, { lineStart: lineStart && !emphasised });
  // Markdown emphasis cannot start or end with white space, so it wraps the trimmed core only.
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(escaped)!;
  const [, lead = '', core = '', trail = ''] = match;
  if (core === '' || style === undefined) return escaped;
  return style === 'bold' ? `${lead}**${core}**${trail}` : `${lead}_${core}_${trail}`;
}

/** The bot's name as people @mention it in Teams (the app package's short name). */
const BOT_MENTION = '@liso-bot';

/**
 * Commands as a channel or group chat needs them: Teams has no slash commands for bots, and a
 * message there reaches the bot only when it @mentions it, so `/liso rol …` becomes
 * `@liso-bot rol …` (a bare `/liso`, the menu, a bare mention). A personal chat takes `/liso` as typed.
 */
export function addressCommands(text: string): string {
  return text.replace(/(^|[\s(“"'`])\/liso(?=$|[\s.,;:)”"'`])/g, `$1${BOT_MENTION}`);
}

/** Longest name inside a mention, in characters. */
const MAX_MENTION_NAME = 60;

/** A name inside `<at>…</at>`: letters, digits and simple punctuation only, never markup; a long one cut after a whole word. */
function mentionName(displayName: string): string {
  const name = truncate(removeInvisible(displayName).replace(/[^\p{L}\p{N} .'-]/gu, '').replace(/\s+/g, ' ').trim(), MAX_MENTION_NAME);
  return name || 'iemand';
}

function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    return parsed.href.replace(/[()\s]/g, (c) => encodeURIComponent(c));
  } catch {
    return undefined;
  }
}
