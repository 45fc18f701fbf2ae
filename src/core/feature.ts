// What a feature registers with the bot (Hubot's scripts): commands, buttons, forms, timed work.
import type { ChatAdapter, Responder } from './chat-adapter.ts';
import type { ActionEvent, Actor, CommandEvent, Conversation, CoreEvent, FormEvent, LeftEvent, MentionedUser, MessageEvent } from './events.ts';
import type { Lang, PromptKey, Translator } from './i18n.ts';
import type { Logger } from './logger.ts';
import type { Block, Message } from './message.ts';

/** Everything a handler gets for one incoming event. */
export interface InvocationContext<E extends CoreEvent = CoreEvent> {
  event: E;
  platform: string;
  actor: Actor;
  conversation: Conversation;
  /** The actor's language. */
  lang: Lang;
  t: Translator;
  /** Prompts in another language (a reply in the language of a question). */
  translator(lang: Lang): Translator;
  /**
   * Names the time zone of the network this event concerns: the example dates in every text made
   * from then on for this event (`t`, `translator`, a UserError's answer) are computed in it.
   * Until called they use the default time zone.
   */
  setTimeZone(timeZone: string): void;
  now: Date;
  log: Logger;
  /** Answers the actor privately. */
  reply(message: Message): Promise<void>;
  /**
   * `reply` is read by everyone in the channel (a question asked by mentioning the bot there):
   * what is for the actor alone (their own answers, what only the leads see) stays out of it.
   */
  repliesVisibly?: boolean;
  /**
   * Answers the actor alone (ephemeral where the platform has it, else a DM) when `reply` is read by the channel:
   * what a visible answer leaves out (the question as asked, whether to keep it). Set with `repliesVisibly`.
   */
  replyPrivately?(message: Message): Promise<void>;
  responder: Responder;
  /** The adapter of the platform the event came from, for messages to others. */
  adapter: ChatAdapter;
  /**
   * Runs `typed` as if the actor had typed it after `/liso` here, about `scope` (see
   * `CommandContext.scope`): a button that finishes a command the actor gave.
   */
  runCommand(typed: string, scope?: string): Promise<void>;
}

export interface CommandContext extends InvocationContext<CommandEvent> {
  /** The subcommand as typed (lower case); empty for a bare `/liso`. */
  subcommand: string;
  /** Whitespace-separated words after the subcommand. */
  args: string[];
  /** Everything after the subcommand, as typed (cleaned). */
  rest: string;
  /**
   * Characters typed past what the core reads of a command (`MAX_COMMAND_LENGTH`); 0 or absent when it was read
   * whole. A value that runs to the command's end (a name, a place, a win) is this much longer than it reads:
   * `typedLength` says how long it was typed.
   */
  unread?: number;
  /** The person a word names, when the adapter resolved it as a mention. */
  mentionFor(word: string): MentionedUser | undefined;
  /**
   * What the command is about when the conversation does not tell (the network a direct message
   * names, or a button chose): set by a feature's `scopeCommand` or by `runCommand`.
   */
  scope?: string;
  /** The command takes its words as typed (`CommandSpec.keepsWords`): a network's name cannot be added to them. */
  wordsKept?: boolean;
  /**
   * The bot runs it to introduce itself on a first direct message (the menu): the person chose
   * nothing, so a question the bot asked them last is still open.
   */
  introduction?: boolean;
}

/** A button or menu option of a message the bot answered with, as a person could press it. */
export interface Offer {
  actionId: string;
  value: string;
  label: string;
}

/**
 * A free message (a direct message, or a mention in a channel) that is not a command word.
 * `reply` answers in the conversation: visibly (in a thread, as a reply) for a mention in a
 * channel, in the direct conversation otherwise.
 */
export interface MessageContext extends InvocationContext<MessageEvent> {
  /** The message text, cleaned and capped; never empty. */
  text: string;
  /**
   * The buttons and menu options of the bot's latest answer to this person in this conversation
   * (from the last hour) that features declared as `typedChoices`, in the order shown; empty when
   * there is none.
   */
  offers: readonly Offer[];
  /** Presses an offered button or option on the person's behalf; its answer goes to `reply`. */
  press(offer: Offer): Promise<void>;
  /**
   * Offers `question` to the command fallbacks (the handbook advice), answering in `reply`;
   * false when none took it. Searched once per message however often it is called.
   */
  ask(question: string): Promise<boolean>;
}

