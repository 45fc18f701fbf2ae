// The core's neutral message model to Discord message payloads and modals, within Discord's limits.
import type { Attachment, Block, Button, Choice, Form, Message } from '../../src/core/message.ts';
import { intendedMentions } from '../../src/core/message.ts';
import { safeCutBefore } from '../../src/core/text-cuts.ts';
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
  /**
   * The part number the controls' custom ids carry: by default each message's own when there is
   * more than one (a press then knows which part to redraw); a number gives every message that one
   * (a part drawn again in place); false numbers none.
   */
  part?: number | false;
  /** Draws the message from this block of it on (a part drawn again in place); 0 by default. */
  fromBlock?: number;
  /** Draws the message up to this block of it, that one excluded; to its end by default. */
  toBlock?: number;
}

// Ten messages hold a day's preparation for someone leading three networks (about 25 tasks, each
// with its row of buttons); the pacer spreads them over Discord's five messages per five seconds.
const DEFAULT_MAX_MESSAGES = 10;
// A blank line, not a rule of box-drawing characters: a screen reader reads each of those by its name.
const DIVIDER = '';

/** Only the users the core mentions on purpose may be pinged; nothing else, ever. */
export function allowedMentionsFor(message: Message): AllowedMentions {
  return { parse: [], users: intendedMentions(message).filter(isSnowflake).slice(0, L.allowedUsers), replied_user: false };
}

/**
 * Renders a message as one or more Discord messages. Discord shows a message's text above all
 * of its buttons, so the text that introduces a row of buttons travels in the same message as
 * that row: blocks are grouped into segments (text, then the rows that follow it) and segments
 * are packed into messages of at most 2,000 characters and 5 rows. When that needs more than
 * `maxMessages` and only text is left over, the text is cut after the last message that fits,
 * saying how many lines were left out; when buttons would be left over too, all text goes first
 * and all rows last, which keeps every button and cuts text.
 */
export function renderMessage(message: Message, options: RenderOptions = {}): RenderedMessage {
  const maxMessages = Math.max(1, options.maxMessages ?? DEFAULT_MAX_MESSAGES);
  const rows = new RowRenderer(message.blocks);
  const segments = segmentsOf(message.blocks.slice(options.fromBlock ?? 0, options.toBlock), rows);
  const allowed = allowedMentionsFor(message);
  let parts = packSegments(segments);
  if (parts.length > maxMessages) parts = parts.slice(maxMessages).some((part) => part.rows.length > 0) ? packFlat(segments, maxMessages) : cutAfter(parts, maxMessages);
  if (parts.length === 0) parts = [{ content: fit(escapeText(message.summary), L.content) || '…', rows: [] }];
  const payloads: DiscordPayload[] = parts.map((part) => ({ ...(part.content ? { content: part.content } : {}), components: part.rows, allowed_mentions: allowed }));
  const files = (message.attachments ?? []).slice(0, L.filesPerMessage).map(toFile);
  if (files.length > 0) payloads[0]!.attachments = files.map((file, id) => ({ id, filename: file.name }));
  const partOf = (index: number) => (options.part === false ? undefined : (options.part ?? (payloads.length > 1 ? index + 1 : undefined)));
  const spills = payloads.flatMap((payload, index) => rows.number(payload.components, partOf(index)));
  return { payloads, files, spills };
}

/** An edit replaces the whole message: a part without text must clear the old text explicitly. */
export function asEdit(payload: DiscordPayload): DiscordPayload {
  return { ...payload, content: payload.content ?? '' };
}

interface Segment {
  text: string;
  rows: DiscordActionRow[];
}

interface Part {
  content: string;
  rows: DiscordActionRow[];
}

