// Teams activities to core events: messages to the bot become commands, card actions become actions or forms.
import { createHash } from 'node:crypto';
import type { ActionEvent, Actor, Conversation, FormEvent, MentionedUser, MessageEvent, OpenedEvent } from '../../src/core/events.ts';
import { cleanDisplayName } from '../../src/core/event-names.ts';
import { readSubmission } from './card-actions.ts';
import { isTeamsBotId, isTeamsUserId } from './card-text.ts';
import type { ConversationKind } from './conversation-registry.ts';
import { TEAMS_PLATFORM } from './teams-adapter.ts';
import { teamsLimits } from './teams-limits.ts';

/** The fields of an incoming activity the adapter reads; everything is optional because nothing is trusted. */
export interface IncomingActivity {
  type?: unknown;
  id?: unknown;
  name?: unknown;
  text?: unknown;
  value?: unknown;
  replyToId?: unknown;
  action?: unknown;
  serviceUrl?: unknown;
  from?: { id?: unknown; name?: unknown; aadObjectId?: unknown };
  recipient?: { id?: unknown; name?: unknown };
  conversation?: { id?: unknown; conversationType?: unknown; tenantId?: unknown };
  channelData?: { tenant?: { id?: unknown }; team?: { id?: unknown }; channel?: { id?: unknown }; eventType?: unknown };
  entities?: unknown;
  attachments?: unknown;
  membersAdded?: unknown;
  membersRemoved?: unknown;
}

export type Translation =
  | { kind: 'message'; event: MessageEvent }
  | { kind: 'opened'; event: OpenedEvent }
  | { kind: 'action'; event: ActionEvent }
  | { kind: 'form'; event: FormEvent }
  | { kind: 'ignored'; reason: string };

interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

const MAX_MENTIONS = 25;

export function stringField(value: unknown, max = 500): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined;
}

/** The tenant an activity belongs to (conversation.tenantId, else channelData.tenant.id). */
export function tenantOf(activity: IncomingActivity): string | undefined {
  return stringField(activity.conversation?.tenantId, 100) ?? stringField(activity.channelData?.tenant?.id, 100);
}

export function conversationKind(activity: IncomingActivity): ConversationKind {
  const type = activity.conversation?.conversationType;
  return type === 'personal' ? 'personal' : type === 'groupChat' ? 'groupChat' : 'channel';
}

/**
 * The conversation id the core sees: the personal chat or group chat itself, or for a channel
 * the channel (never a reply thread inside it, so posts start a new thread in that channel).
 */
export function coreConversationId(activity: IncomingActivity): string | undefined {
  const id = stringField(activity.conversation?.id, 300);
  if (!id) return undefined;
  if (conversationKind(activity) !== 'channel') return id;
  return stringField(activity.channelData?.channel?.id, 300) ?? id.split(';')[0];
}

export function actorOf(activity: IncomingActivity): Actor | undefined {
  const userId = stringField(activity.from?.id, 200);
  if (!userId) return undefined;
  const name = cleanDisplayName(stringField(activity.from?.name, 300) ?? '');
  return { userId, displayName: name || userId.slice(0, 12) };
}

function coreConversation(activity: IncomingActivity): Conversation | undefined {
  const id = coreConversationId(activity);
  if (!id) return undefined;
  return { kind: conversationKind(activity) === 'personal' ? 'direct' : 'channel', id };
}

/**
 * A message to the bot from a person (never from a bot or app): in a personal chat every message; in a
 * channel or group chat only one that @mentions the bot, with that mention removed (the core reads command words, questions
 * and follow-ups). People mentioned become `<@id>` tokens with their Teams id, so a name with
 * spaces stays one word and typed text can never pose as a mention.
 */
export function translateMessage(activity: IncomingActivity): Translation {
  const actor = actorOf(activity);
  const conversation = coreConversation(activity);
  const { eventId } = eventIdOf(activity);
  if (!actor || !conversation || !eventId) return { kind: 'ignored', reason: 'incomplete' };
  // Another bot or app writing in the channel (a workflow, a poll bot) is nobody to answer or to make a trekker.
  if (isTeamsBotId(actor.userId)) return { kind: 'ignored', reason: 'bot' };
  const raw = typeof activity.text === 'string' ? activity.text.slice(0, teamsLimits.incomingText) : '';
  const botId = stringField(activity.recipient?.id, 200);
  const mentionEntities = mentionsOf(activity.entities);
  const mentionsBot = mentionEntities.some((m) => m.mentioned.id === botId);
  if (conversation.kind === 'channel' && !mentionsBot) return { kind: 'ignored', reason: 'not-addressed' };
  let text = raw;
  let addressRemoved = false;
  const mentions: MentionedUser[] = [];
  for (const entity of mentionEntities) {
    if (!text.includes(entity.text)) continue;
    // The first mention of the bot addresses it and goes; a later one ("rol deelnemer @liso-bot") names it,
    // and the core must hear of it as a bot rather than read the command without it.
    if (entity.mentioned.id === botId && !addressRemoved) {
      text = text.replace(entity.text, ' ');
      addressRemoved = true;
      continue;
    }
    const isBot = isTeamsBotId(entity.mentioned.id);
    if (!isTeamsUserId(entity.mentioned.id) && !isBot) continue;
    const token = `<@${entity.mentioned.id}>`;
    text = text.split(entity.text).join(token);
    if (!mentions.some((m) => m.token === token)) {
      mentions.push({ token, userId: entity.mentioned.id, displayName: cleanDisplayName(entity.mentioned.name) || entity.mentioned.id.slice(0, 12), ...(isBot ? { isBot: true } : {}) });
    }
  }
  text = plainText(text);
  // A typed "<@29:…>" that is not one of the resolved mentions stays literal text.
  const event: MessageEvent = {
    type: 'message',
    platform: TEAMS_PLATFORM,
    actor,
    conversation,
    text,
    mentions: mentions.filter((m) => text.includes(m.token)),
    eventId,
    ...(hasFiles(activity.attachments) ? { hasAttachments: true } : {}),
  };
  return { kind: 'message', event };
}

