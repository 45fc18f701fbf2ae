// The Slack ChatAdapter: direct messages, channel posts, updates and files through the Web API.
import { createHash } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { ChatAdapter, Destination, MessageRef, OutboundOptions } from '../../src/core/chat-adapter.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Attachment, Message } from '../../src/core/message.ts';
import { safeCutBefore } from '../../src/core/text-cuts.ts';
import type { SlackPayload } from './block-kit-renderer.ts';
import { LIMITS, renderMessage } from './block-kit-renderer.ts';
import { SLACK_PLATFORM } from './event-translation.ts';
import { escapeMrkdwn, splitMrkdwn } from './mrkdwn.ts';
import type { RatePolicy } from '../../src/core/rate-policy.ts';
import { SLACK_POSTS_PER_MINUTE, slackRatePolicy } from './slack-rate-policy.ts';
import { toDeliveryError } from './slack-errors.ts';

export type SlackWebClient = webApi.WebClient;

/** How many Slack messages one long core message may become before it is cut. */
export const MAX_MESSAGES_PER_SEND = 3;
// A file that cannot be uploaded is shown inline instead; beyond this it is cut.
const MAX_INLINE_FILE_CHARS = 9_000;

/** The metadata event_type of every post the core's Delivery makes (invisible to people). */
export const DELIVERY_EVENT_TYPE = 'liso_delivery';
/** How far before the interrupted attempt's start its post is looked for: Slack's clock and ours may differ. */
const FIND_CLOCK_MARGIN_MS = 5 * 60_000;
/**
 * One page of history: Slack's smallest maximum (15, for apps distributed outside the Marketplace);
 * a crashed send is minutes old and the bot posts one message at a time per person.
 */
const FIND_HISTORY_LIMIT = 15;

/** What a post made for Delivery carries in its metadata: which message, which page of it, and its files. */
interface DeliveryMetadata {
  event_type: typeof DELIVERY_EVENT_TYPE;
  event_payload: { key: string; part: number; parts: number; files: number };
}

/**
 * The delivery key as it goes to Slack: a hash, since keys name people (`nudge-digest:slack:<user>:<day>`)
 * and metadata is readable by any app that can read the conversation.
 */
export function deliveryKeyHash(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 22);
}

export class SlackAdapter implements ChatAdapter {
  readonly platform = SLACK_PLATFORM;
  readonly ratePolicy: RatePolicy;
  private readonly directChannels = new Map<string, Promise<string>>();

  constructor(
    readonly client: SlackWebClient,
    private readonly log: Logger,
    options: { postsPerMinute?: number } = {},
  ) {
    this.ratePolicy = slackRatePolicy({ postsPerMinute: options.postsPerMinute ?? SLACK_POSTS_PER_MINUTE, maxPages: MAX_MESSAGES_PER_SEND });
  }

  /**
   * chat.postMessage takes a user id as its channel and posts in the app's direct conversation
   * with that person (its Messages tab), so no conversations.open is needed first. That method
   * is Tier 3 (50 a minute): opening a conversation per person held a restarted bot's busy 09:00
   * to 50 people a minute. The conversation id Slack answers with is kept for files and updates.
   */
  async sendDirect(userId: string, message: Message, options: OutboundOptions = {}): Promise<MessageRef> {
    const known = this.directChannels.get(userId);
    const channel = known ? await known.catch(() => userId) : userId;
    const ref = await this.post(channel, message, options);
    if (!known && ref.conversationId !== userId) this.directChannels.set(userId, Promise.resolve(ref.conversationId));
    return ref;
  }

  async postToChannel(channelId: string, message: Message, options: OutboundOptions = {}): Promise<MessageRef> {
    return this.post(channelId, message, options);
  }

  /**
   * Reads the direct conversation's latest history (`conversations.history`, `im:history`) for the
   * posts that carry this key's hash in their metadata. Only direct conversations: the app has no
   * `channels:history` or `groups:history`, so for a channel it cannot tell. A message with files
   * cannot be told complete either (an uploaded file carries no metadata), nor one whose pages are
   * not all there. Rare (only after a crash mid-send, at most the sends in flight), so not paced.
   */
  async findDelivered(destination: Destination, idempotencyKey: string, since: Date): Promise<MessageRef | undefined | 'unknown'> {
    if (destination.kind !== 'direct') return 'unknown';
    const key = deliveryKeyHash(idempotencyKey);
    try {
      const channel = await this.openDirect(destination.userId);
      const oldest = ((since.getTime() - FIND_CLOCK_MARGIN_MS) / 1000).toFixed(6);
      const history = await slackCall(() => this.client.conversations.history({ channel, oldest, limit: FIND_HISTORY_LIMIT, include_all_metadata: true }));
      const parts = new Map<number, { ts: string; parts: number; files: number }>();
      for (const posted of history.messages ?? []) {
        const metadata = posted.metadata as { event_type?: string; event_payload?: Partial<DeliveryMetadata['event_payload']> } | undefined;
        const payload = metadata?.event_payload;
        if (metadata?.event_type !== DELIVERY_EVENT_TYPE || payload?.key !== key || typeof posted.ts !== 'string') continue;
        parts.set(Number(payload.part ?? 0), { ts: posted.ts, parts: Number(payload.parts ?? 1), files: Number(payload.files ?? 0) });
      }
      const first = parts.get(0);
      if (!first) return history.has_more ? 'unknown' : undefined;
      if (first.files > 0 || parts.size < first.parts) return 'unknown';
      return { platform: SLACK_PLATFORM, conversationId: channel, messageId: first.ts };
    } catch (error) {
      this.log.warn({ err: error, user: destination.userId }, 'could not read the direct conversation to find an interrupted send');
      return 'unknown';
    }
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    await this.updatePage(ref, renderMessage(message)[0]!);
  }

