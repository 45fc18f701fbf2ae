// Which page of a message sent in pages a press came from, so a redraw edits that page only.
import type { Block, Message } from '../../src/core/message.ts';
import type { SlackBlock, SlackPayload } from './block-kit-renderer.ts';
import { renderBlocks, renderMessage } from './block-kit-renderer.ts';
import { decodeActionId, marksOf } from './action-ids.ts';

/** A button or menu on a Slack message, as the core knows it: its action id and value. */
export interface PageControl {
  actionId: string;
  value: string;
  /** The message held it more than once when the page was drawn. */
  repeated?: boolean;
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
      if (typeof element.action_id === 'string') {
        controls.push({ actionId: decodeActionId(element.action_id), value: typeof element.value === 'string' ? element.value : '', ...(marksOf(element.action_id).repeated ? { repeated: true } : {}) });
      }
    }
  }
  return controls;
}

/** What a press tells about the page it came from. */
export interface PressedPageInfo {
  /** The core controls the page held. */
  controls: readonly PageControl[];
  /** The page's number, from the pressed action_id (absent on buttons posted before pages were numbered). */
  page?: number | undefined;
  /** The page's blocks as Slack sent them along, and the action_id pressed on it. */
  blocks?: readonly unknown[] | undefined;
  pressedActionId?: string | undefined;
}

/**
 * The redrawn message as the page that was pressed: a message sent in pages is drawn again from
 * where the pressed page began, so its other tasks keep their lines and buttons. That place is
 * found by the first of its buttons that is still there; when none is left (its only task was just
 * marked), by its lines that are still there (`textStart`); else it is the page of its number. A
 * line that no longer fits stays on the next page as it was sent, rather than being lost. The
 * redrawn page's buttons carry its number again. Undefined when the message is one page, or when
 * nothing tells which page was pressed (a button posted before pages were numbered).
 */
export function pressedPage(message: Message, pressed: PressedPageInfo, maxPages: number): SlackPayload | undefined {
  const page = pressed.page;
  const pages = renderMessage(message, { maxMessages: maxPages, page: page ?? false });
  if (pages.length < 2) return undefined;
  const start = controlStart(message, pressed.controls) ?? (page === undefined ? undefined : textStart(message, pressed));
  if (start === undefined) return page === undefined ? undefined : pages[Math.min(page, pages.length) - 1];
  // Two pages at most, of which the first: a page that is followed by more carries no "…" mark.
  return renderMessage(message, { fromBlock: start, maxMessages: 2, page: page ?? false })[0];
}

/** The block where the pressed page began, found by the first of its buttons that is still there. */
function controlStart(message: Message, pressed: readonly PageControl[]): number | undefined {
  // Only controls the message holds once say where a page is (every task has the same advice button),
  // and only those it held once when the page was drawn: a handbook button that two tasks shared is
  // the other task's alone once the one on this page is done, and that task may be on another page.
  const counts = new Map<string, number>();
  for (const control of message.blocks.flatMap(controlsOf)) counts.set(keyOf(control), (counts.get(keyOf(control)) ?? 0) + 1);
  const keys = new Set(pressed.filter((control) => !control.repeated).map(keyOf).filter((key) => counts.get(key) === 1));
  const first = message.blocks.findIndex((block) => controlsOf(block).some((control) => keys.has(keyOf(control))));
  if (first < 0) return undefined;
  let start = first;
  while (start > 0 && controlsOf(message.blocks[start - 1]!).length === 0) start -= 1;
  return start;
}

/**
 * The block where the pressed page began, found by its lines: the first line of the page that the
 * message holds once (the pressed task's own lines left out: they changed), and the lines before it
 * on the page, the pressed task's new lines among them. The page number cannot say this alone: a
 * page that lost buttons can take lines from the next, so the message as it stands is paged anew.
 */
function textStart(message: Message, pressed: PressedPageInfo): number | undefined {
  const sent = ((pressed.blocks ?? []) as SlackBlock[]).filter((block) => typeof block?.type === 'string');
  const pressedAt = sent.findIndex((block) => block.type === 'actions' && ((block['elements'] ?? []) as Array<{ action_id?: string }>).some((e) => e.action_id === pressed.pressedActionId));
  if (pressedAt < 0) return undefined;
  // The pressed task's own lines: the text blocks just before its buttons.
  let taskFrom = pressedAt;
  while (taskFrom > 0 && sent[taskFrom - 1]!.type !== 'actions') taskFrom -= 1;
  const changed = (index: number) => index >= taskFrom && index <= pressedAt;
  // The message as it stands, block by block, with the core block each came from.
  const drawn = message.blocks.flatMap((block, core) => renderBlocks([block]).map((slack) => ({ core, key: lineKey(slack) })));
  const counts = new Map<string, number>();
  for (const { key } of drawn) if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  const anchor = sent.findIndex((block, index) => !changed(index) && counts.get(lineKey(block) ?? '') === 1);
  if (anchor < 0) return undefined;
  let at = drawn.findIndex(({ key }) => key === lineKey(sent[anchor]!));
  // Back over the page's lines before the anchor; the pressed task's new lines are as many at most as its old ones.
  let newLines = changed(anchor - 1) || anchor > pressedAt ? pressedAt - taskFrom : 0;
  for (let index = anchor - 1; index >= 0 && at > 0; ) {
    const before = drawn[at - 1]!;
    if (sent[index]!.type === 'actions' || changed(index)) index -= 1;
    else if (before.key === undefined) at -= 1;
    else if (before.key === lineKey(sent[index]!)) {
      at -= 1;
      index -= 1;
    } else if (newLines > 0) {
      at -= 1;
      newLines -= 1;
    } else break;
  }
  while (newLines > 0 && at > 0 && drawn[at - 1]!.key !== undefined && taskFrom === 0) {
    at -= 1;
    newLines -= 1;
  }
  return drawn[at]!.core;
}

/** A text block by what it shows (Slack may add ids and defaults to what it sends back); undefined for controls. */
function lineKey(block: SlackBlock): string | undefined {
  if (block.type === 'actions') return undefined;
  const text = block['text'] as { text?: unknown } | undefined;
  const elements = (block['elements'] ?? []) as Array<{ text?: unknown }>;
  return `${block.type}\n${typeof text?.text === 'string' ? text.text : elements.map((e) => (typeof e.text === 'string' ? e.text : '')).join('\n')}`;
}

const keyOf = (control: PageControl) => `${control.actionId}\n${control.value}`;

function controlsOf(block: Block): PageControl[] {
  if (block.type === 'actions') return block.buttons.map((button) => ({ actionId: button.actionId, value: button.value }));
  if (block.type === 'choices') return block.choice.options.map((option) => ({ actionId: block.choice.actionId, value: option.value }));
  return [];
}
