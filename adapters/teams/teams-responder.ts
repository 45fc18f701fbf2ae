// Answers one Teams activity: private replies, the pressed card replaced, forms as cards with inputs.
import type { MessageRef, Responder } from '../../src/core/chat-adapter.ts';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { Translator } from '../../src/core/i18n.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Form, Message } from '../../src/core/message.ts';
import { mention, toPlainString } from '../../src/core/rich-text.ts';
import type { AdaptiveCard } from './card-renderer.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderFormCard, renderMessage, summaryOf } from './card-renderer.ts';
import type { Connector } from './connector.ts';
import { cardActivity } from './connector.ts';
import type { Destination, TeamsAdapter } from './teams-adapter.ts';

export interface ResponderScope {
  actor: { userId: string; displayName: string };
  /** The conversation the activity came from, on the activity's serviceUrl. */
  here: Destination;
  personal: boolean;
  /** The card a pressed button was on. */
  source?: MessageRef;
  /** An invoke (card action) expects a response; until it is sent, a card update travels in it. */
  invoke: boolean;
}

export interface ResponderDeps {
  adapter: TeamsAdapter;
  connector: Connector;
  log: Logger;
  /** The actor's translator, for the adapter's own words. */
  translator(): Promise<Translator>;
}

/** What an `adaptiveCard/action` invoke returns: the replacement card, or a short message to the presser. */
export type CardActionResponse =
  | { statusCode: 200; type: typeof ADAPTIVE_CARD_CONTENT_TYPE; value: AdaptiveCard }
  | { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string };

/**
 * Teams has no ephemeral messages in channels, so a private answer goes to the person's
 * personal chat with the bot (the reply itself in a personal chat). When Teams refuses that
 * (the app is not installed for them), the channel gets a short note naming them and nothing of
 * the answer: an answer meant for one person never lands in a channel.
 */
export class TeamsResponder {
  private invokeOpen: boolean;
  private updatedCard: AdaptiveCard | undefined;
  private toast: string | undefined;
  private heldNotice: Message | undefined;

  constructor(
    private readonly scope: ResponderScope,
    private readonly deps: ResponderDeps,
  ) {
    this.invokeOpen = scope.invoke;
  }

  forCore(): Responder {
    return {
      reply: (message) => this.reply(message),
      replyVisibly: (message) => this.replyVisibly(message),
      ...(this.scope.source ? { updateSource: (message: Message) => this.updateSource(message) } : {}),
      openForm: (form) => this.openForm(form),
    };
  }

  /**
   * Closes the invoke: the card to show instead of the pressed one, else a one-line message. A
   * notice held back for that line (see `reply`) that the card leaves no room for is posted after
   * all, in `afterwards`.
   */
  invokeResponse(): { response: CardActionResponse; afterwards?: Promise<void> } {
    this.invokeOpen = false;
    const notice = this.heldNotice;
    this.heldNotice = undefined;
    if (this.updatedCard) {
      const response: CardActionResponse = { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: this.updatedCard };
      return notice ? { response, afterwards: this.post(notice) } : { response };
    }
    return { response: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: this.toast ?? '✓' } };
  }

  /**
   * The first reply to a press is also its one-line answer in Teams. A notice that line shows whole
   * ("you already liked this") is not posted in the personal chat as well: pressing a button twice
   * should not add a message to the chat.
   */
  private async reply(message: Message): Promise<void> {
    if (this.invokeOpen && this.toast === undefined) {
      this.toast = summaryOf(message.summary);
      if (shownWholeBy(message, this.toast)) {
        this.heldNotice = message;
        return;
      }
    }
    await this.post(message);
  }

  private post(message: Message): Promise<void> {
    return this.privately(message, (destination) => this.deps.adapter.postTo(destination, message));
  }

  /** A question asked by mentioning the bot: answered in the thread, for the group to read together. */
  private async replyVisibly(message: Message): Promise<void> {
    if (this.scope.personal) return this.reply(message);
    if (this.invokeOpen && this.toast === undefined) this.toast = summaryOf(message.summary);
    await this.deps.adapter.postTo(this.scope.here, message);
  }

  private async updateSource(message: Message): Promise<void> {
    if (this.invokeOpen) {
      this.updatedCard = renderMessage(message, { maxCards: 1, commandsByMention: !this.scope.personal }).cards[0];
      return;
    }
    await this.deps.adapter.update(this.scope.source!, message);
  }

  private async openForm(form: Form): Promise<void> {
    // The press's one line names the form that follows, rather than a bare "✓".
    if (this.invokeOpen && this.toast === undefined) this.toast = summaryOf(form.title);
    const card = renderFormCard(form);
    await this.privately({ summary: form.title, blocks: [] }, async (destination) => {
      await this.deps.connector.send(destination.serviceUrl, destination.conversationId, cardActivity(card, summaryOf(form.title)));
    });
  }

  private async privately(message: Message, send: (destination: Destination) => Promise<unknown>): Promise<void> {
    if (this.scope.personal) {
      await send({ ...this.scope.here, personalUserId: this.scope.actor.userId });
      return;
    }
    let destination: Destination;
    try {
      destination = await this.deps.adapter.personalChat(this.scope.actor.userId);
    } catch (error) {
      if (!(error instanceof DeliveryError && error.kind === 'permanent')) throw error;
      this.deps.log.info({ reason: error.reason, summary: message.summary.length }, 'private answer impossible; asking the person to open a chat');
      await this.noteInChannel();
      return;
    }
    await send(destination);
  }

  private async noteInChannel(): Promise<void> {
    const t = await this.deps.translator();
    const vars = { name: mention(this.scope.actor.userId, this.scope.actor.displayName) };
    const note: Message = { summary: t.text('teams.reply.openChat', { name: this.scope.actor.displayName }), blocks: [{ type: 'section', text: t.rich('teams.reply.openChat', vars) }] };
    await this.deps.adapter.postTo(this.scope.here, note);
  }
}

/** One section of plain text, no buttons or files, that the one-line answer of a press shows in full. */
function shownWholeBy(message: Message, line: string): boolean {
  const [only, ...rest] = message.blocks;
  if (rest.length > 0 || only?.type !== 'section' || (message.attachments?.length ?? 0) > 0) return false;
  return only.text.every((span) => span.type === 'text') && summaryOf(toPlainString(only.text)) === line;
}