  /** Replaces one posted message (one page of a long one) with a rendered page. */
  async updatePage(ref: MessageRef, page: SlackPayload): Promise<void> {
    await slackCall(() => this.client.chat.update({ channel: ref.conversationId, ts: ref.messageId, text: page.text, blocks: page.blocks }));
  }

  /**
   * The id of the direct conversation with a user, where a user id will not do (file uploads).
   * conversations.open is idempotent; its answer is cached, and asked once when several
   * messages to the same person are sent at the same time.
   */
  openDirect(userId: string): Promise<string> {
    const known = this.directChannels.get(userId);
    if (known) return known;
    const opening = slackCall(() => this.client.conversations.open({ users: userId })).then((result) => {
      const channelId = result.channel?.id;
      if (!channelId) throw toDeliveryError(new Error('conversations.open returned no channel'));
      return channelId;
    });
    this.directChannels.set(userId, opening);
    opening.catch(() => this.directChannels.delete(userId));
    return opening;
  }

  /**
   * Delivers files into a conversation: uploaded as files when Slack allows it, else shown as
   * code blocks. Never throws: the message they belong to has been sent already, and a retry
   * of the whole send would post that message twice.
   */
  async deliverAttachments(channelId: string, attachments: readonly Attachment[]): Promise<void> {
    for (const attachment of attachments) {
      try {
        await slackCall(() =>
          this.client.files.uploadV2({ channel_id: channelId, filename: attachment.filename, title: attachment.filename, content: attachment.content }),
        );
      } catch (error) {
        this.log.warn({ err: error, filename: attachment.filename }, 'file upload failed; sending the file inline');
        try {
          for (const page of inlineFilePayloads(attachment)) await slackCall(() => this.client.chat.postMessage({ channel: channelId, ...page }));
        } catch (inlineError) {
          this.log.error({ err: inlineError, filename: attachment.filename }, 'file could not be delivered');
        }
      }
    }
  }

  private async post(channelId: string, message: Message, options: OutboundOptions): Promise<MessageRef> {
    const pages = renderMessage(message, { maxMessages: MAX_MESSAGES_PER_SEND });
    const files = message.attachments?.length ?? 0;
    // Each page carries the key, so a crash mid-send can be found (findDelivered).
    const metadata = (part: number): DeliveryMetadata | undefined =>
      options.idempotencyKey === undefined ? undefined : { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: deliveryKeyHash(options.idempotencyKey), part, parts: pages.length, files } };
    // The first page decides success; later pages are best effort, since throwing after the
    // first was posted would make the caller's retry post it again.
    const first = await postPage(this.client, channelId, pages[0]!, metadata(0));
    for (const [index, page] of pages.slice(1).entries()) {
      try {
        await postPage(this.client, channelId, page, metadata(index + 1));
      } catch (error) {
        this.log.error({ err: error, channel: channelId }, 'continuation of a long message failed');
        break;
      }
    }
    if (message.attachments?.length) await this.deliverAttachments(first.conversationId, message.attachments);
    return first;
  }
}

async function postPage(client: SlackWebClient, channelId: string, page: SlackPayload, metadata?: DeliveryMetadata): Promise<MessageRef> {
  // No link_names and no unfurling: text never turns into pings or previews by itself.
  const result = await slackCall(() =>
    client.chat.postMessage({ channel: channelId, text: page.text, blocks: page.blocks, unfurl_links: false, unfurl_media: false, ...(metadata ? { metadata } : {}) }),
  );
  return { platform: SLACK_PLATFORM, conversationId: result.channel ?? channelId, messageId: String(result.ts ?? '') };
}

/** Where to cut a file at or before `at`: after its last whole line, unless that keeps less than half; never inside a character. */
function lineEndBefore(text: string, at: number): number {
  const lineEnd = text.lastIndexOf('\n', at - 1);
  return lineEnd >= at / 2 ? lineEnd : safeCutBefore(text, at);
}

/** A file as messages with code blocks (escaped, so nothing in it is markup), cut when huge. */
export function inlineFilePayloads(attachment: Attachment): SlackPayload[] {
  const content = attachment.content.length > MAX_INLINE_FILE_CHARS ? `${attachment.content.slice(0, lineEndBefore(attachment.content, MAX_INLINE_FILE_CHARS))}\n…` : attachment.content;
  const pieces = splitMrkdwn(escapeMrkdwn(content.replace(/```/g, 'ˋˋˋ')), LIMITS.sectionText - 200);
  const blocks = pieces.map((piece, i) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: `${i === 0 ? `📎 *${escapeMrkdwn(attachment.filename)}*\n` : ''}\`\`\`${piece}\`\`\`` },
  }));
  return [{ text: `📎 ${escapeMrkdwn(attachment.filename)}`, blocks }];
}

/** Runs a Web API call; any failure comes out as a classified DeliveryError. */
export async function slackCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDeliveryError(error);
  }
}
