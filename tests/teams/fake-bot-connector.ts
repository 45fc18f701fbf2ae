// A local stand-in for Microsoft's side of a Teams bot on 127.0.0.1: token endpoint, OpenID metadata with
// a local signing key, the Bot Connector conversations API (with Teams' size limit and failure modes) and
// a OneDrive-like upload URL for file consent; it also signs and posts activities to the bot.
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const CLIENT_ID = '00000000-0000-4000-8000-00000000b07d';
export const CLIENT_SECRET = 'test-secret-value-4711';
export const TENANT_ID = '11111111-2222-4333-8444-555555555555';
export const OTHER_TENANT_ID = '99999999-8888-4777-8666-555555555555';
export const BOT_ID = `28:${CLIENT_ID}`;
const ISSUER = 'https://api.botframework.com';
const KEY_ID = 'fake-key-1';
/** Teams refuses a bot message above about 28 KB. */
export const MAX_ACTIVITY_BYTES = 28_000;

export interface RecordedCall {
  method: string;
  path: string;
  body: any;
  bytes: number;
  status: number;
  /** What the fake answered (for a new activity: its id). */
  response: any;
}

/**
 * Teams' published limits as this fake enforces them when asked (`enforceLimits`): per bot and
 * conversation (a personal chat, group chat or channel; creating a conversation counts for the
 * person it is with) 7 requests in any second, 8 in two, 60 in thirty, 1,800 in an hour; 50 a
 * second over the whole tenant. Beyond them it answers 429 with a Retry-After, as Teams does.
 */
const CONVERSATION_LIMITS = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];
const TENANT_LIMITS = [{ windowMs: 1_000, max: 50 }];

interface Fault {
  match: RegExp;
  method?: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times: number;
}

export class FakeBotConnector {
  readonly calls: RecordedCall[] = [];
  /** Requests Teams would have refused for being malformed or too big. */
  readonly violations: string[] = [];
  /** People who have the app installed in personal scope (a personal chat can be created). */
  readonly installedFor = new Set<string>();
  /** Conversations the bot was removed from (403 BotNotInConversationRoster). */
  readonly removed = new Set<string>();
  readonly uploads = new Map<string, string>();
  /** 429s answered because a request went beyond the enforced limits. */
  rateLimited = 0;
  /** Every conversations API answer waits this long (the real Bot Connector is 100-500 ms away). */
  latencyMs = 0;
  /** Who is in each conversation (a team's General channel id for the team, a private channel, a group chat), for the paged roster. */
  readonly rosters = new Map<string, string[]>();
  /** The roster answers at most this many a page, whatever pageSize asks. */
  rosterPageSize = 500;
  private limited = false;
  private readonly windows = new Map<string, number[]>();
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly faults: Fault[] = [];
  private readonly issuedTokens = new Set<string>();
  private server: http.Server | undefined;
  private counter = 0;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  get serviceUrl(): string {
    return `${this.url}/teams/`;
  }

  get env(): Record<string, string> {
    return {
      TEAMS_CLIENT_ID: CLIENT_ID,
      TEAMS_CLIENT_SECRET: CLIENT_SECRET,
      TEAMS_TENANT_ID: TENANT_ID,
      TEAMS_TOKEN_URL: `${this.url}/${TENANT_ID}/oauth2/v2.0/token`,
      TEAMS_OPENID_METADATA_URL: `${this.url}/v1/.well-known/openidconfiguration`,
      TEAMS_SERVICE_URL: this.serviceUrl,
    };
  }

  /** From now on, requests beyond Teams' rate limits are answered 429. */
  enforceLimits(): void {
    this.limited = true;
  }

  /** The next `times` requests matching `match` fail with this status (and headers, body). */
  failNext(match: RegExp, status: number, options: { headers?: Record<string, string>; body?: unknown; times?: number; method?: string } = {}): void {
    this.faults.push({ match, status, times: options.times ?? 1, ...(options.headers ? { headers: options.headers } : {}), ...(options.body ? { body: options.body } : {}), ...(options.method ? { method: options.method } : {}) });
  }

