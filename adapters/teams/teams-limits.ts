// Microsoft Teams' documented limits for what a bot posts, and the Bot Connector's rate limits.

export const teamsLimits = {
  /**
   * Teams refuses a bot message larger than about 28 KB (HTTP 413, "MessageSizeTooBig"), the
   * card JSON included. The renderer keeps every card under `cardBytes` (UTF-8 JSON) so the
   * activity around it (summary, ids, entities) stays under the limit with room to spare.
   */
  activityBytes: 28_000,
  cardBytes: 24_000,
  /** Teams shows at most 6 buttons in a row before folding them; 5 keeps every row visible. */
  buttonsPerActionSet: 5,
  buttonTitle: 80,
  /** A long message becomes at most this many cards; the rest is cut with "…". */
  cardsPerMessage: 5,
  /** Notification / preview text of an activity. */
  summary: 200,
  choiceOptions: 100,
  inputLabel: 120,
  textInput: 4_000,
  /** Text a bot reads from one incoming message (Teams allows about 28 KB). */
  incomingText: 28_000,
} as const;

/**
 * Teams' "per bot per thread" limits (a thread is a personal chat, a group chat or a channel):
 * sending to one conversation at most 7 times a second, 8 in two seconds, 60 in 30 seconds and
 * 1,800 an hour; creating conversations the same. Over all conversations, 30 requests a second
 * per app and tenant. Declared for the core's paced delivery; until it exists, a 429 comes back
 * as a transient failure with its Retry-After.
 */
export const teamsRatePolicy = {
  perConversation: [
    { windowMs: 1_000, max: 7 },
    { windowMs: 2_000, max: 8 },
    { windowMs: 30_000, max: 60 },
    { windowMs: 3_600_000, max: 1_800 },
  ],
  perTenant: [{ windowMs: 1_000, max: 30 }],
} as const;

/** The byte length of a JSON payload as it travels (UTF-8). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
