// The robot core: one door for every adapter's events, routing to features, shared safety.
import type { Clock } from './clock.ts';
import type { ChatAdapter, Responder } from './chat-adapter.ts';
import type { CommandEvent, CoreEvent } from './events.ts';
import type { CommandContext, CommandSpec, Feature, InvocationContext } from './feature.ts';
import type { Lang } from './i18n.ts';
import type { Logger } from './logger.ts';
import type { Block, Message } from './message.ts';
import type { PromptCatalog } from './prompt-files.ts';
import { cleanUserText } from './sanitize.ts';
import { UserError } from './user-error.ts';
import { errorMessage, unknownCommandMessage } from './standard-messages.ts';
import type { Store } from '../store/port.ts';
import { StoreUnavailableError } from '../store/port.ts';
import type { People } from '../domain/people.ts';
import { keys } from '../domain/keys.ts';

/** Longest command text the core reads; longer input is cut, never rejected with a crash. */
export const MAX_COMMAND_LENGTH = 4_000;
// Platforms retry deliveries for minutes; an hour covers every documented retry window.
const EVENT_DEDUPE_MS = 60 * 60 * 1000;

export interface BotDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  prompts: PromptCatalog;
  people: People;
  defaultLang: Lang;
}

export class Bot {
  private readonly featureList: Feature[] = [];
  private readonly commandIndex = new Map<string, CommandSpec>();
  private readonly adapters = new Map<string, ChatAdapter>();

  constructor(private readonly deps: BotDeps) {}

