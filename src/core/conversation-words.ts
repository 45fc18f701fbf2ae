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
  // Lost rather than curious: the introduction says what the bot is for and where help is.
  'wat is dit',
  'wat is dit voor bot',
  'wat is dit voor iets',
  'wat is liso bot',
  'wat is lisobot',
  'ik snap het niet',
  'ik snap er niks van',
  'ik snap er niets van',
  'ik begrijp het niet',
  'wat moet ik doen',
  'wat moet ik hier doen',
  'what is this',
  'what is this bot',
  'i don t understand',
  'i do not understand',
  'what do i do',
  'what should i do',
];
const ANYWHERE_FILLERS = new Set(['eigenlijk', 'allemaal', 'nou', 'precies', 'actually', 'exactly']);
// "wat weet je over mij?", "my data": the person's own data, which `mijn-gegevens` shows (the handbook does not).
const OWN_DATA = [
  'mijn data',
  'wat weet je over mij',
  'wat weet jij over mij',
  'wat weet je van mij',
  'wat weet jij van mij',
  'wat bewaar je over mij',
  'wat bewaar je van mij',
  'wat sla je op over mij',
  'welke gegevens heb je van mij',
  'welke gegevens heb je over mij',
  'welke gegevens bewaar je',
  'welke gegevens bewaar je van mij',
  'welke gegevens bewaar je over mij',
  'what do you know about me',
  'what do you store about me',
  'what do you keep about me',
  'what data do you have on me',
  'what data do you have about me',
  'what data do you keep',
  'what data do you store',
];
// "wie zitten er in het netwerk?", "hoe gaat het met het netwerk?": the network's overview (roles, next session) answers it.
const MEMBERS = [
  'hoe gaat het met het netwerk',
  'hoe gaat het met ons netwerk',
  'hoe staat het netwerk ervoor',
  'hoe staat ons netwerk ervoor',
  'how is the network doing',
  'how is our network doing',
  'wie zitten er in het netwerk',
  'wie zitten er in ons netwerk',
  'wie zit er in het netwerk',
  'wie zit er in ons netwerk',
  'wie doen er mee',
  'wie doet er mee',
  'wie zijn de deelnemers',
  'wie is de trekker',
  'wie is onze trekker',
  'wie is de procesbegeleider',
  'wie is onze procesbegeleider',
  'who is in the network',
  'who is in our network',
  'who are the members',
  'who are the participants',
  'who is the lead',
  'who is our lead',
  'who is the facilitator',
  'who is our facilitator',
];
// "stop", "ik wil eruit": someone who wants out, for whom the handbook's advice on ending a network is no answer.
const LEAVING = [
  'stop',
  'stoppen',
  'ik stop',
  'ik wil stoppen',
  'ik wil eruit',
  'ik wil er uit',
  'uitschrijven',
  'ik wil me uitschrijven',
  'hoe stap ik uit het netwerk',
  'hoe ga ik uit het netwerk',
  'hoe kom ik uit het netwerk',
  'ik wil uit het netwerk',
  'leave',
  'quit',
  'unsubscribe',
  'opt out',
  'i want to leave',
  'how do i leave',
  'how do i leave the network',
  'how do i leave this network',
];
// "English please": the first thing someone who reads no Dutch may type after the Dutch introduction.
const ENGLISH = ['english', 'english please', 'in english', 'in english please', 'do you speak english', 'you speak english', 'can you speak english', 'speak english', 'engels', 'in het engels', 'engels graag'];
const DUTCH = ['nederlands', 'nederlands graag', 'in het nederlands', 'in het nederlands graag', 'spreek nederlands', 'dutch', 'dutch please', 'in dutch', 'in dutch please'];
// Short questions and wishes a command answers rather than the handbook: what the bot keeps, who is in the network, a language.
const COMMAND_PHRASES: ReadonlyArray<{ command: string; phrases: readonly string[] }> = [
  { command: 'mijn-gegevens', phrases: OWN_DATA },
  { command: 'netwerk', phrases: MEMBERS },
  { command: 'taal en', phrases: ENGLISH },
  { command: 'taal nl', phrases: DUTCH },
];
// "ok", "oké, top": an acknowledgement of the bot's answer, with nothing asked.
const ACKNOWLEDGEMENTS = ['ok', 'oke', 'oké', 'okay', 'okido', 'oki', 'prima', 'goed', 'is goed', 'komt goed', 'begrepen', 'alright', 'got it', 'cool', 'nice', 'mooi', 'dan', ...THANKS];
// Words around such a question that do not make it a question about something else ("wat kun je allemaal", "hoi bot, wie ben jij").
const ABOUT_BOT_FILLERS = new Set(['allemaal', 'doen', 'do', 'eigenlijk', 'precies', 'zoal', 'dan', 'nou', 'voor', 'mij', 'ons', 'me', 'us', 'exactly', 'actually', 'hier', 'here', 'liso', 'lisobot', 'bot', 'hey', 'hoi', 'hi', 'hallo', 'hello', 'sorry', 'nog', 'alles', 'all']);
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
  return isPhraseAmongFillers(text, ABOUT_BOT);
}

