// The core's neutral message model to Discord message payloads and modals, within Discord's limits.
import type { Attachment, Block, Button, Choice, Form, Message } from '../../src/core/message.ts';
import { intendedMentions } from '../../src/core/message.ts';
import type { CustomIdSpill } from './custom-ids.ts';
import { buttonCustomId, choiceCustomId } from './custom-ids.ts';
import { discordLimits as L, fit } from './discord-limits.ts';
import { escapeText, isSnowflake, plainLabel, renderRich } from './discord-markdown.ts';

export interface AllowedMentions {
  parse: [];
  users: string[];
  replied_user: false;
}

export interface DiscordButton {
  type: 2;
  style: 1 | 2 | 4;
  label: string;
  custom_id: string;
}

export interface DiscordSelect {
  type: 3;
  custom_id: string;
  placeholder: string;
  min_values: 1;
  max_values: 1;
  options: Array<{ label: string; value: string }>;
}

export interface DiscordActionRow {
  type: 1;
  components: Array<DiscordButton | DiscordSelect>;
}

/** One message body as the Discord API takes it (create or edit). */
export interface DiscordPayload {
  content?: string;
  components: DiscordActionRow[];
  allowed_mentions: AllowedMentions;
  attachments?: Array<{ id: number; filename: string }>;
}

export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
}

export interface RenderedMessage {
  /** In order; files go with the first. Never empty. */
  payloads: DiscordPayload[];
  files: DiscordFile[];
  /** Long button ids to store before sending, so presses can be decoded. */
  spills: CustomIdSpill[];
}

export interface RenderOptions {
  /** At most this many messages; the rest is cut with an ellipsis (1 for edits). */
  maxMessages?: number;
}

const DEFAULT_MAX_MESSAGES = 5;
const DIVIDER = '──────────';

/** Only the users the core mentions on purpose may be pinged; nothing else, ever. */
export function allowedMentionsFor(message: Message): AllowedMentions {
  return { parse: [], users: intendedMentions(message).filter(isSnowflake).slice(0, L.allowedUsers), replied_user: false };
}

export function renderMessage(message: Message, options: RenderOptions = {}): RenderedMessage {
  const maxMessages = Math.max(1, options.maxMessages ?? DEFAULT_MAX_MESSAGES);
  const spills: CustomIdSpill[] = [];
  const rows = renderRows(message.blocks, spills);
  const rowGroups = chunk(rows, L.actionRows);
  const texts = message.blocks.flatMap((block) => {
    const text = renderBlock(block);
    return text === undefined ? [] : [text];
  });
  let contentChunks = splitContent(texts.join('\n'), L.content);
  if (contentChunks.length === 0 && rowGroups.length === 0) contentChunks = [fit(escapeText(message.summary), L.content) || '…'];
  const allowed = allowedMentionsFor(message);
  // Buttons matter more than the tail of a long text: rows keep their place, the text is cut.
  const groups = rowGroups.slice(0, maxMessages);
  const contentSlots = Math.max(1, maxMessages - Math.max(0, groups.length - 1));
  const cut = contentChunks.length > contentSlots;
  const payloads: DiscordPayload[] = contentChunks.slice(0, contentSlots).map((content) => ({ content, components: [], allowed_mentions: allowed }));
  if (cut) markCut(payloads[payloads.length - 1]!);
  groups.forEach((group, index) => {
    if (index === 0 && payloads.length > 0) payloads[payloads.length - 1]!.components = group;
    else payloads.push({ components: group, allowed_mentions: allowed });
  });
  const kept = payloads;
  const files = (message.attachments ?? []).slice(0, L.filesPerMessage).map(toFile);
  if (files.length > 0) kept[0]!.attachments = files.map((file, id) => ({ id, filename: file.name }));
  const usedIds = new Set(kept.flatMap((p) => p.components.flatMap((r) => r.components.map((c) => c.custom_id))));
  return { payloads: kept, files, spills: spills.filter((s) => usedIds.has(`h:${s.hash}`)) };
}

function markCut(payload: DiscordPayload): void {
  const content = payload.content ?? '';
  payload.content = content.length + 2 <= L.content ? `${content}\n…` : `${fit(content, L.content - 2)}\n…`;
}

