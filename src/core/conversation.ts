// Free messages in the core: command words, the introduction, thanks, follow-ups and questions,
// answered in the conversation (visibly for a mention in a channel).
import type { Responder } from './chat-adapter.ts';
import type { ConversationMemory } from './conversation-memory.ts';
import type { ActionEvent, CoreEvent, MessageEvent } from './events.ts';
import type { InvocationContext, MessageContext, Offer } from './feature.ts';
import type { Lang } from './i18n.ts';
import type { Logger } from './logger.ts';
import type { Message } from './message.ts';
import { consentOf, isAcknowledgement } from './conversation-words.ts';
import { intentOf, MAX_MESSAGE_LENGTH } from './message-routing.ts';
import type { Router } from './router.ts';
import { readUserText } from './sanitize.ts';
import { closestCommand, introMessage, notUnderstoodMessage, textMessage } from './standard-messages.ts';

export class Conversations {
  constructor(
    private readonly router: Router,
    private readonly memory: ConversationMemory,
    /** The language a person reads in now (after a command that chose it). */
    private readonly langOf: (platform: string, userId: string) => Promise<Lang>,
  ) {}

  /**
   * A free message. Command words run as commands (answered privately where a command would
   * be); everything else is answered in the conversation. Features recognise follow-ups first;
   * the rest is a question for the fallbacks.
   */
  async converse(base: InvocationContext<MessageEvent>): Promise<void> {
    const { event, responder } = base;
    const answer = (message: Message) => (responder.replyVisibly ? responder.replyVisibly(message) : responder.reply(message));
    const visible: InvocationContext<MessageEvent> = {
      ...base,
      reply: answer,
      responder: withReply(responder, answer),
      ...(base.conversation.kind === 'channel' && responder.replyVisibly ? { repliesVisibly: true, replyPrivately: (message: Message) => responder.reply(message) } : {}),
    };
    const { text, unread } = readUserText(event.text, MAX_MESSAGE_LENGTH);
    const intent = intentOf(text, (word) => this.router.isCommand(word));
    // "English please" as a first message: answered first, and the introduction follows in the chosen language.
    const answeredFirst = base.conversation.kind === 'direct' && intent.kind === 'command' && this.router.answersBeforeIntroduction(intent.text);
    // The menu comes with the introduction only when the first message asks nothing else (a greeting, no words):
    // a first question gets the three lines and its answer, not a menu between them.
    const menuAnswers = intent.kind === 'empty' || intent.kind === 'greeting' || intent.kind === 'about';
    const introduced = answeredFirst ? false : await this.introduceOnce(visible, menuAnswers);
    switch (intent.kind) {
      case 'empty':
        // Only characters the cleaning removed (zero-width, direction overrides): typed, but no words.
        if (!event.hasAttachments && base.conversation.kind === 'direct' && event.text.trim() !== '') await answer(textMessage(base.t, 'conversation.noWords'));
        else if (event.hasAttachments || (base.conversation.kind === 'direct' && !introduced)) await answer(textMessage(base.t, 'conversation.noText'));
        // A bare mention in a channel opens the menu, as a bare `/liso` does.
        else if (base.conversation.kind === 'channel') await this.router.runCommand(this.router.commandContext(visible, ''));
        return;
      case 'no-words':
        await answer(textMessage(base.t, 'conversation.noWords'));
        return;
      case 'thanks':
        await answer(textMessage(base.t, 'conversation.thanks'));
        return;
      case 'leaving':
        await answer(textMessage(base.t, 'conversation.leaving'));
        return;
      case 'greeting':
      case 'about':
        if (!introduced) await this.introduce(visible);
        return;
      case 'command':
        await this.router.runCommand(this.router.commandContext(base, intent.text, unread));
        if (answeredFirst) await this.introduceOnce(await this.inTheirLanguage(visible));
        return;
      case 'free':
        // "annuleer sessie 11 maart", "sesie 25 maart 14:00": a command typed a little wrong gets its right form.
        if (this.router.isMistypedCommand(base, text)) {
          await this.router.runCommand(this.router.commandContext(base, text, unread));
          return;
        }
        break;
    }
    if (Array.from(event.text).length > MAX_MESSAGE_LENGTH) {
      await answer(textMessage(base.t, 'conversation.tooLong', { max: MAX_MESSAGE_LENGTH.toLocaleString(base.lang === 'nl' ? 'nl-NL' : 'en-GB') }));
    }
    // Offers noted by this message's own introduction were not seen when it was typed: "4" picks nothing from them.
    const ctx = await this.messageContext(visible, text, introduced);
    for (const feature of this.router.features) {
      if (feature.onMessage && (await feature.onMessage(ctx))) return;
    }
    // After the features: "ok" or "ja" may answer a question the bot asked ("Mag ik je vraag bewaren?").
    if (isAcknowledgement(text)) {
      await answer(textMessage(base.t, 'conversation.acknowledged'));
      return;
    }
    // "ja" under a question only its buttons answer ("Alles over jou wissen?"): pointed there, never searched.
    if (consentOf(text) !== undefined) {
      await answer(textMessage(base.t, 'conversation.typedYesNo'));
      return;
    }
    if (await ctx.ask(text)) return;
    const firstWord = text.split(/\s+/)[0]!.toLowerCase();
    await answer(notUnderstoodMessage(base.t, text, closestCommand(firstWord, this.router.commandNames())));
  }

