// The core's neutral message model to Adaptive Cards 1.5 within Teams' limits; forms as cards with inputs.
import type { Attachment, Block, Button, Choice, Form, FormField, Message } from '../../src/core/message.ts';
import { announced } from '../../src/core/spoken-text.ts';
import { safeCutBefore, wordEndAt } from '../../src/core/text-cuts.ts';
import type { ButtonData, ChoiceData, FormData } from './card-actions.ts';
import { CARD_VERB, CHOICE_INPUT_PREFIX, FORM_INPUT_PREFIX } from './card-actions.ts';
import type { MentionEntity } from './card-text.ts';
import { MentionCollector, addressCommands, escapeCardText, plainLabel, renderRich } from './card-text.ts';
import { jsonBytes, teamsLimits as L } from './teams-limits.ts';

export const ADAPTIVE_CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export type CardElement = Record<string, unknown> & { type: string };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: typeof ADAPTIVE_CARD_VERSION;
  body: CardElement[];
  /** What a screen reader or voice assistant says for the whole card, and what a client that cannot draw it shows. */
  speak?: string;
  fallbackText?: string;
  /** Teams' host extension: full width, and the mention entities named in the body. */
  msteams: { width: 'Full'; entities?: MentionEntity[] };
}

export interface RenderOptions {
  /** At most this many cards; the rest of the text is cut with "…" (an edit keeps its part count). */
  maxCards?: number;
  /** Show attached files as text in the card (where Teams cannot take a file from a bot). */
  inlineAttachments?: boolean;
  /** For a channel or group chat: commands are shown as `@liso-bot …`, the way they reach the bot there. */
  commandsByMention?: boolean;
}

export interface RenderedMessage {
  /** In order; never empty. */
  cards: AdaptiveCard[];
  /** Notification and preview text, plain. */
  summary: string;
}

const CUT_MARK = '…';
// Room for the card skeleton and the entities of one card, so packing by element sizes stays under cardBytes.
const CARD_OVERHEAD_BYTES = 400;
const TEXT_CHUNK_BYTES = 6_000;

/**
 * Renders a message as one or more cards of at most `cardBytes` each (a long text is split at
 * lines, then spaces). Past `maxCards`, text is cut and the message's buttons are kept: they
 * matter more than the tail of a long text.
 */
export function renderMessage(message: Message, options: RenderOptions = {}): RenderedMessage {
  const maxCards = Math.max(1, options.maxCards ?? L.cardsPerMessage);
  const pieces = elementsOf(message, options.inlineAttachments ?? true, options.commandsByMention ?? false);
  let cards = pack(pieces);
  if (cards.length > maxCards) cards = packKeepingActions(pieces, maxCards);
  if (cards.length === 0) cards = [card([textPiece(escapeCardText(message.summary) || CUT_MARK, {})])];
  const summary = summaryOf(message.summary);
  return { cards: cards.map((each) => spokenAs(each, summary)), summary };
}

/** A form as a card: one input per field and a submit button carrying the form id and context. */
export function renderFormCard(form: Form): AdaptiveCard {
  const title = textPiece(escapeCardText(plainLabel(form.title)), { weight: 'Bolder', size: 'Medium' });
  const inputs = form.fields.map((field) => ({ element: formInput(field), entities: [] as MentionEntity[] }));
  const data: FormData = { lisoForm: form.formId, lisoContext: form.context };
  const submit = { element: { type: 'ActionSet', actions: [{ type: 'Action.Execute', verb: CARD_VERB, title: cut(plainLabel(form.submitLabel), L.buttonTitle) || 'OK', style: 'positive', data }] }, entities: [] };
  return spokenAs(card([title, ...inputs, submit]), summaryOf(form.title));
}

function spokenAs(each: AdaptiveCard, summary: string): AdaptiveCard {
  return summary ? { ...each, speak: summary, fallbackText: summary } : each;
}

/** Plain text of a message summary for notifications: one line, capped, without emoji a screen reader would name. */
export function summaryOf(summary: string): string {
  return cut(announced(plainLabel(summary)), L.summary);
}

interface Piece {
  element: CardElement;
  entities: MentionEntity[];
  /** Buttons and inputs are kept when a long message must be cut. */
  interactive?: boolean;
}

function elementsOf(message: Message, inlineAttachments: boolean, commandsByMention: boolean): Piece[] {
  const pieces: Piece[] = [];
  let separatorNext = false;
  let choiceCount = 0;
  for (const block of message.blocks) {
    if (block.type === 'divider') {
      separatorNext = true;
      continue;
    }
    const rendered = renderBlock(block, () => ++choiceCount, commandsByMention);
    if (rendered.length > 0 && separatorNext) {
      rendered[0]!.element.separator = true;
      separatorNext = false;
    }
    pieces.push(...rendered);
  }
  if (inlineAttachments) for (const [index, attachment] of (message.attachments ?? []).entries()) pieces.push(...attachmentPieces(attachment, index));
  return pieces;
}

