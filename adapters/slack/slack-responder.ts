// The Responder for one Slack event: private replies, updating the pressed message, modals.
import type { MessageRef, Responder } from '../../src/core/chat-adapter.ts';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { Conversation } from '../../src/core/events.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Form, Message } from '../../src/core/message.ts';
import type { SlackPayload } from './block-kit-renderer.ts';
import { renderMessage } from './block-kit-renderer.ts';
import { formToModal } from './form-modal.ts';
import type { PressedPageInfo } from './pressed-page.ts';
import { pressedPage } from './pressed-page.ts';
import { postToResponseUrl } from './response-url.ts';
import type { SlackAdapter } from './slack-adapter.ts';
import { MAX_MESSAGES_PER_SEND, slackCall } from './slack-adapter.ts';

/** What Slack told about the event the responder answers. */
export interface ResponderScope {
  userId: string;
  conversation: Conversation;
  /** Present for slash commands and presses on messages; valid for 30 minutes, five uses. */
  responseUrl?: string;
  /** Present for commands and presses; a modal must be opened with it within 3 seconds. */
  triggerId?: string;
  /**
   * The message the pressed button was on, whether only the presser could see it, and what the
   * press tells of it (which page of a message sent in pages it was).
   */
  source?: MessageRef & { ephemeral: boolean; pressed?: PressedPageInfo };
  /** The person's direct conversation with the bot, when the event came from it. */
  directChannel?: string;
  /** The thread the answers belong in (a message in a thread, or the mention that starts one). */
  threadTs?: string;
  /** For a message: the conversation where `replyVisibly` answers for everyone. */
  visibleIn?: string;
}

export function createSlackResponder(adapter: SlackAdapter, log: Logger, scope: ResponderScope, fetchFn: typeof fetch = fetch): Responder {
  const client = adapter.client;
  const responder: Responder = {
    async reply(message: Message) {
      const pages = renderMessage(message, { maxMessages: MAX_MESSAGES_PER_SEND });
      await replyPrivately(pages);
      // Files cannot be ephemeral: they go to the person's direct conversation with the bot.
      if (message.attachments?.length) await adapter.deliverAttachments(await adapter.openDirect(scope.userId), message.attachments);
    },
  };

  async function replyPrivately(pages: SlackPayload[]): Promise<void> {
    if (scope.responseUrl) {
      try {
        for (const page of pages) await postToResponseUrl(scope.responseUrl, { response_type: 'ephemeral', replace_original: false, ...page }, fetchFn);
        return;
      } catch (error) {
        // An expired or used-up response_url still leaves the Web API.
        if (!(error instanceof DeliveryError) || error.kind === 'transient') throw error;
        log.warn({ reason: error.reason }, 'response_url refused; answering through the Web API');
      }
    }
    const thread = scope.threadTs ? { thread_ts: scope.threadTs } : {};
    if (scope.conversation.kind === 'channel') {
      try {
        for (const page of pages) await slackCall(() => client.chat.postEphemeral({ channel: scope.conversation.id, user: scope.userId, ...thread, ...page }));
        return;
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.kind === 'transient') throw error;
        log.warn({ reason: error.reason }, 'ephemeral answer refused; answering in a direct message');
      }
    }
    // An answer in the person's own direct conversation stays in its thread; one moved there
    // from a channel starts fresh.
    const inDirect = scope.directChannel !== undefined;
    // A user id as the channel posts in the app's direct conversation with that person.
    const channel = scope.directChannel ?? scope.userId;
    await postPages(channel, pages, inDirect ? thread : {});
  }

  async function postPages(channel: string, pages: SlackPayload[], thread: { thread_ts?: string }): Promise<void> {
    for (const page of pages) await slackCall(() => client.chat.postMessage({ channel, ...thread, ...page, unfurl_links: false, unfurl_media: false }));
  }

  const visibleIn = scope.visibleIn;
  if (visibleIn) {
    responder.replyVisibly = async (message: Message) => {
      await postPages(visibleIn, renderMessage(message, { maxMessages: MAX_MESSAGES_PER_SEND }), scope.threadTs ? { thread_ts: scope.threadTs } : {});
      if (message.attachments?.length) await adapter.deliverAttachments(visibleIn, message.attachments);
    };
  }

  const source = scope.source;
  if (source) {
    responder.updateSource = async (message: Message) => {
      // A message sent in pages: the pressed page is redrawn as that page, not as the first one cut short.
      const page = (source.pressed && pressedPage(message, source.pressed, MAX_MESSAGES_PER_SEND)) ?? renderMessage(message)[0]!;
      if (source.ephemeral && scope.responseUrl) {
        await postToResponseUrl(scope.responseUrl, { replace_original: true, ...page }, fetchFn);
        return;
      }
      await adapter.updatePage(source, page);
    };
  }

  const triggerId = scope.triggerId;
  if (triggerId) {
    responder.openForm = async (form: Form) => {
      await slackCall(() => client.views.open({ trigger_id: triggerId, view: formToModal(form, scope.conversation) as never }));
    };
  }
  return responder;
}
