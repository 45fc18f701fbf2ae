// A question that carries two topics ("veel verloop, en daardoor overvolle sessies"): each part is asked on its own,
// and a part that clearly points at another entry than the whole question is offered as the second topic.
import { MAX_QUESTION_CHARS } from './text-normalization.ts';

/** Parts are split off at sentence ends, semicolons, and a comma before "en"/"and"/"maar"/"but". */
const PART_BOUNDARY = /([.!?;]+)\s+|,\s+(?=(?:en|and|maar|but|daarnaast|also|plus)\b)/gi;
/** Only questions of two or three parts are split: longer ones are stories, not two questions. */
const MAX_PARTS = 3;
/** A part this short says too little to stand on its own ("Tips?", "Help."). */
const MIN_PART_CHARS = 20;
const QUESTION_START =
  /^(?:hoe|wat|wie|waar|wanneer|welke?|waarom|hoeveel|hoelang|kan|kun|kunnen|moet|moeten|mag|mogen|is|zijn|heeft|hebben|zou|zouden|how|what|who|where|when|which|why|should|can|could|do|does|did|are|will|would|may|must)\b/i;

/** "… bellen? en hoe vaak komen we bij elkaar": a part that opens with a conjunction adds to the one before. */
const CONJUNCTION_START = /^(?:en|and|maar|but|daarnaast|also|plus|ook)\b/i;

export interface QuestionPart {
  text: string;
  /**
   * The part asks something of its own: it is a question ("… ? Is once a month enough?") or a clause joined to
   * its neighbour by "en"/"and"/"maar". A sentence that only sets the scene ("Onze trekker stopt na de zomer.")
   * is context for the question after it, not a second topic.
   */
  asks: boolean;
}

/** The parts of a question (only its first MAX_QUESTION_CHARS characters, like every analysis), or none. */
export function questionParts(question: string): QuestionPart[] {
  const text = question.slice(0, MAX_QUESTION_CHARS);
  const pieces: { text: string; question: boolean; joinedBefore: boolean; joinedAfter: boolean }[] = [];
  let start = 0;
  let joinedBefore = false;
  for (const boundary of text.matchAll(PART_BOUNDARY)) {
    const conjunction = boundary[1] === undefined;
    pieces.push({ text: text.slice(start, boundary.index).trim(), question: boundary[1]?.includes('?') ?? false, joinedBefore, joinedAfter: conjunction });
    start = boundary.index + boundary[0].length;
    joinedBefore = conjunction;
  }
  const last = text.slice(start).trim();
  pieces.push({ text: last, question: last.endsWith('?'), joinedBefore, joinedAfter: false });
  const parts = pieces
    .filter((piece) => piece.text.length >= MIN_PART_CHARS)
    .map((piece) => ({
      text: piece.text,
      asks: piece.question || piece.joinedBefore || piece.joinedAfter || CONJUNCTION_START.test(piece.text) || QUESTION_START.test(piece.text),
    }));
  return parts.length >= 2 && parts.length <= MAX_PARTS ? parts : [];
}
