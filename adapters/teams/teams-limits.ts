// Microsoft Teams' documented limits for what a bot posts (its rate limits: teams-rate-policy.ts).

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

/** The byte length of a JSON payload as it travels (UTF-8). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
