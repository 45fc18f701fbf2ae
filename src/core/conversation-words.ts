// The few everyday phrases a conversation with the bot understands, in Dutch and English
// whatever language the person reads in (people mix them): thanks, greetings and follow-ups.

export type FollowUp = { kind: 'more' } | { kind: 'other' } | { kind: 'number'; n: number };

// Longer messages are questions or statements, not a "thank you" or a "meer tips".
const MAX_PHRASE_WORDS = 6;

const THANKS = [
  'dank',
  'dank je',
  'dank je wel',
  'dankjewel',
  'dankje',
  'dank u',
  'dank u wel',
  'dankuwel',
  'bedankt',
  'merci',
  'thanks',
  'thank you',
  'thx',
  'ty',
  'top',
  'super',
  'fijn',
  'helder',
  'duidelijk',
  'great',
];
const THANKS_EMOJI = /^(?:[👍🙏🙌👏💪✅😊🙂❤️♥️]|\p{Emoji_Modifier}|\uFE0F|\s)+$/u;
const GREETINGS = ['hoi', 'hallo', 'hey', 'hi', 'hello', 'hoihoi', 'goedemorgen', 'goedemiddag', 'goedenavond', 'dag', 'yo', 'good morning', 'goede morgen'];
// "wat kun je?", "who are you": a question about the bot itself, answered with its introduction, not the handbook.
const ABOUT_BOT = [
  'wat kun je',
  'wat kan je',
  'wat kun jij',
  'wat kan jij',
  'wat doe je',
  'wat doe jij',
  'wat ben je',
  'wat ben jij',
  'wie ben je',
  'wie ben jij',
  'hoe werk je',
  'hoe werkt dit',
  'hoe werkt het',
  'what can you do',
  'what do you do',
  'who are you',
  'what are you',
  'how do you work',
  'how does this work',
];
const ABOUT_BOT_WORDS = Math.max(...ABOUT_BOT.map((phrase) => phrase.split(' ').length));
// Words around such a question that do not make it a question about something else ("wat kun je allemaal", "hoi bot, wie ben jij").
const ABOUT_BOT_FILLERS = new Set(['allemaal', 'doen', 'do', 'eigenlijk', 'precies', 'zoal', 'dan', 'nou', 'voor', 'mij', 'ons', 'me', 'us', 'exactly', 'actually', 'hier', 'here', 'liso', 'lisobot', 'bot', 'hey', 'hoi', 'hi']);
const MORE = ['meer', 'meer tips', 'nog meer', 'nog meer tips', 'meer info', 'meer graag', 'meer tips graag', 'vertel meer', 'more', 'more tips', 'tell me more', 'more please'];
const OTHER = [
  'andere',
  'anders',
  'ander',
  'iets anders',
  'een ander',
  'ander onderwerp',
  'andere onderwerpen',
  'andere tips',
  'nog een',
  'other',
  'others',
  'other topics',
  'something else',
  'another',
];
// Typed answers to a yes/no question the bot asked ("Mag ik je vraag bewaren?"); compared normalised.
const CONSENT_YES = ['ja', 'jawel', 'bewaren', 'graag', 'doe maar', 'ok', 'oke', 'okay', 'prima', 'yes', 'yep', 'keep', 'keep it', 'sure'];
const CONSENT_NO = [
  'nee',
  'nee hoor',
  'niet bewaren',
  'laat maar',
  'liever niet',
  'nee dank je',
  'nee bedankt',
  'no',
  'nope',
  "don't",
  "don't keep",
  'do not',
  'do not keep',
  'no thanks',
  'no thank you',
];
const NUMBER = /^(?:nummer|nr|optie|keuze|number|option|no)?\s*#?\s*(\d{1,2})$/;

/** Lower case, no punctuation or symbols, single spaces: how phrases are compared. */
export function normalizePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s#]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether the text holds any letter or digit (not only emoji, punctuation or markup). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

function wordCount(phrase: string): number {
  return phrase === '' ? 0 : phrase.split(' ').length;
}