export interface CommandSpec {
  /** Dutch name, as typed after /liso. */
  name: string;
  /** Other names (English, shorthand). */
  aliases?: string[];
  /** The name English readers see in help (one of the aliases); absent when the Dutch name is English too. */
  english?: string;
  /** Examples for `/liso help <command>`, beyond what the usage shows. */
  examples?: PromptKey;
  /** One line for /liso help. */
  summary: PromptKey;
  /** Usage line(s) shown with errors and in help. */
  usage: PromptKey;
  /**
   * Words that only mean something after this command's name ("export" of `successen export`): typed right after
   * `/liso`, alone or followed by a date, they get "Bedoelde je /liso successen export?" instead of a handbook answer.
   */
  subcommands?: ReadonlySet<string>;
  /**
   * Words that, typed first and followed by a person ("/liso deelnemer @Sanne"), mean this command with
   * them ("/liso rol deelnemer @Sanne"): run as such. Followed by anything else they are left to the handbook.
   */
  leadWords?: ReadonlySet<string>;
  /** Used by the trekker and procesbegeleider above all: `/liso help` lists it under their own heading, after the rest. */
  forLeads?: boolean;
  /**
   * Typed as someone's first direct message, it is answered before the bot introduces itself, and the introduction
   * follows in the language the person reads after it: "English please" chooses English, so nothing Dutch comes first.
   */
  answersBeforeIntroduction?: boolean;
  /**
   * Takes its words as typed (a question, a win, a place): no feature's `scopeCommand` reads a
   * scope out of them. A function decides by the words (`netwerk naam <new name>` keeps them,
   * `netwerk <name>` does not).
   */
  keepsWords?: boolean | ((args: readonly string[]) => boolean);
  run(ctx: CommandContext): Promise<void>;
}

export interface ActionSpec {
  /** Handles every button or choice whose action id starts with this prefix. */
  prefix: string;
  /**
   * Presses that must leave no trace of when, how often or by whom they came (a pulse answer):
   * the core writes no dedupe claim and no "last seen" for them, so the handler must take a
   * repeated press (a retry, a second replica) as the same press.
   */
  traceless?(actionId: string): boolean;
  run(ctx: InvocationContext<ActionEvent>): Promise<void>;
}

export interface FormSpec {
  formId: string;
  /** As `ActionSpec.traceless`, for every submission of this form. */
  traceless?: boolean;
  run(ctx: InvocationContext<FormEvent>): Promise<void>;
}

export interface Feature {
  name: string;
  commands?: CommandSpec[];
  actions?: ActionSpec[];
  forms?: FormSpec[];
  /**
   * Handles a command no feature registered (free text such as a question). Returns false to
   * let the next fallback or the bot's "unknown command" answer take it.
   */
  fallback?(ctx: CommandContext): Promise<boolean>;
  /**
   * Action id prefixes of buttons a person may also choose by typing ("meer tips", a number):
   * of the bot's answers the core remembers only these options, for `MessageContext.offers`,
   * so no other button value (a ballot token, a confirmation nonce) is kept next to a person.
   */
  typedChoices?: string[];
  /**
   * Handles a free message before it is taken as a question for the command fallbacks:
   * follow-ups such as "meer tips" or a number that picks an offered topic. Returns false to let
   * the next feature, and then the fallbacks, take it.
   */
  onMessage?(ctx: MessageContext): Promise<boolean>;
  /**
   * Reads what a registered command is about out of its words before it runs (a network's name
   * in a direct message): returns the context with `scope` set and those words taken out, or the
   * context as it was.
   */
  scopeCommand?(ctx: CommandContext, spec: CommandSpec): Promise<CommandContext>;
  /** Someone left a channel (a `LeftEvent`); there is nobody to answer. */
  onLeft?(ctx: InvocationContext<LeftEvent>): Promise<void>;
  /** Timed work, called on every scheduler tick with the current instant. */
  tick?(now: Date): Promise<void>;
  /**
   * The earliest instant after `now` at which tick has work, if known. Lets a simulated clock
   * jump from one due moment to the next instead of ticking every minute.
   */
  nextDue?(now: Date): Promise<Date | undefined>;
  /**
   * What this feature stores about a person, for `/liso mijn-gegevens`. Anonymous aggregates
   * that cannot be traced back to the person are not personal data and are not listed.
   */
  personalData?(person: PersonRef, t: Translator): Promise<PersonalDataSection[]>;
  /**
   * Blocks for a person's home view (Slack's App Home; `/liso` overviews elsewhere): their
   * networks, next session, open tasks, latest pulse they may see, recent wins. Each feature
   * contributes its own part; an empty array when it has nothing for this person.
   */
  homeBlocks?(person: PersonRef, t: Translator): Promise<Block[]>;
  /** Erases what this feature stores about a person (`/liso vergeet-mij`). */
  forgetPerson?(person: PersonRef): Promise<void>;
  /**
   * Erases what this feature stores about a network whose retention window after its close has
   * passed. Runs again after a crash, so it must be safe to repeat: remove the records an index
   * names before the index itself.
   */
  forgetNetwork?(network: NetworkRef, erasure: NetworkErasure): Promise<void>;
}

export interface PersonRef {
  platform: string;
  userId: string;
}

/** A network being deleted. */
export interface NetworkRef {
  id: string;
  platform: string;
  channelId: string;
  /** Its sessions, any state. */
  sessionIds: readonly string[];
}

/** What a feature gets to delete a network's traces beyond its own keys. */
export interface NetworkErasure {
  /** Everyone who held a role in the network when its deletion began. */
  members: readonly string[];
  /** Removes Delivery records (messages about the network, their text and recipients) outright. */
  eraseDeliveries(keys: readonly string[]): Promise<void>;
  /** Removes the Delivery records to or naming a member whose key contains one of `ids` (a session, a pulse). */
  eraseDeliveriesNaming(ids: readonly string[]): Promise<void>;
}

/** One heading with lines of plain text, shown to the person it is about. */
export interface PersonalDataSection {
  title: string;
  lines: string[];
}
