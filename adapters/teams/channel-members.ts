// Who is in a Teams conversation now (the Bot Connector's paged roster), for the core's check on role
// holders who left while the bot was not listening. Only a complete roster counts: anything less is
// 'unknown', and the core then does nothing.
import type { Logger } from '../../src/core/logger.ts';
import { isTeamsUserId } from './card-text.ts';
import type { Connector } from './connector.ts';
import type { ConversationRegistry } from './conversation-registry.ts';

/** The largest page the roster API gives. */
export const ROSTER_PAGE_SIZE = 500;
/** 100,000 members (a team's maximum is 25,000): beyond it the roster is taken as cut short. */
const MAX_PAGES = 200;

/**
 * The people in a network's conversation: for a standard channel the team's roster (leaving a
 * standard channel is leaving the team), for a private or shared channel its own roster, for a
 * group chat the chat's. 'unknown' when the bot has no record of the conversation, was removed
 * from it, or Teams answered any page with an error (403 BotNotInConversationRoster, 404, 429, 5xx).
 */
export async function teamsChannelMembers(deps: { connector: Connector; registry: ConversationRegistry; log: Logger }, channelId: string): Promise<ReadonlySet<string> | 'unknown'> {
  const conversation = await deps.registry.conversation(channelId);
  if (!conversation || conversation.removedAt) return unknown(deps.log, channelId, conversation ? 'bot removed' : 'conversation not known');
  const members = new Set<string>();
  let continuationToken: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await deps.connector.pagedMembers(conversation.serviceUrl, channelId, ROSTER_PAGE_SIZE, continuationToken);
      if (!Array.isArray(result.members)) return unknown(deps.log, channelId, 'no member list');
      // People only: the bot and other apps (28:…) hold no role.
      for (const member of result.members) if (typeof member?.id === 'string' && isTeamsUserId(member.id)) members.add(member.id);
      continuationToken = result.continuationToken || undefined;
      if (!continuationToken) return members;
    }
    return unknown(deps.log, channelId, 'too many pages');
  } catch (error) {
    return unknown(deps.log, channelId, (error as Error).message ?? String(error));
  }
}

function unknown(log: Logger, channelId: string, reason: string): 'unknown' {
  log.info({ channel: channelId, reason }, 'channel members unknown; nobody is taken for gone');
  return 'unknown';
}
