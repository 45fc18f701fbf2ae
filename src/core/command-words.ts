// A word of a command as compared with the words a command knows ("bevestig", "weg", "export").

/**
 * The word in lower case without the full stop, question or exclamation mark or comma people end a
 * sentence with: "bevestig." confirms, "weg!" clears, "en." chooses English. Only for comparing with
 * known words; the text itself (a place, a win) keeps its punctuation.
 */
export function keywordOf(word: string | undefined): string {
  return (word ?? '').toLowerCase().replace(/[.!?,;:]+$/u, '');
}

/** A typed word as a command name: a keyword without a leading slash ("/Sessies." is sessies). */
export function commandWord(word: string): string {
  return keywordOf(word.replace(/^\//, ''));
}
