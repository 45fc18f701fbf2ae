// Slack needs unique action_ids per message; the core's action ids repeat (five vote buttons).

// "~" never appears in the core's action ids (dotted names), so it marks the added suffix.
const SEPARATOR = '~';

/** The core action id made unique by its position in the message. */
export function encodeActionId(actionId: string, position: number): string {
  return `${actionId}${SEPARATOR}${position}`;
}

/** The core action id back from a Slack action_id; ids without a suffix pass unchanged. */
export function decodeActionId(slackActionId: string): string {
  const at = slackActionId.lastIndexOf(SEPARATOR);
  return at > 0 && /^\d+$/.test(slackActionId.slice(at + 1)) ? slackActionId.slice(0, at) : slackActionId;
}
