// Classifies Discord failures as permanent (do not retry) or transient (the core's delivery retries).
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError } from '../../src/core/chat-adapter.ts';

/** Discord JSON error codes that no retry can fix, with the reason the core records. */
export const permanentCodes: Readonly<Record<number, string>> = {
  50007: 'dm-closed',
  50013: 'missing-permissions',
  50001: 'missing-access',
  10003: 'unknown-channel',
  10013: 'unknown-user',
  10008: 'unknown-message',
  10062: 'unknown-interaction',
  40060: 'interaction-already-acknowledged',
  50035: 'invalid-form-body',
};

export function classifyDiscordError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof RateLimitError) {
    // The REST client rejects instead of waiting (rejectOnRateLimit), so the core decides when to retry.
    return new DeliveryError('transient', error.global ? 'rate-limited-global' : 'rate-limited', Math.max(error.retryAfter, error.timeToReset, 0), error.global ? 'app' : 'conversation');
  }
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const known = permanentCodes[code];
    if (known) return new DeliveryError('permanent', known);
    if (error.status === 429) return new DeliveryError('transient', 'rate-limited');
    if (error.status >= 500) return new DeliveryError('transient', `discord-${error.status}`);
    return new DeliveryError('permanent', `discord-${error.status}-${code || 'error'}`);
  }
  if (error instanceof HTTPError) {
    return error.status >= 500 || error.status === 429
      ? new DeliveryError('transient', `discord-${error.status}`)
      : new DeliveryError('permanent', `discord-${error.status}`);
  }
  // Anything else is the network (refused, reset, timed out) or an outage: worth a bounded retry.
  const detail = error instanceof Error ? (errorCode(error) ?? error.name) : 'unknown';
  return new DeliveryError('transient', `network-${detail}`);
}

function errorCode(error: Error): string | undefined {
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** Runs a Discord call and turns any failure into a classified DeliveryError. */
export async function classified<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw classifyDiscordError(error);
  }
}
