// Posts to a Slack response_url (ephemeral answers, replacing the pressed message).
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { SlackPayload } from './block-kit-renderer.ts';
import { retryAfterMs, toDeliveryError } from './slack-errors.ts';

export interface ResponseUrlBody extends SlackPayload {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/** Throws a classified DeliveryError when Slack refuses (an expired url is permanent). */
export async function postToResponseUrl(url: string, body: ResponseUrlBody, fetchFn: typeof fetch = fetch): Promise<void> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw toDeliveryError(Object.assign(new Error(String(error)), { code: 'slack_webapi_request_error' }));
  }
  const text = await response.text();
  if (response.status === 429 || response.status >= 500) {
    throw new DeliveryError('transient', `response_url_http_${response.status}`, retryAfterMs(response.headers.get('retry-after')));
  }
  if (response.status !== 200) throw new DeliveryError('permanent', errorCodeIn(text) ?? `response_url_http_${response.status}`);
  const code = errorCodeIn(text);
  if (code) throw new DeliveryError('permanent', code);
}

/** Slack answers "ok", a JSON body with ok:false, or a bare error code such as "expired_url". */
function errorCodeIn(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'ok') return undefined;
  try {
    const parsed = JSON.parse(trimmed) as { ok?: boolean; error?: string };
    return parsed.ok === false ? (parsed.error ?? 'unknown_error') : undefined;
  } catch {
    return /^[a-z_]+$/.test(trimmed) ? trimmed : undefined;
  }
}