  /** Activities the bot posted (new messages and edits), in order. */
  sent(conversationId?: string): RecordedCall[] {
    return this.calls.filter((c) => (c.method === 'POST' || c.method === 'PUT') && /\/activities(\/|$)/.test(c.path) && c.status < 300 && (!conversationId || c.path.includes(`/conversations/${conversationId}/`)));
  }

  /** The Adaptive Cards of everything the bot posted or edited. */
  cards(conversationId?: string): any[] {
    return this.sent(conversationId).flatMap((c) => (c.body?.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a: any) => a.content));
  }

  /** A Bot Framework token as the Bot Connector signs it for the bot. */
  sign(claims: Record<string, unknown> = {}, options: { key?: KeyObject; kid?: string } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: options.kid ?? KEY_ID };
    const payload = { iss: ISSUER, aud: CLIENT_ID, iat: now, nbf: now - 5, exp: now + 3_600, serviceurl: this.serviceUrl, ...claims };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(options.key ?? this.keys.privateKey).toString('base64url');
    return `${unsigned}.${signature}`;
  }

  /** A key pair Microsoft never published: tokens signed with it are forgeries. */
  forgerKey(): KeyObject {
    return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }

  /** Posts an activity to the bot as the Bot Connector does; `authorization: null` sends none. */
  async deliver(endpoint: string, activity: unknown, options: { authorization?: string | null } = {}): Promise<{ status: number; body: any }> {
    const authorization = options.authorization === undefined ? `Bearer ${this.sign({ serviceurl: (activity as { serviceUrl?: string }).serviceUrl ?? this.serviceUrl })}` : options.authorization;
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body };
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '').split('?')[0]!;
    const method = req.method ?? 'GET';
    let answered: unknown;
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      answered = body;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
      return status;
    };
    let body: any;
    const text = raw.toString('utf8');
    if (text && (req.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        this.violations.push(`${method} ${path}: body is not JSON`);
      }
    } else body = text;
    const record = (status: number) => this.calls.push({ method, path, body, bytes: raw.length, status, response: answered });

    if (method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      send(200, { issuer: ISSUER, jwks_uri: `${this.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] });
      return;
    }
    if (method === 'GET' && path === '/v1/.well-known/keys') {
      const jwk = this.keys.publicKey.export({ format: 'jwk' });
      send(200, { keys: [{ ...jwk, kid: KEY_ID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] });
      return;
    }
    if (method === 'POST' && path === `/${TENANT_ID}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(text);
      if (form.get('client_id') !== CLIENT_ID || form.get('client_secret') !== CLIENT_SECRET) {
        record(send(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }));
        return;
      }
      if (form.get('grant_type') !== 'client_credentials' || form.get('scope') !== 'https://api.botframework.com/.default') this.violations.push(`token request with ${text}`);
      const token = `bot-token-${++this.counter}-${randomUUID()}`;
      this.issuedTokens.add(token);
      record(send(200, { token_type: 'Bearer', expires_in: 3_599, access_token: token }));
      return;
    }
    if (method === 'PUT' && path.startsWith('/upload/')) {
      this.uploads.set(decodeURIComponent(path.slice('/upload/'.length)), text);
      record(send(201, { id: 'drive-item' }));
      return;
    }
    if (!path.startsWith('/teams/v3/conversations')) {
      record(send(404, { error: { code: 'NotFound', message: 'no such route' } }));
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !this.issuedTokens.has(bearer)) {
      record(send(401, { message: 'Authorization has been denied for this request.' }));
      return;
    }
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const waitSeconds = this.limited ? this.overLimit(method, path, body) : undefined;
    if (waitSeconds !== undefined) {
      this.rateLimited += 1;
      record(send(429, { error: { code: 'Throttled', message: 'Too many requests' } }, { 'retry-after': String(waitSeconds) }));
      return;
    }
    const fault = this.faults.find((f) => f.match.test(path) && (!f.method || f.method === method));
    if (fault) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      record(send(fault.status, fault.body ?? { error: { code: `Status${fault.status}`, message: 'injected failure' } }, fault.headers));
      return;
    }
    if (raw.length > MAX_ACTIVITY_BYTES) {
      this.violations.push(`${method} ${path}: ${raw.length} bytes`);
      record(send(413, { error: { code: 'MessageSizeTooBig', message: 'Message size too big' } }));
      return;
    }
    if (method === 'POST' && path === '/teams/v3/conversations') {
      const userId = body?.members?.[0]?.id;
      if (body?.tenantId !== TENANT_ID) this.violations.push(`conversation created without our tenant: ${JSON.stringify(body)}`);
      if (!this.installedFor.has(userId)) {
        record(send(403, { error: { code: 'Forbidden', message: 'Bot is not installed in user\'s personal scope' } }));
        return;
      }
      record(send(201, { id: personalConversationId(userId) }));
      return;
    }
    const roster = /^\/teams\/v3\/conversations\/([^/]+)\/pagedmembers$/i.exec(path);
    if (method === 'GET' && roster) {
      record(this.rosterPage(decodeURIComponent(roster[1]!), new URL(req.url ?? '/', this.url).searchParams, send));
      return;
    }
    const match = /^\/teams\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (!match) {
      record(send(404, { error: { code: 'NotFound', message: 'no such route' } }));
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    if (this.removed.has(conversationId.split(';')[0]!)) {
      record(send(403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }));
      return;
    }
    if (method === 'DELETE') {
      record(send(200));
      return;
    }
    this.checkActivity(method, path, body);
    if (method === 'PUT') {
      record(send(200, { id: match[2] }));
      return;
    }
    record(send(201, { id: `activity-${++this.counter}` }));
  }

  /** One page of a conversation's roster, as Teams answers GET …/pagedmembers; the token is the next page's offset, opaque to the bot. */
  private rosterPage(conversationId: string, query: URLSearchParams, send: (status: number, body?: unknown) => number): number {
    if (this.removed.has(conversationId)) return send(403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } });
    const roster = this.rosters.get(conversationId);
    if (!roster) return send(404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
    const offset = Number(Buffer.from(query.get('continuationToken') ?? '', 'base64').toString('utf8') || 0);
    const size = Math.min(Number(query.get('pageSize') ?? 200) || 200, this.rosterPageSize);
    const members = roster.slice(offset, offset + size).map((id) => ({ id, name: id, aadObjectId: randomUUID(), userRole: 'user', tenantId: TENANT_ID }));
    const next = offset + size < roster.length ? Buffer.from(String(offset + size)).toString('base64') : undefined;
    return send(200, { members, ...(next ? { continuationToken: next } : {}) });
  }

  /**
   * Seconds to wait when the request goes beyond an enforced limit (it is then not counted);
   * undefined when it fits, and then it is counted.
   */
  private overLimit(method: string, path: string, body: any): number | undefined {
    const now = performance.now();
    const conversation = method === 'POST' && path === '/teams/v3/conversations' ? `create:${body?.members?.[0]?.id}` : (/^\/teams\/v3\/conversations\/([^/]+)/.exec(path)?.[1] ?? '').split(';')[0];
    const checks = [
      { key: 'tenant', limits: TENANT_LIMITS },
      { key: `conversation:${decodeURIComponent(conversation ?? '')}`, limits: CONVERSATION_LIMITS },
    ];
    let waitMs = 0;
    for (const { key, limits } of checks) {
      const times = this.windows.get(key) ?? [];
      for (const { windowMs, max } of limits) {
        const recent = times.filter((t) => t > now - windowMs);
        if (recent.length >= max) waitMs = Math.max(waitMs, recent[recent.length - max]! + windowMs - now);
      }
    }
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1_000));
    for (const { key } of checks) this.windows.set(key, [...(this.windows.get(key) ?? []).filter((t) => t > now - 3_600_000), now]);
    return undefined;
  }

  /** What Teams itself would refuse in a message activity. */
  private checkActivity(method: string, path: string, body: any): void {
    if (body?.type !== 'message') this.violations.push(`${method} ${path}: not a message activity`);
    for (const attachment of body?.attachments ?? []) {
      if (typeof attachment?.contentType !== 'string') this.violations.push(`${method} ${path}: attachment without contentType`);
    }
  }
}

export function personalConversationId(userId: string): string {
  return `a:personal-${userId.replace(/[^\w-]/g, '')}`;
}
