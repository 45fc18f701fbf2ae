// Routes to what features registered: commands by name or alias, free text to the fallbacks,
// buttons by action id prefix, forms by form id.
import type { ActionEvent, CommandEvent, CoreEvent, FormEvent, LeftEvent } from './events.ts';
import type { ActionSpec, CommandContext, CommandSpec, Feature, FormSpec, InvocationContext } from './feature.ts';
import { consentOf, isAcknowledgement, isThanks, phraseCommandOf } from './conversation-words.ts';
import { commandWord } from './command-words.ts';
import { smallTalkOf } from './message-routing.ts';
import { readUserText, truncate } from './sanitize.ts';
import { closestCommand, introMessage, shownName, textMessage, unknownCommandMessage } from './standard-messages.ts';
import { UserError } from './user-error.ts';

/** Longest command text the core reads; longer input is cut, never rejected with a crash. */
export const MAX_COMMAND_LENGTH = 4_000;
/** A suggestion repeats what was typed after the command word up to this length. */
const MAX_SUGGESTION_CHARS = 80;
/** Shorter words before a date are no command typos ("/liso 4 4 3", "/liso na 3 sessies …"). */
const MIN_TYPO_LENGTH = 3;
// The core's buttons carry at most 60 characters (message.ts) and its forms a short context: a press
// or form beyond these limits was never made by the bot, and is refused before any feature looks its
// value up in the store.
const MAX_ACTION_ID = 100;
const MAX_ACTION_VALUE = 200;
const MAX_FORM_CONTEXT = 400;

export class Router {
  readonly features: Feature[] = [];
  private readonly commandIndex = new Map<string, CommandSpec>();

