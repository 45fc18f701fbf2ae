// Names a question gives of its own asker ("hoi, ik ben Henk", "Hi, this is Priya") or of people the caller knows (the
// asker's display name): who is asking is no subject the handbook lacks.
import { tokenizeMarked } from './text-normalization.ts';

const NAME = String.raw`\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:van|de|der|den|ten|ter)\s+)*\p{Lu}[\p{L}'’-]*)*`;
// Anywhere in the question: "Wat doe ik als procesbegeleider? Ik ben Henk, nieuw hier."
const INTRODUCTION = new RegExp(String.raw`(?:^|[\s,.!?;:(])(?:[Ii]k ben|[Ii]k heet|[Mm]ijn naam is|I'm|I’m|i'm|Im|I am|i am|[Mm]y name is)\s+(${NAME})`, 'gu');
// Only as the opening, after a greeting at most: "met Henk" and "this is Henk" elsewhere say with whom or what.
// Capital letters are spelled out: with the i flag \p{Lu} would take any letter.
const OPENING = new RegExp(String.raw`^\s*(?:(?:[Hh]oi|[Hh]allo|[Hh]ey|[Hh]i|[Hh]ello|[Gg]oedemorgen|[Gg]oedemiddag|[Gg]oedenavond|[Dd]ag|[Gg]ood morning)[\s,!.]+)?(?:[Mm]et|[Hh]ier is|[Tt]his is|[Ii]t's|[Ii]t’s)\s+(${NAME})`, 'u');

/** The folded words (as the question's tokens hold them) of the asker's own names in `question` and of `known` names. */
export function ownNameWords(question: string, known: readonly string[] = []): Set<string> {
  const names = [...known];
  for (const match of question.matchAll(INTRODUCTION)) names.push(match[1]!);
  const opening = OPENING.exec(question);
  if (opening) names.push(opening[1]!);
  return new Set(names.flatMap((name) => tokenizeMarked(name).map((token) => token.word)));
}