function renderBlock(block: Block): string | undefined {
  switch (block.type) {
    case 'heading':
      return `### ${escapeText(block.text.replace(/\s+/g, ' ').trim())}`;
    case 'section':
      return renderRich(block.text);
    case 'context':
      return renderRich(block.text)
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => `-# ${line}`)
        .join('\n');
    case 'list':
      return block.items
        .map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${renderRich(item).replace(/\n/g, '\n   ')}`)
        .join('\n');
    case 'divider':
      return DIVIDER;
    case 'actions':
    case 'choices':
      return undefined;
  }
}

function renderRows(blocks: readonly Block[], spills: CustomIdSpill[]): DiscordActionRow[] {
  const rows: DiscordActionRow[] = [];
  const seen = new Set<string>();
  let choiceCount = 0;
  for (const block of blocks) {
    if (block.type === 'actions') {
      const buttons = block.buttons.flatMap((button) => {
        const rendered = renderButton(button);
        // Discord refuses two components with one custom id; an identical button adds nothing.
        if (seen.has(rendered.button.custom_id)) return [];
        seen.add(rendered.button.custom_id);
        if (rendered.spill) spills.push(rendered.spill);
        return [rendered.button];
      });
      for (const group of chunk(buttons, L.buttonsPerRow)) rows.push({ type: 1, components: group });
    } else if (block.type === 'choices') {
      for (const select of renderChoice(block.choice, () => ++choiceCount)) rows.push({ type: 1, components: [select] });
    }
  }
  return rows;
}

function renderButton(button: Button): { button: DiscordButton; spill?: CustomIdSpill } {
  const { customId, spill } = buttonCustomId(button.actionId, button.value);
  const style = button.style === 'primary' ? 1 : button.style === 'danger' ? 4 : 2;
  return { button: { type: 2, style, label: fit(plainLabel(button.label), L.buttonLabel) || '…', custom_id: customId }, ...(spill ? { spill } : {}) };
}

/** More than 25 options become several menus, numbered in their placeholders. */
function renderChoice(choice: Choice, nextPart: () => number): DiscordSelect[] {
  const values = new Set<string>();
  const options = choice.options.flatMap((option) => {
    const value = option.value.slice(0, L.selectOptionValue);
    if (values.has(value) || value === '') return [];
    values.add(value);
    return [{ label: fit(plainLabel(option.label), L.selectOptionLabel) || value, value }];
  });
  const parts = chunk(options, L.selectOptions);
  return parts.map((part, index) => ({
    type: 3,
    custom_id: choiceCustomId(choice.actionId, nextPart()),
    placeholder: fit(parts.length > 1 ? `${plainLabel(choice.placeholder)} (${index + 1}/${parts.length})` : plainLabel(choice.placeholder), L.selectPlaceholder),
    min_values: 1,
    max_values: 1,
    options: part,
  }));
}

/** Splits at line breaks, then at spaces, so a message never exceeds Discord's limit. */
export function splitContent(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (const piece of splitLine(line, max)) {
      if (current === '') current = piece;
      else if (current.length + 1 + piece.length <= max) current += `\n${piece}`;
      else {
        chunks.push(current);
        current = piece;
      }
    }
  }
  if (current.trim() !== '') chunks.push(current);
  return chunks.filter((c) => c.trim() !== '');
}

function splitLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    // Never cut between a surrogate pair or right after an escaping backslash.
    while (cut > 1 && (isLowSurrogate(rest.charCodeAt(cut)) || rest[cut - 1] === '\\')) cut--;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  pieces.push(rest);
  return pieces;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function toFile(attachment: Attachment): DiscordFile {
  const name = attachment.filename.replace(/[^\w.-]/g, '_').slice(0, 100) || 'bijlage.txt';
  return { name, data: Buffer.from(attachment.content, 'utf8'), contentType: attachment.mimeType };
}

// ---- Modals ----

export interface DiscordModal {
  custom_id: string;
  title: string;
  components: Array<{ type: 18; label: string; component: Record<string, unknown> }>;
}

/**
 * A form as a modal. Inputs are named by position (`f0`…), so any field id works; Discord takes
 * five inputs, so a longer form keeps its first five (required fields first).
 */
export function renderModal(form: Form, customId: string): DiscordModal {
  const fields = modalFields(form);
  return {
    custom_id: customId,
    title: fit(plainLabel(form.title), L.modalTitle) || '…',
    components: fields.map(({ field, index }) => {
      const label = fit(plainLabel(field.label), L.modalLabel) || '…';
      if (field.kind === 'select' && field.options && field.options.length > 0) {
        const options = field.options.slice(0, L.selectOptions).map((o) => ({
          label: fit(plainLabel(o.label), L.selectOptionLabel) || o.value,
          value: o.value.slice(0, L.selectOptionValue),
          ...(o.value === field.initialValue ? { default: true } : {}),
        }));
        return {
          type: 18,
          label,
          component: {
            type: 3,
            custom_id: `f${index}`,
            options,
            required: field.required,
            min_values: field.required ? 1 : 0,
            max_values: 1,
            ...(field.placeholder ? { placeholder: fit(plainLabel(field.placeholder), L.selectPlaceholder) } : {}),
          },
        };
      }
      return {
        type: 18,
        label,
        component: {
          type: 4,
          custom_id: `f${index}`,
          style: field.kind === 'multiline' ? 2 : 1,
          required: field.required,
          max_length: Math.min(field.maxLength ?? L.textInputValue, L.textInputValue),
          ...(field.placeholder ? { placeholder: fit(plainLabel(field.placeholder), L.textInputPlaceholder) } : {}),
          ...(field.initialValue ? { value: field.initialValue.slice(0, L.textInputValue) } : {}),
        },
      };
    }),
  };
}

/** The fields a modal shows, with their index in the form (required ones win a place first). */
export function modalFields(form: Form): Array<{ field: Form['fields'][number]; index: number }> {
  const indexed = form.fields.map((field, index) => ({ field, index }));
  const chosen = [...indexed.filter((f) => f.field.required), ...indexed.filter((f) => !f.field.required)].slice(0, L.modalComponents);
  return chosen.sort((a, b) => a.index - b.index);
}
