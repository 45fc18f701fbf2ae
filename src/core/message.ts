// The platform-neutral message and form model that every adapter renders.
import type { RichText } from './rich-text.ts';
import { mentionedUserIds, toPlainString } from './rich-text.ts';

export interface Button {
  /** Routes the press back to a feature; at most 60 characters, stable across releases. */
  actionId: string;
  /** Opaque payload returned with the press; at most 60 characters. */
  value: string;
  label: string;
  /**
   * What assistive technology reads instead of the label, where the label alone does not say what
   * the button does (a bare score, an emoji, a count).
   */
  spoken?: string;
  style?: 'primary' | 'danger';
}

export interface ChoiceOption {
  label: string;
  value: string;
}

/** A single choice from a short list (a select menu, or numbered options in the console). */
export interface Choice {
  actionId: string;
  placeholder: string;
  options: ChoiceOption[];
}

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'section'; text: RichText }
  | { type: 'context'; text: RichText }
  | { type: 'list'; items: RichText[]; ordered?: boolean }
  | { type: 'divider' }
  | { type: 'actions'; buttons: Button[] }
  | { type: 'choices'; choice: Choice };

/** A file sent along with a message (a calendar invitation, a Markdown export). */
export interface Attachment {
  filename: string;
  mimeType: string;
  content: string;
}

export interface Message {
  /** One line used for notifications and as the fallback text where blocks cannot show. */
  summary: string;
  blocks: Block[];
  attachments?: Attachment[];
}

export interface FormField {
  id: string;
  label: string;
  kind: 'text' | 'multiline' | 'select';
  required: boolean;
  maxLength?: number;
  placeholder?: string;
  initialValue?: string;
  options?: ChoiceOption[];
}

/** A form the user fills in: a modal on Slack and Discord, line-by-line questions in the console. */
export interface Form {
  formId: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** Opaque context returned with the submission (at most 200 characters). */
  context: string;
  /**
   * The context and initial values must never reach the adapter's own storage (a pulse ballot
   * and an answer on it): an adapter that could only show the form later, from a stored copy,
   * asks the person to press again instead.
   */
  secret?: boolean;
}

/** Every user id the message mentions on purpose. */
export function intendedMentions(message: Message): string[] {
  const ids = new Set<string>();
  for (const block of message.blocks) {
    for (const text of blockTexts(block)) for (const id of mentionedUserIds(text)) ids.add(id);
  }
  return [...ids];
}

/** The message as plain text lines, for logs, the console fallback and tests. */
export function messageToPlainText(message: Message): string {
  const lines: string[] = [];
  for (const block of message.blocks) {
    switch (block.type) {
      case 'heading':
        lines.push(block.text);
        break;
      case 'section':
      case 'context':
        lines.push(toPlainString(block.text));
        break;
      case 'list':
        block.items.forEach((item, i) => lines.push(`${block.ordered ? `${i + 1}.` : '•'} ${toPlainString(item)}`));
        break;
      case 'divider':
        lines.push('---');
        break;
      case 'actions':
        lines.push(block.buttons.map((b) => `[${b.label}]`).join(' '));
        break;
      case 'choices':
        lines.push(`${block.choice.placeholder}: ${block.choice.options.map((o) => o.label).join(' | ')}`);
        break;
    }
  }
  return lines.join('\n');
}

function blockTexts(block: Block): RichText[] {
  switch (block.type) {
    case 'section':
    case 'context':
      return [block.text];
    case 'list':
      return block.items;
    default:
      return [];
  }
}
