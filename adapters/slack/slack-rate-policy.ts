// Slack's limits for what the bot posts on its own, as the core's neutral RatePolicy.
import type { OutboundSend, RatePolicy } from '../../src/core/rate-policy.ts';
import { renderMessage } from './block-kit-renderer.ts';

/**
 * Slack rate-limits "per API method per workspace per app" in tiers (docs.slack.dev, Rate limits):
 * each of the two file upload methods (files.getUploadURLExternal, files.completeUploadExternal)
 * is Tier 4 (100+ per minute). Direct messages go to the user id, so conversations.open (Tier 3)
 * is not on the path. chat.postMessage has its own rule: about one message per second per conversation,
 * short bursts allowed (read here as 3 within any 3 seconds), and a workspace-wide limit that
 * Slack does not publish; `postsPerMinute` is our assumption for it (LISO_SLACK_POSTS_PER_MINUTE).
 */
export const SLACK_POSTS_PER_MINUTE = 600;

/**
 * A Slack send is slower than Discord's (often 200-400 ms) and has no idempotency key, so every
 * send in flight is a message a crash may repeat: 4 keep about 10 posts a second going.
 */
const SLACK_IN_FLIGHT = 4;

export function slackRatePolicy(options: { postsPerMinute: number; maxPages: number }): RatePolicy {
  return {
    budgets: {
      'chat.postMessage': { requests: options.postsPerMinute, windowMs: 60_000, scope: 'app' },
      'chat.postMessage/conversation': { requests: 3, windowMs: 3_000, scope: 'conversation' },
      // An upload asks for a URL and completes it: one call of each method per file, each method its own budget.
      'files.getUploadURLExternal': { requests: 100, windowMs: 60_000, scope: 'app' },
      'files.completeUploadExternal': { requests: 100, windowMs: 60_000, scope: 'app' },
    },
    costOf(send: OutboundSend) {
      const pages = renderMessage(send.message, { maxMessages: options.maxPages }).length;
      return [
        { budget: 'chat.postMessage', requests: pages },
        { budget: 'chat.postMessage/conversation', requests: pages },
        { budget: 'files.getUploadURLExternal', requests: send.message.attachments?.length ?? 0 },
        { budget: 'files.completeUploadExternal', requests: send.message.attachments?.length ?? 0 },
      ];
    },
    maxInFlight: SLACK_IN_FLIGHT,
  };
}
