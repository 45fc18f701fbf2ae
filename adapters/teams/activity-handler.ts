// Every authenticated activity from Teams: tenant check, install bookkeeping, commands acknowledged first, card actions answered in time.
import type { Bot } from '../../src/core/bot.ts';
import type { CoreEvent } from '../../src/core/events.ts';
import type { Lang } from '../../src/core/i18n.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { PromptCatalog } from '../../src/core/prompt-files.ts';
import { errorMessage } from '../../src/core/standard-messages.ts';
import { StoreUnavailableError } from '../../src/store/port.ts';
import { withinStoreDeadline } from '../../src/store/store-deadline.ts';
import type { IncomingActivity, Translation } from './activity-translator.ts';
import { actorOf, conversationKind, coreConversationId, stringField, tenantOf, translateCardAction, translateMessage, translateOpened } from './activity-translator.ts';
import type { Connector } from './connector.ts';
import type { ConversationRegistry } from './conversation-registry.ts';
import type { ConsentAnswer, FileOffers } from './file-consent.ts';
import type { RemovalScope } from './members-removed.ts';
import { memberIds, removalScope, removedPeople, translateMembersRemoved } from './members-removed.ts';
import type { TeamsAdapter } from './teams-adapter.ts';
import { TEAMS_PLATFORM } from './teams-adapter.ts';
import { TeamsResponder } from './teams-responder.ts';

/** The HTTP answer to the Bot Connector (the SDK sends it as the response to its POST). */
export interface InvokeReply {
  status: number;
  body?: unknown;
}

export interface ActivityHandlerDeps {
  bot: Bot;
  prompts: PromptCatalog;
  adapter: TeamsAdapter;
  connector: Connector;
  registry: ConversationRegistry;
  files: FileOffers;
  tenantId: string;
  /** The language of the answer given while the store (and so a person's language) is unreachable. */
  defaultLang: Lang;
  log: Logger;
  /** How long a card action may run before Teams gets its answer (Teams waits a few seconds at most). */
  invokeDeadlineMs?: number;
}

const DEFAULT_INVOKE_DEADLINE_MS = 2_500;
/**
 * What the adapter stores before the core runs (where an activity came from) gets this long.
 * Teams waits 5 seconds for a card action's answer: this plus the invoke deadline stays inside.
 */
const BOOKKEEPING_DEADLINE_MS = 1_500;
const REFUSED: InvokeReply = { status: 403, body: { error: 'tenant not allowed' } };
const BAD_REQUEST: InvokeReply = { status: 400, body: { error: 'bad request' } };

