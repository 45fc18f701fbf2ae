// Teams' "members removed" (a conversationUpdate) to the core's LeftEvents: one per person and conversation they left.
import type { LeftEvent } from '../../src/core/events.ts';
import type { IncomingActivity } from './activity-translator.ts';
import { conversationKind, coreConversationId, eventIdOf, stringField } from './activity-translator.ts';
import { isTeamsUserId } from './card-text.ts';
import { TEAMS_PLATFORM } from './teams-adapter.ts';

/** An admin may remove many people at once; past this many in one activity the rest are not told. */
export const MAX_REMOVED_PEOPLE = 100;

/** The ids in a members list (membersAdded, membersRemoved), ignoring entries without one. */
export function memberIds(list: unknown): string[] {
  return Array.isArray(list) ? list.flatMap((m) => (typeof (m as { id?: unknown })?.id === 'string' ? [(m as { id: string }).id] : [])) : [];
}

/** The people (never a bot or app: ids `28:…`, this bot included) a conversationUpdate says were removed. */
export function removedPeople(activity: IncomingActivity): string[] {
  if (activity.type !== 'conversationUpdate') return [];
  return [...new Set(memberIds(activity.membersRemoved).filter(isTeamsUserId))].slice(0, MAX_REMOVED_PEOPLE);
}

export type RemovalScope = { conversation: string } | { team: string };

/**
 * Where the people were removed from. In a group chat: the chat. In a team (Teams reports it in the
 * General channel, `teamMemberRemoved`): the whole team, so every channel of it the registry
 * knows: this names the team, and the handler looks its channels up. A private or shared
 * channel's own roster (`channelMemberRemoved`): that channel alone.
 */
export function removalScope(activity: IncomingActivity): RemovalScope | undefined {
  const conversation = coreConversationId(activity);
  const kind = conversationKind(activity);
  // Nobody is removed from a personal chat, and no network lives in one.
  if (!conversation || kind === 'personal') return undefined;
  // The conversation is the chat, or for a channel the one channelData names.
  if (kind === 'groupChat' || activity.channelData?.eventType === 'channelMemberRemoved') return { conversation };
  const team = stringField(activity.channelData?.team?.id, 300);
  return team ? { team } : { conversation };
}

/**
 * One LeftEvent per person and conversation, with an event id made of the activity, the
 * conversation and the person: Teams sending the same activity again is dropped by the core.
 * Nobody is answered; the core decides whether the conversation is a network's and the person held a role.
 */
export function translateMembersRemoved(activity: IncomingActivity, people: readonly string[], conversations: readonly string[]): LeftEvent[] {
  return conversations.flatMap((conversation) =>
    people.map(
      (userId): LeftEvent => ({
        type: 'left',
        platform: TEAMS_PLATFORM,
        actor: { userId, displayName: '' },
        conversation: { kind: 'channel', id: conversation },
        ...eventIdOf(activity, conversation, userId),
      }),
    ),
  );
}
