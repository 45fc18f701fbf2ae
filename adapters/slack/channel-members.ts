// Who is in a Slack channel now (conversations.members, paged to the end), for the core's check on
// role holders who left while the bot was not listening. Only a complete list counts: anything
// less is 'unknown', and the core then does nothing.
import type { Logger } from '../../src/core/logger.ts';
import type { SlackWebClient } from './slack-adapter.ts';

/** Slack's largest page; a channel of a learning network fits in one. */
const PAGE_SIZE = 1000;
/** 100,000 members: beyond it the list is taken as cut short rather than read on without end. */
const MAX_PAGES = 100;

/**
 * The members of `channelId`, or 'unknown' when Slack answered with any error (channel_not_found
 * for a private channel the bot was taken out of, missing_scope, a rate limit), a page without
 * members, more pages than MAX_PAGES, or a list without the bot itself (it is no longer in the
 * channel, so what happens there is no longer heard).
 */
export async function slackChannelMembers(client: SlackWebClient, botUserId: string, channelId: string, log: Logger): Promise<ReadonlySet<string> | 'unknown'> {
  const members = new Set<string>();
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.conversations.members({ channel: channelId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      if (!result.ok || !Array.isArray(result.members)) return unknown(log, channelId, 'no member list');
      for (const member of result.members) members.add(member);
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) return members.has(botUserId) ? members : unknown(log, channelId, 'bot not in channel');
    }
    return unknown(log, channelId, 'too many pages');
  } catch (error) {
    const code = (error as { data?: { error?: unknown } }).data?.error;
    return unknown(log, channelId, typeof code === 'string' ? code : String((error as Error).message ?? error));
  }
}

function unknown(log: Logger, channelId: string, reason: string): 'unknown' {
  log.info({ channel: channelId, reason }, 'channel members unknown; nobody is taken for gone');
  return 'unknown';
}
