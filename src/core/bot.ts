// The robot core: one door for every adapter's events, routing to features, shared safety.
import type { Clock } from './clock.ts';
import type { ChatAdapter, Responder } from './chat-adapter.ts';
import { Conversations } from './conversation.ts';
import { ParkedLeaves } from './parked-leaves.ts';
import { ConversationMemory } from './conversation-memory.ts';
import { answeringDirectly } from './direct-answers.ts';
import type { ActionEvent, CoreEvent, FormEvent, LeftEvent, MessageEvent } from './events.ts';
import type { CommandSpec, Feature, InvocationContext } from './feature.ts';
import type { Lang } from './i18n.ts';
import type { Logger } from './logger.ts';
import type { Block, Message } from './message.ts';
import type { PromptCatalog } from './prompt-files.ts';
import type { RateDecision, RateLimit } from './rate-limiter.ts';
import { RateLimiter } from './rate-limiter.ts';
import { Router } from './router.ts';
import { UserError } from './user-error.ts';
import { errorMessage, textMessage } from './standard-messages.ts';
import { withCleanNames } from './event-names.ts';
import type { Store } from '../store/port.ts';
import { StoreHistoryKeptError, StoreUnavailableError } from '../store/port.ts';
import type { People } from '../domain/people.ts';
import { keys } from '../domain/keys.ts';

export { MAX_COMMAND_LENGTH } from './router.ts';
// Platforms retry deliveries for minutes; an hour covers every documented retry window.
const EVENT_DEDUPE_MS = 60 * 60 * 1000;

export interface BotDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  prompts: PromptCatalog;
  people: People;
  defaultLang: Lang;
  /** Per-person limit on inbound events of every kind; absent means no limit (the console). */
  rateLimit?: RateLimit;
}

export class Bot {
  private readonly router = new Router();
  private readonly adapters = new Map<string, ChatAdapter>();
  private readonly limiter: RateLimiter | undefined;
  private readonly conversations: Conversations;
  private readonly parkedLeaves: ParkedLeaves;

  constructor(private readonly deps: BotDeps) {
    this.parkedLeaves = new ParkedLeaves(deps.clock);
    this.limiter = deps.rateLimit ? new RateLimiter(deps.rateLimit, deps.clock) : undefined;
    this.conversations = new Conversations(this.router, new ConversationMemory(deps.store), (platform, userId) => this.langOf(platform, userId));
  }

  /** Registers a feature; a command name or alias used twice is a programming error. */
  use(feature: Feature): this {
    this.router.use(feature);
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
    return this.router.features;
  }