function segmentsOf(blocks: readonly Block[], rows: RowRenderer): Segment[] {
  const segments: Segment[] = [];
  let current: { texts: string[]; rows: DiscordActionRow[] } = { texts: [], rows: [] };
  const flush = () => {
    if (current.texts.length > 0 || current.rows.length > 0) segments.push({ text: current.texts.join('\n'), rows: current.rows });
    current = { texts: [], rows: [] };
  };
  for (const block of blocks) {
    const text = renderBlock(block);
    if (text !== undefined) {
      if (current.rows.length > 0) flush();
      if (text.trim() !== '' || (block.type === 'divider' && current.texts.length > 0)) current.texts.push(text);
    } else {
      current.rows.push(...rows.render(block));
    }
  }
  flush();
  return segments;
}

function packSegments(segments: readonly Segment[]): Part[] {
  const parts: Part[] = [];
  let current: Part = { content: '', rows: [] };
  const flush = () => {
    if (current.content.trim() !== '' || current.rows.length > 0) parts.push(current);
    current = { content: '', rows: [] };
  };
  for (const segment of segments) {
    const joined = current.content && segment.text ? `${current.content}\n${segment.text}` : current.content || segment.text;
    if (joined.length <= L.content && current.rows.length + segment.rows.length <= L.actionRows) {
      current = { content: joined, rows: [...current.rows, ...segment.rows] };
      continue;
    }
    flush();
    const chunks = splitContent(segment.text, L.content);
    const groups = chunk(segment.rows, L.actionRows);
    chunks.slice(0, -1).forEach((content) => parts.push({ content, rows: [] }));
    current = { content: chunks.at(-1) ?? '', rows: groups[0] ?? [] };
    for (const group of groups.slice(1)) {
      flush();
      current = { content: '', rows: group };
    }
  }
  flush();
  return parts;
}

/** Buttons matter more than the tail of a long text: rows keep their place, the text is cut. */
function packFlat(segments: readonly Segment[], maxMessages: number): Part[] {
  const contentChunks = splitContent(segments.map((s) => s.text).filter((t) => t !== '').join('\n'), L.content);
  const groups = chunk(segments.flatMap((s) => s.rows), L.actionRows).slice(0, maxMessages);
  const contentSlots = Math.max(1, maxMessages - Math.max(0, groups.length - 1));
  const parts: Part[] = contentChunks.slice(0, contentSlots).map((content) => ({ content, rows: [] }));
  if (contentChunks.length > contentSlots) parts[parts.length - 1]!.content = withCutMark(parts[parts.length - 1]!.content, linesIn(contentChunks.slice(contentSlots)));
  groups.forEach((group, index) => {
    if (index === 0 && parts.length > 0) parts[parts.length - 1]!.rows = group;
    else parts.push({ content: '', rows: group });
  });
  return parts;
}

/** The first `maxMessages` parts whole, the last saying how many lines of text did not fit. */
function cutAfter(parts: readonly Part[], maxMessages: number): Part[] {
  const kept = parts.slice(0, maxMessages).map((part) => ({ ...part }));
  const last = kept[kept.length - 1]!;
  last.content = withCutMark(last.content, linesIn(parts.slice(maxMessages).map((part) => part.content)));
  return kept;
}

function linesIn(contents: readonly string[]): number {
  return contents.flatMap((content) => content.split('\n')).filter((line) => line.trim() !== '').length;
}

/** "…", with the number of lines left out ("… (+12)"), kept whole under Discord's limit. */
function withCutMark(content: string, leftOut: number): string {
  const mark = leftOut > 0 ? `… (+${leftOut})` : '…';
  if (content === '') return mark;
  return content.length + 1 + mark.length <= L.content ? `${content}\n${mark}` : `${fit(content, L.content - 1 - mark.length)}\n${mark}`;
}