/** The person added the app for themselves: the core introduces the bot once. */
export function translateOpened(activity: IncomingActivity): Translation {
  const actor = actorOf(activity);
  const conversation = coreConversation(activity);
  if (!actor || !conversation || conversation.kind !== 'direct') return { kind: 'ignored', reason: 'not-personal' };
  return { kind: 'opened', event: { type: 'opened', platform: TEAMS_PLATFORM, actor, conversation } };
}

/** Files, images or cards the person sent; Teams adds a text/html copy of formatted text, which is not a file. */
function hasFiles(attachments: unknown): boolean {
  return Array.isArray(attachments) && attachments.some((a) => (a as { contentType?: unknown })?.contentType !== 'text/html');
}

/** An Action.Execute on one of the bot's cards: a button or menu (ActionEvent) or a form (FormEvent). */
export function translateCardAction(activity: IncomingActivity): Translation {
  const actor = actorOf(activity);
  const conversation = coreConversation(activity);
  if (!actor || !conversation) return { kind: 'ignored', reason: 'incomplete' };
  const action = (activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined)?.action;
  if (!action || action.type !== 'Action.Execute') return { kind: 'ignored', reason: 'not-execute' };
  const submission = readSubmission(action.data);
  const base = { platform: TEAMS_PLATFORM, actor, conversation, ...eventIdOf(activity) };
  const conversationId = stringField(activity.conversation?.id, 300)!;
  const replyToId = stringField(activity.replyToId, 200);
  switch (submission.kind) {
    case 'button':
      return {
        kind: 'action',
        event: {
          ...base,
          type: 'action',
          actionId: submission.actionId,
          value: submission.value,
          ...(replyToId ? { source: { platform: TEAMS_PLATFORM, conversationId, messageId: replyToId } } : {}),
        },
      };
    case 'form':
      return { kind: 'form', event: { ...base, type: 'form', formId: submission.formId, context: submission.context, values: submission.values } };
    case 'invalid':
      return { kind: 'ignored', reason: `tampered-${submission.reason}` };
  }
}

function mentionsOf(entities: unknown): MentionEntity[] {
  if (!Array.isArray(entities)) return [];
  return entities.slice(0, MAX_MENTIONS * 2).flatMap((entity): MentionEntity[] => {
    const e = entity as { type?: unknown; text?: unknown; mentioned?: { id?: unknown; name?: unknown } };
    const text = stringField(e?.text, 300);
    const id = stringField(e?.mentioned?.id, 200);
    if (e?.type !== 'mention' || !text || !id) return [];
    return [{ type: 'mention', text, mentioned: { id, name: stringField(e.mentioned?.name, 200) ?? '' } }];
  });
}

// Formatting tags Teams may put in message text. Anything else between angle brackets is what the
// person typed ("jongeren <18 en ouderen >65", "<data>", "</>"), which Teams passes on as is.
const HTML_TAG = /<\/?(?:p|br|div|span|b|strong|i|em|u|s|strike|del|sub|sup|a|img|emoji|ul|ol|li|code|pre|blockquote|h[1-6]|hr|table|tbody|thead|tr|td|th|font|at)(?:\s[^<>]{0,1000})?\/?>/gi;

/**
 * Teams sends message text as HTML-ish text: formatting tags (paragraphs, bold) are dropped and
 * the entities they escape decoded, so the core reads what the person typed.
 */
function plainText(text: string): string {
  return text
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(HTML_TAG, '')
    .replace(/&(lt|gt|amp|quot|apos|nbsp|#39);/g, (_m, name: string) => ENTITIES[name] ?? '')
    .trim();
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * The activity id is unique within a conversation; with the conversation it names one delivery.
 * `within` names one of several events made from the same activity (a channel and a person left).
 */
export function eventIdOf(activity: IncomingActivity, ...within: string[]): { eventId?: string } {
  const id = stringField(activity.id, 200);
  const conversationId = stringField(activity.conversation?.id, 300);
  if (!id || !conversationId) return {};
  return { eventId: createHash('sha256').update([conversationId, id, ...within].join('\n')).digest('base64url').slice(0, 32) };
}
