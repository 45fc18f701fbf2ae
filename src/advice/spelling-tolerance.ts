// Maps a word the handbook does not contain onto handbook words one typo away or that it begins ("betrokkenheit", "netwrok", "ervaring").
import SearchableMap from 'minisearch/SearchableMap';

/** Shorter words are left alone: one edit turns them into too many other words. */
const MIN_LENGTH = 5;
const MAX_EDIT_DISTANCE = 1;
/** At most this many longer handbook stems stand in for a word that is their beginning. */
const MAX_PREFIX_MATCHES = 6;

export interface VocabularyMatch {
  stem: string;
  kind: 'typo' | 'prefix';
}

export interface VocabularyMatcher {
  /** Stems of handbook words close to `word` (a normalised word the handbook itself does not contain). */
  near(word: string): VocabularyMatch[];
}

/**
 * `stemOfWord` maps each normalised handbook word to its stem. Typos are found on whole words, because a
 * stemmer does not treat a misspelt ending like the real one ("betrokkenheit" keeps its "-heit"). Uses
 * MiniSearch's radix tree, built once per language at start-up: looking words up here once per question,
 * instead of letting every search expand them per field, keeps a question well under a millisecond.
 */
export function buildVocabularyMatcher(stemOfWord: ReadonlyMap<string, string>): VocabularyMatcher {
  const vocabulary = new SearchableMap<string>();
  for (const [word, stem] of stemOfWord) vocabulary.set(word, stem);
  return {
    near(word) {
      if (word.length < MIN_LENGTH || /\d/.test(word)) return [];
      const matches: VocabularyMatch[] = [];
      const seen = new Set<string>();
      const add = (stem: string, kind: VocabularyMatch['kind']) => {
        if (seen.has(stem)) return false;
        seen.add(stem);
        matches.push({ stem, kind });
        return true;
      };
      for (const [, [stem]] of vocabulary.fuzzyGet(word, MAX_EDIT_DISTANCE)) add(stem, 'typo');
      // Two neighbouring letters swapped ("netwrok", "spriaal") is one slip of the thumb but two edits.
      for (let i = 0; i + 1 < word.length; i++) {
        if (word[i] === word[i + 1]) continue;
        const swapped = vocabulary.get(`${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`);
        if (swapped !== undefined) add(swapped, 'typo');
      }
      let prefixMatches = 0;
      for (const [, stem] of vocabulary.atPrefix(word)) {
        if (add(stem, 'prefix') && ++prefixMatches >= MAX_PREFIX_MATCHES) break;
      }
      return matches;
    },
  };
}
