// Which page of a message sent in pages a press came from, so a redraw edits that page only.
import type { Message } from '../../src/core/message.ts';
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
 * where the pressed page began (`pageStart`), so its other tasks keep their lines and buttons; when
 * nothing tells where that is, it is the page of its number. A line that no longer fits stays on
 * the next page as it was sent, rather than being lost. The redrawn page's buttons carry its number
 * again. Undefined when the message is one page (and went out as one), or when nothing tells which
 * page was pressed (a button posted before pages were numbered, none of whose buttons is left).
 */
export function pressedPage(message: Message, pressed: PressedPageInfo, maxPages: number): SlackPayload | undefined {
  const page = pressed.page;
  const pages = renderMessage(message, { maxMessages: maxPages, page: page ?? false });
  // A page's number says the message went out in pages, also when what is left of it fits in one.
  if (pages.length < 2 && page === undefined) return undefined;
  const range = pageRange(message, pressed);
  if (range === undefined) return page === undefined ? undefined : pages[Math.min(page, pages.length) - 1];
  // Two pages at most, of which the first: a page that is followed by more carries no "…" mark.
  return renderMessage(message, { fromBlock: range.start, toBlock: range.end, maxMessages: 2, page: page ?? false })[0];
}

/** One Slack block of the message as it stands: the core block it came from, its line, its controls. */
interface DrawnBlock {
  core: number;
  /** What a text block shows; undefined for controls. */
  key: string | undefined;
  controls: string[];
}

/**
 * The blocks the pressed page holds in the message as it stands, `end` excluded. Its anchor is the first of
 * its buttons the message holds once, then and now (every task's handbook button says nothing: once
 * the one on this page is gone, the one left may be another page's); or, when none is left (its
 * only task was just marked), its first line the message holds once. The page number cannot say it
 * alone: pages that lost buttons are paged anew. From the anchor back go the page's lines as Slack
 * sent them along, and the pressed task's new lines (as many as its old ones at most), so lines of
 * the page before are not taken along; from it forward the same, so the next page's are not either.
 */
function pageRange(message: Message, pressed: PressedPageInfo): { start: number; end?: number } | undefined {
  const drawn: DrawnBlock[] = message.blocks.flatMap((block, core) => renderBlocks([block]).map((slack) => ({ core, key: lineKey(slack), controls: controlsOn([slack]).map(keyOf) })));
  const sent = ((pressed.blocks ?? []) as SlackBlock[]).filter((block) => typeof block?.type === 'string');
  const sentControls = (block: SlackBlock) => controlsOn([block]).map(keyOf);
  const lineCounts = new Map<string, number>();
  for (const { key } of drawn) if (key) lineCounts.set(key, (lineCounts.get(key) ?? 0) + 1);
  // A line that now introduces buttons (an open task's, perhaps the same task of another network).
  const introducing = new Set(drawn.flatMap((block, at) => (block.key !== undefined && drawn[at + 1]?.key === undefined && at + 1 < drawn.length ? [block.key] : [])));
  // The pressed task's own blocks on the page: its buttons, and the lines just before them that the
  // message no longer holds as they were (they changed), rather than lines of tasks marked before.
  const pressedAt = sent.findIndex((block) => block.type === 'actions' && ((block['elements'] ?? []) as Array<{ action_id?: string }>).some((e) => e.action_id === pressed.pressedActionId));
  let taskFrom = pressedAt;
  while (taskFrom > 0 && sent[taskFrom - 1]!.type !== 'actions') taskFrom -= 1;
  const changed = (index: number) => {
    if (pressedAt < 0 || index < taskFrom || index > pressedAt) return false;
    const key = lineKey(sent[index]!);
    return key === undefined || !lineCounts.has(key) || introducing.has(key);
  };
  const changedLines = sent.filter((block, index) => block.type !== 'actions' && changed(index)).length;

  const controlCounts = new Map<string, number>();
  for (const key of drawn.flatMap((block) => block.controls)) controlCounts.set(key, (controlCounts.get(key) ?? 0) + 1);
  const telling = new Set(pressed.controls.filter((control) => !control.repeated).map(keyOf).filter((key) => controlCounts.get(key) === 1));
  let at = drawn.findIndex((block) => block.controls.some((key) => telling.has(key)));
  let anchor: number;
  if (at >= 0) {
    const key = drawn[at]!.controls.find((k) => telling.has(k))!;
    anchor = sent.findIndex((block) => sentControls(block).includes(key));
    // Without the page's blocks (an ephemeral message), its text before the buttons is taken back to the buttons before.
    if (anchor < 0) {
      let start = drawn[at]!.core;
      while (start > 0 && !message.blocks[start - 1]!.type.match(/^(actions|choices)$/)) start -= 1;
      return { start };
    }
  } else {
    if (pressed.page === undefined) return undefined;
    // None of the page's buttons is left, so a line of it introduces none.
    anchor = sent.findIndex((block, index) => !changed(index) && lineCounts.get(lineKey(block) ?? '') === 1 && !introducing.has(lineKey(block)!));
    if (anchor < 0) return undefined;
    at = drawn.findIndex(({ key }) => key === lineKey(sent[anchor]!));
  }
  const end = pageEnd(drawn, sent, anchor, at, changed, pressedAt > anchor ? changedLines : 0);
  let newLines = pressedAt >= 0 && pressedAt < anchor ? changedLines : 0;
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
  // The page began with the pressed task: its new lines come before all the page's others.
  const pageBeganWithTask = sent.findIndex((block, index) => block.type !== 'actions' && !changed(index)) > pressedAt;
  while (newLines > 0 && pageBeganWithTask && at > 0 && drawn[at - 1]!.key !== undefined) {
    at -= 1;
    newLines -= 1;
  }
  return { start: drawn[at]!.core, end };
}

/** The core block after the pressed page's last: from the anchor forward over the page's blocks and the pressed task's new lines. */
function pageEnd(drawn: readonly DrawnBlock[], sent: readonly SlackBlock[], anchor: number, anchorAt: number, changed: (index: number) => boolean, newLines: number): number {
  let at = anchorAt + 1;
  for (let index = anchor + 1; index < sent.length && at < drawn.length; ) {
    const next = drawn[at]!;
    if (changed(index)) index += 1;
    else if (sent[index]!.type === 'actions') {
      // Another task's buttons, still there after its line.
      if (next.key === undefined) at += 1;
      index += 1;
    } else if (next.key === undefined) at += 1;
    else if (next.key === lineKey(sent[index]!)) {
      at += 1;
      index += 1;
    } else if (newLines > 0) {
      at += 1;
      newLines -= 1;
    } else break;
  }
  // The page ended with the pressed task: its new lines come after all the page's others.
  while (newLines > 0 && at < drawn.length && drawn[at]!.key !== undefined) {
    at += 1;
    newLines -= 1;
  }
  return drawn[at - 1]!.core + 1;
}

/** A text block by what it shows (Slack may add ids and defaults to what it sends back); undefined for controls. */
function lineKey(block: SlackBlock): string | undefined {
  if (block.type === 'actions') return undefined;
  const text = block['text'] as { text?: unknown } | undefined;
  const elements = (block['elements'] ?? []) as Array<{ text?: unknown }>;
  return `${block.type}\n${typeof text?.text === 'string' ? text.text : elements.map((e) => (typeof e.text === 'string' ? e.text : '')).join('\n')}`;
}

const keyOf = (control: PageControl) => `${control.actionId}\n${control.value}`;
