// Names what a question asks that the handbook lacks: a known uncovered subject ("de AVG") or a name it never uses ("Oranje Fonds").
import type { Lang } from '../core/i18n.ts';
import type { ContentToken } from './analyzer.ts';
import type { Candidate } from './candidate-ranking.ts';
import type { LanguageIndex } from './entry-index.ts';
import type { NotCoveredMatch } from './not-covered.ts';

/** How many of the best entries together must leave a name unexplained before we say the handbook lacks it. */
const EXPLAINING_ENTRIES = 3;
/** Longest name we repeat back; a longer run of capitalised words is cut. */
const MAX_NAME_CHARS = 60;

export interface MissingSubjectsInput {
  lang: Lang;
  tokens: readonly ContentToken[];
  candidates: readonly Candidate[];
  notCovered: readonly NotCoveredMatch[];
  /** Content positions inside a recognised everyday phrase or synonym: explained, even if written as a name. */
  explained: ReadonlySet<number>;
  indexes: Record<Lang, LanguageIndex>;
  /** Words of the asker's own names (own-names.ts): "ik ben Henk" introduces, it names nothing the handbook lacks. */
  ownNames?: ReadonlySet<string>;
}

/**
 * Known uncovered subjects first (labelled in the answer's language), then names the handbook never uses that none
 * of the best entries explains, adjacent ones joined ("Horizon Europe"). Empty when the handbook covers everything asked.
 */
export function missingSubjects(input: MissingSubjectsInput): string[] {
  const missing = input.notCovered.map((match) => match.label[input.lang]);
  // A name inside a known subject ("de AVG") is already said by the subject's label.
  const named = new Set(input.notCovered.flatMap((match) => match.positions));
  const top = input.candidates.slice(0, EXPLAINING_ENTRIES);
  const isUnknownName = (token: ContentToken, position: number) =>
    token.name &&
    !named.has(token.at ?? -1) &&
    !input.ownNames?.has(token.word) &&
    !input.explained.has(position) &&
    !input.indexes.nl.names.has(token.word) &&
    !input.indexes.en.names.has(token.word) &&
    !input.indexes.nl.documentFrequency.has(token.stem) &&
    !input.indexes.en.documentFrequency.has(token.stem) &&
    top.every((candidate) => (candidate.credit[position] ?? 0) === 0);
  let run: ContentToken[] = [];
  const flush = () => {
    // "Groningen" or "de GGD" say where or with whom, not what is missing (data/advice/context-names.json); inside a
    // longer name they are part of it ("Vilans Academy").
    if (run.some((t) => !t.context)) missing.push(run.map((t) => t.text ?? t.word).join(' ').slice(0, MAX_NAME_CHARS));
    run = [];
  };
  input.tokens.forEach((token, position) => {
    // A hyphenated word comes as its parts and then joined ("excuus", "Truus", "excuus-Truus"): the joined form
    // replaces its parts when one of them is an unknown name, and is ignored otherwise ("Delphi-onderzoek").
    if (token.text?.includes('-')) {
      const parts = new Set(token.text.split('-'));
      if (run.some((t) => parts.has(t.text ?? '')) && isUnknownName(token, position)) run = [...run.filter((t) => !parts.has(t.text ?? '')), token];
      return;
    }
    if (!isUnknownName(token, position)) return flush();
    const last = run[run.length - 1];
    if (last && token.at !== undefined && last.at !== undefined && token.at !== last.at + 1) flush();
    run.push(token);
  });
  flush();
  return [...new Set(missing)];
}

/**
 * Whether the best entry answers something in the question besides what the handbook lacks: a partial answer needs
 * it ("geld aanvragen bij het VSBfonds" -> funding), while "Teams of Zoom?" has nothing else to answer and is refused.
 */
export function answersBeyondMissing(input: MissingSubjectsInput): boolean {
  return answeredWords(input) > 0;
}

/**
 * How many handbook words a question must ask about besides a scene subject for that subject to be only its scene.
 * "Welke respijtzorg is er voor mantelzorgers in complexe situaties?" has two ("mantelzorger" is a context name), "Ons
 * leernetwerk over dagbesteding loopt een jaar; hoe vieren we wat we bereikt hebben?" more.
 */
const SCENE_ANSWERED_WORDS = 3;

/**
 * Scene subjects (care services: what many networks work on) count as missing only when a part of the question that
 * asks something names them (`askedInQuestion`) and the question asks little else the handbook answers ("Welke
 * respijtzorg is er voor mantelzorgers?"). In "Onze casusbespreking gaat over de behandeling van jongeren. Hoe zorgen
 * we dat iedereen durft te zeggen wat niet werkt?" they are the scene, and the answer must not open with "zegt het
 * handboek niets".
 */
export function withSceneSubjects(input: MissingSubjectsInput, askedInQuestion: () => boolean): MissingSubjectsInput {
  if (!input.notCovered.some((match) => match.scene)) return input;
  if (askedInQuestion() && answeredWords(input) < SCENE_ANSWERED_WORDS) return input;
  return { ...input, notCovered: input.notCovered.filter((match) => !match.scene) };
}

/** Distinct meaningful words of the question, outside what the handbook lacks, that the best entry matches. */
function answeredWords(input: MissingSubjectsInput): number {
  const best = input.candidates[0];
  if (!best) return 0;
  const missingAt = new Set(input.notCovered.flatMap((match) => match.positions));
  const stems = new Set<string>();
  input.tokens.forEach((token, position) => {
    if (!token.weak && !token.context && !missingAt.has(token.at ?? -1) && (best.credit[position] ?? 0) > 0) stems.add(token.stem);
  });
  return stems.size;
}
