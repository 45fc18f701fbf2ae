// The Discord ChatAdapter: direct messages, channel posts and edits over Discord's REST API.
import type { REST } from 'discord.js';
import { Routes } from 'discord.js';
import type { ChatAdapter, MessageRef } from '../../src/core/chat-adapter.ts';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Message } from '../../src/core/message.ts';
import type { Store } from '../../src/store/port.ts';
import type { CustomIdSpill } from './custom-ids.ts';
import { classified } from './discord-errors.ts';
import { discordKeys } from './discord-keys.ts';
import type { DiscordFile, DiscordPayload, RenderedMessage } from './discord-renderer.ts';
import { renderMessage } from './discord-renderer.ts';
import type { DmClosedMemory } from './dm-closed-memory.ts';

export const DISCORD_PLATFORM = 'discord';
// Buttons stay in old messages for as long as a network lives; their long ids must outlive them.
const SPILL_TTL_MS = 800 * 24 * 3_600_000;

export interface DiscordAdapterDeps {
  rest: REST;
  store: Store;
  dmClosed: DmClosedMemory;
  log: Logger;
}

interface SentMessage {
  id: string;
  channel_id: string;
}

export class DiscordAdapter implements ChatAdapter {
  readonly platform = DISCORD_PLATFORM;
  private readonly dmChannels = new Map<string, string>();

  constructor(private readonly deps: DiscordAdapterDeps) {}

  /**
   * Opens (or reuses) the DM channel and posts there. A user known to have closed DMs fails at
   * once with DeliveryError('permanent', 'dm-closed') without calling Discord; the core's
   * delivery then falls back to the network channel.
   */
  async sendDirect(userId: string, message: Message): Promise<MessageRef> {
    if (await this.deps.dmClosed.isClosed(userId)) throw new DeliveryError('permanent', 'dm-closed');
    const channelId = await this.dmChannel(userId);
    try {
      return await this.postToChannel(channelId, message);
    } catch (error) {
      if (error instanceof DeliveryError && error.reason === 'dm-closed') {
        await this.deps.dmClosed.remember(userId);
        this.deps.log.info({ user: userId }, 'direct messages closed; remembered');
      }
      throw error;
    }
  }

  async postToChannel(channelId: string, message: Message): Promise<MessageRef> {
    const rendered = renderMessage(message);
    await this.saveSpills(rendered.spills);
    let first: SentMessage | undefined;
    for (const [index, payload] of rendered.payloads.entries()) {
      const sent = await this.post(channelId, payload, index === 0 ? rendered.files : []);
      first ??= sent;
    }
    return { platform: DISCORD_PLATFORM, conversationId: channelId, messageId: first!.id };
  }

  /** Edits the message the ref points at; an edit is one message, so long content is cut. */
  async update(ref: MessageRef, message: Message): Promise<void> {
    const rendered = renderMessage(message, { maxMessages: 1 });
    await this.saveSpills(rendered.spills);
    await classified(() => this.deps.rest.patch(Routes.channelMessage(ref.conversationId, ref.messageId), { body: rendered.payloads[0]! }));
  }

  /** Stores the ids of buttons too long for Discord, so a press can be decoded (idempotent). */
  async saveSpills(spills: readonly CustomIdSpill[]): Promise<void> {
    for (const spill of spills) {
      await this.deps.store.set(discordKeys.longCustomId(spill.hash), { actionId: spill.actionId, value: spill.value }, SPILL_TTL_MS);
    }
  }

  async renderForSending(message: Message, maxMessages?: number): Promise<RenderedMessage> {
    const rendered = renderMessage(message, maxMessages === undefined ? {} : { maxMessages });
    await this.saveSpills(rendered.spills);
    return rendered;
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const channel = await classified(() => this.deps.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }) as Promise<{ id: string }>);
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }

  private post(channelId: string, payload: DiscordPayload, files: DiscordFile[]): Promise<SentMessage> {
    return classified(
      () => this.deps.rest.post(Routes.channelMessages(channelId), { body: payload, ...(files.length > 0 ? { files } : {}) }) as Promise<SentMessage>,
    );
  }
}
