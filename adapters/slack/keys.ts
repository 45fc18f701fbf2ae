// Store key layout of the Slack adapter (prefix "slack:"), in one place.

export const slackKeys = {
  /** A Slack request (event, command, press, submission) already taken by some replica. */
  seenRequest: (requestId: string) => `slack:seen:${requestId}`,
};
