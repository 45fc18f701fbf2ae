// People's names as a platform sends them (any length, any characters) made fit to show, once, at the core's door.
import type { CoreEvent, MentionedUser } from './events.ts';
import { cleanOneLine } from './sanitize.ts';

/** The longest name the core keeps or shows for a person. */
export const MAX_DISPLAY_NAME = 80;

/** A name on one line, without invisible or control characters, at most MAX_DISPLAY_NAME characters; '' when nothing is left. */
export function cleanDisplayName(name: string): string {
  return cleanOneLine(name, MAX_DISPLAY_NAME);
}

/**
 * The event with the actor's and every mentioned person's name cleaned. Features echo these
 * names ("@Anna is de trekker"), so a 10,000-character or multi-line name from a platform
 * would otherwise reach every answer that names the person. `knownName` stands in for an actor
 * the platform names not at all (a Slack message event) or with nothing visible.
 */
export function withCleanNames(event: CoreEvent, knownName: string): CoreEvent {
  const actor = { userId: event.actor.userId, displayName: cleanDisplayName(event.actor.displayName) || knownName };
  if (event.type !== 'command' && event.type !== 'message') return { ...event, actor };
  return { ...event, actor, mentions: event.mentions.map(cleanMention) };
}

function cleanMention(mentioned: MentionedUser): MentionedUser {
  return { ...mentioned, displayName: cleanDisplayName(mentioned.displayName) || mentioned.userId };
}
