// Where the answer to a press in a direct conversation goes: an ordinary message there.
import type { ChatAdapter, Responder } from './chat-adapter.ts';
import type { CoreEvent } from './events.ts';

/**
 * Platforms answer a press privately (Slack's response URL and Discord's interaction reply are
 * ephemeral, "only visible to you") even in a direct conversation, where nobody else could read
 * it and the answer then vanishes on reload. So in a direct conversation the core answers a
 * press as a normal message of that conversation: through the responder where it can answer in
 * the conversation itself (Teams), else as a direct message. In a channel private stays private.
 */
export function answeringDirectly(event: CoreEvent, responder: Responder, adapter: ChatAdapter): Responder {
  if (event.type !== 'action' || event.conversation.kind !== 'direct') return responder;
  const userId = event.actor.userId;
  const inConversation = responder.replyVisibly ? responder.replyVisibly.bind(responder) : async (message: Parameters<Responder['reply']>[0]) => void (await adapter.sendDirect(userId, message));
  return { ...responder, reply: inConversation };
}
