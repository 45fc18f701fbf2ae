// Where the answer to a press in a direct conversation goes: an ordinary message there.
import type { ChatAdapter, Responder } from './chat-adapter.ts';
import type { CoreEvent } from './events.ts';

/**
 * Platforms answer a press privately (Slack's response URL and Discord's interaction reply are
 * ephemeral, "only visible to you") even in a direct conversation, where nobody else could read
 * it and the answer then vanishes on reload. In a direct conversation the core therefore answers
 * a press as a normal message of that conversation; in a channel private stays private.
 */
export function answeringDirectly(event: CoreEvent, responder: Responder, adapter: ChatAdapter): Responder {
  if (event.type !== 'action' || event.conversation.kind !== 'direct') return responder;
  const userId = event.actor.userId;
  return { ...responder, reply: async (message) => void (await adapter.sendDirect(userId, message)) };
}