  /** Registers a feature; a command name or alias used twice is a programming error. */
  use(feature: Feature): this {
    for (const command of feature.commands ?? []) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (this.commandIndex.has(name)) throw new Error(`command "${name}" registered twice (${feature.name})`);
        this.commandIndex.set(name, command);
      }
    }
    this.featureList.push(feature);
    return this;
  }

  /** Connects a platform adapter, so features can reach people on that platform. */
  attach(adapter: ChatAdapter): this {
    this.adapters.set(adapter.platform, adapter);
    return this;
  }

  adapter(platform: string): ChatAdapter | undefined {
    return this.adapters.get(platform);
  }

  /** Registered features, in registration order (privacy and home views ask each of them). */
  features(): readonly Feature[] {
    return this.featureList;
  }

  /** Registered commands, in registration order, each once. */
  commands(): CommandSpec[] {
    return [...new Set(this.commandIndex.values())];
  }

  /** The language a person reads in. */
  async langOf(platform: string, userId: string): Promise<Lang> {
    return (await this.deps.people.get(platform, userId))?.lang ?? this.deps.defaultLang;
  }

  /**
   * A person's home view, assembled from every feature's part in registration order. A failing
   * feature is logged and left out, so one bug never blanks the whole view.
   */
  async home(platform: string, userId: string): Promise<Message> {
    const lang = await this.langOf(platform, userId);
    const t = this.deps.prompts.translator(lang);
    const blocks: Block[] = [{ type: 'heading', text: t.text('home.title') }];
    for (const feature of this.featureList) {
      if (!feature.homeBlocks) continue;
      try {
        const part = await feature.homeBlocks({ platform, userId }, t);
        if (part.length > 0) blocks.push(...part);
      } catch (error) {
        this.deps.log.error({ err: error, feature: feature.name }, 'home view part failed');
      }
    }
    if (blocks.length === 1) blocks.push({ type: 'section', text: t.rich('home.empty') });
    return { summary: t.text('home.title'), blocks };
  }

  /**
   * The single entry point for adapters. Never throws: user errors are answered in the user's
   * language, anything else is logged and answered with a generic apology.
   */
  async handle(event: CoreEvent, responder: Responder): Promise<void> {
    const adapter = this.adapters.get(event.platform);
    if (!adapter) throw new Error(`no adapter attached for platform ${event.platform}`);
    const log = this.deps.log.child({ platform: event.platform, event: event.type, user: event.actor.userId });
    let lang = this.deps.defaultLang;
    try {
      if (event.eventId && !(await this.deps.store.claim(keys.processedEvent(event.platform, event.eventId), 1, EVENT_DEDUPE_MS))) {
        log.info({ eventId: event.eventId }, 'duplicate event dropped');
        return;
      }
      const person = await this.deps.people.touch(event.platform, event.actor);
      lang = person.lang ?? this.deps.defaultLang;
      const ctx = this.context(event, responder, adapter, lang, log);
      switch (event.type) {
        case 'command':
          await this.route(ctx as InvocationContext<CommandEvent>);
          break;
        case 'action': {
          const spec = this.featureList.flatMap((f) => f.actions ?? []).find((a) => event.actionId.startsWith(a.prefix));
          if (!spec) throw new UserError('error.staleButton');
          await spec.run(ctx as InvocationContext<typeof event>);
          break;
        }
        case 'form': {
          const spec = this.featureList.flatMap((f) => f.forms ?? []).find((f) => f.formId === event.formId);
          if (!spec) throw new UserError('error.staleButton');
          await spec.run(ctx as InvocationContext<typeof event>);
          break;
        }
      }
    } catch (error) {
      const t = this.deps.prompts.translator(lang);
      if (error instanceof UserError) {
        await safeReply(responder, errorMessage(t.rich(error.key, error.vars), t.text(error.key, error.vars)), log);
        return;
      }
      // The outage itself is logged once by the store's watcher; the person is asked to retry.
      if (error instanceof StoreUnavailableError) {
        log.info('event not handled: store unreachable');
        await safeReply(responder, errorMessage(t.rich('error.storeUnavailable'), t.text('error.storeUnavailable')), log);
        return;
      }
      log.error({ err: error }, 'handler failed');
      await safeReply(responder, errorMessage(t.rich('error.unexpected'), t.text('error.unexpected')), log);
    }
  }

  /** Runs every feature's timed work; one failing feature does not stop the others. */
  async tick(now: Date = this.deps.clock.now()): Promise<void> {
    await this.eachFeature((feature) => feature.tick?.(now), 'tick failed');
  }

  /** Every feature's reading ahead for coming ticks; one failing feature does not stop the others. */
  async readAhead(now: Date = this.deps.clock.now()): Promise<void> {
    await this.eachFeature((feature) => feature.readAhead?.(now), 'reading ahead failed');
  }

  private async eachFeature(work: (feature: Feature) => Promise<void> | undefined, failure: string): Promise<void> {
    for (const feature of this.featureList) {
      try {
        await work(feature);
      } catch (error) {
        // During a store outage every feature fails alike; the watcher has logged the outage.
        if (error instanceof StoreUnavailableError) this.deps.log.debug({ feature: feature.name }, `${failure}: store unreachable`);
        else this.deps.log.error({ err: error, feature: feature.name }, failure);
      }
    }
  }

  /** The earliest instant after `now` at which any feature has timed work. */
  async nextDue(now: Date): Promise<Date | undefined> {
    let earliest: Date | undefined;
    for (const feature of this.featureList) {
      const due = await feature.nextDue?.(now);
      if (due && (!earliest || due < earliest)) earliest = due;
    }
    return earliest;
  }

  private context(event: CoreEvent, responder: Responder, adapter: ChatAdapter, lang: Lang, log: Logger): InvocationContext {
    const t = this.deps.prompts.translator(lang);
    return {
      event,
      platform: event.platform,
      actor: event.actor,
      conversation: event.conversation,
      lang,
      t,
      translator: (other) => this.deps.prompts.translator(other),
      now: this.deps.clock.now(),
      log,
      reply: (message: Message) => responder.reply(message),
      responder,
      adapter,
    };
  }

  private async route(base: InvocationContext<CommandEvent>): Promise<void> {
    const text = cleanUserText(base.event.text, MAX_COMMAND_LENGTH);
    const [first = '', ...restWords] = text.split(/\s+/).filter((w) => w.length > 0);
    const subcommand = first.toLowerCase().replace(/^\//, '');
    const ctx: CommandContext = {
      ...base,
      subcommand,
      args: restWords,
      rest: text.slice(text.indexOf(first) + first.length).trim(),
      mentionFor: (word) => base.event.mentions.find((m) => m.token === word),
    };
    const command = this.commandIndex.get(subcommand) ?? (subcommand === '' ? this.commandIndex.get('help') : undefined);
    if (command) {
      await command.run(ctx);
      return;
    }
    for (const feature of this.featureList) {
      if (feature.fallback && (await feature.fallback(ctx))) return;
    }
    await ctx.reply(unknownCommandMessage(ctx.t, subcommand, this.commands()));
  }
}

async function safeReply(responder: Responder, message: Message, log: Logger): Promise<void> {
  try {
    await responder.reply(message);
  } catch (error) {
    log.error({ err: error }, 'could not answer the user');
  }
}
