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

// Prefixes a Dutch verb keeps in its participle: separable particles ("op-ge-start") and the inseparable
// prefixes, which take no "ge-" ("be-sloten", "ver-zekerd").
const INSEPARABLE_PREFIXES = ['be', 'er', 'her', 'ont', 'ver'];
const PARTICIPLE_PREFIXES = ['', ...SEPARABLE_PARTICLES, ...INSEPARABLE_PREFIXES].sort((a, b) => b.length - a.length);

/**
 * Strong and irregular verbs whose past forms change the vowel, as the word end after any prefix and "ge-":
 * "(be)sloten" -> "(be)sluiten", "(aan)gewezen" -> "(aan)wijzen". Regular forms need no entry ("gezien" -> "zien").
 */
const STRONG_PAST_FORMS: ReadonlyMap<string, string> = new Map([
  ['bleven', 'blijven'], ['bleken', 'blijken'], ['schreven', 'schrijven'], ['dreven', 'drijven'], ['keken', 'kijken'],
  ['reden', 'rijden'], ['streden', 'strijden'], ['wezen', 'wijzen'], ['weken', 'wijken'], ['meden', 'mijden'], ['leden', 'lijden'],
  ['sloten', 'sluiten'], ['schoten', 'schieten'], ['boden', 'bieden'], ['bogen', 'buigen'], ['logen', 'liegen'],
  ['kozen', 'kiezen'], ['loren', 'liezen'], ['vroren', 'vriezen'], ['trokken', 'trekken'], ['vochten', 'vechten'],
  ['holpen', 'helpen'], ['worven', 'werven'], ['storven', 'sterven'], ['broken', 'breken'], ['sproken', 'spreken'],
  ['stoken', 'steken'], ['nomen', 'nemen'], ['vonden', 'vinden'], ['bonden', 'binden'], ['dwongen', 'dwingen'],
  ['sprongen', 'springen'], ['zongen', 'zingen'], ['wonnen', 'winnen'], ['begonnen', 'beginnen'], ['zonnen', 'zinnen'],
  ['kregen', 'krijgen'], ['floten', 'fluiten'], ['daan', 'doen'], ['bracht', 'brengen'], ['dacht', 'denken'],
  ['zocht', 'zoeken'], ['kocht', 'kopen'], ['vlochten', 'vlechten'], ['had', 'hebben'], ['weest', 'zijn'],
]);

/** Participles that mostly work as adverbs or prepositions: "juridisch gezien", "twee jaar geleden", "eerlijk gezegd". */
const ADVERBIAL_PARTICIPLES = new Set(['gezien', 'geleden', 'gezegd', 'gesproken', 'genomen', 'bekeken', 'gelet']);

/**
 * Infinitives a Dutch participle or past form may stand for, most likely first: "georganiseerd" -> "organiseer",
 * "opgestart" -> "opstart", "besloten" -> "besluiten", "gestopt" -> "stoppen". The Snowball stemmer keeps "ge-"
 * and the vowel change, so these forms miss the handbook's "organiseren", "opstarten", "besluit". The caller
 * keeps the first candidate whose stem the handbook knows.
 */
export function participleInfinitives(word: string): string[] {
  if (ADVERBIAL_PARTICIPLES.has(word)) return [];
  const candidates: string[] = [];
  for (const prefix of PARTICIPLE_PREFIXES) {
    if (!word.startsWith(prefix)) continue;
    let rest = word.slice(prefix.length);
    const inseparable = INSEPARABLE_PREFIXES.includes(prefix);
    if (!inseparable && rest.startsWith('ge')) rest = rest.slice(2);
    else if (!inseparable) continue;
    if (rest.length < 3) continue;
    for (const [past, infinitive] of STRONG_PAST_FORMS) {
      if (rest === past) candidates.push(prefix + infinitive);
    }
    if (rest.endsWith('en')) candidates.push(prefix + rest);
    else if (rest.endsWith('d') || rest.endsWith('t')) {
      // "gestart" keeps its t ("start"); "georganiseerd" loses its d; "gestopt" doubles its consonant again.
      const root = rest.slice(0, -1);
      candidates.push(prefix + rest, prefix + root, prefix + root + root.at(-1) + 'en');
    }
  }
  return candidates;
}
