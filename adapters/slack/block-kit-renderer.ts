// Renders the core's neutral Message as Block Kit, always within Slack's limits.
import type { Block, Button, Choice, Message } from '../../src/core/message.ts';
import { announced } from '../../src/core/spoken-text.ts';
import { encodeActionId, withPage } from './action-ids.ts';
import { clip, distinctLabels, escapeMrkdwn, renderRichText, splitMrkdwn } from './mrkdwn.ts';

/** Slack's documented Block Kit limits (characters are UTF-16 code units, as Slack counts). */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3_000,
  contextText: 3_000,
  contextElements: 10,
  headerText: 150,
  actionsElements: 25,
  buttonLabel: 75,
  accessibilityLabel: 75,
  buttonValue: 2_000,
  actionId: 255,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  /** Slack rejects messages whose blocks hold much more than this; we stay under it. */
  messageChars: 12_000,
  fallbackText: 3_000,
} as const;

export type SlackBlock = Record<string, unknown> & { type: string };

/** One Slack message: blocks plus the notification / fallback text. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

export interface RenderOptions {
  /** Messages the content may be split into; the last one is cut with "…" when it is not enough. */
  maxMessages?: number;
  /** Block limit of the surface: 50 for messages, 100 for modals and the App Home. */
  maxBlocks?: number;
  /** Character budget of one payload (JSON of its blocks); messages default to about 12,000. */
  maxChars?: number;
  /**
   * The page number the buttons' action_ids carry: by default each page's own when the message
   * takes more than one (a press then knows which page to redraw); a number gives every page that
   * one (a page drawn again in place); false numbers none.
   */
  page?: number | false;
  /** Draws the message from this block of it on (a page drawn again in place); 0 by default. */
  fromBlock?: number;
  /** Draws the message up to this block of it, that one excluded; to its end by default. */
  toBlock?: number;
}

/** The mark that ends a cut message: "…", with the number of text lines left out ("… (+12)"). */
function cutMark(leftOut: readonly SlackBlock[]): SlackBlock {
  const lines = leftOut.flatMap(textLinesOf).length;
  return { type: 'context', elements: [{ type: 'mrkdwn', text: lines > 0 ? `… (+${lines})` : '…' }] };
}

function textLinesOf(block: SlackBlock): string[] {
  const texts = block.type === 'context' ? ((block['elements'] ?? []) as Array<{ text?: string }>).map((e) => e.text ?? '') : [String((block['text'] as { text?: string } | undefined)?.text ?? '')];
  return texts.flatMap((text) => text.split('\n')).filter((line) => line.trim() !== '');
}

/**
 * Renders a message as one or more Slack payloads. Every block type of the core has a generic
 * rendering, so new features need no adapter change. Content beyond a payload's block or
 * character budget continues in the next payload; beyond `maxMessages` it is cut and marked.
 */
export function renderMessage(message: Message, options: RenderOptions = {}): SlackPayload[] {
  const maxMessages = options.maxMessages ?? 1;
  const maxBlocks = options.maxBlocks ?? LIMITS.blocksPerMessage;
  const maxChars = options.maxChars ?? LIMITS.messageChars;
  const blocks = renderBlocks(message.blocks, options.fromBlock, options.toBlock);
  // What a phone's notification shows and a screen reader announces: the gist, without emoji names.
  const text = clip(escapeMrkdwn(announced(message.summary)), LIMITS.fallbackText) || '…';
  const pages: SlackBlock[][] = [[]];
  // Room for the page number each control's action_id may get ("p10"), counted before it is added.
  const pageMarkRoom = String(Math.max(maxMessages, typeof options.page === 'number' ? options.page : 0)).length + 1;
  let chars = 0;
  for (const [index, block] of blocks.entries()) {
    const size = blockChars(block) + controlCount(block) * pageMarkRoom;
    const page = pages[pages.length - 1]!;
    if (page.length >= maxBlocks || (page.length > 0 && chars + size > maxChars)) {
      if (pages.length >= maxMessages) {
        // Leave room for the marker that says something was left out, and how much.
        const dropped = page.length >= maxBlocks ? [page.pop()!] : [];
        page.push(cutMark([...dropped, ...blocks.slice(index)]));
        break;
      }
      // Buttons go with the text that introduces them: that text moves to the new page along with them.
      const intro = block.type === 'actions' ? introductionOf(page) : [];
      page.splice(page.length - intro.length);
      pages.push([...intro, block]);
      chars = intro.reduce((sum, moved) => sum + blockChars(moved), size);
      continue;
    }
    page.push(block);
    chars += size;
  }
  const pageOf = (index: number) => (options.page === false ? undefined : (options.page ?? (pages.length > 1 ? index + 1 : undefined)));
  return pages.map((page, index) => ({ text, blocks: withPageNumber(page, pageOf(index)) }));
}

