// The bot's own access token for the Bot Connector: OAuth 2.0 client credentials, cached until shortly before expiry.
import type { Clock } from '../../src/core/clock.ts';

/** The Bot Framework scope every Bot Connector call needs. */
export const BOT_SCOPE = 'https://api.botframework.com/.default';
// A token is renewed this long before it expires, so no call goes out with one about to lapse.
const RENEW_MARGIN_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface TokenProviderOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
}

/** The token endpoint refused or failed; `code` is its OAuth error (`invalid_client`, …), never a secret. */
export class TokenRequestError extends Error {
  override name = 'TokenRequestError';
  constructor(
    readonly status: number | undefined,
    readonly code: string,
  ) {
    super(`token request failed: ${status ?? 'network'} ${code}`);
  }
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

/**
 * Fetches tokens with the app's id and secret from `tokenUrl` (Microsoft Entra by default; a
 * sovereign cloud's or a test's when configured). Concurrent callers share one request.
 */
export class TokenProvider {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly options: TokenProviderOptions) {}

  async token(scope: string = BOT_SCOPE): Promise<string> {
    const cached = this.cache.get(scope);
    if (cached && cached.expiresAt - RENEW_MARGIN_MS > this.options.clock.now().getTime()) return cached.value;
    const running = this.inFlight.get(scope);
    if (running) return running;
    const request = this.request(scope).finally(() => this.inFlight.delete(scope));
    this.inFlight.set(scope, request);
    return request;
  }

  private async request(scope: string): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.options.clientId, client_secret: this.options.clientSecret, scope });
    let response: Response;
    try {
      response = await fetch(this.options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new TokenRequestError(undefined, (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name);
    }
    const json = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (!response.ok || typeof json.access_token !== 'string') {
      throw new TokenRequestError(response.status, typeof json.error === 'string' ? json.error.slice(0, 60) : 'no-token');
    }
    const lifetimeS = Number(json.expires_in);
    const expiresAt = this.options.clock.now().getTime() + (Number.isFinite(lifetimeS) && lifetimeS > 0 ? lifetimeS : 3_600) * 1_000;
    this.cache.set(scope, { value: json.access_token, expiresAt });
    return json.access_token;
  }
}
