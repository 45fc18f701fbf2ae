// The Slack ChatAdapter: direct messages, channel posts, updates and files through the Web API.
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
import type { DeliveryMetadata } from './delivery-metadata.ts';
import { inlineFileMetadata, pageMetadata } from './delivery-metadata.ts';
import { slackChannelMembers } from './channel-members.ts';
import { HistoryLook } from './history-look.ts';

export type SlackWebClient = webApi.WebClient;

/** How many Slack messages one long core message may become before it is cut. */
export const MAX_MESSAGES_PER_SEND = 3;
// A file that cannot be uploaded is shown inline instead; beyond this it is cut.
const MAX_INLINE_FILE_CHARS = 9_000;

export class SlackAdapter implements ChatAdapter {
  readonly platform = SLACK_PLATFORM;
  readonly ratePolicy: RatePolicy;
  private readonly directChannels = new Map<string, Promise<string>>();
  /** The bot's own user id (auth.test), which its uploaded files show in history. */
  private readonly botUserId: string | undefined;
  private readonly history: HistoryLook;

  constructor(
    readonly client: SlackWebClient,
    private readonly log: Logger,
    options: { postsPerMinute?: number; botUserId?: string } = {},
  ) {
    this.botUserId = options.botUserId;
    this.history = new HistoryLook(client, log, options.botUserId);
    this.ratePolicy = slackRatePolicy({ postsPerMinute: options.postsPerMinute ?? SLACK_POSTS_PER_MINUTE, maxPages: MAX_MESSAGES_PER_SEND });
  }

  /** conversations.members with the scopes the bot has (channels:read, groups:read); see channel-members.ts. */
  async channelMembers(channelId: string): Promise<ReadonlySet<string> | 'unknown'> {
    // Without its own id the bot cannot tell whether it is still in the channel: nothing is certain.
    if (!this.botUserId) return 'unknown';
    return slackChannelMembers(this.client, this.botUserId, channelId, this.log);
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
   * Reads the latest history of the direct conversation or channel (`conversations.history`;
   * `im:history`, `channels:history`, `groups:history`) for the posts that carry this key's hash in
   * their metadata and the files after them (`HistoryLook`, `arrivedIn`), and sends what the crash
   * cut off: the pages and files after those that arrived. The core's channel posts are never in a
   * thread (`postToChannel` starts none; thread replies are a Responder's, outside Delivery), so
   * the channel's own history holds them. Rare (only after a crash mid-send, at most the sends in
   * flight, or a post whose answer never came: a timeout, a dropped connection, a proxy's 5xx), so
   * not paced: conversations.history is Tier 3 for internal and Marketplace apps, but 1 a minute
   * for apps distributed outside the Marketplace, where a look beyond it is refused (429) and the
   * message sent again.
   */
  async finishInterrupted(destination: Destination, message: Message, idempotencyKey: string, since: Date): Promise<MessageRef | undefined | 'unknown'> {
    const pages = renderMessage(message, { maxMessages: MAX_MESSAGES_PER_SEND });
    const attachments = message.attachments ?? [];
    const channel =
      destination.kind === 'channel'
        ? destination.channelId
        : await this.openDirect(destination.userId).catch((error: unknown) => {
            this.log.warn({ err: error, user: destination.userId }, 'could not open the direct conversation to find an interrupted send');
            return undefined;
          });
    if (channel === undefined) return 'unknown';
    const arrived = await this.history.find(channel, idempotencyKey, since);
    if (arrived === undefined || arrived === 'unknown') return arrived;
    // Drawn otherwise now than when it was sent: what is missing of it cannot be told.
    if (arrived.parts !== pages.length || arrived.files !== attachments.length) return 'unknown';
    await this.postPages(channel, pages, arrived.pages, idempotencyKey, attachments.length);
    if (arrived.filesArrived < attachments.length) await this.deliverAttachments(channel, attachments.slice(arrived.filesArrived), idempotencyKey, arrived.filesArrived);
    return { platform: SLACK_PLATFORM, conversationId: channel, messageId: arrived.ts };
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
  async deliverAttachments(channelId: string, attachments: readonly Attachment[], idempotencyKey?: string, firstIndex = 0): Promise<void> {
    for (const [i, attachment] of attachments.entries()) {
      const index = firstIndex + i;
      try {
        await slackCall(() =>
          this.client.files.uploadV2({ channel_id: channelId, filename: attachment.filename, title: attachment.filename, content: attachment.content }),
        );
      } catch (error) {
        this.log.warn({ err: error, filename: attachment.filename }, 'file upload failed; sending the file inline');
        try {
          // Marked as this message's file, so a crash after it is not taken for a missing file.
          const metadata = idempotencyKey === undefined ? {} : { metadata: inlineFileMetadata(idempotencyKey, index) };
          for (const page of inlineFilePayloads(attachment)) await slackCall(() => this.client.chat.postMessage({ channel: channelId, ...page, ...metadata }));
        } catch (inlineError) {
          this.log.error({ err: inlineError, filename: attachment.filename }, 'file could not be delivered');
        }
      }
    }
  }

  private async post(channelId: string, message: Message, options: OutboundOptions): Promise<MessageRef> {
    const pages = renderMessage(message, { maxMessages: MAX_MESSAGES_PER_SEND });
    const files = message.attachments?.length ?? 0;
    const { idempotencyKey } = options;
    // The first page decides success.
    const first = await postPage(this.client, channelId, pages[0]!, idempotencyKey === undefined ? undefined : pageMetadata(idempotencyKey, 0, pages.length, files));
    await this.postPages(channelId, pages, 1, idempotencyKey, files);
    if (message.attachments?.length) await this.deliverAttachments(first.conversationId, message.attachments, idempotencyKey);
    return first;
  }

  /**
   * The pages from `from` on, each with the key in its metadata (so a crash mid-send can be
   * found). Best effort: throwing after the first page was posted would make the caller's retry
   * post it again.
   */
  private async postPages(channelId: string, pages: readonly SlackPayload[], from: number, idempotencyKey: string | undefined, files: number): Promise<void> {
    for (let part = from; part < pages.length; part++) {
      try {
        await postPage(this.client, channelId, pages[part]!, idempotencyKey === undefined ? undefined : pageMetadata(idempotencyKey, part, pages.length, files));
      } catch (error) {
        this.log.error({ err: error, channel: channelId }, 'continuation of a long message failed');
        break;
      }
    }
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
