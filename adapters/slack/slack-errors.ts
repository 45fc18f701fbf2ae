// Classifies Slack Web API failures as permanent or transient DeliveryErrors for the core.
import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../src/core/chat-adapter.ts';

/**
 * Slack error codes that no retry can fix: the person or channel is gone, the bot lacks access,
 * or the request itself is wrong. Everything else from the platform is treated as transient.
 */
const PERMANENT = new Set([
  'account_inactive',
  'not_in_channel',
  'missing_scope',
  'channel_not_found',
  'user_not_found',
  'users_not_found',
  'is_archived',
  'cannot_dm_bot',
  'user_disabled',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'ekm_access_denied',
  'team_access_not_granted',
  'no_permission',
  'not_allowed_token_type',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'org_login_required',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'msg_too_long',
  'invalid_blocks',
  'invalid_blocks_format',
  'too_many_attachments',
  'no_text',
  'invalid_arguments',
  'invalid_arg_name',
  'expired_trigger_id',
  'invalid_trigger_id',
  'exchanged_trigger_id',
  'expired_url',
  'used_url',
  'method_deprecated',
  'duplicate_channel_not_found',
  'not_found',
]);

/** Slack's transient platform codes, listed so a log says why a retry is expected to help. */
const TRANSIENT = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

interface SlackLikeError {
  code?: unknown;
  data?: { error?: unknown };
  statusCode?: unknown;
  retryAfter?: unknown;
  headers?: Record<string, string>;
  /** An HTTP error's body, parsed when it was JSON. */
  body?: unknown;
  /** A request error's cause: what fetch threw. */
  original?: unknown;
}

/**
 * Network failures before the request could be written (no connection made): Slack never saw
 * it. Any other request error (a timeout, a reset or closed socket) may come after Slack took it.
 */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** Turns anything thrown by the WebClient (or a response_url post) into a DeliveryError. */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = (error ?? {}) as SlackLikeError;
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      // Slack does not say whether the channel's or the workspace's limit was hit: pause all of Slack.
      return new DeliveryError('transient', 'ratelimited', typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : 1_000, 'app');
    case webApi.ErrorCode.PlatformError: {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      return classifyCode(code);
    }
    case webApi.ErrorCode.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      const retryAfter = retryAfterMs(e.headers?.['retry-after']);
      if (status === 429) return new DeliveryError('transient', `http_${status}`, retryAfter ?? 1_000, 'app');
      if (status >= 500) {
        // Slack's own answer (ok:false) says it did not do it; any other 5xx is a proxy or load
        // balancer in between, which may have given up after Slack took the request.
        const slackAnswered = typeof e.body === 'object' && e.body !== null && (e.body as { ok?: unknown }).ok === false;
        return slackAnswered ? new DeliveryError('transient', `http_${status}`, retryAfter) : DeliveryError.outcomeUnknown(`http_${status}`, retryAfter);
      }
      return new DeliveryError('permanent', `http_${status}`);
    }
    case webApi.ErrorCode.RequestError: {
      const cause = requestFailureCode(e.original);
      if (cause !== undefined && NOT_SENT.has(cause)) return new DeliveryError('transient', 'network_error');
      // No answer in time, or the connection lost once the request was on its way: Slack may have posted it.
      return DeliveryError.outcomeUnknown('no_answer');
    }
    default:
      return new DeliveryError('transient', error instanceof Error ? `unexpected: ${error.message.slice(0, 200)}` : 'unexpected');
  }
}

export function classifyCode(code: string, retryAfter?: number): DeliveryError {
  if (PERMANENT.has(code)) return new DeliveryError('permanent', code);
  if (TRANSIENT.has(code)) return new DeliveryError('transient', code, retryAfter);
  // An unknown code: one more try later is cheap, a lost message is not.
  return new DeliveryError('transient', code, retryAfter);
}

/**
 * What made a request fail, from the error fetch threw: a system or undici code found along its
 * causes (fetch wraps it in "fetch failed"), or the name of a timeout or abort.
 */
function requestFailureCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (name === 'TimeoutError' || name === 'AbortError') return name;
  }
  return undefined;
}

/** Retry-After in milliseconds from a header value in seconds; undefined when absent or odd. */
export function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** The Slack error code of a Web API failure, if it carries one (for start-up messages). */
export function slackErrorCode(error: unknown): string | undefined {
  const e = (error ?? {}) as SlackLikeError;
  if (e.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string') return e.data.error;
  return undefined;
}
