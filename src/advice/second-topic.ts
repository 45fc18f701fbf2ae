// A question that carries two topics ("veel verloop, en daardoor overvolle sessies"): each part is asked on its own,
// and a part that clearly points at another entry than the whole question is offered as the second topic.
import { MAX_QUESTION_CHARS } from './text-normalization.ts';

/** Parts are split off at sentence ends, semicolons, and a comma before "en"/"and"/"maar"/"but". */
const PART_BOUNDARY = /[.!?;]+\s+|,\s+(?=(?:en|and|maar|but|daarnaast|also|plus)\b)/i;
/** Only questions of two or three parts are split: longer ones are stories, not two questions. */
const MAX_PARTS = 3;
/** A part this short says too little to stand on its own ("Tips?", "Help."). */
const MIN_PART_CHARS = 20;

/** The parts of a question (only its first MAX_QUESTION_CHARS characters, like every analysis), or none. */
export function questionParts(question: string): string[] {
  const parts = question
    .slice(0, MAX_QUESTION_CHARS)
    .split(PART_BOUNDARY).map((part) => part.trim()).filter((part) => part.length >= MIN_PART_CHARS);
  return parts.length >= 2 && parts.length <= MAX_PARTS ? parts : [];
}