function renderBlock(block: Block, nextChoice: () => number, commandsByMention: boolean): Piece[] {
  switch (block.type) {
    case 'heading': {
      const heading = plainLabel(block.text);
      return textPieces(escapeCardText(commandsByMention ? addressCommands(heading) : heading), [], { weight: 'Bolder', size: 'Medium' });
    }
    case 'section':
    case 'context': {
      const mentions = new MentionCollector();
      const text = renderRich(block.text, mentions, { commandsByMention });
      return textPieces(text, mentions.entities, block.type === 'context' ? { isSubtle: true, size: 'Small' } : {});
    }
    case 'list': {
      const mentions = new MentionCollector();
      const lines = block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${renderRich(item, mentions, { commandsByMention }).replace(/\n/g, ' ')}`);
      return textPieces(lines.join('\n'), mentions.entities, {});
    }
    case 'actions':
      return actionSets(block.buttons);
    case 'choices':
      return choicePieces(block.choice, nextChoice());
    case 'divider':
      return [];
  }
}

function actionSets(buttons: readonly Button[]): Piece[] {
  // The same button may come again (each task's handbook button, where tasks share an entry): Teams takes it.
  const actions = buttons.map((button) => {
    const data: ButtonData = { lisoAction: button.actionId, lisoValue: button.value };
    const style = button.style === 'primary' ? { style: 'positive' } : button.style === 'danger' ? { style: 'destructive' } : {};
    // Teams reads an action's tooltip to narration software: the meaning of a bare score or an emoji.
    const spoken = button.spoken ? cut(announced(plainLabel(button.spoken)), L.buttonTitle) : '';
    return { type: 'Action.Execute', verb: CARD_VERB, title: cut(plainLabel(button.label), L.buttonTitle) || CUT_MARK, data, ...style, ...(spoken ? { tooltip: spoken } : {}) };
  });
  return chunk(actions, L.buttonsPerActionSet).map((group) => ({ element: { type: 'ActionSet', actions: group }, entities: [], interactive: true }));
}

/** A menu: a compact choice set and an OK button that submits the chosen value under the menu's action id. */
function choicePieces(choice: Choice, number: number): Piece[] {
  const inputId = `${CHOICE_INPUT_PREFIX}${number}`;
  const values = new Set<string>();
  const choices = choice.options.flatMap((option) => {
    if (values.has(option.value) || option.value === '') return [];
    values.add(option.value);
    return [{ title: cut(plainLabel(option.label), L.buttonTitle) || option.value, value: option.value }];
  });
  const data: ChoiceData = { lisoAction: choice.actionId, lisoChoice: inputId };
  return [
    {
      element: {
        type: 'Input.ChoiceSet',
        id: inputId,
        style: 'compact',
        // A placeholder is gone once something is chosen; the label stays for a screen reader.
        label: cut(plainLabel(choice.placeholder), L.inputLabel),
        placeholder: cut(plainLabel(choice.placeholder), L.inputLabel),
        isRequired: true,
        choices: choices.slice(0, L.choiceOptions),
      },
      entities: [],
      interactive: true,
    },
    { element: { type: 'ActionSet', actions: [{ type: 'Action.Execute', verb: CARD_VERB, title: 'OK', data }] }, entities: [], interactive: true },
  ];
}

function formInput(field: FormField): CardElement {
  const common = {
    id: `${FORM_INPUT_PREFIX}${field.id}`,
    label: cut(plainLabel(field.label), L.inputLabel),
    isRequired: field.required,
    ...(field.required ? { errorMessage: '*' } : {}),
  };
  if (field.kind === 'select') {
    return {
      type: 'Input.ChoiceSet',
      ...common,
      style: 'compact',
      choices: (field.options ?? []).slice(0, L.choiceOptions).map((o) => ({ title: cut(plainLabel(o.label), L.buttonTitle) || o.value, value: o.value })),
      ...(field.initialValue ? { value: field.initialValue } : {}),
    };
  }
  return {
    type: 'Input.Text',
    ...common,
    isMultiline: field.kind === 'multiline',
    maxLength: Math.min(field.maxLength ?? L.textInput, L.textInput),
    ...(field.placeholder ? { placeholder: cut(plainLabel(field.placeholder), L.inputLabel) } : {}),
    ...(field.initialValue ? { value: field.initialValue.slice(0, L.textInput) } : {}),
  };
}

/**
 * A file shown where Teams cannot receive it (a channel or group chat: a bot sends files only in
 * personal chats): its name, then its text in a monospace block. A calendar invitation is machine
 * text nobody reads: it stays folded behind a button with its name (one piece, so never split from
 * it), instead of twenty lines of VCALENDAR under every reminder posted in the channel.
 */
function attachmentPieces(attachment: Attachment, index: number): Piece[] {
  if (attachment.mimeType.startsWith('text/calendar')) {
    const id = `liso-file-${index}`;
    const toggle = { type: 'Action.ToggleVisibility', title: cut(`📅 ${plainLabel(attachment.filename)}`, L.buttonTitle), tooltip: cut(plainLabel(attachment.filename), L.buttonTitle), targetElements: [id] };
    const content = { type: 'Container', id, isVisible: false, items: [{ type: 'TextBlock', text: escapeCardText(attachment.content), wrap: true, fontType: 'Monospace', size: 'Small' }] };
    return [{ element: { type: 'Container', separator: true, items: [{ type: 'ActionSet', actions: [toggle] }, content] }, entities: [] }];
  }
  const name = textPiece(`**${escapeCardText(plainLabel(attachment.filename))}**`, {});
  name.element.separator = true;
  return [name, ...textPieces(escapeCardText(attachment.content), [], { fontType: 'Monospace', size: 'Small' })];
}

function textPiece(text: string, style: Record<string, unknown>, entities: MentionEntity[] = []): Piece {
  return { element: { type: 'TextBlock', text, wrap: true, ...style }, entities };
}

/** A text too big for one card is split into several TextBlocks at lines, then spaces. */
function textPieces(text: string, entities: MentionEntity[], style: Record<string, unknown>): Piece[] {
  if (text.trim() === '') return [];
  return splitText(text, TEXT_CHUNK_BYTES).map((part) => textPiece(part, style, entities.filter((e) => part.includes(e.text))));
}

function card(pieces: readonly Piece[]): AdaptiveCard {
  const entities = new Map<string, MentionEntity>();
  for (const piece of pieces) for (const entity of piece.entities) entities.set(`${entity.mentioned.id}\n${entity.text}`, entity);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    body: pieces.map((p) => p.element),
    msteams: { width: 'Full', ...(entities.size > 0 ? { entities: [...entities.values()] } : {}) },
  };
}

function pieceBytes(piece: Piece): number {
  return jsonBytes(piece.element) + jsonBytes(piece.entities) + 1;
}

/** Packs pieces in order into cards under the byte budget. */
function pack(pieces: readonly Piece[]): AdaptiveCard[] {
  const cards: AdaptiveCard[] = [];
  let current: Piece[] = [];
  let bytes = CARD_OVERHEAD_BYTES;
  for (const piece of pieces) {
    const size = pieceBytes(piece);
    if (current.length > 0 && bytes + size > L.cardBytes) {
      cards.push(card(current));
      current = [];
      bytes = CARD_OVERHEAD_BYTES;
    }
    current.push(piece);
    bytes += size;
  }
  if (current.length > 0) cards.push(card(current));
  return cards;
}

/**
 * Too much for `maxCards`: every interactive piece is kept (in order), text is kept from the
 * start for as long as everything still packs into `maxCards`, and a "…" marks the cut.
 */
function packKeepingActions(pieces: readonly Piece[], maxCards: number): AdaptiveCard[] {
  const textIndexes = pieces.flatMap((piece, index) => (piece.interactive ? [] : [index]));
  const withText = (count: number): Piece[] => {
    const lastKept = count > 0 ? textIndexes[count - 1]! : -1;
    // The mark says how many lines of text were left out: "… (+12)".
    const leftOut = textIndexes.slice(count).reduce((lines, index) => lines + textLinesOf(pieces[index]!), 0);
    const mark = textPiece(leftOut > 0 ? `${CUT_MARK} (+${leftOut})` : CUT_MARK, {});
    const kept: Piece[] = [];
    pieces.forEach((piece, index) => {
      if (piece.interactive || index <= lastKept) kept.push(piece);
      if (index === lastKept || (count === 0 && index === 0)) kept.push(mark);
    });
    return kept;
  };
  // The largest number of text pieces that still fits, found by bisection (packing is monotonic in it).
  let low = 0;
  let high = textIndexes.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (pack(withText(middle)).length <= maxCards) low = middle;
    else high = middle - 1;
  }
  return pack(withText(low)).slice(0, maxCards);
}

function textLinesOf(piece: Piece): number {
  const text = piece.element.type === 'TextBlock' ? String(piece.element['text'] ?? '') : '';
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

/** Splits at line breaks, then spaces, never inside an `<at>` mention or after an escaping backslash. */
export function splitText(text: string, maxBytes: number): string[] {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return [text];
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') parts.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    for (const piece of splitLine(line, maxBytes)) {
      const joined = current === '' ? piece : `${current}\n${piece}`;
      if (Buffer.byteLength(joined, 'utf8') <= maxBytes) current = joined;
      else {
        flush();
        current = piece;
      }
    }
  }
  flush();
  return parts;
}

function splitLine(line: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest, 'utf8') > maxBytes) {
    // Characters take up to 4 bytes; a quarter of the budget in characters always fits.
    const limit = Math.max(1, Math.floor(maxBytes / 4));
    let cutAt = rest.lastIndexOf(' ', limit);
    if (cutAt < limit / 2) cutAt = limit;
    const openMention = rest.lastIndexOf('<at>', cutAt);
    if (openMention >= 0 && rest.indexOf('</at>', openMention) >= cutAt && openMention > 0) cutAt = openMention;
    cutAt = safeCutBefore(rest, cutAt);
    pieces.push(rest.slice(0, cutAt).trimEnd());
    rest = rest.slice(cutAt).trimStart();
  }
  pieces.push(rest);
  return pieces;
}

/** At most `max` characters (code points), cut between words with "…". */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  return `${text.slice(0, wordEndAt(text, head.length)).trimEnd()}${CUT_MARK}`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
