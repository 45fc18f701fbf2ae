// The theme a question gives its network ("ons leernetwerk over respijtzorg", "our network on early intervention in
// psychosis"): it says on what the network works, not what is asked, like a place or partner (context-names.json).
import type { ContentToken } from './analyzer.ts';
import type { MarkedToken } from './text-normalization.ts';

/** Words for the network itself, or the group or meeting in it, that people name with their theme. */
const NETWORK_WORDS = new Set([
  'netwerk', 'netwerken', 'leernetwerk', 'leernetwerken', 'werkplaats', 'leergemeenschap', 'community', 'cop', 'plg',
  'plc', 'network', 'networks', 'casusbespreking',
]);
/** The word between network and theme: "netwerk over", "netwerk rond", "network on", "network around". */
const THEME_LINKS = new Set(['over', 'rond', 'rondom', 'on', 'about', 'around']);
/** A theme is a short noun phrase; what comes after it is the question again. */
const THEME_WORDS = 5;

/** Positions (in `words`) of the words naming a network's theme: at most five after "netwerk over", up to a pause. */
export function themePositions(words: readonly MarkedToken[]): Set<number> {
  const positions = new Set<number>();
  for (let at = 0; at + 2 < words.length; at++) {
    if (!NETWORK_WORDS.has(words[at]!.word) || words[at]!.pause || !THEME_LINKS.has(words[at + 1]!.word) || words[at + 1]!.pause) continue;
    for (let theme = at + 2; theme < Math.min(words.length, at + 2 + THEME_WORDS); theme++) {
      positions.add(theme);
      if (words[theme]!.pause) break;
    }
  }
  return positions;
}

/**
 * Marks the content tokens at `positions` as context: in coverage they weigh, all context of a question together, half
 * an unknown word, and they are never named as what the handbook lacks (candidate-ranking.ts, partial-answer.ts).
 */
export function markAsContext(tokenLists: ReadonlyArray<ContentToken[]>, positions: ReadonlySet<number>): void {
  if (positions.size === 0) return;
  for (const tokens of tokenLists) for (const token of tokens) if (token.at !== undefined && positions.has(token.at)) token.context = true;
}
