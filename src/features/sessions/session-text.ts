// A session's place and agenda as typed by a lead: cleaned, capped, never able to ping anyone,
// and shown as a link when it is one.
import type { Inline } from '../../core/rich-text.ts';
import { cleanOneLine, typedLength } from '../../core/sanitize.ts';
import { UserError } from '../../core/user-error.ts';

/** A street address and a full Teams join link (some 240 characters on its own) fit. */
export const MAX_PLACE_LENGTH = 400;
export const MAX_AGENDA_LENGTH = 500;

// Mention markup of the platforms: <@U123>, <@!123>, <@&role>, <!channel>, <#C123>, and the
// group pings people type.
const MENTION_MARKUP = /<[@!#]|(?:^|[^\p{L}\p{N}_.-])@(?:everyone|here|channel|iedereen)\b/iu;

export type SessionTextField = 'place' | 'agenda';

/**
 * The cleaned text, or a UserError saying what is wrong: too long (never cut, since half an
 * address is a wrong address) or naming people (`named` is true when the chat turned a word
 * into a mention). Nothing is stored when it throws. `unread`: characters typed after it that the core did
 * not read (`CommandContext.unread`), so the refusal says how long the text was typed.
 */
export function checkSessionText(field: SessionTextField, typed: string, named: boolean, unread = 0): string {
  const text = cleanOneLine(typed, Number.MAX_SAFE_INTEGER);
  const max = field === 'place' ? MAX_PLACE_LENGTH : MAX_AGENDA_LENGTH;
  const length = typedLength(text, unread);
  if (length > max) throw new UserError(field === 'place' ? 'session.place.tooLong' : 'session.agenda.tooLong', { max, length });
  if (named || MENTION_MARKUP.test(text)) throw new UserError(field === 'place' ? 'session.place.mentions' : 'session.agenda.mentions');
  return text;
}

/** A web address shown as a link; anything else (including other schemes) as literal text. */
export function sessionTextSpan(text: string): Inline {
  if (/^https?:\/\/\S+$/i.test(text)) {
    try {
      const url = new URL(text);
      if (url.protocol === 'http:' || url.protocol === 'https:') return { type: 'link', url: url.href, label: text };
    } catch {
      // Not a valid URL after all: shown as text.
    }
  }
  return { type: 'text', text };
}

/** True when the text is a web address (an online session). */
export function isLink(text: string): boolean {
  return sessionTextSpan(text).type === 'link';
}