/** The phrase is, or starts with, one of `phrases` ("dank je, dit helpt" starts with "dank je"). */
function startsWithPhrase(phrase: string, phrases: readonly string[]): boolean {
  return phrases.some((p) => phrase === p || phrase.startsWith(`${p} `));
}

/** "dank je", "bedankt voor de tip", "thanks!", 👍: a short thank-you, not a question. */
export function isThanks(text: string): boolean {
  if (THANKS_EMOJI.test(text)) return true;
  const phrase = normalizePhrase(text);
  return wordCount(phrase) <= MAX_PHRASE_WORDS && !text.includes('?') && startsWithPhrase(phrase, THANKS);
}

/** "hoi", "hallo daar", "goedemorgen!": a greeting with nothing asked. */
export function isGreeting(text: string): boolean {
  const phrase = normalizePhrase(text);
  return wordCount(phrase) <= 3 && !text.includes('?') && startsWithPhrase(phrase, GREETINGS);
}

/** "wat kun je allemaal?", "who are you": a question about the bot itself; "wat kun je doen als ..." is not. */
export function isAboutBot(text: string): boolean {
  const words = normalizePhrase(text).split(' ');
  // "liso, wat kun je?" names the bot first; "wat kun je allemaal" trails fillers, dropped one at a time
  // ("what can you do" is itself a phrase, although "do" may trail one).
  let start = 0;
  while (start < words.length && ABOUT_BOT_FILLERS.has(words[start]!)) start++;
  // The phrase ends at or after the last word that is no filler, and is at most a phrase long: only those
  // few ends are tried, so a thousand trailing fillers cost a thousand steps, not a million.
  let lastWord = words.length - 1;
  while (lastWord >= start && ABOUT_BOT_FILLERS.has(words[lastWord]!)) lastWord--;
  const earliestEnd = Math.max(lastWord + 1, start + 1);
  for (let end = Math.min(words.length, start + ABOUT_BOT_WORDS); end >= earliestEnd; end--) {
    if (ABOUT_BOT.includes(words.slice(start, end).join(' '))) return true;
  }
  return false;
}

/** Whether `phrase` is one or more of `phrases` in a row ("nee niet bewaren", "ja graag"). */
function madeOfPhrases(phrase: string, phrases: ReadonlySet<string>): boolean {
  const words = phrase.split(' ');
  // reachable[i]: the first i words are whole phrases.
  const reachable = [true, ...words.map(() => false)];
  for (let end = 1; end <= words.length; end++) {
    for (let start = 0; start < end && !reachable[end]; start++) {
      reachable[end] = reachable[start]! && phrases.has(words.slice(start, end).join(' '));
    }
  }
  return reachable[words.length]!;
}

const CONSENT = { yes: new Set(CONSENT_YES.map(normalizePhrase)), no: new Set(CONSENT_NO.map(normalizePhrase)) };

/** "ja", "nee, niet bewaren", "no thanks": a typed yes or no to the bot's question; anything else is not. */
export function consentOf(text: string): 'yes' | 'no' | undefined {
  const phrase = normalizePhrase(text);
  if (phrase === '' || wordCount(phrase) > MAX_PHRASE_WORDS) return undefined;
  if (madeOfPhrases(phrase, CONSENT.yes)) return 'yes';
  if (madeOfPhrases(phrase, CONSENT.no)) return 'no';
  return undefined;
}

/** "meer tips", "andere", "2", "nummer 3": a follow-up on the bot's latest answer. */
export function followUpOf(text: string): FollowUp | undefined {
  const phrase = normalizePhrase(text);
  if (wordCount(phrase) > MAX_PHRASE_WORDS) return undefined;
  const number = NUMBER.exec(phrase);
  if (number) return { kind: 'number', n: Number(number[1]) };
  // "meer tips graag" and "andere, graag" still count; "meer tips over afhakers" is a question.
  const withoutPlease = phrase.replace(/\s(?:graag|please|aub|alsjeblieft|alstublieft)$/, '');
  if (MORE.includes(withoutPlease)) return { kind: 'more' };
  if (OTHER.includes(withoutPlease)) return { kind: 'other' };
  return undefined;
}
