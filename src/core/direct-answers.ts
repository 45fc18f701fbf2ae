// Where the answer to a pressed conversation choice in a direct conversation goes: an ordinary message there.
import type { ChatAdapter, Responder } from './chat-adapter.ts';
import type { CoreEvent } from './events.ts';
import type { Message } from './message.ts';

/**
 * A topic or "more tips" button continues the conversation: typed ("2", "meer tips") its answer is a
 * normal message of the direct conversation, so pressed it must be too. Platforms answer a press
 * privately (Slack's response URL and Discord's interaction reply are ephemeral, "only visible to
 * you") even in a direct conversation, where that only makes the answer vanish on reload. So the
 * core answers such a press there through the responder's in-conversation reply where the platform
 * has one (Teams), else as a direct message. Other presses (ballots, confirmations) keep their
 * private answer, and in a channel private stays private.
 */
export function answeringDirectly(event: CoreEvent, responder: Responder, adapter: ChatAdapter, conversational: (actionId: string) => boolean): Responder {
  if (event.type !== 'action' || event.conversation.kind !== 'direct' || !conversational(event.actionId)) return responder;
  const userId = event.actor.userId;
  const inConversation = responder.replyVisibly
    ? (message: Message) => responder.replyVisibly!(message)
    : async (message: Message) => void (await adapter.sendDirect(userId, message));
  return { ...responder, reply: inConversation };
}
