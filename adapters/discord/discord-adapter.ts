// The Discord ChatAdapter: direct messages, channel posts and edits over Discord's REST API.
import type { REST } from 'discord.js';
import { Routes } from 'discord.js';
import type { ChatAdapter, MessageRef, OutboundOptions } from '../../src/core/chat-adapter.ts';
import type { RatePolicy } from '../../src/core/rate-policy.ts';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Message } from '../../src/core/message.ts';
import type { Store } from '../../src/store/port.ts';
import type { CustomIdSpill } from './custom-ids.ts';
import { classified } from './discord-errors.ts';
import { discordNonce, discordRatePolicy } from './discord-rate-policy.ts';
import { discordKeys } from './discord-keys.ts';
import type { DiscordFile, DiscordPayload, RenderedMessage, RenderOptions } from './discord-renderer.ts';
import { asEdit, renderMessage } from './discord-renderer.ts';
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
  private readonly dmChannels = new Map<string, Promise<string>>();
  readonly ratePolicy: RatePolicy = discordRatePolicy({ hasDmChannel: (userId) => this.dmChannels.has(userId) });

  constructor(private readonly deps: DiscordAdapterDeps) {}

  /**
   * Opens (or reuses) the DM channel and posts there. A user known to have closed DMs fails at
   * once with DeliveryError('permanent', 'dm-closed') without calling Discord; the core's
   * delivery then falls back to the network channel.
   */
  async sendDirect(userId: string, message: Message, options: OutboundOptions = {}): Promise<MessageRef> {
    if (await this.deps.dmClosed.isClosed(userId)) throw new DeliveryError('permanent', 'dm-closed');
    const channelId = await this.dmChannel(userId);
    try {
      return await this.postToChannel(channelId, message, options);
    } catch (error) {
      if (error instanceof DeliveryError && error.reason === 'dm-closed') {
        await this.deps.dmClosed.remember(userId);
        this.deps.log.info({ user: userId }, 'direct messages closed; remembered');
      }
      throw error;
    }
  }

  /**
   * Posts the message, in parts when it is too big for one; the ref names every part ("id,id").
   * With an idempotency key each part carries a nonce derived from it, enforced: Discord answers
   * a repeated part (a retry after a crash or a lost answer) with the message it already made.
   */
  async postToChannel(channelId: string, message: Message, options: OutboundOptions = {}): Promise<MessageRef> {
    return this.postParts(channelId, message, options);
  }

  /**
   * Posts the message in the channel as a reply to one of its messages (Discord shows the
   * question above the answer). Replying needs Read Message History; without it the answer is
   * posted as a plain message instead of failing.
   */
  async replyTo(channelId: string, messageId: string, message: Message): Promise<MessageRef> {
    try {
      return await this.postParts(channelId, message, {}, messageId);
    } catch (error) {
      if (!(error instanceof DeliveryError && error.reason === 'missing-permissions')) throw error;
      this.deps.log.warn({ channel: channelId }, 'cannot reply to a message here (Read Message History?); posting instead');
      return this.postParts(channelId, message, {});
    }
  }

  private async postParts(channelId: string, message: Message, options: OutboundOptions, replyTo?: string): Promise<MessageRef> {
    const rendered = renderMessage(message);
    await this.saveSpills(rendered.spills);
    const ids: string[] = [];
    for (const [index, payload] of rendered.payloads.entries()) {
      const nonce = options.idempotencyKey === undefined ? {} : { nonce: discordNonce(options.idempotencyKey, index), enforce_nonce: true };
      const reply = index === 0 && replyTo ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {};
      ids.push((await this.post(channelId, { ...payload, ...nonce, ...reply }, index === 0 ? rendered.files : [])).id);
    }
    return { platform: DISCORD_PLATFORM, conversationId: channelId, messageId: ids.join(',') };
  }

  /**
   * Edits every part of a sent message in place. The new content gets as many parts as the
   * old one had (the last is cut when it needs more); parts it no longer needs are deleted.
   */
  async update(ref: MessageRef, message: Message): Promise<void> {
    const ids = ref.messageId.split(',').filter((id) => id !== '');
    const rendered = renderMessage(message, { maxMessages: ids.length });
    await this.saveSpills(rendered.spills);
    for (const [index, id] of ids.entries()) {
      const payload = rendered.payloads[index];
      const edit = payload
        ? classified(() => this.deps.rest.patch(Routes.channelMessage(ref.conversationId, id), { body: asEdit(payload) }))
        : classified(() => this.deps.rest.delete(Routes.channelMessage(ref.conversationId, id)));
      // A later part deleted by an earlier update is gone, which is what it should be.
      await edit.catch((error: unknown) => {
        if (!(index > 0 && error instanceof DeliveryError && error.reason === 'unknown-message')) throw error;
      });
    }
  }

  /** Stores the ids of buttons too long for Discord, so a press can be decoded (idempotent). */
  async saveSpills(spills: readonly CustomIdSpill[]): Promise<void> {
    for (const spill of spills) {
      await this.deps.store.set(discordKeys.longCustomId(spill.hash), { actionId: spill.actionId, value: spill.value }, SPILL_TTL_MS);
    }
  }

  async renderForSending(message: Message, options: RenderOptions | number = {}): Promise<RenderedMessage> {
    const rendered = renderMessage(message, typeof options === 'number' ? { maxMessages: options } : options);
    await this.saveSpills(rendered.spills);
    return rendered;
  }

  /** The DM channel with a user: cached, and created once when several messages to them go out at once. */
  private dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const opening = classified(() => this.deps.rest.post(Routes.userChannels(), { body: { recipient_id: userId } }) as Promise<{ id: string }>).then((channel) => channel.id);
    this.dmChannels.set(userId, opening);
    opening.catch(() => this.dmChannels.delete(userId));
    return opening;
  }

  private post(channelId: string, payload: DiscordPayload & { nonce?: string; enforce_nonce?: boolean; message_reference?: object }, files: DiscordFile[]): Promise<SentMessage> {
    return classified(
      () => this.deps.rest.post(Routes.channelMessages(channelId), { body: payload, ...(files.length > 0 ? { files } : {}) }) as Promise<SentMessage>,
    );
  }
}
