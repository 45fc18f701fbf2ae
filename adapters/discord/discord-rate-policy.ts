// Discord's limits for what the bot sends on its own, as the core's neutral RatePolicy, and the
// nonce that makes a repeated send harmless.
import { createHash } from 'node:crypto';
import type { OutboundSend, RatePolicy } from '../../src/core/rate-policy.ts';
import { renderMessage } from './discord-renderer.ts';

/**
 * Discord (discord.com/developers/docs/topics/rate-limits) publishes one number: a global limit of
 * 50 requests per second per bot (interaction responses excepted). Per-route buckets (such as
 * creating messages in one channel) are announced only in X-RateLimit-* headers: discord.js reads
 * them and, set to reject instead of wait, fails a send that would exceed a bucket before making
 * it, with the time to wait; the core then pauses that conversation for that long.
 */
const GLOBAL_PER_SECOND = 50;

/**
 * Discord dedupes a message by its nonce (enforce_nonce), so a send repeated after a crash or an
 * unanswered request is not posted twice: more sends in flight cost no duplicates. Eight keep
 * the global budget busy at Discord's usual latency.
 */
const DISCORD_IN_FLIGHT = 8;

export function discordRatePolicy(options: { hasDmChannel(userId: string): boolean }): RatePolicy {
  return {
    budgets: { global: { requests: GLOBAL_PER_SECOND, windowMs: 1_000, scope: 'app' } },
    costOf(send: OutboundSend) {
      const parts = renderMessage(send.message).payloads.length;
      const opensDm = send.kind === 'direct' && !options.hasDmChannel(send.userId) ? 1 : 0;
      return [{ budget: 'global', requests: parts + opensDm }];
    },
    maxInFlight: DISCORD_IN_FLIGHT,
  };
}

/** Discord's nonce for part `part` of the message with this idempotency key: at most 25 characters, the same on every attempt. */
export function discordNonce(idempotencyKey: string, part: number): string {
  return createHash('sha256').update(`${idempotencyKey}\u0000${part}`).digest('base64url').slice(0, 25);
}