/** The command that answers a short question such as "wat weet je over mij?" or "wie doen er mee?". */
export function phraseCommandOf(text: string): string | undefined {
  return COMMAND_PHRASES.find(({ phrases }) => isPhraseAmongFillers(text, phrases))?.command;
}

// "Ik stop per 1 april bij de gemeente en dus ook met dit netwerk. Wat moet ik nog regelen?": someone saying they
// leave, with a date or a question after it. Only the first person leaving by a date or from the network or a role
// counts: "ik stop met de opening, wat dan?" is a question about a session.
const LEAVING_BY = '(?:per|vanaf|met ingang van|eind|einde|na deze|na de laatste)';
const LEAVING_FROM = '(?:met|uit|bij) (?:dit|het|ons) (?:leer)?netwerk|als (?:trekker|procesbegeleider|deelnemer)|met mijn rol';
const LEAVING_STATEMENTS = [
  new RegExp(`(?:^| )ik (?:stop|vertrek|ga weg|neem afscheid) (?:\\S+ ){0,2}?(?:${LEAVING_BY} |${LEAVING_FROM})`),
  new RegExp(`(?:^| )ik (?:stop|vertrek) (?:\\S+ ){0,6}?(?:ook )?(?:${LEAVING_FROM})(?: |$)`),
  /(?:^| )i (?:m|am|will|ll) (?:be )?(?:leaving|quitting|stepping down|leave|quit) (?:\S+ ){0,2}?(?:on|from|per|by|at the end of|as of|the network|this network|our network|as (?:lead|facilitator|participant))(?: |$)/,
  /(?:^| )i (?:leave|quit|stop) (?:the network |this network |our network )?(?:on|from|per|by|at the end of|as of) /,
];

/** "stop", "ik wil eruit", "how do I leave this network?", "Ik stop per 1 april, wat moet ik regelen?": someone who wants out. */
export function isLeaving(text: string): boolean {
  if (isPhraseAmongFillers(text, LEAVING)) return true;
  const phrase = normalizePhrase(text);
  return LEAVING_STATEMENTS.some((statement) => statement.test(phrase));
}

/** "ok", "oké, top", "prima dan": an acknowledgement with nothing asked. */
export function isAcknowledgement(text: string): boolean {
  const phrase = normalizePhrase(text);
  return phrase !== '' && wordCount(phrase) <= MAX_PHRASE_WORDS && !text.includes('?') && madeOfPhrases(phrase, ACKNOWLEDGED);
}

const longestPhrase = (phrases: readonly string[]): number => Math.max(...phrases.map((phrase) => phrase.split(' ').length));

/** The text is one of `phrases`, with only filler words around it ("hoi bot, wat kun je allemaal?"). */
function isPhraseAmongFillers(text: string, phrases: readonly string[]): boolean {
  // "wat weet je eigenlijk over mij": these words change nothing wherever they stand.
  const words = normalizePhrase(text)
    .split(' ')
    .filter((word) => !ANYWHERE_FILLERS.has(word));
  // "liso, wat kun je?" names the bot first; "wat kun je allemaal" trails fillers, dropped one at a time
  // ("what can you do" is itself a phrase, although "do" may trail one).
  let start = 0;
  while (start < words.length && ABOUT_BOT_FILLERS.has(words[start]!)) start++;
  // The phrase ends at or after the last word that is no filler, and is at most a phrase long: only those
  // few ends are tried, so a thousand trailing fillers cost a thousand steps, not a million.
  let lastWord = words.length - 1;
  while (lastWord >= start && ABOUT_BOT_FILLERS.has(words[lastWord]!)) lastWord--;
  const earliestEnd = Math.max(lastWord + 1, start + 1);
  for (let end = Math.min(words.length, start + longestPhrase(phrases)); end >= earliestEnd; end--) {
    if (phrases.includes(words.slice(start, end).join(' '))) return true;
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

const ACKNOWLEDGED = new Set(ACKNOWLEDGEMENTS.map(normalizePhrase));
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
