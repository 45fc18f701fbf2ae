// Answers one interaction within Discord's 3 seconds: reply, update the source, open a modal, defer.
import type { REST } from 'discord.js';
import { Routes } from 'discord.js';
import type { Responder } from '../../src/core/chat-adapter.ts';
import type { Translator } from '../../src/core/i18n.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Form, Message } from '../../src/core/message.ts';
import type { Store } from '../../src/store/port.ts';
import { randomBytes } from 'node:crypto';
import { modalCustomId, openFormCustomId, secretModalCustomId } from './custom-ids.ts';
import type { DiscordAdapter } from './discord-adapter.ts';
import { classified } from './discord-errors.ts';
import { discordKeys } from './discord-keys.ts';
import type { DiscordFile, DiscordPayload } from './discord-renderer.ts';
import { asEdit, renderMessage, renderModal } from './discord-renderer.ts';
import { pressedPart } from './pressed-part.ts';
import type { PendingForm } from './interaction-translator.ts';

const enum Callback {
  Reply = 4,
  DeferReply = 5,
  DeferUpdate = 6,
  Update = 7,
  Modal = 9,
}
const EPHEMERAL = 64;
// A modal may stay open a long time; a day covers a person who fills it in after lunch.
const PENDING_FORM_TTL_MS = 24 * 3_600_000;

export interface InteractionInfo {
  id: string;
  token: string;
  applicationId: string;
  userId: string;
  kind: 'command' | 'component' | 'modal';
  /**
   * The message a pressed component is on, with the custom ids of its components, its text, and
   * the part number the pressed one carried (which part of a message sent in parts it is).
   */
  source?: { channelId: string; messageId: string; ephemeral: boolean; customIds: string[]; pressedId?: string; part?: number; content?: string };
}

export interface ResponderDeps {
  /** The bot's own requests (editing a channel message). */
  rest: REST;
  /** The interaction's responses, sent with its token: Discord's global limit does not count them. */
  interactionRest: REST;
  adapter: DiscordAdapter;
  store: Store;
  log: Logger;
  /** The actor's person key, stored with a form kept to open later instead of their id. */
  person: string;
  /** The actor's translator, for the adapter's own few words (an acknowledgement, a form button). */
  translator(): Promise<Translator>;
}

/**
 * Every call is serialised, because the deadline timer and the handler race for the first
 * response and Discord accepts exactly one. States: nothing sent yet; deferred with a "thinking"
 * placeholder (commands, modals) that the first reply replaces; deferred as an update of the
 * source message (components); answered.
 */
