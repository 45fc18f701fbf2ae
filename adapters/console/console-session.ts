// One console chat: reads lines (typed, piped or from a script), runs meta-commands, feeds the bot.
import { randomUUID } from 'node:crypto';
import type { Bot } from '../../src/core/bot.ts';
import type { MessageRef } from '../../src/core/chat-adapter.ts';
import type { Clock } from '../../src/core/clock.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { Conversation, MentionedUser } from '../../src/core/events.ts';
import type { PromptKey, PromptVars, Translator } from '../../src/core/i18n.ts';
import type { Form } from '../../src/core/message.ts';
import { cleanOneLine, truncate } from '../../src/core/sanitize.ts';
import { DateTime } from 'luxon';
import { parseClockTarget } from './clock-command.ts';
import { CONSOLE_PLATFORM } from './console-adapter.ts';
import type { ConsoleAdapter } from './console-adapter.ts';
import type { RenderStyle } from './console-renderer.ts';
import { renderInline } from './console-renderer.ts';
import type { ConsoleUser, ConsoleUsers } from './console-users.ts';
import { CONSOLE_BOT, isBotName, isGroupMention } from './console-users.ts';

export const DEFAULT_CHANNEL = 'leernetwerk';
// "@liso-bot wat doet een procesbegeleider?" in a channel is a question for the bot.
const BOT_MENTION = /^@liso(?:-?bot)?\b[:,]?\s*/i;
export const DEFAULT_USER = 'Anna';
// A jump of the simulated clock visits every due moment on the way; this bounds a runaway loop.
const MAX_STEPS_PER_JUMP = 10_000;

interface PendingForm {
  userId: string;
  conversation: Conversation;
  form: Form;
  values: Record<string, string>;
  index: number;
}

export interface ConsoleSessionDeps {
  bot: Bot;
  adapter: ConsoleAdapter;
  users: ConsoleUsers;
  clock: Clock;
  t: Translator;
  style: RenderStyle;
  write: (text: string) => void;
  timeZone: string;
}

export class ConsoleSession {
  private user: ConsoleUser;
  private channel = DEFAULT_CHANNEL;
  private direct = false;
  private pendingForm: PendingForm | undefined;

  private constructor(
    private readonly deps: ConsoleSessionDeps,
    user: ConsoleUser,
  ) {
    this.user = user;
  }

  /** A session acting as the default user (with the name the bot stored for them, if any). */
  static async open(deps: ConsoleSessionDeps): Promise<ConsoleSession> {
    return new ConsoleSession(deps, await deps.users.ensure(DEFAULT_USER));
  }

  welcome(): void {
    this.say('console.welcome', { user: this.user.displayName, channel: this.channel });
    if (this.deps.clock instanceof SimulatedClock) this.say('console.welcomeSimulated', { now: this.formatNow() });
  }

  prompt(): string {
    const where = this.direct ? this.deps.t.text('console.where.direct') : this.deps.t.text('console.where.channel', { channel: this.channel });
    return `${this.deps.t.text('console.prompt', { user: this.user.displayName, where })} > `;
  }

  /** Handles one input line; false when the person asked to stop. */
  async handleLine(raw: string): Promise<boolean> {
    const line = raw.trim();
    if (this.pendingForm) {
      await this.answerFormField(line);
      return true;
    }
    if (line === '' || line.startsWith('#')) return true;
    if (line.startsWith(':')) return this.meta(line);
    const command = /^\/?liso(?:\s+([\s\S]*))?$/i.exec(line);
    // In the direct conversation anything typed is for the bot; in a channel, a mention of it.
    const mention = BOT_MENTION.exec(line);
    if (!command && (this.direct || mention)) {
      await this.message(this.direct ? line : line.slice(mention![0].length));
      return true;
    }
    if (!command) {
      this.say('console.notACommand');
      return true;
    }
    const text = command[1] ?? '';
    await this.deps.bot.handle(
      {
        type: 'command',
        platform: CONSOLE_PLATFORM,
        actor: this.user,
        conversation: this.conversation(),
        text,
        mentions: await this.mentionsIn(text),
      },
      this.deps.adapter.responderFor(this.user.userId),
    );
    return true;
  }

