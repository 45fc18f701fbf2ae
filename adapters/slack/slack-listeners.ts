// Bolt listeners: every Slack request is deduplicated, acknowledged, translated and handed to the core.
import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { Bot } from '../../src/core/bot.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Store } from '../../src/store/port.ts';
import { StoreUnavailableError } from '../../src/store/port.ts';
import { withinStoreDeadline } from '../../src/store/store-deadline.ts';
import { publishHome } from './app-home.ts';
import { answerBusy } from './busy-answer.ts';
import type { SlackBotUsers } from './bot-users.ts';
import type { BlockActionsPayload, SlashCommandPayload, ViewSubmissionPayload } from './event-translation.ts';
import { actionEvents, actionSource, commandEvent, formEvent, isHomeAction, SLACK_PLATFORM } from './event-translation.ts';
import { FORM_CALLBACK_PREFIX } from './form-modal.ts';
import { marksOf } from './action-ids.ts';
import { controlsOn } from './pressed-page.ts';
import { claimRequest, hashPayload, requestIdOf } from './request-dedupe.ts';
import type { SlackAdapter } from './slack-adapter.ts';
import { createSlackResponder } from './slack-responder.ts';

export const SLASH_COMMAND = '/liso';
/** Slack allows 3 s for the acknowledgement; the dedupe claim gets 2 s, the rest is the round trip. */
export const CLAIM_DEADLINE_MS = 2_000;

export interface ListenerDeps {
  bot: Bot;
  store: Store;
  adapter: SlackAdapter;
  log: Logger;
  /** What a person is told when the store cannot be reached (in the default language). */
  storeUnavailableText: string;
  /** Tells which mentioned users are bots, so the core never takes one for a person. */
  botUsers: SlackBotUsers;
  fetch?: typeof fetch;
}

/** The request id the dedupe middleware put on the context. */
function requestIdIn(context: Record<string, unknown>): string | undefined {
  return typeof context['lisoRequestId'] === 'string' ? context['lisoRequestId'] : undefined;
}

export function registerSlackListeners(bolt: App, deps: ListenerDeps): void {
  const { bot, adapter, log } = deps;
  const fetchFn = deps.fetch ?? fetch;

  bolt.use(dedupeMiddleware(deps.store, log, { text: deps.storeUnavailableText, fetch: fetchFn }, (body) => isTracelessRequest(body, bot)));

  // Acknowledge first (Slack allows 3 seconds), then do the work and answer via response_url.
  bolt.command(SLASH_COMMAND, async ({ ack, command, context }) => {
    await ack();
    const payload = command as unknown as SlashCommandPayload & { response_url?: string };
    const parsed = commandEvent(payload, requestIdIn(context));
    const event = { ...parsed, mentions: await deps.botUsers.mark(parsed.mentions) };
    const responder = createSlackResponder(
      adapter,
      log,
      { userId: payload.user_id, conversation: event.conversation, ...optional('responseUrl', payload.response_url), ...optional('triggerId', payload.trigger_id) },
      fetchFn,
    );
    await bot.handle(event, responder);
  });

  bolt.action({ type: 'block_actions' }, async ({ ack, body, context }) => {
    await ack();
    const payload = body as unknown as BlockActionsPayload & { response_url?: string };
    const source = actionSource(payload);
    // Every control of a page carries its number; older ones none, and then the controls tell.
    const page = marksOf(payload.actions[0]?.action_id ?? '').page;
    for (const event of actionEvents(payload, requestIdIn(context))) {
      const responder = createSlackResponder(
        adapter,
        log,
        {
          userId: payload.user.id,
          conversation: event.conversation,
          ...optional('responseUrl', payload.response_url),
          ...optional('triggerId', payload.trigger_id),
          ...(source ? { source: { ...source, ephemeral: payload.container?.is_ephemeral === true, pressed: { controls: controlsOn(payload.message?.blocks), page, blocks: payload.message?.blocks, pressedActionId: payload.actions[0]?.action_id } } } : {}),
        },
        fetchFn,
      );
      await bot.handle(event, responder);
    }
    // A press on the home tab changes what the home shows; render it afresh.
    if (isHomeAction(payload)) await publishHomeSafely(deps, payload.user.id);
  });

  bolt.view(new RegExp(`^${FORM_CALLBACK_PREFIX}`), async ({ ack, body, context }) => {
    await ack();
    const payload = body as unknown as ViewSubmissionPayload;
    const event = formEvent(payload, requestIdIn(context));
    if (!event) {
      log.warn({ callbackId: payload.view.callback_id }, 'submission of an unknown modal ignored');
      return;
    }
    await bot.handle(event, createSlackResponder(adapter, log, { userId: payload.user.id, conversation: event.conversation }, fetchFn));
  });

  bolt.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    // Each opening costs every feature's home part (store reads) and a views.publish, so it counts
    // against the person's rate limit like any event. Over it, the tab keeps the view published last.
    if (!bot.allows(SLACK_PLATFORM, event.user)) {
      log.debug({ user: event.user }, 'App Home not republished: rate limited');
      return;
    }
    await publishHomeSafely(deps, event.user);
  });

  // Someone left a channel: the core tells the leads when it was a network's channel and they
  // still hold a role there. Nobody is answered.
  bolt.event('member_left_channel', async ({ event, body }) => {
    const eventId = (body as { event_id?: string }).event_id;
    await bot.handle(
      { type: 'left', platform: SLACK_PLATFORM, actor: { userId: event.user, displayName: '' }, conversation: { kind: 'channel', id: event.channel }, ...(eventId ? { eventId } : {}) },
      { reply: async () => log.warn({ user: event.user }, 'an answer to leaving a channel was dropped') },
    );
  });

  bolt.error(async (error) => {
    log.error({ err: error }, 'Slack request failed');
  });
}

