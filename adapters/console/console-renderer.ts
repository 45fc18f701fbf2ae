// Renders the core's message model as readable terminal text with numbered buttons.
import type { Block, Button, Choice, Message } from '../../src/core/message.ts';
import type { RichText } from '../../src/core/rich-text.ts';

export interface RenderStyle {
  /** ANSI bold and dim when writing to a terminal; plain text for scripts and files. */
  color: boolean;
  /** How the n-th choice is named in the console's language ("keuze 2", "choice 2"). */
  choiceLabel?: (n: number) => string;
}

export interface RenderedMessage {
  text: string;
  buttons: Button[];
  choices: Choice[];
}

export function renderInline(text: RichText, style: RenderStyle): string {
  return text
    .map((span) => {
      switch (span.type) {
        case 'mention':
          return span.fallback;
        case 'link':
          return span.label === span.url ? span.url : `${span.label} (${span.url})`;
        case 'text':
          if (span.style === 'bold') return style.color ? `\u001b[1m${span.text}\u001b[22m` : span.text;
          if (span.style === 'code') return `\`${span.text}\``;
          return span.text;
      }
    })
    .join('');
}

/** Buttons are numbered across the whole message, in order, starting at 1. */
export function renderMessage(message: Message, style: RenderStyle): RenderedMessage {
  const lines: string[] = [];
  const buttons: Button[] = [];
  const choices: Choice[] = [];
  for (const block of message.blocks) lines.push(...renderBlock(block, style, buttons, choices));
  for (const attachment of message.attachments ?? []) lines.push(`📎 ${attachment.filename}`);
  return { text: lines.join('\n'), buttons, choices };
}

function renderBlock(block: Block, style: RenderStyle, buttons: Button[], choices: Choice[]): string[] {
  switch (block.type) {
    case 'heading':
      return [style.color ? `\u001b[1m${block.text}\u001b[22m` : `# ${block.text}`];
    case 'section':
      return [renderInline(block.text, style)];
    case 'context':
      return [style.color ? `\u001b[2m${renderInline(block.text, style)}\u001b[22m` : `  ${renderInline(block.text, style)}`];
    case 'list':
      return block.items.map((item, i) => `  ${block.ordered ? `${i + 1}.` : '•'} ${renderInline(item, style)}`);
    case 'divider':
      // A blank line: a terminal's screen reader reads a rule of box-drawing characters one by one.
      return [''];
    case 'actions':
      return [
        `  ${block.buttons
          .map((button) => {
            buttons.push(button);
            return `[${buttons.length}] ${button.label}`;
          })
          .join('   ')}`,
      ];
    case 'choices': {
      choices.push(block.choice);
      const n = choices.length;
      return [`  ${block.choice.placeholder} (${style.choiceLabel?.(n) ?? n}):`, ...block.choice.options.map((o, i) => `    ${n}.${i + 1} ${o.label}`)];
    }
  }
}
