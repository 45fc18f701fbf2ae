// Turns raw chat text into lowercase ASCII word tokens: strips chat markup, HTML, emoji and diacritics.

/** Longest text we look at: questions are short, and a pasted document must not slow the bot down. */
export const MAX_QUESTION_CHARS = 2000;

// Chat markup that carries no meaning for retrieval: Slack/Discord mentions and channel links
// (<!channel>, <@U123>, <#C1|general>), @everyone/@here, links and HTML tags.
const SLACK_LINK_WITH_LABEL = /<(?:https?:|mailto:)[^|>]*\|([^>]*)>/g;
const ANGLE_MARKUP = /<[^<>]{0,200}>/g;
const URL = /\b(?:https?:\/\/|www\.)\S+/g;
const EMAIL = /\S+@\S+\.\S+/g;
const MENTION = /@\w+/g;
const HTML_ENTITY = /&(?:[a-z]+|#\d+);/gi;
const DIACRITICS = /\p{M}+/gu;
// Apostrophes inside words ("zo'n", "don't", "agenda's") are dropped so the word stays one token.
const INNER_APOSTROPHE = /(\p{L})['’‘`](\p{L})/gu;

export interface MarkedToken {
  word: string;
  /**
   * Written as a name: an acronym ("EU", "CRM") or capitalised inside a sentence ("Utrecht", "Slack").
   * A name the handbook never mentions says the question is about something else.
   */
  name: boolean;
}

function stripMarkup(raw: string): string {
  const text = raw.length > MAX_QUESTION_CHARS ? raw.slice(0, MAX_QUESTION_CHARS) : raw;
  return text
    .replace(SLACK_LINK_WITH_LABEL, ' $1 ')
    .replace(ANGLE_MARKUP, ' ')
    .replace(URL, ' ')
    .replace(text.includes('@') ? EMAIL : /$^/, ' ')
    .replace(MENTION, ' ')
    .replace(HTML_ENTITY, ' ')
    .normalize('NFKD')
    .replace(DIACRITICS, '')
    .replace(INNER_APOSTROPHE, '$1$2');
}

/** Letters and digits only, lowercase; hyphens between letters are kept ("kick-off"). */
function foldWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, ' ')
    .replace(/(^|\s)-+|-+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lowercase, markup-free, diacritic-free text; everything that is not a letter or digit becomes a space, except hyphens between letters. */
export function normalizeText(raw: string): string {
  return foldWord(stripMarkup(raw));
}

const ACRONYM = /^[A-Z]{2,6}s?$/;
const CAPITALISED = /^[A-Z][a-z]/;

/**
 * Word tokens with a flag for words written as names. A hyphenated word ("kick-off", "no-shows",
 * "ggz-instelling") yields its parts and, right after them, the joined form, because the knowledge
 * base and users write such words either way.
 */
export function tokenizeMarked(raw: string): MarkedToken[] {
  const tokens: MarkedToken[] = [];
  let sentenceStart = true;
  for (const chunk of stripMarkup(raw).split(/\s+/)) {
    if (!chunk) continue;
    const pieces = chunk.split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
    for (const piece of pieces) {
      const parts = piece.split('-').filter(Boolean);
      const words: MarkedToken[] = [];
      for (const part of parts) {
        const word = foldWord(part).replace(/[\s-]+/g, '');
        if (!word) continue;
        words.push({ word, name: ACRONYM.test(part) || (!sentenceStart && CAPITALISED.test(part)) });
      }
      tokens.push(...words);
      if (words.length > 1) tokens.push({ word: words.map((w) => w.word).join(''), name: words.some((w) => w.name) });
      if (words.length > 0) sentenceStart = false;
    }
    if (/[.!?:]["')\]]*$/.test(chunk)) sentenceStart = true;
  }
  return tokens;
}

/** Word tokens of a text (see tokenizeMarked). */
export function tokenize(raw: string): string[] {
  return tokenizeMarked(raw).map((t) => t.word);
}