async function publishHomeSafely(deps: ListenerDeps, userId: string): Promise<void> {
  try {
    await publishHome(deps.adapter.client, deps.bot, userId);
  } catch (error) {
    deps.log.error({ err: error, user: userId }, 'App Home could not be published');
  }
}

/**
 * Lets exactly one delivery of each Slack request through, across retries, replays and
 * replicas; repeats are acknowledged (so Slack stops retrying) and go no further.
 */
export function dedupeMiddleware(
  store: Store,
  log: Logger,
  busy: { text: string; fetch: typeof fetch },
  traceless: (body: unknown) => boolean = () => false,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, context, next } = args;
    // No claim for a press the core must keep traceless (a pulse answer): its handler takes a
    // repeat as the same press, and a claim per press would store when and how often it came.
    if (traceless(body)) {
      await next();
      return;
    }
    const payloadHash = typeof context['payloadHash'] === 'string' ? context['payloadHash'] : hashPayload(JSON.stringify(body));
    const requestId = requestIdOf(body as { type?: string; event_id?: string; trigger_id?: string }, payloadHash);
    let claimed: boolean;
    try {
      claimed = await withinStoreDeadline(claimRequest(store, requestId), CLAIM_DEADLINE_MS);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (passesWithoutClaim(body)) {
        // Already acknowledged (Bolt acknowledges events first) and with nothing to answer in the
        // acknowledgement: the core answers a message with "even geduld" through the Web API, which
        // needs no store (in the DM, or privately under the mention), within the person's rate limit;
        // it keeps a leave until the store is back, since Slack will not send it again.
        log.info({ requestId }, 'Slack event passed on without its request claim: store unreachable');
        await next();
        return;
      }
      log.info({ requestId }, 'Slack request answered with "try again": store unreachable');
      await answerBusy(args, busy.text, log, busy.fetch);
      return;
    }
    if (!claimed) {
      log.info({ requestId, retryNum: context.retryNum }, 'repeated Slack request dropped');
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    context['lisoRequestId'] = requestId;
    await next();
  };
}

/** Whether every core event of a press or form submission is traceless (`Bot.isTraceless`). */
function isTracelessRequest(body: unknown, bot: Bot): boolean {
  const type = (body as { type?: unknown }).type;
  try {
    if (type === 'block_actions') {
      const events = actionEvents(body as BlockActionsPayload);
      return events.length > 0 && events.every((event) => bot.isTraceless(event));
    }
    if (type === 'view_submission') {
      const event = formEvent(body as ViewSubmissionPayload);
      return event !== undefined && bot.isTraceless(event);
    }
  } catch {
    // A payload the translation cannot read is no press of ours: it is claimed like any request.
  }
  return false;
}

/**
 * A direct message or a mention of the bot (the only events a person expects an answer to), or someone
 * leaving a channel (news the leads must get even when it comes during an outage).
 */
function passesWithoutClaim(body: unknown): boolean {
  const type = (body as { type?: unknown; event?: { type?: unknown } }).type === 'event_callback' ? (body as { event?: { type?: unknown } }).event?.type : undefined;
  return type === 'message' || type === 'app_mention' || type === 'member_left_channel';
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}
