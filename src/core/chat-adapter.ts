// The port adapters implement: how the core reaches people on a platform.
import type { Form, Message } from './message.ts';
import type { RatePolicy } from './rate-policy.ts';

/** Points at a message the bot sent, so it can be updated later. Fields are opaque. */
export interface MessageRef {
  platform: string;
  conversationId: string;
  messageId: string;
}

/** What the core says about one outbound message besides its content. */
export interface OutboundOptions {
  /**
   * The same for every attempt at the same message (the core's delivery key). A platform that
   * recognises a repeated request by such a key (Discord's message nonce) makes a resend after
   * a crash or an unanswered request harmless; other adapters ignore it.
   */
  idempotencyKey?: string;
}

/** Where a message went: a person's direct conversation with the bot, or a channel (opaque ids). */
export type Destination = { kind: 'direct'; userId: string } | { kind: 'channel'; channelId: string };

/** Outbound capabilities that do not depend on an incoming event. */
export interface ChatAdapter {
  readonly platform: string;
  /** The platform's published limits for what the core sends; absent where there are none (console). */
  readonly ratePolicy?: RatePolicy;
  /** Sends a direct message; throws DeliveryError when it cannot. */
  sendDirect(userId: string, message: Message, options?: OutboundOptions): Promise<MessageRef>;
  /** Posts in a channel; throws DeliveryError when it cannot. */
  postToChannel(channelId: string, message: Message, options?: OutboundOptions): Promise<MessageRef>;
  /** Replaces the content of a message the bot sent. */
  update(ref: MessageRef, message: Message): Promise<void>;
  /**
   * Finishes a send that a crash interrupted after it may have reached the platform, without
   * repeating what arrived. Asked only for such a send (its record found `sending`, or `retrying`
   * after a DeliveryError with `outcomeUnknown`: a timeout, a lost connection), never on the normal
   * path nor after a clean refusal. Looks in `destination` for `message` sent under `idempotencyKey` since about
   * `since` (the interrupted attempt's start; the adapter allows for clock skew): when it is there,
   * sends what the crash cut off (a later page, a file) and answers its ref; undefined when nothing
   * of it is there; 'unknown' when it cannot tell (no access to that conversation's history, an
   * error). Anything but a ref (a throw included) means the core sends the whole message again,
   * since a repeat is better than a loss. Absent where a platform cannot look (Teams, the console)
   * or needs not (Discord's nonce drops the resend itself).
   */
  finishInterrupted?(destination: Destination, message: Message, idempotencyKey: string, since: Date): Promise<MessageRef | undefined | 'unknown'>;
  /**
   * Everyone in a channel now, as the platform lists them, for finding role holders who left while
   * the bot was not listening. 'unknown' unless the list is complete and the bot is still in the
   * channel: any error, a missing permission, a list cut short. Absent where the platform gives
   * no member list (Discord without a privileged intent).
   */
  channelMembers?(channelId: string): Promise<ReadonlySet<string> | 'unknown'>;
}

/** Capabilities tied to one incoming event, given by the adapter with the event. */
export interface Responder {
  /**
   * Answers only the person who acted (ephemeral where the platform has it, else a DM). In a
   * direct conversation this is an ordinary message in that conversation.
   */
  reply(message: Message): Promise<void>;
  /**
   * Answers visibly to everyone in the conversation, attached to the message being answered:
   * a thread reply on Slack, a reply on Discord. Used for a question asked by mentioning the bot
   * in a channel, so the group can read the advice together. Absent where the platform cannot;
   * the core then answers with `reply`. In a direct conversation it equals `reply`.
   */
  replyVisibly?(message: Message): Promise<void>;
  /** Replaces the message the pressed button was on; absent where that is impossible. */
  updateSource?(message: Message): Promise<void>;
  /** Opens a form; absent where the platform cannot (the core then asks in text). */
  openForm?(form: Form): Promise<void>;
}

/**
 * A failed delivery, classified so the core knows whether trying again can help.
 * Permanent: the user or channel is gone, the bot lacks access. Transient: rate limits, outages.
 * `rateLimit` marks a platform's "slow down" (with `retryAfterMs`): for the whole bot ('app') or
 * for one conversation or route ('conversation'); the core then paces that scope.
 * `outcomeUnknown` marks a transient failure after the request may have reached the platform and
 * been carried out (no answer in time, the connection lost after the request was written, a proxy's
 * error page instead of the platform's answer): the core then asks `finishInterrupted` before the
 * retry, as after a crash. A clean refusal from the platform itself never carries it.
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'permanent' | 'transient',
    readonly reason: string,
    readonly retryAfterMs?: number,
    readonly rateLimit?: 'app' | 'conversation',
    readonly outcomeUnknown?: true,
  ) {
    super(`${kind} delivery failure: ${reason}`);
    this.name = 'DeliveryError';
  }

  /** A transient failure of a request that may have been carried out (see `outcomeUnknown`). */
  static outcomeUnknown(reason: string, retryAfterMs?: number): DeliveryError {
    return new DeliveryError('transient', reason, retryAfterMs, undefined, true);
  }
}