export class InteractionResponder {
  private acknowledged = false;
  private placeholder = false;
  private originalIsSource = false;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly info: InteractionInfo,
    private readonly deps: ResponderDeps,
  ) {}

  /** The capabilities the core gets for this interaction. */
  forCore(): Responder {
    return {
      reply: (message) => this.serial(() => this.reply(message)),
      ...(this.info.kind === 'component' ? { updateSource: (message: Message) => this.serial(() => this.updateSource(message)) } : {}),
      openForm: (form) => this.serial(() => this.openForm(form)),
    };
  }

  /** Defers when the handler has not answered after `ms` (Discord's limit is 3 s from creation). */
  startDeadline(ms: number): void {
    this.timer = setTimeout(() => {
      this.serial(() => this.deferIfIdle()).catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not defer the interaction'));
    }, ms);
    this.timer.unref();
  }

  /** After the handler: acknowledges an interaction nobody answered, removes an unused placeholder. */
  finish(): Promise<void> {
    clearTimeout(this.timer);
    return this.serial(async () => {
      if (!this.acknowledged) {
        if (this.info.kind === 'component') await this.callback({ type: Callback.DeferUpdate });
        else await this.reply(await this.doneMessage());
      } else if (this.placeholder) {
        await classified(() => this.deps.interactionRest.delete(Routes.webhookMessage(this.info.applicationId, this.info.token, '@original'), { auth: false }));
        this.placeholder = false;
      }
    });
  }

  /** Shows a stored form as a modal (the button of the deferred-form fallback was pressed). */
  showStoredForm(formKey: string, form: Form): Promise<void> {
    clearTimeout(this.timer);
    return this.serial(() => this.callback({ type: Callback.Modal, data: renderModal(form, modalCustomId(formKey)) }));
  }

  private async deferIfIdle(): Promise<void> {
    if (this.acknowledged) return;
    if (this.info.kind === 'component') {
      await this.callback({ type: Callback.DeferUpdate });
      this.originalIsSource = true;
    } else {
      await this.callback({ type: Callback.DeferReply, data: { flags: EPHEMERAL } });
      this.placeholder = true;
    }
  }

  private async reply(message: Message): Promise<void> {
    const rendered = await this.deps.adapter.renderForSending(message);
    const [first, ...rest] = rendered.payloads;
    if (!this.acknowledged) {
      await this.callback({ type: Callback.Reply, data: { ...first!, flags: EPHEMERAL } }, rendered.files);
    } else if (this.placeholder) {
      await this.editOriginal(first!, rendered.files);
      this.placeholder = false;
    } else {
      await this.followUp(first!, rendered.files);
    }
    for (const payload of rest) await this.followUp(payload, []);
  }

  /**
   * A message too big for one Discord message was sent in parts; the press came from one of
   * them, so that part is drawn again from where it began (`pressed-part.ts`), its controls
   * numbered for that part again. A one-part message, or a press that tells nothing of its part
   * (a button posted before parts were numbered), is drawn as the message's first part.
   */
  private async updateSource(message: Message): Promise<void> {
    const source = this.info.source!;
    const parts = renderMessage(message).payloads.length;
    // A part's number says the message went out in parts, also when what is left of it fits in one.
    const place = parts > 1 || source.part !== undefined ? pressedPart(message, source) : undefined;
    const part = source.part ?? false;
    const payload = asEdit(
      place === undefined
        ? (await this.deps.adapter.renderForSending(message, { part: false })).payloads[0]!
        : 'fromBlock' in place
          ? // Two parts at most, of which the first: a part followed by more carries no "…" mark.
            (await this.deps.adapter.renderForSending(message, { maxMessages: 2, fromBlock: place.fromBlock, ...(place.toBlock === undefined ? {} : { toBlock: place.toBlock }), part })).payloads[0]!
          : (await this.deps.adapter.renderForSending(message, { part })).payloads[Math.min(place.index, parts - 1)]!,
    );
    if (!this.acknowledged) {
      await this.callback({ type: Callback.Update, data: payload });
      this.originalIsSource = true;
    } else if (this.originalIsSource) {
      await this.editOriginal(payload, []);
    } else if (!source.ephemeral) {
      await classified(() => this.deps.rest.patch(Routes.channelMessage(source.channelId, source.messageId), { body: payload }));
    } else {
      await classified(() => this.deps.interactionRest.patch(Routes.webhookMessage(this.info.applicationId, this.info.token, source.messageId), { body: payload, auth: false }));
    }
  }

  /**
   * A modal can only be the first answer to a command or a press. After a deferral (slow work)
   * or from a modal submission, the person gets a private button that opens it instead.
   */
  private async openForm(form: Form): Promise<void> {
    if (form.secret) return this.openSecretForm(form);
    const formKey = randomBytes(12).toString('base64url');
    const pending: PendingForm = { form, person: this.deps.person };
    await this.deps.store.set(discordKeys.pendingForm(formKey), pending, PENDING_FORM_TTL_MS);
    if (!this.acknowledged && this.info.kind !== 'modal') {
      await this.callback({ type: Callback.Modal, data: renderModal(form, modalCustomId(formKey)) });
      return;
    }
    const t = await this.deps.translator();
    await this.replyWithOpenButton(t, form, formKey);
  }

  /**
   * A secret form (a pulse ballot in its context) is shown only as the first answer, carrying its
   * context in the modal's custom id; never stored to be shown later, so after a deferral the
   * person is asked to press again.
   */
  private async openSecretForm(form: Form): Promise<void> {
    const customId = secretModalCustomId(form.formId, form.context);
    if (customId && !this.acknowledged && this.info.kind !== 'modal') {
      await this.callback({ type: Callback.Modal, data: renderModal(form, customId) });
      return;
    }
    const t = await this.deps.translator();
    await this.reply({ summary: t.text('discord.form.pressAgain', { title: form.title }), blocks: [{ type: 'section', text: t.rich('discord.form.pressAgain', { title: form.title }) }] });
  }

  private async replyWithOpenButton(t: Translator, form: Form, formKey: string): Promise<void> {
    const message: Message = {
      summary: t.text('discord.form.intro', { title: form.title }),
      blocks: [{ type: 'section', text: t.rich('discord.form.intro', { title: form.title }) }],
    };
    const rendered = await this.deps.adapter.renderForSending(message, 1);
    const payload: DiscordPayload = {
      ...rendered.payloads[0]!,
      components: [{ type: 1, components: [{ type: 2, style: 1, label: t.text('discord.form.open'), custom_id: openFormCustomId(formKey) }] }],
    };
    if (!this.acknowledged) await this.callback({ type: Callback.Reply, data: { ...payload, flags: EPHEMERAL } });
    else if (this.placeholder) {
      await this.editOriginal(payload, []);
      this.placeholder = false;
    } else await this.followUp(payload, []);
  }

  private async doneMessage(): Promise<Message> {
    const t = await this.deps.translator();
    return { summary: t.text('discord.done'), blocks: [{ type: 'section', text: t.rich('discord.done') }] };
  }

  private async callback(body: { type: Callback; data?: object }, files: DiscordFile[] = []): Promise<void> {
    await classified(() =>
      this.deps.interactionRest.post(Routes.interactionCallback(this.info.id, this.info.token), { body, auth: false, ...(files.length > 0 ? { files } : {}) }),
    );
    this.acknowledged = true;
  }

  private editOriginal(payload: DiscordPayload, files: DiscordFile[]): Promise<unknown> {
    return classified(() =>
      this.deps.interactionRest.patch(Routes.webhookMessage(this.info.applicationId, this.info.token, '@original'), {
        body: payload,
        auth: false,
        ...(files.length > 0 ? { files } : {}),
      }),
    );
  }

  private followUp(payload: DiscordPayload, files: DiscordFile[]): Promise<unknown> {
    return classified(() =>
      this.deps.interactionRest.post(Routes.webhook(this.info.applicationId, this.info.token), {
        body: { ...payload, flags: EPHEMERAL },
        auth: false,
        ...(files.length > 0 ? { files } : {}),
      }),
    );
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.chain.then(op);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
