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
/**
 * Verbs that make "netwerk over X" mean "talk in the network about X" ("in ons netwerk over de AVG afspreken", "talk in
 * our network about tax"): then X is what is asked, not the theme. Written forms, diacritics folded.
 */
const TALK_WORDS = new Set([
  'praten', 'praat', 'praatten', 'gepraat', 'spreken', 'spreekt', 'spreek', 'afspreken', 'afgesproken', 'bespreken',
  'bespreek', 'bespreekt', 'besproken', 'beslissen', 'beslist', 'besluiten', 'zeggen', 'zegt', 'overleggen', 'discussieren',
  'communiceren', 'talk', 'talks', 'talking', 'discuss', 'discusses', 'discussing', 'decide', 'decides', 'deciding',
  'agree', 'agreeing', 'say', 'communicate', 'communicating',
]);
/** A theme is a short noun phrase; what comes after it is the question again. */
const THEME_WORDS = 5;

export interface NetworkTheme {
  /** Positions (in the words) of the words naming a network's theme: at most five after "netwerk over", up to a pause. */
  positions: Set<number>;
  /** Whether a sentence holding a theme talks about it ("praten", "afspreken", "discuss"): see TALK_WORDS. */
  talkedAbout: boolean;
}

/** The theme a question gives its network, in one pass over its words and one over each theme. */
export function networkTheme(words: readonly MarkedToken[]): NetworkTheme {
  const positions = new Set<number>();
  const sentenceOf: number[] = [];
  const talking = new Set<number>();
  let sentence = 0;
  words.forEach((token, at) => {
    sentenceOf[at] = sentence;
    if (TALK_WORDS.has(token.word)) talking.add(sentence);
    if (token.pause === 'sentence') sentence++;
  });
  let talkedAbout = false;
  for (let at = 0; at + 2 < words.length; at++) {
    if (!NETWORK_WORDS.has(words[at]!.word) || words[at]!.pause || !THEME_LINKS.has(words[at + 1]!.word) || words[at + 1]!.pause) continue;
    if (talking.has(sentenceOf[at]!)) talkedAbout = true;
    for (let theme = at + 2; theme < Math.min(words.length, at + 2 + THEME_WORDS); theme++) {
      positions.add(theme);
      if (words[theme]!.pause) break;
    }
  }
  return { positions, talkedAbout };
}

/**
 * Marks the content tokens at `positions` as context: in coverage they weigh, all context of a question together, half
 * an unknown word, and they are never named as what the handbook lacks (candidate-ranking.ts, partial-answer.ts).
 */
export function markAsContext(tokenLists: ReadonlyArray<ContentToken[]>, positions: ReadonlySet<number>): void {
  if (positions.size === 0) return;
  for (const tokens of tokenLists) for (const token of tokens) if (token.at !== undefined && positions.has(token.at)) token.context = true;
}