/** A block's text as a message shows it; undefined for buttons and menus. */
export function blockText(block: Block): string | undefined {
  return renderBlock(block);
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

const buttonKey = (button: Button) => `${button.actionId}\n${button.value}`;

type IdMaker = (part: number | undefined) => { customId: string; spill?: CustomIdSpill };

/**
 * Renders actions and choices blocks, keeping custom ids unique across the whole message. The
 * ids are given once the rows are packed into messages (`number`), as they carry the part's number.
 */
class RowRenderer {
  /** How often each button (action id and value) came so far: Discord refuses one custom id twice. */
  private readonly seen = new Map<string, number>();
  /** How often the whole message holds each button, also when only part of it is drawn. */
  private readonly total = new Map<string, number>();
  private readonly idMakers = new Map<DiscordButton | DiscordSelect, IdMaker>();
  private choiceCount = 0;

  constructor(blocks: readonly Block[]) {
    for (const button of blocks.flatMap((block) => (block.type === 'actions' ? block.buttons : []))) this.total.set(buttonKey(button), (this.total.get(buttonKey(button)) ?? 0) + 1);
  }

  render(block: Block): DiscordActionRow[] {
    if (block.type === 'actions') {
      const buttons = block.buttons.map((button) => {
        const key = buttonKey(button);
        const occurrence = (this.seen.get(key) ?? 0) + 1;
        this.seen.set(key, occurrence);
        // Numbered when the message holds it more than once.
        return this.withId(renderButton(button), (part) => buttonCustomId(button.actionId, button.value, { occurrence, repeated: (this.total.get(key) ?? 0) > 1, part }));
      });
      return chunk(buttons, L.buttonsPerRow).map((group) => ({ type: 1, components: group }));
    }
    if (block.type === 'choices') {
      const selects = renderChoice(block.choice).map((select) => {
        const menu = ++this.choiceCount;
        return this.withId(select, (part) => ({ customId: choiceCustomId(block.choice.actionId, menu, part) }));
      });
      return selects.map((select) => ({ type: 1, components: [select] }));
    }
    return [];
  }

  /** Gives the rows' controls their custom ids for that part; the long button ids to store. */
  number(rows: readonly DiscordActionRow[], part: number | undefined): CustomIdSpill[] {
    const spills: CustomIdSpill[] = [];
    for (const control of rows.flatMap((row) => row.components)) {
      const made = this.idMakers.get(control)!(part);
      control.custom_id = made.customId;
      if (made.spill) spills.push(made.spill);
    }
    return spills;
  }

  private withId<T extends DiscordButton | DiscordSelect>(control: T, maker: IdMaker): T {
    this.idMakers.set(control, maker);
    return control;
  }
}

function renderButton(button: Button): DiscordButton {
  const style = button.style === 'primary' ? 1 : button.style === 'danger' ? 4 : 2;
  return { type: 2, style, label: fit(plainLabel(button.label), L.buttonLabel) || '…', custom_id: '' };
}

/** More than 25 options become several menus, numbered in their placeholders. */
function renderChoice(choice: Choice): DiscordSelect[] {
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
    custom_id: '',
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
    cut = safeCutBefore(rest, cut);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  pieces.push(rest);
  return pieces;
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
 * A form as a modal. Inputs are named by position (`f0`…), so any field id works; a secret form,
 * which is never stored, names them by field id instead (read back without the form). Discord
 * takes five inputs, so a longer form keeps its first five (required fields first).
 */
export function renderModal(form: Form, customId: string): DiscordModal {
  const fields = modalFields(form);
  const inputId = (field: Form['fields'][number], index: number) => (form.secret ? field.id.slice(0, MAX_INPUT_ID) : `f${index}`);
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
            custom_id: inputId(field, index),
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
          custom_id: inputId(field, index),
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

const MAX_INPUT_ID = 100;

/** The fields a modal shows, with their index in the form (required ones win a place first). */
export function modalFields(form: Form): Array<{ field: Form['fields'][number]; index: number }> {
  const indexed = form.fields.map((field, index) => ({ field, index }));
  const chosen = [...indexed.filter((f) => f.field.required), ...indexed.filter((f) => !f.field.required)].slice(0, L.modalComponents);
  return chosen.sort((a, b) => a.index - b.index);
}
