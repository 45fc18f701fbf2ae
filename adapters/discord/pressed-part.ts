// Which part of a message sent in parts a press came from, so a redraw edits that part only.
import type { Block, Message } from '../../src/core/message.ts';
import { buttonCustomId, decodeCustomId } from './custom-ids.ts';
import { blockText } from './discord-renderer.ts';

/** What a press tells about the part it came from. */
export interface PressedPartInfo {
  /** The custom ids of the part's components. */
  customIds: readonly string[];
  /** The part's text as it was shown. */
  content?: string | undefined;
  /** The part number the pressed control carried (absent on controls posted before parts were numbered). */
  part?: number | undefined;
}

/** Where the redrawn part begins: at a block of the message, or as the message's part of that index. */
export type PartPlace = { fromBlock: number } | { index: number };

/**
 * Where the part that was pressed begins in the message as it stands, so it is drawn again from
 * there with its other tasks: at the first of its buttons that is still there (a button the message
 * holds once, then and now: every task's handbook button says nothing), else (its only task was just
 * marked) at its lines that are still there, else as the part of its number. The number cannot
 * say it alone: a part that lost its buttons can move into the one before when the message is
 * split anew. Undefined when nothing tells (a control posted before parts were numbered).
 */
export function pressedPart(message: Message, pressed: PressedPartInfo): PartPlace | undefined {
  const fromControls = controlStart(message, pressed.customIds);
  if (fromControls !== undefined) return { fromBlock: fromControls };
  if (pressed.part === undefined) return undefined;
  const fromText = pressed.content ? textStart(message, pressed.content) : undefined;
  return fromText !== undefined ? { fromBlock: fromText } : { index: pressed.part - 1 };
}

function controlStart(message: Message, customIds: readonly string[]): number | undefined {
  const counts = new Map<string, number>();
  const hashed = new Map<string, string>();
  for (const block of message.blocks) {
    if (block.type !== 'actions') continue;
    for (const button of block.buttons) {
      const key = `${button.actionId}\n${button.value}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      // A button whose id did not fit is pressed by its hash.
      const spill = buttonCustomId(button.actionId, button.value).spill;
      if (spill) hashed.set(spill.hash, key);
    }
  }
  const telling = new Set(customIds.filter((id) => !repeated(id)).flatMap((id) => keyOf(id, hashed)).filter((key) => counts.get(key) === 1));
  const first = message.blocks.findIndex((block) => buttonKeys(block).some((key) => telling.has(key)));
  if (first < 0) return undefined;
  let start = first;
  while (start > 0 && buttonKeys(message.blocks[start - 1]!).length === 0 && message.blocks[start - 1]!.type !== 'choices') start -= 1;
  return start;
}

/**
 * The part's first line the message holds once that introduces no buttons (the part has none left,
 * so such a line is another part's), and the lines of the part before it. One line before them that
 * the part did not show is taken too, unless the part's changed line came later: the pressed task's
 * new line (a line shown twice is better than a task's line shown nowhere).
 */
function textStart(message: Message, content: string): number | undefined {
  const shown = `\n${content}\n`;
  const texts = message.blocks.map((block) => blockText(block));
  const onPart = (index: number) => texts[index] !== undefined && texts[index]!.trim() !== '' && shown.includes(`\n${texts[index]}\n`);
  const counts = new Map<string, number>();
  for (const text of texts) if (text) counts.set(text, (counts.get(text) ?? 0) + 1);
  const introducesButtons = (index: number) => texts[index + 1] === undefined && index + 1 < texts.length;
  const anchor = texts.findIndex((text, index) => text !== undefined && counts.get(text) === 1 && onPart(index) && !introducesButtons(index));
  if (anchor < 0) return undefined;
  // The pressed task's new line sits between two lines the part showed: then nothing before the anchor is new.
  let end = anchor;
  while (end + 1 < texts.length && onPart(end + 1)) end += 1;
  const changedLater = end + 2 < texts.length && texts[end + 1] !== undefined && onPart(end + 2);
  let start = anchor;
  while (start > 0 && (onPart(start - 1) || texts[start - 1]?.trim() === '')) start -= 1;
  if (!changedLater && start > 0 && texts[start - 1] !== undefined) start -= 1;
  return start;
}

/** A custom id's button as action id and value (or hash), without its occurrence or part number. */
function keyOf(customId: string, hashed: ReadonlyMap<string, string>): string[] {
  const decoded = decodeCustomId(customId);
  if (decoded.kind === 'button') return [`${decoded.actionId}\n${decoded.value}`];
  if (decoded.kind === 'hashed' && hashed.has(decoded.hash)) return [hashed.get(decoded.hash)!];
  return [];
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
