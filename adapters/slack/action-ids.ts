// Slack needs unique action_ids per message; the core's action ids repeat (five vote buttons).
// A message sent in pages also numbers its page in them, so a press knows which page to redraw.

// "~" never appears in the core's action ids (dotted names), so it marks the added suffix.
const SEPARATOR = '~';
const SUFFIX = /~(\d+)(r?)(?:p(\d+))?$/;

/** What the suffix says besides the position. */
export interface ActionIdMarks {
  /** The page of a message sent in pages the control is on. */
  page?: number | undefined;
  /** The same button (action id and value) is on the message more than once (every task's handbook button). */
  repeated?: boolean;
}

/**
 * The core action id made unique by its position in the message (`nudge.done~12`), marked `r`
 * when the same button comes more than once (`advice.topic~15r`), with the number of its page
 * when the message went out in pages (`nudge.done~12p3`).
 */
export function encodeActionId(actionId: string, position: number, marks: ActionIdMarks = {}): string {
  return `${actionId}${SEPARATOR}${position}${marks.repeated ? 'r' : ''}${marks.page === undefined ? '' : `p${marks.page}`}`;
}

/** The core action id back from a Slack action_id; ids without a suffix pass unchanged. */
export function decodeActionId(slackActionId: string): string {
  const match = SUFFIX.exec(slackActionId);
  return match && match.index > 0 ? slackActionId.slice(0, match.index) : slackActionId;
}

/** The marks of an action_id; no page for older ids and one-page messages. */
export function marksOf(slackActionId: string): ActionIdMarks {
  const match = SUFFIX.exec(slackActionId);
  if (!match || match.index === 0) return {};
  return { ...(match[3] === undefined ? {} : { page: Number(match[3]) }), repeated: match[2] === 'r' };
}

/** The same action_id numbered for another page (or for none). */
export function withPage(slackActionId: string, page: number | undefined): string {
  const match = SUFFIX.exec(slackActionId);
  return match && match.index > 0 ? encodeActionId(slackActionId.slice(0, match.index), Number(match[1]), { page, repeated: match[2] === 'r' }) : slackActionId;
}
