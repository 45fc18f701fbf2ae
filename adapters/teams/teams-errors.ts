// Classifies Bot Connector failures as permanent (do not retry) or transient (the core's delivery retries).
import { DeliveryError } from '../../src/core/chat-adapter.ts';

/** What the SDK's HTTP client (axios) throws, read by shape so no HTTP library is imported here. */
interface HttpFailure {
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
  code?: string;
  name?: string;
}

// Bot Connector error codes that no retry can fix, with the reason the core records.
const permanentCodes: Readonly<Record<string, string>> = {
  BotNotInConversationRoster: 'bot-removed',
  ConversationBlockedByUser: 'blocked-by-user',
  BotDisabledByAdmin: 'bot-disabled',
  ConversationNotFound: 'conversation-not-found',
  NotEnoughPermissions: 'missing-permissions',
  MessageSizeTooBig: 'message-too-big',
  MessageWritesBlocked: 'blocked-by-user',
};
/** Without a Retry-After, a 429 is retried after this long (Teams asks for backoff with jitter). */
const DEFAULT_RETRY_AFTER_MS = 2_000;
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * 429 is transient with the Retry-After it names, a "slow down" for the conversation; Teams also
 * asks to retry 412 (a concurrent operation), 502 and 504, and any 5xx or network error is worth
 * a bounded retry. 401 means the bot's own token was refused (an operator can fix the secret, so
 * messages wait). Other 4xx are permanent: 403 (bot removed, blocked, app not installed for the
 * person), 404 (conversation gone), 400 (a message Teams will never take), 413 (too big).
 */
export function classifyTeamsError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const failure = error as HttpFailure;
  const status = failure?.response?.status;
  if (typeof status === 'number') {
    const code = errorCode(failure.response?.data);
    // Teams does not say which limit a 429 is for. The tenant's budget is this bot's alone and
    // paced; what the bot cannot see is other bots posting in the same conversation (Teams also
    // limits all bots together per thread), so the conversation is paused, not all of Teams.
    if (status === 429) return new DeliveryError('transient', 'rate-limited', retryAfterMs(failure.response?.headers) ?? DEFAULT_RETRY_AFTER_MS, 'conversation');
    if (status === 412 || status >= 500) return new DeliveryError('transient', `teams-${status}`, retryAfterMs(failure.response?.headers));
    if (status === 401) return new DeliveryError('transient', 'teams-401-bot-token-refused');
    if (code && permanentCodes[code]) return new DeliveryError('permanent', permanentCodes[code]);
    if (status === 403) return new DeliveryError('permanent', 'forbidden');
    if (status === 404) return new DeliveryError('permanent', 'conversation-not-found');
    if (status === 413) return new DeliveryError('permanent', 'message-too-big');
    return new DeliveryError('permanent', `teams-${status}${code ? `-${code}` : ''}`);
  }
  const detail = typeof failure?.code === 'string' ? failure.code : error instanceof Error ? error.name : 'unknown';
  return new DeliveryError('transient', `network-${detail}`);
}

/** Runs a Bot Connector call and turns any failure into a classified DeliveryError. */
export async function classified<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw classifyTeamsError(error);
  }
}

/** Retry-After in seconds or as an HTTP date; nonsense and absurd values are ignored. */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now = Date.now()): number | undefined {
  const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
  const text = Array.isArray(raw) ? String(raw[0]) : typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
  if (text === undefined || text.trim() === '') return undefined;
  const seconds = Number(text);
  const ms = Number.isFinite(seconds) ? seconds * 1_000 : Date.parse(text) - now;
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(Math.ceil(ms), MAX_RETRY_AFTER_MS);
}

function errorCode(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const error = (data as { error?: { code?: unknown; innerHttpError?: { code?: unknown } } }).error;
  const code = error?.code ?? error?.innerHttpError?.code;
  return typeof code === 'string' ? code.slice(0, 60) : undefined;
}