  private async message(text: string): Promise<void> {
    const conversation = this.conversation();
    await this.deps.bot.handle(
      // The id is random: the store remembers handled ids for an hour, also across console runs.
      { type: 'message', platform: CONSOLE_PLATFORM, actor: this.user, conversation, text, mentions: await this.mentionsIn(text), eventId: randomUUID() },
      this.deps.adapter.messageResponderFor(this.user.userId, conversation),
    );
  }

  /** Opens a form for a user: the next input lines answer its fields. */
  startForm(userId: string, form: Form): void {
    this.pendingForm = { userId, conversation: this.conversation(), form, values: {}, index: 0 };
    this.say('console.formIntro', { title: form.title });
    this.askField();
  }

  private async meta(line: string): Promise<boolean> {
    const [name = '', ...rest] = line.slice(1).split(/\s+/);
    const arg = rest.join(' ');
    switch (name.toLowerCase()) {
      case 'als':
      case 'as':
        if (!arg) return this.say('console.needsName'), true;
        this.user = await this.deps.users.ensure(arg);
        this.say('console.actingAs', { user: this.user.displayName });
        return true;
      case 'kanaal':
      case 'channel':
        this.channel = cleanOneLine(arg.replace(/^#/, ''), 60) || DEFAULT_CHANNEL;
        this.direct = false;
        this.say('console.inChannel', { channel: this.channel });
        return true;
      case 'privé':
      case 'prive':
      case 'dm':
        this.direct = true;
        this.say('console.inDirect');
        return true;
      case 'knop':
      case 'button':
        await this.press(arg);
        return true;
      case 'kies':
      case 'choose':
        await this.choose(rest);
        return true;
      case 'klok':
      case 'clock':
        await this.moveClock(arg);
        return true;
      case 'wie':
      case 'whoami':
        this.say('console.whoami', {
          user: this.user.displayName,
          where: this.direct ? this.deps.t.text('console.where.direct') : `#${this.channel}`,
          now: this.formatNow(),
        });
        return true;
      case 'hulp':
      case 'help':
        this.say('console.metaHelp');
        return true;
      case 'stop':
      case 'quit':
      case 'exit':
        this.say('console.goodbye');
        return false;
      default:
        this.say('console.unknownMeta', { typed: cleanOneLine(`:${name}`, 40) });
        return true;
    }
  }

  private async press(arg: string): Promise<void> {
    const latest = this.deps.adapter.latestPressable(this.user.userId);
    if (!latest || latest.buttons.length === 0) return void this.say('console.noButtons', { user: this.user.displayName });
    const n = Number(arg);
    const button = Number.isInteger(n) ? latest.buttons[n - 1] : undefined;
    if (!button) return void this.say('console.noSuchButton', { n: truncate(arg, 10), max: latest.buttons.length });
    await this.deps.bot.handle(
      {
        type: 'action',
        platform: CONSOLE_PLATFORM,
        actor: this.user,
        conversation: conversationOf(latest.ref, this.conversation()),
        actionId: button.actionId,
        value: button.value,
        source: latest.ref,
      },
      this.deps.adapter.responderFor(this.user.userId, latest.ref),
    );
  }

  private async choose(args: string[]): Promise<void> {
    const latest = this.deps.adapter.latestPressable(this.user.userId);
    if (!latest || latest.choices.length === 0) return void this.say('console.noChoices', { user: this.user.displayName });
    // Accepts ":kies 1 2" and the "1.2" numbering the console prints.
    const [first = '', second = ''] = args.length === 1 ? (args[0] ?? '').split('.') : args;
    const choice = latest.choices[Number(first) - 1];
    const option = choice?.options[Number(second) - 1];
    if (!choice || !option) return void this.say('console.noSuchChoice');
    await this.deps.bot.handle(
      {
        type: 'action',
        platform: CONSOLE_PLATFORM,
        actor: this.user,
        conversation: conversationOf(latest.ref, this.conversation()),
        actionId: choice.actionId,
        value: option.value,
        source: latest.ref,
      },
      this.deps.adapter.responderFor(this.user.userId, latest.ref),
    );
  }

  private async moveClock(arg: string): Promise<void> {
    const clock = this.deps.clock;
    if (!(clock instanceof SimulatedClock)) return void this.say('console.clockNotSimulated');
    const target = parseClockTarget(arg, clock.now(), this.deps.timeZone);
    if (!target) return void this.say('console.clockBadValue');
    if (target < clock.now()) return void this.say('console.clockBackwards');
    for (let step = 0; step < MAX_STEPS_PER_JUMP; step++) {
      const due = await this.deps.bot.nextDue(clock.now());
      if (!due || due > target) break;
      if (due > clock.now()) clock.set(due);
      await this.deps.bot.tick(clock.now());
    }
    clock.set(target);
    await this.deps.bot.tick(clock.now());
    this.say('console.clockNow', { now: this.formatNow() });
  }

  private askField(): void {
    const pending = this.pendingForm!;
    const field = pending.form.fields[pending.index]!;
    const options = field.options?.map((o, i) => `${i + 1}. ${o.label}`).join('  ');
    this.deps.write(`  ? ${field.label}${field.required ? ' *' : ''}${options ? `  (${options})` : ''}\n`);
  }

  private async answerFormField(line: string): Promise<void> {
    const pending = this.pendingForm!;
    const field = pending.form.fields[pending.index]!;
    if (line === '' && field.required) {
      this.say('console.formRequired');
      return this.askField();
    }
    const option = field.options?.[Number(line) - 1];
    // A field's own length is the core's to hold, telling the person what it kept (a platform's form stops the typing
    // at it; a terminal cannot, and a silent cut here would hide it); other text is bounded as before.
    if (line !== '') pending.values[field.id] = option ? option.value : field.maxLength !== undefined ? line : line.slice(0, 3_000);
    pending.index += 1;
    if (pending.index < pending.form.fields.length) return this.askField();
    this.pendingForm = undefined;
    const user = this.deps.users.get(pending.userId) ?? this.user;
    await this.deps.bot.handle(
      {
        type: 'form',
        platform: CONSOLE_PLATFORM,
        actor: user,
        conversation: pending.conversation,
        formId: pending.form.formId,
        context: pending.form.context,
        values: pending.values,
      },
      this.deps.adapter.responderFor(user.userId),
    );
  }

  /**
   * `@naam` in a command names a console user (created when new); `@everyone`, `@here` and the
   * like address a group on chat platforms and stay plain text; `@liso-bot` names the bot.
   */
  private async mentionsIn(text: string): Promise<MentionedUser[]> {
    const mentions: MentionedUser[] = [];
    // Not inside a word: "info@stadhuis.nl" is an address, not a person. A dot or dash ends no name: "@Kees." ends a sentence.
    for (const match of text.matchAll(/(?<![\p{L}\p{N}_.-])@([\p{L}\p{N}_.-]*[\p{L}\p{N}_])/gu)) {
      if (isGroupMention(match[1]!)) continue;
      // The bot named as a person ("/liso rol deelnemer @liso-bot"): the core hears it is a bot and refuses it.
      if (isBotName(match[1]!)) {
        mentions.push({ token: match[0], ...CONSOLE_BOT, isBot: true });
        continue;
      }
      const user = await this.deps.users.ensure(match[1]!);
      mentions.push({ token: match[0], userId: user.userId, displayName: user.displayName });
    }
    return mentions;
  }

  private conversation(): Conversation {
    return this.direct ? { kind: 'direct', id: `dm:${this.user.userId}` } : { kind: 'channel', id: this.channel };
  }

  private formatNow(): string {
    return DateTime.fromJSDate(this.deps.clock.now(), { zone: this.deps.timeZone })
      .setLocale(this.deps.t.lang === 'nl' ? 'nl-NL' : 'en-GB')
      .toFormat('cccc d LLLL yyyy HH:mm (ZZZZ)');
  }

  private say(key: PromptKey, vars?: PromptVars): void {
    this.deps.write(`${renderInline(this.deps.t.rich(key, vars), this.deps.style)}\n`);
  }
}

/**
 * Where a pressed message is, as a platform tells it: a button on a direct message is pressed in that conversation,
 * one on a message only the presser sees (`private:`) in the conversation it was shown in, the current one.
 */
function conversationOf(ref: MessageRef, current: Conversation): Conversation {
  if (ref.conversationId.startsWith('dm:')) return { kind: 'direct', id: ref.conversationId };
  if (ref.conversationId.startsWith('private:')) return current;
  return { kind: 'channel', id: ref.conversationId };
}
