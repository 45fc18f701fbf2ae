// The Teams ChatAdapter: proactive personal messages, channel posts and edits through the Bot Connector.
import type { ChatAdapter, MessageRef } from '../../src/core/chat-adapter.ts';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Message } from '../../src/core/message.ts';
import { renderMessage } from './card-renderer.ts';
import type { Connector } from './connector.ts';
import { cardActivity } from './connector.ts';
import type { ConversationRecord, ConversationRegistry } from './conversation-registry.ts';
import type { FileOffers } from './file-consent.ts';
import type { RatePolicy } from '../../src/core/rate-policy.ts';
import { teamsRatePolicy } from './teams-rate-policy.ts';
import { teamsChannelMembers } from './channel-members.ts';

export const TEAMS_PLATFORM = 'teams';
/** Failures of a personal chat that mean the person no longer has the app. */
const GONE_REASONS = new Set(['bot-removed', 'blocked-by-user', 'forbidden', 'conversation-not-found']);

export interface TeamsAdapterDeps {
  connector: Connector;
  registry: ConversationRegistry;
  files: FileOffers;
  tenantId: string;
  /** Bot Connector URL for a person the bot has no conversation with yet. */
  defaultServiceUrl: string;
  log: Logger;
}

/** Where a message goes: a conversation on a serviceUrl; files as consent cards only in personal chats. */
export interface Destination {
  serviceUrl: string;
  conversationId: string;
  personalUserId?: string;
}

export class TeamsAdapter implements ChatAdapter {
  readonly platform = TEAMS_PLATFORM;
  /** People whose personal chat this process has used: a send to them opens no conversation. */
  private readonly personalChats = new Set<string>();
  readonly ratePolicy: RatePolicy = teamsRatePolicy({ hasPersonalChat: (userId) => this.personalChats.has(userId) });

  constructor(private readonly deps: TeamsAdapterDeps) {}

  /**
   * Posts in the person's personal chat with the bot, opening it when Teams allows (the app is
   * installed for them). A person who removed the app fails at once with
   * DeliveryError('permanent', 'app-not-installed'), so the core falls back to the channel.
   */
  async sendDirect(userId: string, message: Message): Promise<MessageRef> {
    const destination = await this.personalChat(userId);
    try {
      return await this.postTo(destination, message);
    } catch (error) {
      // Removed or blocked without Teams telling the bot: remember it like an uninstall.
      if (error instanceof DeliveryError && error.kind === 'permanent' && GONE_REASONS.has(error.reason)) {
        await this.deps.registry.markUninstalled(userId, { serviceUrl: destination.serviceUrl, tenantId: this.deps.tenantId });
        throw new DeliveryError('permanent', 'app-not-installed');
      }
      throw error;
    }
  }

  /** The roster of a network's channel or group chat, paged to the end (channel-members.ts). */
  async channelMembers(channelId: string): Promise<ReadonlySet<string> | 'unknown'> {
    return teamsChannelMembers(this.deps, channelId);
  }

  /** Posts a new thread in a channel or group chat the bot was added to. */
  async postToChannel(channelId: string, message: Message): Promise<MessageRef> {
    const conversation = await this.deps.registry.conversation(channelId);
    if (!conversation) throw new DeliveryError('permanent', 'unknown-conversation');
    if (conversation.removedAt) throw new DeliveryError('permanent', 'bot-removed');
    return this.postTo(destinationOf(conversation), message);
  }

  /**
   * Replaces every card of a sent message. The new content gets as many cards as the old one
   * had (the last is cut when it needs more); cards it no longer needs are deleted.
   */
  async update(ref: MessageRef, message: Message): Promise<void> {
    // A press in a channel names the thread (`<channel>;messageid=<root>`); the channel's record holds its address.
    const conversation = await this.deps.registry.conversation(ref.conversationId.split(';')[0]!);
    if (!conversation) throw new DeliveryError('permanent', 'unknown-conversation');
    if (conversation.removedAt) throw new DeliveryError('permanent', 'bot-removed');
    const ids = ref.messageId.split(',').filter((id) => id !== '');
    const rendered = renderMessage(message, { maxCards: ids.length, commandsByMention: conversation.kind !== 'personal' });
    for (const [index, id] of ids.entries()) {
      const card = rendered.cards[index];
      if (card) await this.deps.connector.update(conversation.serviceUrl, ref.conversationId, id, cardActivity(card, rendered.summary));
      else await this.deps.connector.delete(conversation.serviceUrl, ref.conversationId, id);
    }
  }

  /**
   * Sends the cards of a message; in a personal chat its files follow as consent cards (a
   * failing file offer is logged and never fails the message, whose resend would repeat it).
   */
  async postTo(destination: Destination, message: Message): Promise<MessageRef> {
    const personal = destination.personalUserId !== undefined;
    const rendered = renderMessage(message, { inlineAttachments: !personal, commandsByMention: !personal });
    const ids: string[] = [];
    for (const card of rendered.cards) ids.push(await this.deps.connector.send(destination.serviceUrl, destination.conversationId, cardActivity(card, rendered.summary)));
    if (personal) {
      for (const attachment of message.attachments ?? []) {
        await this.deps.files
          .offer(destination, destination.personalUserId!, attachment, rendered.summary)
          .catch((error: unknown) => this.deps.log.warn({ err: error, file: attachment.filename }, 'could not offer a file'));
      }
    }
    return { platform: TEAMS_PLATFORM, conversationId: destination.conversationId, messageId: ids.join(',') };
  }

  /** The personal chat with a person, opened on first use; a refusal for a missing install is remembered. */
  async personalChat(userId: string): Promise<Destination> {
    const person = await this.deps.registry.person(userId);
    if (person?.uninstalledAt) throw new DeliveryError('permanent', 'app-not-installed');
    if (person?.conversationId) {
      this.personalChats.add(userId);
      return { serviceUrl: person.serviceUrl, conversationId: person.conversationId, personalUserId: userId };
    }
    const serviceUrl = person?.serviceUrl ?? this.deps.defaultServiceUrl;
    try {
      const conversationId = await this.deps.connector.createPersonalConversation(serviceUrl, userId, this.deps.tenantId);
      await this.deps.registry.rememberPerson({ userId, conversationId, serviceUrl, tenantId: this.deps.tenantId });
      await this.deps.registry.rememberConversation({ id: conversationId, kind: 'personal', serviceUrl, tenantId: this.deps.tenantId });
      this.personalChats.add(userId);
      return { serviceUrl, conversationId, personalUserId: userId };
    } catch (error) {
      if (error instanceof DeliveryError && error.kind === 'permanent') {
        await this.deps.registry.markUninstalled(userId, { serviceUrl, tenantId: this.deps.tenantId });
        this.deps.log.info({ user: userId, reason: error.reason }, 'personal chat refused; remembered until the person writes to the bot');
        throw new DeliveryError('permanent', 'app-not-installed');
      }
      throw error;
    }
  }
}

export function destinationOf(conversation: ConversationRecord): Destination {
  return { serviceUrl: conversation.serviceUrl, conversationId: conversation.id };
}
