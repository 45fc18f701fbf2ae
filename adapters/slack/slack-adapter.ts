// The Slack ChatAdapter: direct messages, channel posts, updates and files through the Web API.
import type { webApi } from '@slack/bolt';
import type { ChatAdapter, MessageRef } from '../../src/core/chat-adapter.ts';
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
import { slackChannelMembers } from './channel-members.ts';

export type SlackWebClient = webApi.WebClient;

/** How many Slack messages one long core message may become before it is cut. */
export const MAX_MESSAGES_PER_SEND = 3;
// A file that cannot be uploaded is shown inline instead; beyond this it is cut.
const MAX_INLINE_FILE_CHARS = 9_000;

export class SlackAdapter implements ChatAdapter {
  readonly platform = SLACK_PLATFORM;
  readonly ratePolicy: RatePolicy;
  private readonly directChannels = new Map<string, Promise<string>>();

  constructor(
    readonly client: SlackWebClient,
    private readonly log: Logger,
    private readonly options: { postsPerMinute?: number; botUserId?: string } = {},
  ) {
    this.ratePolicy = slackRatePolicy({ postsPerMinute: options.postsPerMinute ?? SLACK_POSTS_PER_MINUTE, maxPages: MAX_MESSAGES_PER_SEND });
  }

  /** conversations.members with the scopes the bot has (channels:read, groups:read); see channel-members.ts. */
  async channelMembers(channelId: string): Promise<ReadonlySet<string> | 'unknown'> {
    // Without its own id the bot cannot tell whether it is still in the channel: nothing is certain.
    if (!this.options.botUserId) return 'unknown';
    return slackChannelMembers(this.client, this.options.botUserId, channelId, this.log);
  }

  /**
   * chat.postMessage takes a user id as its channel and posts in the app's direct conversation
   * with that person (its Messages tab), so no conversations.open is needed first. That method
   * is Tier 3 (50 a minute): opening a conversation per person held a restarted bot's busy 09:00
   * to 50 people a minute. The conversation id Slack answers with is kept for files and updates.
   */
  async sendDirect(userId: string, message: Message): Promise<MessageRef> {
    const known = this.directChannels.get(userId);
    const channel = known ? await known.catch(() => userId) : userId;
    const ref = await this.post(channel, message);
    if (!known && ref.conversationId !== userId) this.directChannels.set(userId, Promise.resolve(ref.conversationId));
    return ref;
  }

  async postToChannel(channelId: string, message: Message): Promise<MessageRef> {
    return this.post(channelId, message);
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

  private async post(channelId: string, message: Message): Promise<MessageRef> {
    const pages = renderMessage(message, { maxMessages: MAX_MESSAGES_PER_SEND });
    // The first page decides success; later pages are best effort, since throwing after the
    // first was posted would make the caller's retry post it again.
    const first = await postPage(this.client, channelId, pages[0]!);
    for (const page of pages.slice(1)) {
      try {
        await postPage(this.client, channelId, page);
      } catch (error) {
        this.log.error({ err: error, channel: channelId }, 'continuation of a long message failed');
        break;
      }
    }
    if (message.attachments?.length) await this.deliverAttachments(first.conversationId, message.attachments);
    return first;
  }
}

async function postPage(client: SlackWebClient, channelId: string, page: SlackPayload): Promise<MessageRef> {
  // No link_names and no unfurling: text never turns into pings or previews by itself.
  const result = await slackCall(() => client.chat.postMessage({ channel: channelId, text: page.text, blocks: page.blocks, unfurl_links: false, unfurl_media: false }));
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
