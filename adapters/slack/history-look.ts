// How SlackAdapter.finishInterrupted looks in a conversation's recent history (a direct
// conversation or a channel, one path for both) for a post made under a delivery key, and what it
// says when Slack will not let it look.
import type { Logger } from '../../src/core/logger.ts';
import type { Arrived, HistoryMessage } from './delivery-metadata.ts';
import { arrivedIn } from './delivery-metadata.ts';
import type { SlackWebClient } from './slack-adapter.ts';
import { toDeliveryError } from './slack-errors.ts';

/** How far before the interrupted attempt's start its post is looked for: Slack's clock and ours may differ. */
const FIND_CLOCK_MARGIN_MS = 5 * 60_000;
/**
 * One page of history: Slack's smallest maximum (15, for apps distributed outside the Marketplace);
 * a crashed send is minutes old and the bot posts one message at a time per conversation.
 */
const FIND_HISTORY_LIMIT = 15;
/**
 * Pages read at most (60 messages): a network's channel is busier than a direct conversation,
 * where one page nearly always holds the window, but a group of ten to thirty people rarely writes
 * 60 messages in the minutes since an interrupted attempt. Bounded so a busy channel costs a few
 * Tier 3 calls (50 a minute) per look, not a walk through its day; past the bound the look says
 * 'unknown' and the message is sent again, as before the look existed. Outside the Marketplace
 * (1 call a minute) a second page is refused anyway, with the same outcome.
 */
export const FIND_HISTORY_PAGES = 4;

export class HistoryLook {
  /** Refusals already warned about, by Slack's error: they hold for every look until someone acts. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly client: SlackWebClient,
    private readonly log: Logger,
    private readonly botUserId: string | undefined,
  ) {}

  /**
   * How much of the message sent under `idempotencyKey` `channel` shows, read newest first from
   * `since` (less the clock margin) along Slack's cursor: undefined when the window was read to
   * its end without its first page; 'unknown' when FIND_HISTORY_PAGES pages hold more than that,
   * or Slack refused or failed (see `failed`). Never throws.
   */
  async find(channel: string, idempotencyKey: string, since: Date): Promise<Arrived | undefined | 'unknown'> {
    const oldest = ((since.getTime() - FIND_CLOCK_MARGIN_MS) / 1000).toFixed(6);
    const messages: HistoryMessage[] = [];
    let cursor: string | undefined;
    try {
      for (let page = 0; page < FIND_HISTORY_PAGES; page++) {
        const history = await this.client.conversations.history({ channel, oldest, limit: FIND_HISTORY_LIMIT, include_all_metadata: true, ...(cursor ? { cursor } : {}) });
        messages.push(...((history.messages ?? []) as HistoryMessage[]));
        // Newest first: once its first page is read, its later pages and files (newer) were read before it.
        const found = arrivedIn(messages, idempotencyKey, this.botUserId);
        if (found !== undefined) return found;
        if (!history.has_more) return undefined;
        cursor = history.response_metadata?.next_cursor || undefined;
        if (!cursor) return 'unknown';
      }
      return 'unknown';
    } catch (error) {
      return this.failed(error, channel);
    }
  }

  /**
   * 'unknown' for any failure, so the core sends again (a repeat is better than a loss). A rate
   * limit (conversations.history is 1 a minute outside the Marketplace) answers at once as well,
   * as it always has for direct messages: the client rejects rate-limited calls instead of
   * waiting (slack-app.ts), so a look never holds a send slot of the delivery worker for a minute.
   */
  private failed(error: unknown, channel: string): 'unknown' {
    const failure = toDeliveryError(error);
    if (failure.kind === 'permanent') {
      // missing_scope (an install not re-authorised since channels:history and groups:history came),
      // not_in_channel (a public channel posted in through chat:write.public): the same answer for
      // every look until someone acts, so warned once per process, not per message.
      const needed = (error as { data?: { needed?: unknown } }).data?.needed;
      const fields = { reason: failure.reason, channel, ...(typeof needed === 'string' ? { needed } : {}) };
      if (this.warned.has(failure.reason)) {
        this.log.debug(fields, 'conversations.history refused again; the interrupted send is sent again');
      } else {
        this.warned.add(failure.reason);
        this.log.warn(fields, 'conversations.history refused: a send interrupted in such a conversation cannot be looked for and is sent again (reinstall the app with the current manifest for a missing scope; invite the bot to a channel it is not in)');
      }
    } else if (failure.rateLimit) {
      this.log.info({ reason: failure.reason, channel, retryAfterMs: failure.retryAfterMs }, 'conversations.history refused for now (rate limit); the interrupted send is sent again');
    } else {
      this.log.warn({ err: error, channel }, "could not read the conversation's history to find an interrupted send");
    }
    return 'unknown';
  }
}
