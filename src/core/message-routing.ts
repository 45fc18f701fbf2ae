// How the core reads a free message: a command word, a thank-you, a greeting, or free text.
import { commandWord } from './command-words.ts';
import { hasWordsBeyondMarkup } from './markup-words.ts';
import { hasWords, isAboutBot, isGreeting, isLeaving, isThanks, phraseCommandOf } from './conversation-words.ts';

/** Longest message the core reads; the rest is left unread (and the person told so). */
export const MAX_MESSAGE_LENGTH = 4_000;

export type MessageIntent =
  | { kind: 'empty' }
  | { kind: 'no-words' }
  /** `text` as it would follow `/liso`. */
  | { kind: 'command'; text: string }
  | { kind: 'thanks' }
  | { kind: 'greeting' }
  /** "wat kun je?", "who are you": about the bot itself. */
  | { kind: 'about' }
  /** "stop", "ik wil eruit": how to leave. */
  | { kind: 'leaving' }
  /** A question, or a follow-up for the features to recognise. */
  | { kind: 'free' };

// People copy "/liso help" from the help text; in a conversation the prefix is optional.
const LISO_PREFIX = /^\/?liso(?:\s+|$)/i;
// "tijdlijn", "vier we hebben het gehaald!" are commands; "rol van de trekker, wat is dat?" asks.
const MIN_WORDS_OF_A_QUESTION = 3;

/**
 * What a cleaned message asks for. `isCommand` tells whether a word (lower case) names a
 * registered command. A message starting with a command word is that command, unless it is a
 * question of several words ending in "?": "sessie verplaatsen, hoe doe ik dat?" is asked, not run.
 */
export function intentOf(text: string, isCommand: (word: string) => boolean): MessageIntent {
  if (text === '') return { kind: 'empty' };
  const prefix = LISO_PREFIX.exec(text);
  if (prefix) return { kind: 'command', text: text.slice(prefix[0].length) };
  if (!hasWords(text)) return isThanks(text) ? { kind: 'thanks' } : { kind: 'no-words' };
  const words = text.split(/\s+/);
  const first = commandWord(words[0]!);
  const asked = text.endsWith('?') && words.length >= MIN_WORDS_OF_A_QUESTION;
  if (first !== '' && isCommand(first) && !asked) return { kind: 'command', text: [first, ...words.slice(1)].join(' ') };
  // "mijn gegevens", "forget me": a two-word command typed with a space.
  const joined = words[1] === undefined ? '' : `${first}-${commandWord(words[1])}`;
  if (words.length === 2 && isCommand(joined)) return { kind: 'command', text: joined };
  const command = phraseCommandOf(text);
  if (command !== undefined) return { kind: 'command', text: command };
  const smallTalk = smallTalkOf(text);
  if (smallTalk) return { kind: smallTalk };
  // Only markup ("<!channel> <@U123> *bold* `code`"): typed, but no words to ask, as emoji alone.
  return hasWordsBeyondMarkup(text) ? { kind: 'free' } : { kind: 'no-words' };
}


export type SmallTalk = 'thanks' | 'greeting' | 'about' | 'leaving';

/**
 * "/liso bedankt", "/liso hoi", "/liso wat kun je?", "/liso stop": small talk typed after the command, which the handbook
 * search would answer with its closest entry or a refusal (and an offer to keep the "question" for the leads).
 */
export function smallTalkOf(text: string): SmallTalk | undefined {
  if (isThanks(text)) return 'thanks';
  if (isGreeting(text)) return 'greeting';
  if (isAboutBot(text)) return 'about';
  if (isLeaving(text)) return 'leaving';
  return undefined;
}
