// Which page of a message sent in pages a press came from, so a redraw edits that page only.
import type { Block, Message } from '../../src/core/message.ts';
import type { SlackBlock, SlackPayload } from './block-kit-renderer.ts';
import { renderMessage } from './block-kit-renderer.ts';
import { decodeActionId } from './action-ids.ts';

/** A button or menu on a Slack message, as the core knows it: its action id and value. */
export interface PageControl {
  actionId: string;
  value: string;
}

/**
 * The core controls on a Slack message's blocks (Slack sends the pressed message along with a
 * press). The action_id's position suffix is dropped: a redrawn message numbers its buttons anew.
 */
export function controlsOn(blocks: readonly unknown[] | undefined): PageControl[] {
  const controls: PageControl[] = [];
  for (const block of (blocks ?? []) as SlackBlock[]) {
    if (block.type !== 'actions' || !Array.isArray(block['elements'])) continue;
    for (const element of block['elements'] as Array<{ action_id?: unknown; value?: unknown }>) {
      if (typeof element.action_id === 'string') controls.push({ actionId: decodeActionId(element.action_id), value: typeof element.value === 'string' ? element.value : '' });
    }
  }
  return controls;
}

/**
 * The redrawn message as the page that was pressed: a message sent in pages is drawn again from
 * where the pressed page began (the text before the first of its buttons that is still there), so
 * its other tasks keep their lines and buttons. A line that no longer fits stays on the next page
 * as it was sent, rather than being lost. Undefined when the message is one page, or when nothing
 * of the pressed page is left to find it by.
 */
export function pressedPage(message: Message, pressed: readonly PageControl[], maxPages: number): SlackPayload | undefined {
  if (pressed.length === 0 || renderMessage(message, { maxMessages: maxPages }).length < 2) return undefined;
  // Only controls the message holds once say where a page is (every task has the same advice button).
  const counts = new Map<string, number>();
  for (const control of message.blocks.flatMap(controlsOf)) counts.set(keyOf(control), (counts.get(keyOf(control)) ?? 0) + 1);
  const keys = new Set(pressed.map(keyOf).filter((key) => counts.get(key) === 1));
  const first = message.blocks.findIndex((block) => controlsOf(block).some((control) => keys.has(keyOf(control))));
  if (first < 0) return undefined;
  let start = first;
  while (start > 0 && controlsOf(message.blocks[start - 1]!).length === 0) start -= 1;
  // Two pages at most, of which the first: a page that is followed by more carries no "…" mark.
  return renderMessage({ ...message, blocks: message.blocks.slice(start) }, { maxMessages: 2 })[0];
}

const keyOf = (control: PageControl) => `${control.actionId}\n${control.value}`;

function controlsOf(block: Block): PageControl[] {
  if (block.type === 'actions') return block.buttons.map((button) => ({ actionId: button.actionId, value: button.value }));
  if (block.type === 'choices') return block.choice.options.map((option) => ({ actionId: block.choice.actionId, value: option.value }));
  return [];
}