  /** The person opened their direct conversation with the bot. */
  async opened(ctx: InvocationContext): Promise<void> {
    await this.introduceOnce(ctx);
  }

  /**
   * The responder, noting what each answer offers (buttons, menu options) where a person may
   * follow up by typing: in a direct conversation, and after a mention in a channel.
   */
  remembering(event: CoreEvent, responder: Responder, log: Logger): Responder {
    if (event.conversation.kind !== 'direct' && event.type !== 'message') return responder;
    const note = async (message: Message) => {
      try {
        await this.memory.remember(event.platform, event.actor.userId, event.conversation.id, message, (actionId) => this.router.isTypedChoice(actionId));
      } catch (error) {
        log.warn({ err: error }, 'could not remember what an answer offered');
      }
    };
    const wrapped = withReply(responder, async (message) => {
      await responder.reply(message);
      await note(message);
    });
    if (responder.replyVisibly) {
      wrapped.replyVisibly = async (message) => {
        await responder.replyVisibly!(message);
        await note(message);
      };
    }
    return wrapped;
  }

  /** Introduces the bot the first time a person is in a direct conversation with it. */
  private async introduceOnce(ctx: InvocationContext, withMenu = true): Promise<boolean> {
    if (ctx.conversation.kind !== 'direct') return false;
    if (!(await this.memory.firstMeeting(ctx.platform, ctx.actor.userId))) return false;
    await this.introduce(ctx, withMenu);
    return true;
  }

  /** The context in the language the person reads now, which the message just handled may have changed. */
  private async inTheirLanguage<E extends CoreEvent>(ctx: InvocationContext<E>): Promise<InvocationContext<E>> {
    const lang = await this.langOf(ctx.platform, ctx.actor.userId);
    return lang === ctx.lang ? ctx : { ...ctx, lang, t: ctx.translator(lang) };
  }

  /** Three lines about the bot, then, unless the message asked something else, the menu (what a bare `/liso` shows). */
  private async introduce(ctx: InvocationContext, withMenu = true): Promise<void> {
    await ctx.reply(introMessage(ctx.t, ctx.actor, false, withMenu));
    if (withMenu) await this.router.runCommand({ ...this.router.commandContext(ctx, ''), introduction: true });
  }

  private async messageContext(visible: InvocationContext<MessageEvent>, text: string, introducedNow: boolean): Promise<MessageContext> {
    const { event, reply } = visible;
    const offers = introducedNow ? [] : await this.memory.offers(event.platform, event.actor.userId, event.conversation.id);
    // A question is searched once per message, however many features ask for it.
    const asked = new Map<string, Promise<boolean>>();
    return {
      ...visible,
      text,
      offers,
      press: (offer: Offer) => {
        const action: ActionEvent = { type: 'action', platform: event.platform, actor: event.actor, conversation: event.conversation, actionId: offer.actionId, value: offer.value };
        // A typed choice has no message to update: its answer is a new message.
        return this.router.runAction({ ...visible, event: action, responder: withReply(visible.responder, reply, { withoutSource: true }) });
      },
      ask: (question: string) => {
        let answered = asked.get(question);
        if (!answered) {
          answered = this.router.askFallbacks(this.router.commandContext(visible, question));
          asked.set(question, answered);
        }
        return answered;
      },
    };
  }
}

/** A copy of a responder whose `reply` is `reply`; its other capabilities call the original. */
function withReply(responder: Responder, reply: Responder['reply'], options: { withoutSource?: boolean } = {}): Responder {
  const copy: Responder = { reply };
  if (responder.replyVisibly) copy.replyVisibly = (message) => responder.replyVisibly!(message);
  if (responder.updateSource && !options.withoutSource) copy.updateSource = (message) => responder.updateSource!(message);
  if (responder.openForm) copy.openForm = (form) => responder.openForm!(form);
  return copy;
}
