// Which part of a message sent in parts a press came from, so a redraw edits that part only.
import type { Block, Message } from '../../src/core/message.ts';
import { buttonCustomId, decodeCustomId } from './custom-ids.ts';
import { blockText } from './discord-renderer.ts';

/** What a press tells about the part it came from. */
export interface PressedPartInfo {
  /** The custom ids of the part's components, in order. */
  customIds: readonly string[];
  /** The custom id pressed. */
  pressedId?: string | undefined;
  /** The part's text as it was shown. */
  content?: string | undefined;
  /** The part number the pressed control carried (absent on controls posted before parts were numbered). */
  part?: number | undefined;
}

/** Where the redrawn part is: blocks of the message (`end` excluded), or the message's part of that index. */
export type PartPlace = { fromBlock: number; toBlock?: number } | { index: number };

/**
 * The blocks of the message as it stands that the pressed part holds, so it is drawn again with
 * its other tasks and nothing of the parts around it. Its anchor is the first of its buttons the
 * message holds once, then and now (every task's handbook button says nothing: once the one on
 * this part is gone, the one left may be another part's); or, when none is left (its only task
 * was just marked), its first line the message holds once. From the anchor go its lines and its
 * tasks' buttons, back and forth, and the pressed task's new line. The part's number cannot say it
 * alone: a part that lost its buttons can move into the one before when the message is split anew;
 * it is the answer when nothing else tells. Undefined when nothing tells (a control posted before
 * parts were numbered, none of whose buttons is left).
 */
export function pressedPart(message: Message, pressed: PressedPartInfo): PartPlace | undefined {
  const keys = buttonKeysOf(message);
  const pressedKeys = pressed.customIds.map((id) => keyOf(id, keys.hashed));
  const telling = pressed.customIds.findIndex((id, index) => !repeated(id) && pressedKeys[index] !== undefined && keys.counts.get(pressedKeys[index]!) === 1);
  if (telling < 0 && pressed.part === undefined) return undefined;
  const texts = message.blocks.map((block) => blockText(block));
  const shown = `\n${pressed.content ?? ''}\n`;
  const onPart = (index: number) => texts[index] !== undefined && texts[index]!.trim() !== '' && shown.includes(`\n${texts[index]}\n`);
  const introducesButtons = (index: number) => texts[index] !== undefined && index + 1 < texts.length && texts[index + 1] === undefined;
  let anchor: number;
  // Whether the pressed task's new line comes before the anchor (it is not among the part's lines as shown).
  let changedBefore: boolean;
  if (telling >= 0) {
    anchor = message.blocks.findIndex((block) => buttonKeys(block).includes(pressedKeys[telling]!));
    // Without the part's text to go by, its buttons' text before them is taken back to the buttons before.
    if (!texts.some((_, index) => onPart(index))) {
      let start = anchor;
      while (start > 0 && texts[start - 1] !== undefined) start -= 1;
      return { fromBlock: start };
    }
    const pressedAt = pressed.pressedId === undefined ? -1 : pressed.customIds.indexOf(pressed.pressedId);
    changedBefore = pressedAt >= 0 && pressedAt < telling;
  } else {
    if (!pressed.content) return { index: pressed.part! - 1 };
    const counts = new Map<string, number>();
    for (const text of texts) if (text) counts.set(text, (counts.get(text) ?? 0) + 1);
    // None of the part's buttons is left, so a line of it introduces none.
    anchor = texts.findIndex((text, index) => text !== undefined && counts.get(text) === 1 && onPart(index) && !introducesButtons(index));
    if (anchor < 0) return { index: pressed.part! - 1 };
    // The pressed task's old line is the one the part showed that the message no longer holds.
    const lines = (pressed.content ?? '').split('\n');
    const kept = new Set(texts.flatMap((text, index) => (onPart(index) && !introducesButtons(index) ? text!.split('\n') : [])));
    const old = lines.findIndex((line) => line.trim() !== '' && !kept.has(line));
    changedBefore = old >= 0 && old < lines.indexOf(texts[anchor]!.split('\n')[0]!);
  }
  // The part's own buttons, by those no other part had too.
  const partKeys = new Set(pressedKeys.filter((key, index): key is string => key !== undefined && !repeated(pressed.customIds[index]!)));
  // Without buttons left, a line the part showed that now introduces some is another task's (the same task of another network).
  const belongs = (index: number) => (onPart(index) && (telling >= 0 || !introducesButtons(index))) || texts[index]?.trim() === '' || (texts[index] === undefined && buttonKeys(message.blocks[index]!).some((key) => partKeys.has(key)));
  let newLineBefore = changedBefore;
  let start = anchor;
  while (start > 0) {
    if (belongs(start - 1)) start -= 1;
    else if (newLineBefore && texts[start - 1] !== undefined) {
      start -= 1;
      newLineBefore = false;
    } else break;
  }
  let newLineAfter = !changedBefore;
  let end = anchor + 1;
  while (end < texts.length) {
    if (belongs(end)) end += 1;
    else if (newLineAfter && texts[end] !== undefined) {
      end += 1;
      newLineAfter = false;
    } else break;
  }
  return { fromBlock: start, toBlock: end };
}

function buttonKeysOf(message: Message): { counts: Map<string, number>; hashed: Map<string, string> } {
  const counts = new Map<string, number>();
  const hashed = new Map<string, string>();
  for (const button of message.blocks.flatMap((block) => (block.type === 'actions' ? block.buttons : []))) {
    const key = `${button.actionId}\n${button.value}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    // A button whose id did not fit is pressed by its hash.
    const spill = buttonCustomId(button.actionId, button.value).spill;
    if (spill) hashed.set(spill.hash, key);
  }
  return { counts, hashed };
}

/** A custom id's button as action id and value, without its occurrence or part number. */
function keyOf(customId: string, hashed: ReadonlyMap<string, string>): string | undefined {
  const decoded = decodeCustomId(customId);
  if (decoded.kind === 'button') return `${decoded.actionId}\n${decoded.value}`;
  if (decoded.kind === 'hashed') return hashed.get(decoded.hash);
  return undefined;
}

function buttonKeys(block: Block): string[] {
  return block.type === 'actions' ? block.buttons.map((button) => `${button.actionId}\n${button.value}`) : [];
}

/**
 * A button the message held more than once when the part was drawn: once the one on the pressed
 * part is gone, the one left may be on another part. (Older ids numbered only the second and later.)
 */
function repeated(customId: string): boolean {
  const decoded = decodeCustomId(customId);
  return (decoded.kind === 'button' || decoded.kind === 'hashed') && decoded.repeated;
}
