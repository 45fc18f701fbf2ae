// Messages the core itself sends: errors, the answer to an unknown command, and the few lines of
// conversation (introduction, thanks, "not understood").
import type { Actor } from './events.ts';
import type { CommandSpec } from './feature.ts';
import type { Lang, PromptKey, PromptVars, Translator } from './i18n.ts';
import type { Block, Message } from './message.ts';
import type { RichText } from './rich-text.ts';
import { toPlainString } from './rich-text.ts';
import { truncate } from './sanitize.ts';

export function errorMessage(text: RichText, summary: string): Message {
  return { summary, blocks: [{ type: 'section', text }] };
}

/** One prompt as a message of one section. */
export function textMessage(t: Translator, key: PromptKey, vars?: PromptVars): Message {
  return { summary: t.text(key, vars), blocks: [{ type: 'section', text: t.rich(key, vars) }] };
}

/**
 * The bot introducing itself in three lines (the menu follows as its own message), by name when
 * the platform told one (not only the id).
 */
/** The three-line introduction and how to switch language; `viaCommand` when asked with `/liso` (in a channel, "typ help" alone does nothing). */
/**
 * Three lines about the bot. `withMenu` when the menu of stumbling blocks follows (a greeting, an empty first
 * message); a first message that asks something gets its answer instead, so the lines do not point at a menu.
 */
export function introMessage(t: Translator, actor: Actor, viaCommand = false, withMenu = true): Message {
  const named = actor.displayName !== '' && actor.displayName !== actor.userId;
  const hello = named ? t.rich('conversation.intro.hello', { name: actor.displayName }) : t.rich('conversation.intro.helloNoName');
  const rest = viaCommand ? [t.rich('conversation.intro.askCommand'), t.rich('conversation.intro.menuCommand')] : [t.rich('conversation.intro.ask'), t.rich(withMenu ? 'conversation.intro.menu' : 'conversation.intro.help')];
  // In the other language: someone who reads only that one learns at once how to switch.
  const otherLanguage = t.rich(viaCommand ? 'conversation.intro.otherLanguageCommand' : 'conversation.intro.otherLanguage');
  return {
    summary: toPlainString(hello),
    blocks: [...[hello, ...rest].map((text): Block => ({ type: 'section', text })), { type: 'context', text: otherLanguage }],
  };
}

/** Free text no feature could answer, with the command it most resembles, if any. */
export function notUnderstoodMessage(t: Translator, typed: string, suggestion: string | undefined): Message {
  const shown = truncate(typed.replace(/\s+/g, ' '), 60);
  return suggestion ? textMessage(t, 'conversation.notUnderstoodWithSuggestion', { typed: shown, suggestion }) : textMessage(t, 'conversation.notUnderstood', { typed: shown });
}

/** Suggests the closest command names for a typo, with the way to see them all. */
export function unknownCommandMessage(
  t: Translator,
  typed: string,
  commands: readonly CommandSpec[],
  suggestion = closestCommand(typed, commands.flatMap((c) => [c.name, ...(c.aliases ?? [])])),
): Message {
  const shown = truncate(typed, 40);
  const text = suggestion
    ? t.rich('router.unknownWithSuggestion', { typed: shown, suggestion: `/liso ${suggestion}` })
    : t.rich('router.unknown', { typed: shown });
  return { summary: t.text('router.unknown', { typed: shown }), blocks: [{ type: 'section', text }] };
}

/** The name a reader types: the English one for English readers where the command has one. */
export function shownName(command: CommandSpec, lang: Lang): string {
  return lang === 'en' && command.english ? command.english : command.name;
}

/** The longest typo a command name is suggested for: a few letters off, never a different word. */
const MAX_TYPO_DISTANCE = 3;

/** Words this short are a typo of a command at one edit at most: "mijn" is two from "win", and a word of its own. */
const SHORT_WORD = 4;

/**
 * The command name a typo most likely meant, if one is close enough: at most a third of the word's letters
 * off (one for words of four letters or fewer, two for other short words, never more than three; two swapped
 * letters count as one), so a long word, a wall of letters or another short word suggests nothing.
 */
export function closestCommand(word: string, candidates: readonly string[]): string | undefined {
  if (word === '') return undefined;
  const allowed = word.length <= SHORT_WORD ? 1 : Math.min(MAX_TYPO_DISTANCE, Math.max(2, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    // A length difference alone costs that many edits; skipping those also keeps long input cheap. A name
    // without letters ("?" for help) is typed as it is: one stray letter is no typo of it.
    if (!/\p{L}/u.test(candidate) || Math.abs(word.length - candidate.length) >= bestDistance) continue;
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Edits between two words (insert, delete, replace, or swap two neighbouring letters), linear memory. */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, before[j - 2]! + 1);
      current[j] = cost;
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
