// Maps a word the handbook does not contain onto handbook words one typo away, that it begins, or whose consonants it is
// ("betrokkenheit", "netwrok", "ervaring", "dlnmrs").
import SearchableMap from 'minisearch/SearchableMap';

/** Shorter words are left alone: one edit turns them into too many other words. */
const MIN_LENGTH = 5;
const MAX_EDIT_DISTANCE = 1;
/** At most this many longer handbook stems stand in for a word that is their beginning. */
const MAX_PREFIX_MATCHES = 6;
/**
 * Shorthand typed on a phone drops the vowels ("dlnmrs", "hkn af"). A word of at least this many letters and no
 * vowel is matched to the handbook words with the same consonants; from MIN_SKELETON_PREFIX letters also to those
 * whose consonants begin with it ("dlnmr"). Shorter beginnings took acronyms typed in lower case for words: "wlz"
 * (Wet langdurige zorg) for "welzijn", "pgb" for "opgebouwd".
 */
const MIN_SKELETON_LENGTH = 3;
const MIN_SKELETON_PREFIX = 5;
/** A skeleton shared by more stems than this says too little ("bnd": band, bond, bind, bound, ...). */
const MAX_SKELETON_MATCHES = 2;
const VOWELS = /[aeiouy]/g;

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
  // Consonants of each handbook word -> its stems ("dlnmrs" -> deelnemer).
  const skeletons = new SearchableMap<Set<string>>();
  for (const [word, stem] of stemOfWord) {
    const skeleton = word.replace(VOWELS, '');
    if (skeleton.length >= MIN_SKELETON_LENGTH && skeleton !== word) (skeletons.get(skeleton) ?? skeletons.set(skeleton, new Set()).get(skeleton)!).add(stem);
  }
  const skeletonStems = (word: string): string[] => {
    const exact = skeletons.get(word);
    if (exact) return exact.size <= MAX_SKELETON_MATCHES ? [...exact] : [];
    if (word.length < MIN_SKELETON_PREFIX) return [];
    const beginning = new Set<string>();
    for (const [, stems] of skeletons.atPrefix(word)) {
      for (const stem of stems) beginning.add(stem);
      if (beginning.size > MAX_SKELETON_MATCHES) return [];
    }
    return [...beginning];
  };
  return {
    near(word) {
      if (/\d/.test(word)) return [];
      // A letter three times in a row is a sound ("brrr", "pfff"), not shorthand.
      if (word.length >= MIN_SKELETON_LENGTH && !/[aeiouy]/.test(word)) return /(.)\1\1/.test(word) ? [] : skeletonStems(word).map((stem) => ({ stem, kind: 'typo' }));
      if (word.length < MIN_LENGTH) return [];
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
