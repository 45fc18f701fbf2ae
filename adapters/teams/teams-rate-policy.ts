// Teams' limits for what the bot sends on its own, as the core's neutral RatePolicy.
import type { OutboundSend, RatePolicy } from '../../src/core/rate-policy.ts';
import { renderMessage } from './card-renderer.ts';

/**
 * Microsoft's "Optimize your bot with rate limiting in Teams" (learn.microsoft.com,
 * microsoftteams/platform/bots/how-to/rate-limit): per bot and thread (a personal chat, a group
 * chat or a channel) at most 7 requests in any second, 8 in two, 60 in thirty and 1,800 in an
 * hour, for sending to a conversation and for creating one alike; and a global limit of 50
 * requests a second per app and tenant. The bot serves one tenant (TEAMS_TENANT_ID), so that one
 * is the app budget here, shared by all replicas.
 */
const PER_CONVERSATION = [
  { name: 'conversation/1s', requests: 7, windowMs: 1_000 },
  { name: 'conversation/2s', requests: 8, windowMs: 2_000 },
  { name: 'conversation/30s', requests: 60, windowMs: 30_000 },
  { name: 'conversation/1h', requests: 1_800, windowMs: 3_600_000 },
] as const;
const TENANT_PER_SECOND = 50;

/**
 * The Bot Connector has no idempotency key: every send in flight is a message a crash may
 * repeat. Four keep a few posts a second going at Teams' usual latency, far below the tenant's 50.
 */
const TEAMS_IN_FLIGHT = 4;

export function teamsRatePolicy(options: { hasPersonalChat(userId: string): boolean }): RatePolicy {
  const budgets: Record<string, { requests: number; windowMs: number; scope: 'app' | 'conversation' }> = {
    tenant: { requests: TENANT_PER_SECOND, windowMs: 1_000, scope: 'app' },
  };
  for (const { name, requests, windowMs } of PER_CONVERSATION) budgets[name] = { requests, windowMs, scope: 'conversation' };
  return {
    budgets,
    costOf(send: OutboundSend) {
      // As TeamsAdapter.postTo sends it: one activity per card; in a personal chat each file
      // follows as a consent card, elsewhere files are inlined in the cards.
      const personal = send.kind === 'direct';
      const cards = renderMessage(send.message, { inlineAttachments: !personal }).cards.length;
      const fileOffers = personal ? (send.message.attachments?.length ?? 0) : 0;
      const opens = personal && !options.hasPersonalChat(send.userId) ? 1 : 0;
      const requests = cards + fileOffers + opens;
      return [{ budget: 'tenant', requests }, ...PER_CONVERSATION.map(({ name }) => ({ budget: name, requests }))];
    },
    maxInFlight: TEAMS_IN_FLIGHT,
  };
}