export class ActivityHandler {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: ActivityHandlerDeps) {}

  /**
   * Handles one activity the SDK has authenticated. Activities of another tenant are refused
   * (403) before anything is stored or sent. A message is acknowledged at once and handled in
   * the background (its answers go through the Bot Connector); a card action is answered within
   * the invoke deadline. Unknown activity types are acknowledged and ignored.
   */
  async onActivity(activity: IncomingActivity): Promise<InvokeReply | undefined> {
    // Valid JSON that is no activity at all (null, a number, an array) is refused before anything reads it.
    if (typeof activity !== 'object' || activity === null || Array.isArray(activity)) {
      this.deps.log.warn({ kind: activity === null ? 'null' : Array.isArray(activity) ? 'array' : typeof activity }, 'Teams request refused: body is not an activity');
      return BAD_REQUEST;
    }
    const type = stringField(activity.type, 40) ?? 'unknown';
    const tenant = tenantOf(activity);
    if (tenant !== this.deps.tenantId) {
      this.deps.log.warn({ type, tenant: tenant ?? '(none)' }, 'activity from another tenant refused');
      return REFUSED;
    }
    try {
      await withinStoreDeadline(this.rememberWhereFrom(activity), BOOKKEEPING_DEADLINE_MS);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      return this.answerWhileStoreDown(activity, type);
    }
    switch (type) {
      case 'message':
        this.background(activity, translateMessage(activity));
        return undefined;
      case 'invoke':
        return this.onInvoke(activity);
      case 'conversationUpdate':
        await this.onConversationUpdate(activity);
        return undefined;
      case 'installationUpdate':
        await this.onInstallationUpdate(activity);
        return undefined;
      default:
        this.deps.log.debug({ type }, 'activity type ignored');
        return undefined;
    }
  }

  /**
   * The store cannot be reached (its watcher logs the outage once), so neither the core nor the
   * person's language can be: a message gets "even geduld" in the conversation it came from (in a
   * channel, in its thread: Teams has no private answer there and the personal chat's address is
   * in the store), a card press gets it as the press's answer, within Teams' 5 seconds. Other
   * activities are acknowledged unrecorded: the next activity or a failed send records them again.
   * People removed from a team are lost then: the team's channels are in the store, and Teams does
   * not send the activity again.
   */
  private answerWhileStoreDown(activity: IncomingActivity, type: string): InvokeReply | undefined {
    const t = this.deps.prompts.translator(this.deps.defaultLang);
    const busy = t.text('error.storeUnavailable');
    const log = this.deps.log.child({ type });
    if (type === 'invoke') {
      if (stringField(activity.name, 100) !== 'adaptiveCard/action') return { status: 503 };
      log.info('Teams card action answered with "try again": store unreachable');
      return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: busy } };
    }
    if (type !== 'message') {
      log.info('Teams activity not recorded: store unreachable');
      return undefined;
    }
    const translation = translateMessage(activity);
    if (translation.kind === 'ignored' || !this.deps.bot.allows(TEAMS_PLATFORM, translation.event.actor.userId)) return undefined;
    log.info('Teams message answered with "try again": store unreachable');
    const here = { serviceUrl: stringField(activity.serviceUrl, 500)!, conversationId: stringField(activity.conversation?.id, 300)! };
    const run = this.deps.adapter
      .postTo(here, errorMessage(t.rich('error.storeUnavailable'), busy))
      .then(() => undefined)
      .catch((error: unknown) => log.warn({ err: error }, 'could not tell the person to try again'))
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
    return undefined;
  }

  /** Waits for messages still being handled (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private background(activity: IncomingActivity, translation: Translation): void {
    if (translation.kind === 'ignored') {
      this.deps.log.debug({ reason: translation.reason }, 'activity not for the core');
      return;
    }
    const responder = this.responderFor(activity, translation.event, false);
    const run = this.deps.bot
      .handle(translation.event, responder.forCore())
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'teams message failed'))
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  private async onInvoke(activity: IncomingActivity): Promise<InvokeReply> {
    const name = stringField(activity.name, 100);
    if (name === 'fileConsent/invoke') return this.onFileConsent(activity);
    if (name !== 'adaptiveCard/action') {
      this.deps.log.debug({ name }, 'invoke not handled');
      return { status: 501 };
    }
    const translation = translateCardAction(activity);
    if (translation.kind === 'ignored') {
      this.deps.log.warn({ reason: translation.reason }, 'card action refused');
      return { status: 200, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown action' } } };
    }
    const responder = this.responderFor(activity, translation.event, true);
    const run = this.deps.bot.handle(translation.event, responder.forCore()).catch((error: unknown) => this.deps.log.error({ err: error }, 'teams card action failed'));
    // Slow work goes on after the deadline; its card update then goes through the Bot Connector.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.deps.invokeDeadlineMs ?? DEFAULT_INVOKE_DEADLINE_MS);
    });
    await Promise.race([run, deadline]);
    clearTimeout(timer);
    const { response, afterwards } = responder.invokeResponse();
    const tracked = Promise.all([run, afterwards?.catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not post the answer to a card action'))])
      .then(() => undefined)
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    return { status: 200, body: response };
  }

  private async onFileConsent(activity: IncomingActivity): Promise<InvokeReply> {
    const actor = actorOf(activity);
    const conversationId = stringField(activity.conversation?.id, 300);
    const serviceUrl = stringField(activity.serviceUrl, 500);
    if (!actor || !conversationId || !serviceUrl || conversationKind(activity) !== 'personal') return { status: 200 };
    const outcome = await this.deps.files
      .answer((activity.value ?? {}) as ConsentAnswer, actor.userId, { serviceUrl, conversationId })
      .catch((error: unknown) => {
        this.deps.log.warn({ err: error }, 'file consent failed');
        return 'failed';
      });
    this.deps.log.info({ outcome }, 'file consent answered');
    return { status: 200 };
  }

  private responderFor(activity: IncomingActivity, event: CoreEvent, invoke: boolean): TeamsResponder {
    const personal = conversationKind(activity) === 'personal';
    return new TeamsResponder(
      {
        actor: event.actor,
        here: { serviceUrl: stringField(activity.serviceUrl, 500)!, conversationId: stringField(activity.conversation?.id, 300)! },
        personal,
        invoke,
        ...(event.type === 'action' && event.source ? { source: event.source } : {}),
      },
      {
        adapter: this.deps.adapter,
        connector: this.deps.connector,
        log: this.deps.log.child({ user: event.actor.userId }),
        translator: async () => this.deps.prompts.translator(await this.deps.bot.langOf(TEAMS_PLATFORM, event.actor.userId)),
      },
    );
  }

  /**
   * Every activity names its conversation's serviceUrl (which Teams may change): stored, so
   * proactive messages reach the conversation later. A personal chat is also the person's.
   */
  private async rememberWhereFrom(activity: IncomingActivity): Promise<void> {
    const serviceUrl = stringField(activity.serviceUrl, 500);
    const conversationId = stringField(activity.conversation?.id, 300);
    if (!serviceUrl || !conversationId) return;
    const kind = conversationKind(activity);
    const tenantId = this.deps.tenantId;
    const coreId = coreConversationId(activity)!;
    const known = await this.deps.registry.conversation(coreId);
    const removing = isRemoval(activity);
    const teamId = stringField(activity.channelData?.team?.id, 300);
    if (!removing && (!known || known.serviceUrl !== serviceUrl || known.removedAt)) {
      await this.deps.registry.rememberConversation({ id: coreId, kind, serviceUrl, tenantId, ...(teamId ? { teamId } : {}) });
    }
    // Every channel activity, not only a new record's: channels known before the team index existed join it too.
    if (!removing && kind === 'channel' && teamId) await this.deps.registry.rememberTeamChannel(teamId, coreId);
    const actor = actorOf(activity);
    if (kind === 'personal' && actor && !removing) await this.deps.registry.rememberPerson({ userId: actor.userId, conversationId, serviceUrl, tenantId });
  }

  private async onConversationUpdate(activity: IncomingActivity): Promise<void> {
    const conversationId = coreConversationId(activity);
    if (!conversationId) return;
    if (isRemoval(activity)) {
      await this.deps.registry.markRemoved(conversationId);
      this.deps.log.info({ conversation: conversationId }, 'bot removed from a conversation; its posts now fail permanently');
    } else if (addsBot(activity)) {
      this.deps.log.info({ conversation: conversationId, kind: conversationKind(activity) }, 'bot added to a conversation');
    }
    this.tellLeaves(activity);
  }

  /**
   * People removed from a group chat or a team become LeftEvents, one per person and conversation
   * left (for a team, each channel of it the bot knows), handled in the background like a message.
   * Should the store fail while the team's channels are looked up, the leaves are lost, as any
   * activity but a message is during an outage; a leave the core got but could not handle is parked
   * there and replayed once the store is back.
   */
  private tellLeaves(activity: IncomingActivity): void {
    const people = removedPeople(activity);
    const scope = removalScope(activity);
    if (people.length === 0 || !scope) return;
    const log = this.deps.log.child({ type: 'conversationUpdate' });
    const run = this.conversationsLeft(scope)
      .then(async (conversations) => {
        log.info({ people: people.length, conversations: conversations.length }, 'members removed: leaves handed to the core');
        for (const event of translateMembersRemoved(activity, people, conversations)) {
          await this.deps.bot.handle(event, { reply: async () => log.warn({ user: event.actor.userId }, 'an answer to leaving a conversation was dropped') });
        }
      })
      .catch((error: unknown) => {
        if (error instanceof StoreUnavailableError) log.info({ people: people.length }, 'members removed not handled: store unreachable');
        else log.error({ err: error }, 'members removed not handled');
      })
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  private async conversationsLeft(scope: RemovalScope): Promise<string[]> {
    return 'team' in scope ? this.deps.registry.channelsOfTeam(scope.team) : [scope.conversation];
  }

  private async onInstallationUpdate(activity: IncomingActivity): Promise<void> {
    const action = stringField(activity.action, 40);
    const conversationId = coreConversationId(activity);
    const actor = actorOf(activity);
    if (!conversationId) return;
    if (action === 'remove' || action === 'remove-upgrade') {
      if (conversationKind(activity) === 'personal' && actor) {
        await this.deps.registry.markUninstalled(actor.userId, { serviceUrl: stringField(activity.serviceUrl, 500)!, tenantId: this.deps.tenantId });
      }
      await this.deps.registry.markRemoved(conversationId);
      this.deps.log.info({ conversation: conversationId, kind: conversationKind(activity) }, 'app uninstalled');
    } else {
      this.deps.log.info({ conversation: conversationId, kind: conversationKind(activity), action }, 'app installed');
      if (action === 'add') this.background(activity, translateOpened(activity));
    }
  }
}

function addsBot(activity: IncomingActivity): boolean {
  const botId = stringField(activity.recipient?.id, 200);
  return botId !== undefined && memberIds(activity.membersAdded).includes(botId);
}

/** The bot leaves the conversation: removed from it, the team deleted, or the app uninstalled there. */
function isRemoval(activity: IncomingActivity): boolean {
  const botId = stringField(activity.recipient?.id, 200);
  if (activity.type === 'conversationUpdate') {
    return activity.channelData?.eventType === 'teamDeleted' || (botId !== undefined && memberIds(activity.membersRemoved).includes(botId));
  }
  return activity.type === 'installationUpdate' && (activity.action === 'remove' || activity.action === 'remove-upgrade');
}
