// Answers a Discord message: in a DM in that DM; after a mention, for everyone as a reply to it,
// and privately by DM (Discord has no private answers outside interactions).
import type { Responder } from '../../src/core/chat-adapter.ts';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { Translator } from '../../src/core/i18n.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Message } from '../../src/core/message.ts';
import { mention } from '../../src/core/rich-text.ts';
import type { DiscordAdapter } from './discord-adapter.ts';

export interface MessageScope {
  userId: string;
  displayName: string;
  channelId: string;
  messageId: string;
  direct: boolean;
}

export interface MessageResponderDeps {
  adapter: DiscordAdapter;
  log: Logger;
  /** The person's translator, for the one line the adapter writes itself. */
  translator(): Promise<Translator>;
}

export function createMessageResponder(deps: MessageResponderDeps, scope: MessageScope): Responder {
  const { adapter } = deps;
  if (scope.direct) {
    const inDirect = async (message: Message) => void (await adapter.postToChannel(scope.channelId, message));
    return { reply: inDirect, replyVisibly: inDirect };
  }
  const visibly = async (message: Message) => void (await adapter.replyTo(scope.channelId, scope.messageId, message));
  return {
    replyVisibly: visibly,
    async reply(message) {
      try {
        await adapter.sendDirect(scope.userId, message);
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.kind === 'transient') throw error;
        // A private answer never goes to the channel; the person is told where to ask instead.
        deps.log.info({ reason: error.reason }, 'private answer to a mention could not be sent by DM');
        const t = await deps.translator();
        const text = t.rich('conversation.privateUnavailable', { user: mention(scope.userId, scope.displayName) });
        await visibly({ summary: t.text('conversation.privateUnavailable', { user: `@${scope.displayName}` }), blocks: [{ type: 'section', text }] });
      }
    },
  };
}