  /** Registers a feature; a command name or alias used twice is a programming error. */
  use(feature: Feature): void {
    for (const command of feature.commands ?? []) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (this.commandIndex.has(name)) throw new Error(`command "${name}" registered twice (${feature.name})`);
        this.commandIndex.set(name, command);
      }
    }
    this.features.push(feature);
  }

  /** Registered commands, in registration order, each once. */
  commands(): CommandSpec[] {
    return [...new Set(this.commandIndex.values())];
  }

  /** Every name and alias a command can be called by (not the bare `/liso`). */
  commandNames(): string[] {
    return [...this.commandIndex.keys()].filter((name) => name !== '');
  }

  /** Whether a button may be chosen by typing (a feature declared it in `typedChoices`). */
  isTypedChoice(actionId: string): boolean {
    return this.features.some((feature) => feature.typedChoices?.some((prefix) => actionId.startsWith(prefix)));
  }

  /** Whether `typed` (as after `/liso`) is a command answered before a first introduction (`CommandSpec.answersBeforeIntroduction`). */
  answersBeforeIntroduction(typed: string): boolean {
    const first = typed.split(/\s+/)[0] ?? '';
    return this.commandIndex.get(commandWord(first))?.answersBeforeIntroduction === true;
  }

  /** Whether `word` (lower case) names a command. */
  isCommand(word: string): boolean {
    return word !== '' && this.commandIndex.has(word);
  }

  /**
   * A command context for `typed` as typed after `/liso`, from a command or any other event. `unread`: characters
   * already left unread before `typed` (a long direct message); a command context as base passes on its own.
   */
  commandContext(base: InvocationContext, typed: string, unread = 'unread' in base && typeof base.unread === 'number' ? base.unread : 0): CommandContext {
    const read = readUserText(typed, MAX_COMMAND_LENGTH);
    const text = read.text;
    const [first = '', ...restWords] = text.split(/\s+/).filter((w) => w.length > 0);
    // "/liso help." and "/liso netwerk?" name their command; "/liso ?" stays the "?" it is.
    const subcommand = commandWord(first) || first.toLowerCase().replace(/^\//, '');
    const from = base.event;
    // Features read the event's text too (small talk, session questions): it is the cleaned, capped text.
    const event: CommandEvent =
      from.type === 'command'
        ? { ...from, text }
        : {
            type: 'command',
            platform: from.platform,
            actor: from.actor,
            conversation: from.conversation,
            text,
            mentions: from.type === 'message' ? from.mentions : [],
            ...(from.eventId ? { eventId: from.eventId } : {}),
          };
    return {
      ...base,
      event,
      subcommand,
      args: restWords,
      rest: text.slice(text.indexOf(first) + first.length).trim(),
      ...(read.unread + unread > 0 ? { unread: read.unread + unread } : {}),
      mentionFor: (word) => event.mentions.find((m) => m.token === word),
    };
  }

  /** The named command; else the fallbacks (a question); else "unknown command". */
  async runCommand(ctx: CommandContext): Promise<void> {
    const command = this.commandIndex.get(ctx.subcommand) ?? (ctx.subcommand === '' ? this.commandIndex.get('help') : undefined);
    if (command) {
      const kept = typeof command.keepsWords === 'function' ? command.keepsWords(ctx.args) : command.keepsWords === true;
      let scoped: CommandContext = kept ? { ...ctx, wordsKept: true } : ctx;
      for (const feature of this.features) if (scoped.scope === undefined && feature.scopeCommand) scoped = await feature.scopeCommand(scoped, command);
      await command.run(scoped);
      return;
    }
    // "/liso mijn gegevens" is "/liso mijn-gegevens": a two-word command typed with a space.
    const joined = ctx.args[0] === undefined ? undefined : `${ctx.subcommand}-${commandWord(ctx.args[0])}`;
    if (joined !== undefined && this.commandIndex.has(joined)) {
      await this.runCommand(this.commandContext(ctx, [joined, ...ctx.args.slice(1)].join(' ')));
      return;
    }
    const meant = this.meantCommand(ctx);
    if (meant !== undefined && 'run' in meant) {
      await this.runCommand(this.commandContext(ctx, meant.run));
      return;
    }
    if (meant !== undefined) {
      await ctx.reply(unknownCommandMessage(ctx.t, ctx.subcommand, [], meant.suggest));
      return;
    }
    if (await this.answerSmallTalk(ctx)) return;
    if (await this.askFallbacks(ctx)) return;
    await ctx.reply(unknownCommandMessage(ctx.t, ctx.subcommand, this.commands()));
  }

  /** Whether `typed` (free text in a conversation) is a command typed a little off, which `runCommand` runs or answers with its right form. */
  isMistypedCommand(base: InvocationContext, typed: string): boolean {
    return this.meantCommand(this.commandContext(base, typed)) !== undefined;
  }

  /**
   * A command typed a little off, which is no question for the handbook: a lead word before a person runs its
   * command ("/liso deelnemer @Sanne"); a command word out of place ("/liso verplaats sessie 11-3 18-3" is
   * `sessie verplaats 11-3 18-3`) or a letter off ("/liso sesie 25 maart 14:00") before a date gets the right
   * form suggested. Undefined for anything else.
   */
  private meantCommand(ctx: CommandContext): { run: string } | { suggest: string } | undefined {
    // "/liso deelnemer @Sanne": a lead word followed by a person is the command it leads to.
    const led = namesPerson(ctx, ctx.args[0]) ? this.commands().find((spec) => spec.leadWords?.has(ctx.subcommand)) : undefined;
    if (led) return { run: [led.name, ctx.subcommand, ...ctx.args].join(' ') };
    const owner = this.commands().find((spec) => spec.subcommands?.has(ctx.subcommand));
    const namesOwner = owner !== undefined && this.commandIndex.get(ctx.args[0]?.toLowerCase() ?? '') === owner;
    if (owner && (looksLikeSubcommand(ctx) || namesOwner)) return { suggest: withWords(`${shownName(owner, ctx.t.lang)} ${ctx.subcommand}`, namesOwner ? ctx.args.slice(1) : ctx.args) };
    // A word, not the "4" of typed scores, which is one letter from "?".
    const typo = startsWithDate(ctx) && ctx.subcommand.length >= MIN_TYPO_LENGTH ? closestCommand(ctx.subcommand, this.commandNames()) : undefined;
    return typo === undefined ? undefined : { suggest: withWords(typo, ctx.args) };
  }

  /**
   * "/liso bedankt" is thanked, "/liso stop" told how to leave, "/liso wat weet je over mij?" runs the command that
   * answers it, "/liso hoi" and "/liso wat kun je?" get the introduction and the menu.
   */
  private async answerSmallTalk(ctx: CommandContext): Promise<boolean> {
    const command = phraseCommandOf(ctx.event.text);
    if (command !== undefined) {
      await this.runCommand(this.commandContext(ctx, command));
      return true;
    }
    // "/liso ok" is a nod; "/liso ja" answers a confirmation ("netwerk afsluiten?") that only its buttons answer.
    if (isAcknowledgement(ctx.event.text) && !isThanks(ctx.event.text)) {
      await ctx.reply(textMessage(ctx.t, 'conversation.acknowledged'));
      return true;
    }
    if (consentOf(ctx.event.text) !== undefined) {
      await ctx.reply(textMessage(ctx.t, 'conversation.typedYesNo'));
      return true;
    }
    const smallTalk = smallTalkOf(ctx.event.text);
    if (smallTalk === undefined) return false;
    if (smallTalk === 'thanks' || smallTalk === 'leaving') {
      await ctx.reply(textMessage(ctx.t, smallTalk === 'thanks' ? 'conversation.thanks' : 'conversation.leaving'));
      return true;
    }
    await ctx.reply(introMessage(ctx.t, ctx.actor, true));
    await this.runCommand(this.commandContext(ctx, ''));
    return true;
  }

  /** Offers free text to the features' fallbacks (the handbook advice); true when one took it. */
  async askFallbacks(ctx: CommandContext): Promise<boolean> {
    for (const feature of this.features) {
      if (feature.fallback && (await feature.fallback(ctx))) return true;
    }
    return false;
  }

  async runAction(ctx: InvocationContext<ActionEvent>): Promise<void> {
    const { actionId, value } = ctx.event;
    const spec = actionId.length <= MAX_ACTION_ID && value.length <= MAX_ACTION_VALUE ? this.actionSpec(actionId) : undefined;
    if (!spec) throw new UserError('error.staleButton');
    await spec.run(ctx);
  }

  /** Tells every feature that listens that someone left a channel. */
  async runLeft(ctx: InvocationContext<LeftEvent>): Promise<void> {
    for (const feature of this.features) await feature.onLeft?.(ctx);
  }

  async runForm(ctx: InvocationContext<FormEvent>): Promise<void> {
    const spec = ctx.event.context.length <= MAX_FORM_CONTEXT ? this.formSpec(ctx.event.formId) : undefined;
    if (!spec) throw new UserError('error.staleButton');
    await spec.run(ctx);
  }

  /** Whether the event's handler asks that it leave no trace in the store (`ActionSpec.traceless`). */
  isTraceless(event: CoreEvent): boolean {
    if (event.type === 'action') return this.actionSpec(event.actionId)?.traceless?.(event.actionId) === true;
    if (event.type === 'form') return this.formSpec(event.formId)?.traceless === true;
    return false;
  }

  private actionSpec(actionId: string): ActionSpec | undefined {
    return this.features.flatMap((f) => f.actions ?? []).find((a) => actionId.startsWith(a.prefix));
  }

  private formSpec(formId: string): FormSpec | undefined {
    return this.features.flatMap((f) => f.forms ?? []).find((f) => f.formId === formId);
  }
}

/** Whether a word is a person, also as the first of a list ("@Fatima," in "@Fatima, @Tom en @Bram"). */
function namesPerson(ctx: CommandContext, word: string | undefined): boolean {
  return word !== undefined && (ctx.mentionFor(word) ?? ctx.mentionFor(word.replace(/[,;:.!?]+$/u, ''))) !== undefined;
}

/**
 * "/liso export" or "/liso verplaats 11-3 18-3": a command's word alone or followed by a date. "/liso verzet tegen
 * verandering, hoe ga je daarmee om?" and "/liso afzeggen op het laatste moment …" are questions for the handbook.
 */
function looksLikeSubcommand(ctx: CommandContext): boolean {
  return ctx.args.length === 0 || startsWithDate(ctx);
}

function startsWithDate(ctx: CommandContext): boolean {
  return /^\d/.test(ctx.args[0] ?? '');
}

/** A suggested command with the words that followed it, short enough to read in one line. */
function withWords(command: string, words: readonly string[]): string {
  return truncate([command, ...words].join(' '), MAX_SUGGESTION_CHARS);
}
