// Turns raw chat text into lowercase ASCII word tokens: strips chat markup, HTML, emoji and diacritics.
// Every step is linear in the text's length: a question is untrusted input, and one slow question
// would delay everyone else's answers (the bot answers on one event loop).

/** Longest question we look at: questions are short, and a pasted document must not slow the bot down. */
export const MAX_QUESTION_CHARS = 2000;
/** Most words of one question we analyse (a 2,000-character question of real words has about 300). */
export const MAX_QUESTION_WORDS = 400;
/**
 * Longest word we analyse; a longer one is cut to this length and marked overlong. The handbook's longest
 * word has 26 letters; without this cap, splitting a compound and looking up typos cost the square of a
 * word's length, and one new 2,000-letter word took a second.
 */
export const MAX_WORD_CHARS = 40;

// Chat markup that carries no meaning for retrieval: Slack/Discord mentions and channel links
// (<!channel>, <@U123>, <#C1|general>), links, HTML tags and entities. Each pattern starts on a
// literal character and is bounded, so none can backtrack over the whole text.
const SLACK_LINK_WITH_LABEL = /<(?:https?:|mailto:)[^|>\s]{0,500}\|([^<>]{0,200})>/g;
const ANGLE_MARKUP = /<[^<>]{0,200}>/g;
const URL = /\b(?:https?:\/\/|www\.)\S+/g;
const HTML_ENTITY = /&(?:[a-z]{1,10}|#\d{1,7});/gi;
const DIACRITICS = /\p{M}+/gu;
// Apostrophes inside words ("zo'n", "don't", "agenda's") are dropped so the word stays one token.
const INNER_APOSTROPHE = /(\p{L})['’‘`](\p{L})/gu;
/** Currency signs become words ("€500" -> "euro 500"), so an amount is seen as one (data/advice/not-covered.json). */
const CURRENCY_SIGN = /[€$£]/g;
const CURRENCY_WORDS: Readonly<Record<string, string>> = { '€': ' euro ', $: ' dollar ', '£': ' pounds ' };
const SENTENCE_END = new Set(['.', '!', '?', ':']);
const CLAUSE_END = new Set([',', ';']);
const CLOSING_QUOTES = new Set(['"', "'", ')', ']']);

export interface MarkedToken {
  word: string;
  /**
   * Written as a name: an acronym ("EU", "CRM") or capitalised inside a sentence ("Utrecht", "Slack").
   * A name the handbook never mentions says the question is about something else.
   */
  name: boolean;
  /** Longer than MAX_WORD_CHARS in the text (and cut to that length here): no real word, not worth repairing. */
  overlong?: true;
  /** The word as written (case kept, markup and diacritics gone), for naming it back to the asker. */
  text?: string;
  /** A hyphenated word joined ("rotterdamzuid"): how many part tokens, right before this one, it was made of. */
  joinedParts?: number;
  /** Followed by punctuation that ends a clause ("respijtzorg,") or a sentence ("psychosis."). */
  pause?: 'clause' | 'sentence';
}

function stripMarkup(text: string): string {
  const unlinked = text.replace(SLACK_LINK_WITH_LABEL, ' $1 ').replace(ANGLE_MARKUP, ' ').replace(URL, ' ');
  // Mentions (@everyone, @jan) and e-mail addresses: every chunk holding an @ goes, found without a
  // regular expression (the usual e-mail patterns backtrack quadratically on "x@x@x@…").
  const withoutAddresses = unlinked.includes('@') ? unlinked.split(/\s+/).filter((chunk) => !chunk.includes('@')).join(' ') : unlinked;
  return withoutAddresses.replace(HTML_ENTITY, ' ').replace(CURRENCY_SIGN, (sign) => CURRENCY_WORDS[sign]!).normalize('NFKD').replace(DIACRITICS, '').replace(INNER_APOSTROPHE, '$1$2');
}

/** The punctuation a chunk ends in, closing quotes or brackets skipped: "." of "psychosis.)", "," of "respijtzorg,". */
function lastMark(chunk: string): string | undefined {
  let end = chunk.length - 1;
  while (end >= 0 && CLOSING_QUOTES.has(chunk[end]!)) end--;
  return end >= 0 ? chunk[end] : undefined;
}

/** Whether a chunk ends a clause: in , or ; or anything that ends a sentence. */
function endsClause(chunk: string): boolean {
  const mark = lastMark(chunk);
  return mark !== undefined && (SENTENCE_END.has(mark) || CLAUSE_END.has(mark));
}

/** Whether a chunk ends a sentence: in . ! ? or :. */
function endsSentence(chunk: string): boolean {
  const mark = lastMark(chunk);
  return mark !== undefined && SENTENCE_END.has(mark);
}

/** The word without hyphens at either end (a loop: the regular expression for trailing ones is quadratic). */
function trimHyphens(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && word[start] === '-') start++;
  while (end > start && word[end - 1] === '-') end--;
  return word.slice(start, end);
}

/** Lowercase letters and digits only; every other character becomes a space. */
function foldWord(word: string): string {
  return word.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * Lowercase, markup-free, diacritic-free text; everything that is not a letter or digit becomes a space,
 * except hyphens between letters. For short texts such as word lists; questions go through tokenizeMarked.
 */
export function normalizeText(raw: string): string {
  return stripMarkup(raw)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, ' ')
    .split(' ')
    .map(trimHyphens)
    .filter(Boolean)
    .join(' ');
}

const ACRONYM = /^[A-Z]{2,6}s?$/;
const ACRONYM_PLURAL = /^[A-Z]{2,6}s$/;
const CAPITALISED = /^[A-Z][a-z]/;

function marked(word: string, name: boolean, text: string): MarkedToken {
  const shown = text.slice(0, MAX_WORD_CHARS);
  return word.length > MAX_WORD_CHARS ? { word: word.slice(0, MAX_WORD_CHARS), name, overlong: true, text: shown } : { word, name, text: shown };
}

/**
 * Word tokens with a flag for words written as names. A hyphenated word ("kick-off", "no-shows",
 * "ggz-instelling") yields its parts and, right after them, the joined form, because the knowledge
 * base and users write such words either way. Words are cut to MAX_WORD_CHARS; give questions to
 * tokenizeQuestion, which also caps their length.
 */
export function tokenizeMarked(raw: string): MarkedToken[] {
  const tokens: MarkedToken[] = [];
  let sentenceStart = true;
  for (const chunk of stripMarkup(raw).split(/\s+/)) {
    if (!chunk) continue;
    const before = tokens.length;
    const pieces = chunk.split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
    for (const piece of pieces) {
      const parts = piece.split('-').filter(Boolean);
      const words: MarkedToken[] = [];
      for (const part of parts) {
        // An acronym's plural is the acronym ("GPs", "NGOs"): "gps" is a word nobody wrote.
        const word = foldWord(ACRONYM_PLURAL.test(part) ? part.slice(0, -1) : part).replace(/\s+/g, '');
        if (!word) continue;
        words.push(marked(word, ACRONYM.test(part) || (!sentenceStart && CAPITALISED.test(part)), part));
      }
      tokens.push(...words);
      if (words.length > 1) tokens.push({ ...marked(words.map((w) => w.word).join(''), words.some((w) => w.name), piece), joinedParts: words.length });
      if (words.length > 0) sentenceStart = false;
    }
    const last = tokens[tokens.length - 1];
    if (last && tokens.length > before && endsClause(chunk)) last.pause = endsSentence(chunk) ? 'sentence' : 'clause';
    if (endsSentence(chunk)) sentenceStart = true;
  }
  return tokens;
}

/** A question's word tokens: only its first MAX_QUESTION_CHARS characters and MAX_QUESTION_WORDS words. */
export function tokenizeQuestion(raw: string): MarkedToken[] {
  return tokenizeMarked(raw.length > MAX_QUESTION_CHARS ? raw.slice(0, MAX_QUESTION_CHARS) : raw).slice(0, MAX_QUESTION_WORDS);
}

/** Word tokens of a text (see tokenizeMarked). */
export function tokenize(raw: string): string[] {
  return tokenizeMarked(raw).map((t) => t.word);
}

/**
 * The words with chat shorthand written out ("pb" -> "procesbegeleider", "ppl" -> "people"); `table` maps a
 * normalised word to its expansion. The result is at most MAX_QUESTION_WORDS long, like any question.
 */
export function expandAbbreviations(words: readonly MarkedToken[], table: Readonly<Record<string, string>>): MarkedToken[] {
  const expanded: MarkedToken[] = [];
  for (const token of words) {
    // Written as a name or acronym ("WK", "ED") it is not shorthand: only lowercase chat words are expanded.
    const full = !token.name && Object.hasOwn(table, token.word) ? table[token.word] : undefined;
    if (full === undefined) expanded.push(token);
    else for (const word of full.split(' ')) expanded.push({ word, name: false, text: word });
  }
  return expanded.slice(0, MAX_QUESTION_WORDS);
}
