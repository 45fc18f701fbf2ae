// Dutch verb forms the Snowball stemmer leaves apart from the handbook's words: "meldt" (afmelden), "ronden ... af" (afronden).

// Particles of separable verbs: in a main clause they move to the end ("we ronden het netwerk af").
const SEPARABLE_PARTICLES = new Set([
  'aan', 'af', 'bij', 'door', 'in', 'los', 'mee', 'na', 'neer', 'om', 'op', 'over', 'rond', 'samen', 'tegen', 'terug', 'toe', 'uit', 'vast', 'voor', 'voort', 'weg',
]);
/** How far back from the particle the verb may stand ("meldt zich vandaag ook af"). */
const MAX_VERB_DISTANCE = 6;

/**
 * Present-tense forms end in -t ("meldt", "loopt", "haakt"); without it they stem like the infinitive
 * and the nouns the handbook uses ("afmelden", "afmeldingen").
 */
export function withoutPresentTenseT(word: string): string | null {
  return word.length >= 4 && word.endsWith('t') ? word.slice(0, -1) : null;
}

export interface SeparableVerb {
  /** The particle joined to the verb, e.g. "afronden" or "afmeld". */
  joined: string;
  /** Word positions of the verb and the particle. */
  positions: [number, number];
}

/**
 * Candidate whole verbs for each particle in the question: the particle glued in front of one of the
 * words before it. The caller keeps a candidate only when the handbook knows its stem.
 */
export function separableVerbCandidates(words: readonly string[]): SeparableVerb[] {
  const candidates: SeparableVerb[] = [];
  words.forEach((particle, particleAt) => {
    if (!SEPARABLE_PARTICLES.has(particle)) return;
    for (let verbAt = particleAt - 1; verbAt >= Math.max(0, particleAt - MAX_VERB_DISTANCE); verbAt--) {
      const verb = words[verbAt]!;
      if (verb.length < 3 || SEPARABLE_PARTICLES.has(verb)) continue;
      candidates.push({ joined: particle + verb, positions: [verbAt, particleAt] });
      const root = withoutPresentTenseT(verb);
      if (root) candidates.push({ joined: particle + root, positions: [verbAt, particleAt] });
    }
  });
  return candidates;
}