  /** Registered commands, in registration order, each once. */
  commands(): CommandSpec[] {
    return this.router.commands();
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
    for (const feature of this.router.features) {
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
   * Counts one inbound event that does not go through `handle` against the person's rate limit
   * (Slack's home tab being opened, an answer an adapter gives by itself while the store is
   * unreachable), so it cannot be used to flood the bot either. False when they are over it: the
   * adapter then does nothing for the event.
   */
  /** Whether an event must leave no trace in the store (`ActionSpec.traceless`): adapters skip their own claims for it too. */
  isTraceless(event: CoreEvent): boolean {
    return this.router.isTraceless(event);
  }

  allows(platform: string, userId: string): boolean {
    return this.limiter?.take(`${platform}:${userId}`).allowed ?? true;
  }

  /**
   * The single entry point for adapters. Never throws: user errors are answered in the user's
   * language, anything else is logged and answered with a generic apology.
   */
  async handle(event: CoreEvent, platformResponder: Responder): Promise<void> {
    const adapter = this.adapters.get(event.platform);
    if (!adapter) throw new Error(`no adapter attached for platform ${event.platform}`);
    const responder = answeringDirectly(event, platformResponder, adapter, (actionId) => this.router.isTypedChoice(actionId));
    const log = this.deps.log.child({ platform: event.platform, event: event.type, user: event.actor.userId });
    let lang = this.deps.defaultLang;
    // The time zone of the network the event turns out to concern (example dates in answers, also in an error's).
    const about: ZoneHolder = {};
    // Counted before the dedupe claim: every replica that sees an event counts it, so
    // replicas that all receive a platform's events (Discord's gateway) decide alike.
    const rate = this.limiter?.take(rateKeyOf(event));
    // A traceless press (a pulse answer) writes no claim and no "last seen": their times and
    // number, next to who was active then, would tell whose ballot is whose.
    const traceless = this.router.isTraceless(event);
    // What an answer offers (an error's buttons too: the networks to choose from) may be chosen by typing.
    const remembering = this.conversations.remembering(event, responder, log);
    try {
      if (event.eventId && !traceless && !(await this.deps.store.claim(keys.processedEvent(event.platform, event.eventId), 1, EVENT_DEDUPE_MS))) {
        log.info({ eventId: event.eventId }, 'duplicate event dropped');
        return;
      }
      if (rate && !rate.allowed) {
        await this.refuse(event, responder, rate, log);
        return;
      }
      // Leaving a channel is not using the bot: it records nobody (a stranger leaving stays unknown).
      const known = traceless || event.type === 'left' ? await this.deps.people.get(event.platform, event.actor.userId) : undefined;
      const person = known ?? (event.type === 'left' ? { displayName: event.actor.displayName, lang: undefined } : await this.deps.people.touch(event.platform, event.actor));
      lang = person.lang ?? this.deps.defaultLang;
      // Names as shown, whatever the platform sent; an event without a name (a Slack message) acts under the name the bot knows.
      const named = withCleanNames(event, person.displayName);
      const ctx = this.context(named, remembering, adapter, lang, log, about);
      switch (named.type) {
        case 'command':
          await this.router.runCommand(this.router.commandContext(ctx, named.text));
          break;
        case 'message':
          await this.conversations.converse(ctx as InvocationContext<MessageEvent>);
          break;
        case 'opened':
          await this.conversations.opened(ctx);
          break;
        case 'action':
          await this.router.runAction(ctx as InvocationContext<ActionEvent>);
          break;
        case 'form':
          await this.router.runForm(ctx as InvocationContext<FormEvent>);
          break;
        case 'left':
          await this.router.runLeft(ctx as InvocationContext<LeftEvent>);
          break;
      }
    } catch (error) {
      const t = this.deps.prompts.translator(lang, () => about.zone);
      if (error instanceof UserError) {
        const answer = errorMessage(t.rich(error.key, error.vars), t.text(error.key, error.vars));
        if (error.buttons.length > 0) answer.blocks.push({ type: 'actions', buttons: [...error.buttons] });
        await safeReply(error.buttons.length > 0 ? remembering : responder, answer, log);
        return;
      }
      // The outage itself is logged once by the store's watcher; the person is asked to retry.
      if (error instanceof StoreUnavailableError) {
        log.info('event not handled: store unreachable');
        // Leaving a channel asked nothing, but the leads must still hear of it: it is replayed once the store is back.
        if (event.type === 'left') {
          // Without its event id: the claim on it may have been written before the store went, and the
          // leads' notice has a key of its own, so a replay can never tell them twice.
          const { eventId: _claimed, ...leave } = event;
          this.parkedLeaves.park(leave, platformResponder);
          return;
        }
        // Opening a conversation asked nothing; a flood of messages is not answered with a flood of notices.
        if (event.type === 'opened' || (rate && !rate.allowed && event.type === 'message')) return;
        await safeReply(responder, errorMessage(t.rich('error.storeUnavailable'), t.text('error.storeUnavailable')), log);
        return;
      }
      // Refused, not failed: what it would have written must not sit next to the store's history.
      if (error instanceof StoreHistoryKeptError) {
        log.warn({ reason: error.message }, 'event refused: the store could not erase its history');
        await safeReply(responder, errorMessage(t.rich('error.historyKept'), t.text('error.historyKept')), log);
        return;
      }
      log.error({ err: error }, 'handler failed');
      await safeReply(responder, errorMessage(t.rich('error.unexpected'), t.text('error.unexpected')), log);
    }
  }

  /**
   * A person over the rate limit. A command, press or form is answered every time (the platform
   * expects an answer, and it costs no feature work); of a flood of messages the person is told
   * once a minute, the rest is dropped silently.
   */
  private async refuse(event: CoreEvent, responder: Responder, rate: RateDecision, log: Logger): Promise<void> {
    const conversational = event.type === 'message' || event.type === 'opened' || event.type === 'left';
    if (!rate.tell) {
      log.debug('rate limited again');
      if (conversational) return;
    } else {
      log.info({ retryAfterMs: rate.retryAfterMs }, 'rate limited');
    }
    if (event.type === 'opened' || event.type === 'left') return;
    const t = this.deps.prompts.translator(await this.langOf(event.platform, event.actor.userId));
    const seconds = Math.max(1, Math.ceil(rate.retryAfterMs / 1000));
    await safeReply(responder, textMessage(t, 'conversation.rateLimited', { seconds }), log);
  }

  /** Runs every feature's timed work; one failing feature does not stop the others. */
  async tick(now: Date = this.deps.clock.now()): Promise<void> {
    // Before the features' ticks, so what a replayed leave queues goes out in this tick.
    for (const { event, responder } of this.parkedLeaves.take()) await this.handle(event, responder);
    await this.eachFeature((feature) => feature.tick?.(now), 'tick failed');
  }

  private async eachFeature(work: (feature: Feature) => Promise<void> | undefined, failure: string): Promise<void> {
    for (const feature of this.router.features) {
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
    for (const feature of this.router.features) {
      const due = await feature.nextDue?.(now);
      if (due && (!earliest || due < earliest)) earliest = due;
    }
    return earliest;
  }

  private context(event: CoreEvent, responder: Responder, adapter: ChatAdapter, lang: Lang, log: Logger, about: ZoneHolder): InvocationContext {
    const zone = () => about.zone;
    const t = this.deps.prompts.translator(lang, zone);
    const ctx: InvocationContext = {
      event,
      platform: event.platform,
      actor: event.actor,
      conversation: event.conversation,
      lang,
      t,
      translator: (other) => this.deps.prompts.translator(other, zone),
      setTimeZone: (timeZone) => {
        about.zone = timeZone;
      },
      now: this.deps.clock.now(),
      log,
      reply: (message: Message) => responder.reply(message),
      responder,
      adapter,
      runCommand: (typed, scope) => this.router.runCommand({ ...this.router.commandContext(ctx, typed), ...(scope === undefined ? {} : { scope }) }),
    };
    return ctx;
  }
}

interface ZoneHolder {
  zone?: string;
}

/**
 * Whose budget an event spends: the person's. A leave is no request of theirs but the platform's
 * report, and Teams reports one removal from a team as a leave from each of its channels: every
 * channel has a budget of its own, so leaving and rejoining one channel over and over is still
 * limited, and someone leaving many channels at once is told to the leads of each.
 */
function rateKeyOf(event: CoreEvent): string {
  const person = `${event.platform}:${event.actor.userId}`;
  return event.type === 'left' ? `${person}:left:${event.conversation.id}` : person;
}

async function safeReply(responder: Responder, message: Message, log: Logger): Promise<void> {
  try {
    await responder.reply(message);
  } catch (error) {
    log.error({ err: error }, 'could not answer the user');
  }
}
