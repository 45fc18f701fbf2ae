// The console's ChatAdapter: prints every message under a header saying where it went.
import type { ChatAdapter, MessageRef, Responder } from '../../src/core/chat-adapter.ts';
import type { Conversation } from '../../src/core/events.ts';
import type { Translator } from '../../src/core/i18n.ts';
import type { Button, Choice, Form, Message } from '../../src/core/message.ts';
import type { RenderStyle } from './console-renderer.ts';
import { renderInline, renderMessage } from './console-renderer.ts';
import type { ConsoleUsers } from './console-users.ts';

export const CONSOLE_PLATFORM = 'console';

/** The latest message with buttons or choices a user received, so `:knop n` can press one. */
export interface Pressable {
  ref: MessageRef;
  buttons: Button[];
  choices: Choice[];
}

type Audience = { kind: 'user'; userId: string } | { kind: 'channel' };

export class ConsoleAdapter implements ChatAdapter {
  readonly platform = CONSOLE_PLATFORM;
  private counter = 0;
  private readonly audiences = new Map<string, Audience>();
  private readonly pressables = new Map<string, Pressable>();

  constructor(
    private readonly write: (text: string) => void,
    private readonly t: Translator,
    private readonly style: RenderStyle,
    private readonly users: ConsoleUsers,
    /** Called when the core opens a form; the console then asks its fields line by line. */
    private readonly onForm: (userId: string, form: Form) => void,
  ) {}

  async sendDirect(userId: string, message: Message): Promise<MessageRef> {
    const name = await this.users.nameOf(userId);
    return this.print(this.t.text('console.header.direct', { user: name }), message, { kind: 'user', userId }, `dm:${userId}`);
  }

  async postToChannel(channelId: string, message: Message): Promise<MessageRef> {
    return this.print(this.t.text('console.header.channel', { channel: channelId }), message, { kind: 'channel' }, channelId);
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const audience = this.audiences.get(ref.messageId) ?? { kind: 'channel' };
    this.emit(`${this.t.text('console.header.updated')} (${ref.conversationId})`, message, audience, ref);
  }

  /** The event-scoped capabilities for something `userId` did. */
  responderFor(userId: string, source?: MessageRef): Responder {
    const name = this.users.get(userId)?.displayName ?? userId;
    return {
      reply: async (message) => {
        this.print(this.t.text('console.header.private', { user: name }), message, { kind: 'user', userId }, `private:${userId}`);
      },
      ...(source ? { updateSource: (message: Message) => this.update(source, message) } : {}),
      openForm: async (form) => this.onForm(userId, form),
    };
  }

  /**
   * The capabilities for a free message of `userId`: in the direct conversation an answer is a
   * direct message; after a mention in a channel the answer for everyone is a channel post.
   */
  messageResponderFor(userId: string, conversation: Conversation): Responder {
    const responder = this.responderFor(userId);
    if (conversation.kind === 'direct') return { ...responder, reply: async (message) => void (await this.sendDirect(userId, message)) };
    return { ...responder, replyVisibly: async (message) => void (await this.postToChannel(conversation.id, message)) };
  }

  latestPressable(userId: string): Pressable | undefined {
    return this.pressables.get(userId);
  }

  private print(header: string, message: Message, audience: Audience, conversationId: string): MessageRef {
    const ref: MessageRef = { platform: CONSOLE_PLATFORM, conversationId, messageId: String(++this.counter) };
    this.audiences.set(ref.messageId, audience);
    this.emit(header, message, audience, ref);
    return ref;
  }

  private emit(header: string, message: Message, audience: Audience, ref: MessageRef): void {
    const rendered = renderMessage(message, this.style);
    const hints: string[] = [];
    if (rendered.buttons.length > 0) hints.push(this.t.text('console.buttonHint'));
    this.write(`\n── ${header} ──\n${rendered.text}${hints.length ? `\n  ${hints.join(' ')}` : ''}\n`);
    for (const attachment of message.attachments ?? []) {
      this.write(`${renderInline(this.t.rich('console.attachment', { filename: attachment.filename }), this.style)}\n${attachment.content}\n`);
    }
    if (rendered.buttons.length === 0 && rendered.choices.length === 0) return;
    const pressable: Pressable = { ref, buttons: rendered.buttons, choices: rendered.choices };
    const recipients = audience.kind === 'user' ? [audience.userId] : this.users.all().map((u) => u.userId);
    for (const userId of recipients) this.pressables.set(userId, pressable);
  }
}
