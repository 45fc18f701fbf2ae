// Bolt listeners for conversation: direct messages (message.im), mentions of the bot
// (app_mention) and the opening of the Messages tab, handed to the core as its events.
import type { App } from '@slack/bolt';
import type { Bot } from '../../src/core/bot.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { SlackBotUsers } from './bot-users.ts';
import { SLACK_PLATFORM } from './event-translation.ts';
import type { SlackMessagePayload } from './message-translation.ts';
import { translateMessage } from './message-translation.ts';
import type { SlackAdapter } from './slack-adapter.ts';
import { createSlackResponder } from './slack-responder.ts';

export interface MessageListenerDeps {
  bot: Bot;
  adapter: SlackAdapter;
  log: Logger;
  /** The bot's own user id (auth.test), whose mention is taken out of the text. */
  botUserId: string;
  /** Tells which other mentioned users are bots, so the core never takes one for a person. */
  botUsers: SlackBotUsers;
}

/**
 * Registered after the dedupe middleware, so an Events API retry (the same event_id) never
 * reaches them; the core also claims the message's channel and ts, so a message that arrives
 * twice (a second replica, message.im and app_mention for one message) is answered once.
 */
export function registerMessageListeners(bolt: App, deps: MessageListenerDeps): void {
  const { bot, adapter, log } = deps;

  const handleMessage = async (payload: SlackMessagePayload): Promise<void> => {
    const translated = translateMessage(payload, deps.botUserId);
    if (translated.kind === 'ignored') {
      log.debug({ reason: translated.reason, subtype: payload.subtype }, 'Slack message ignored');
      return;
    }
    const event = { ...translated.event, mentions: await deps.botUsers.mark(translated.event.mentions) };
    const direct = event.conversation.kind === 'direct';
    // A mention is answered in a thread under it (or in the thread it was written in).
    const threadTs = direct ? payload.thread_ts : (payload.thread_ts ?? payload.ts);
    const responder = createSlackResponder(adapter, log, {
      userId: event.actor.userId,
      conversation: event.conversation,
      visibleIn: payload.channel,
      ...(direct ? { directChannel: payload.channel } : {}),
      ...(threadTs ? { threadTs } : {}),
    });
    await bot.handle(event, responder);
  };

  bolt.event('message', async ({ event }) => handleMessage(event as unknown as SlackMessagePayload));
  bolt.event('app_mention', async ({ event }) => handleMessage(event as unknown as SlackMessagePayload));

  bolt.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'messages') return;
    const eventId = (body as { event_id?: string }).event_id;
    await bot.handle(
      {
        type: 'opened',
        platform: SLACK_PLATFORM,
        actor: { userId: event.user, displayName: '' },
        conversation: { kind: 'direct', id: event.channel },
        ...(eventId ? { eventId } : {}),
      },
      createSlackResponder(adapter, log, { userId: event.user, conversation: { kind: 'direct', id: event.channel }, directChannel: event.channel }),
    );
  });
}