function controlCount(block: SlackBlock): number {
  return block.type === 'actions' && Array.isArray(block['elements']) ? block['elements'].length : 0;
}

/** The page's blocks with every control's action_id numbered for that page (or for none). */
function withPageNumber(blocks: SlackBlock[], page: number | undefined): SlackBlock[] {
  if (page === undefined) return blocks;
  return blocks.map((block) => {
    if (block.type !== 'actions' || !Array.isArray(block['elements'])) return block;
    const elements = (block['elements'] as Array<{ action_id: string }>).map((element) => ({ ...element, action_id: clip(withPage(element.action_id, page), LIMITS.actionId) }));
    return { ...block, elements };
  });
}

/** The text blocks at the end of a page since its last buttons, unless they are all the page holds. */
function introductionOf(page: readonly SlackBlock[]): SlackBlock[] {
  const lastActions = page.map((block) => block.type).lastIndexOf('actions');
  return lastActions < 0 ? [] : page.slice(lastActions + 1);
}

/**
 * Every core block as Slack blocks, each one within its own limits (long text split), from block
 * `from` up to `to`; a button is marked repeated when the whole message holds it more than once.
 */
export function renderBlocks(blocks: readonly Block[], from = 0, to = blocks.length): SlackBlock[] {
  const out: SlackBlock[] = [];
  let position = 0;
  const nextPosition = () => position++;
  // A button the message holds more than once says nothing about where a page is (see pressed-page.ts).
  const counts = new Map<string, number>();
  for (const button of blocks.flatMap((block) => (block.type === 'actions' ? block.buttons : []))) counts.set(buttonKey(button), (counts.get(buttonKey(button)) ?? 0) + 1);
  const repeated = (button: Button) => (counts.get(buttonKey(button)) ?? 0) > 1;
  for (const block of blocks.slice(from, to)) out.push(...renderBlock(block, nextPosition, repeated));
  return out;
}

const buttonKey = (button: Button) => `${button.actionId}\n${button.value}`;

function renderBlock(block: Block, nextPosition: () => number, repeated: (button: Button) => boolean): SlackBlock[] {
  switch (block.type) {
    case 'heading':
      return [{ type: 'header', text: { type: 'plain_text', text: clip(block.text, LIMITS.headerText) || '…', emoji: true } }];
    case 'section':
      return sections(renderRichText(block.text));
    case 'context':
      return splitMrkdwn(renderRichText(block.text), LIMITS.contextText)
        .filter((piece) => piece.trim() !== '')
        .map((piece) => ({ type: 'context', elements: [{ type: 'mrkdwn', text: piece }] }));
    case 'list': {
      const lines = block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '•'} ${renderRichText(item)}`);
      return sections(lines.join('\n'));
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions': {
      const out: SlackBlock[] = [];
      const labels = distinctLabels(block.buttons.map((button) => button.label), LIMITS.buttonLabel);
      for (let i = 0; i < block.buttons.length; i += LIMITS.actionsElements) {
        const elements = block.buttons.slice(i, i + LIMITS.actionsElements).map((button, j) => renderButton(button, labels[i + j]!, nextPosition(), repeated(button)));
        out.push({ type: 'actions', elements });
      }
      return out;
    }
    case 'choices':
      return [{ type: 'actions', elements: [renderSelect(block.choice, nextPosition())] }];
  }
}

function sections(mrkdwn: string): SlackBlock[] {
  if (mrkdwn.trim() === '') return [];
  return splitMrkdwn(mrkdwn, LIMITS.sectionText).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece } }));
}

function renderButton(button: Button, label: string, position: number, repeated: boolean): SlackBlock {
  return {
    type: 'button',
    action_id: clip(encodeActionId(button.actionId, position, { repeated }), LIMITS.actionId),
    text: { type: 'plain_text', text: label || '…', emoji: true },
    value: button.value.slice(0, LIMITS.buttonValue),
    ...(button.style ? { style: button.style } : {}),
    ...(button.spoken && announced(button.spoken) ? { accessibility_label: clip(announced(button.spoken), LIMITS.accessibilityLabel) } : {}),
  };
}

function renderSelect(choice: Choice, position: number): SlackBlock {
  return {
    type: 'static_select',
    action_id: clip(encodeActionId(choice.actionId, position), LIMITS.actionId),
    placeholder: { type: 'plain_text', text: clip(choice.placeholder, LIMITS.placeholder) || '…', emoji: true },
    options: choice.options.slice(0, LIMITS.selectOptions).map((option) => ({
      text: { type: 'plain_text', text: clip(option.label, LIMITS.optionText) || '…', emoji: true },
      value: option.value.slice(0, LIMITS.optionValue),
    })),
  };
}

/** The characters a block counts towards the message total. */
export function blockChars(block: SlackBlock): number {
  return JSON.stringify(block).length;
}
