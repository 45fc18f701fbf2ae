// Discord's documented limits that the renderer keeps to (exceeding any is an API error).
import { wordEndAt } from '../../src/core/text-cuts.ts';

export const discordLimits = {
  content: 2_000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectPlaceholder: 150,
  filesPerMessage: 10,
  allowedUsers: 100,
  modalTitle: 45,
  modalComponents: 5,
  modalLabel: 45,
  textInputValue: 4_000,
  textInputPlaceholder: 100,
  commandName: 32,
  commandDescription: 100,
  subcommands: 25,
  commandOptions: 25,
} as const;

/** Cuts to at most `max` characters (code points) between words, marking a cut with an ellipsis. */
export function fit(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  // A cut at a space never splits a character; the head's length is in UTF-16 units, as slice counts.
  const head = chars.slice(0, max - 1).join('');
  return `${text.slice(0, wordEndAt(text, head.length)).trimEnd()}…`;
}
