// A ChatAdapter that records everything the core sends, for tests that drive the real core.
import type { ChatAdapter, MessageRef, OutboundOptions, Responder } from '../../src/core/chat-adapter.ts';
import type { Form, Message } from '../../src/core/message.ts';
import { messageToPlainText } from '../../src/core/message.ts';

export interface Sent {
  /** `visible`: an answer in the conversation for everyone (Responder.replyVisibly). */
  kind: 'direct' | 'channel' | 'reply' | 'visible' | 'update' | 'form';
  to: string;
  message?: Message;
  form?: Form;
  text: string;
  /** The idempotency key the core gave with a direct message or channel post. */
  idempotencyKey?: string;
}

export class RecordingAdapter implements ChatAdapter {
  readonly sent: Sent[] = [];
  private counter = 0;

  constructor(readonly platform = 'test') {}

  async sendDirect(userId: string, message: Message, options: OutboundOptions = {}): Promise<MessageRef> {
    this.sent.push({ kind: 'direct', to: userId, message, text: messageToPlainText(message), ...keyOf(options) });
    return this.ref(`dm:${userId}`);
  }

  async postToChannel(channelId: string, message: Message, options: OutboundOptions = {}): Promise<MessageRef> {
    this.sent.push({ kind: 'channel', to: channelId, message, text: messageToPlainText(message), ...keyOf(options) });
    return this.ref(channelId);
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    this.sent.push({ kind: 'update', to: ref.messageId, message, text: messageToPlainText(message) });
  }

  /** With `visible`, the responder can also answer for everyone (a mention in a channel). */
  responder(userId: string, options: { visible?: boolean } = {}): Responder {
    return {
      reply: async (message) => {
        this.sent.push({ kind: 'reply', to: userId, message, text: messageToPlainText(message) });
      },
      ...(options.visible
        ? {
            replyVisibly: async (message: Message) => {
              this.sent.push({ kind: 'visible', to: userId, message, text: messageToPlainText(message) });
            },
          }
        : {}),
      openForm: async (form) => {
        this.sent.push({ kind: 'form', to: userId, form, text: form.title });
      },
    };
  }

  /** Everything recorded since the last call. */
  take(): Sent[] {
    return this.sent.splice(0, this.sent.length);
  }

  last(): Sent | undefined {
    return this.sent.at(-1);
  }

  private ref(conversationId: string): MessageRef {
    return { platform: this.platform, conversationId, messageId: String(++this.counter) };
  }
}

function keyOf(options: OutboundOptions): { idempotencyKey?: string } {
  return options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey };
}
