// A local fake of Discord's REST API on 127.0.0.1: records every call, answers with realistic JSON,
// enforces Discord's payload limits (a violation is a 400 like Discord's, and is recorded), and
// can be told to fail or stall a route.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Path after /api/v10, e.g. /channels/123/messages. */
  path: string;
  body: any;
  files: Array<{ field: string; filename: string; content: string }>;
  auth: string | undefined;
  /** The message Discord would have created or edited (message routes only). */
  result?: any;
  /** When the request arrived (Date.now()). */
  at: number;
}

export interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Rule {
  method: string;
  path: RegExp;
  respond?: Scripted;
  /** Resolves before the request is answered (a slow Discord). */
  hold?: Promise<void>;
  times: number;
}

export const BOT_TOKEN = 'fake-bot-token';
export const APP_ID = '900000000000000001';

/**
 * Discord's limits as this fake enforces them when asked (`enforceLimits`): the published global
 * limit (50 requests in any second, interaction callbacks excepted) and a per-route bucket for
 * creating messages in a channel (5 per 5 seconds, announced in X-RateLimit-* headers on every
 * answer, as Discord does). Beyond them: 429 with Retry-After and `global` saying which.
 */
const GLOBAL_PER_SECOND = 50;
const CHANNEL_BUCKET = { limit: 5, windowMs: 5_000 };
/** Discord checks a nonce for uniqueness "in the past few minutes". */
const NONCE_WINDOW_MS = 5 * 60_000;

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  /** 429s answered because a request went beyond the enforced limits. */
  rateLimited = 0;
  /** Messages not created again because their nonce was seen (enforce_nonce). */
  nonceRepeats = 0;
  /** Every answer waits this long (Discord is tens to hundreds of milliseconds away). */
  latencyMs = 0;
  private enforcing = false;
  private globalTimes: number[] = [];
  private readonly buckets = new Map<string, { start: number; count: number }>();
  private readonly nonces = new Map<string, { at: number; message: object }>();
  readonly violations: string[] = [];
  private readonly rules: Rule[] = [];
  private nextId = 1_100_000_000_000_000_000n;
  private server!: Server;
  url = '';
  private readonly waiters: Array<{ test: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }> = [];
  readonly roles: Array<{ id: string; name: string }> = [];
  readonly users = new Map<string, { id: string; username: string; global_name: string | null; bot?: boolean }>();
  /** Where GET /gateway/bot sends the client (a FakeGateway, or a closed port). */
  gatewayUrl = 'ws://127.0.0.1:1';

  async start(): Promise<this> {
    // A bot killed mid-request (the chaos tests use kill -9) aborts its request while the body is read
    // (ECONNRESET): nothing is owed to a client that is gone. Any other error is the fake's own and stays loud.
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
        res.destroy();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** From now on, requests beyond Discord's limits are answered with 429 (see GLOBAL_PER_SECOND). */
  enforceLimits(): void {
    this.enforcing = true;
  }

  /** The next `times` matching requests get this answer instead of the normal one. */
  script(method: string, path: RegExp, respond: Scripted, times = 1): void {
    this.rules.push({ method, path, respond, times });
  }

  /** Matching requests wait for `until` before being answered normally. */
  hold(method: string, path: RegExp, until: Promise<void>, times = 1): void {
    this.rules.push({ method, path, hold: until, times });
  }

  /** Resolves with the first call (already made or future) that matches. */
  waitFor(test: (c: RecordedCall) => boolean): Promise<RecordedCall> {
    const done = this.calls.find(test);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  take(): RecordedCall[] {
    return this.calls.splice(0, this.calls.length);
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '').replace(/^\/api\/v10/, '').split('?')[0]!;
    const { body, files } = parseBody(req.headers['content-type'] ?? '', raw);
    const call: RecordedCall = { method: req.method ?? 'GET', path: decodeURIComponent(path), body, files, auth: req.headers.authorization, at: Date.now() };
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const limited = this.overLimit(call);
    if (limited) {
      this.rateLimited += 1;
      return send(res, 429, { message: 'You are being rate limited.', retry_after: limited.retryAfter, global: limited.global }, limited.headers);
    }
    const rule = this.rules.find((r) => r.times > 0 && r.method === call.method && r.path.test(call.path));
    if (rule) {
      rule.times -= 1;
      if (rule.hold) await rule.hold;
      if (rule.respond) return send(res, rule.respond.status, rule.respond.body, rule.respond.headers);
    }
    const problems = validate(call);
    if (problems.length > 0) {
      this.violations.push(...problems.map((p) => `${call.method} ${call.path}: ${p}`));
      return send(res, 400, { code: 50035, message: 'Invalid Form Body', errors: problems });
    }
    return this.route(call, res);
  }

  /** A new message, or the one made earlier with the same enforced nonce (then nothing is created). */
  private created(channelId: string, body: any): object {
    if (body?.enforce_nonce && typeof body.nonce === 'string') {
      const now = Date.now();
      const seen = this.nonces.get(body.nonce);
      if (seen && seen.at > now - NONCE_WINDOW_MS) {
        this.nonceRepeats += 1;
        return seen.message;
      }
      const message = this.message(channelId, body);
      this.nonces.set(body.nonce, { at: now, message });
      return message;
    }
    return this.message(channelId, body);
  }

  /** The request's answer when it goes beyond an enforced limit (it is then not counted). */
  private overLimit(call: RecordedCall): { retryAfter: number; global: boolean; headers: Record<string, string> } | undefined {
    if (!this.enforcing || /\/callback$/.test(call.path)) return undefined;
    const now = Date.now();
    this.globalTimes = this.globalTimes.filter((t) => t > now - 1_000);
    if (this.globalTimes.length >= GLOBAL_PER_SECOND) {
      const retryAfter = (this.globalTimes[this.globalTimes.length - GLOBAL_PER_SECOND]! + 1_000 - now) / 1000;
      return { retryAfter, global: true, headers: { 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' } };
    }
    const channel = call.method === 'POST' ? /^\/channels\/(\d+)\/messages$/.exec(call.path)?.[1] : undefined;
    if (channel) {
      const bucket = this.bucketOf(channel, now);
      if (bucket.count >= CHANNEL_BUCKET.limit) {
        const retryAfter = (bucket.start + CHANNEL_BUCKET.windowMs - now) / 1000;
        return { retryAfter, global: false, headers: { 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-scope': 'user', ...this.bucketHeaders(channel) } };
      }
      bucket.count += 1;
    }
    this.globalTimes.push(now);
    return undefined;
  }

  private bucketOf(channel: string, now: number): { start: number; count: number } {
    let bucket = this.buckets.get(channel);
    if (!bucket || bucket.start + CHANNEL_BUCKET.windowMs <= now) this.buckets.set(channel, (bucket = { start: now, count: 0 }));
    return bucket;
  }

  /** X-RateLimit-* of a channel's message bucket, as Discord sends them with every answer. */
  private bucketHeaders(channel: string): Record<string, string> {
    if (!this.enforcing) return {};
    const now = Date.now();
    const bucket = this.bucketOf(channel, now);
    const resetAfter = Math.max(0, bucket.start + CHANNEL_BUCKET.windowMs - now) / 1000;
    return {
      'x-ratelimit-limit': String(CHANNEL_BUCKET.limit),
      'x-ratelimit-remaining': String(Math.max(0, CHANNEL_BUCKET.limit - bucket.count)),
      'x-ratelimit-reset': String((now / 1000 + resetAfter).toFixed(3)),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': 'fakechannelmessages',
    };
  }

  private id(): string {
    return String(this.nextId++);
  }

  private message(channelId: string, body: any): object {
    return {
      id: this.id(),
      type: 0,
      channel_id: channelId,
      content: body?.content ?? '',
      components: body?.components ?? [],
      embeds: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      flags: body?.flags ?? 0,
      timestamp: '2027-01-04T08:00:00.000000+00:00',
      edited_timestamp: null,
      author: { id: APP_ID, username: 'liso-bot', global_name: null, discriminator: '0000', avatar: null, bot: true },
    };
  }

  private route(call: RecordedCall, res: ServerResponse): void {
    const { method, path } = call;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      if (call.auth !== `Bot ${BOT_TOKEN}`) return send(res, 401, { message: '401: Unauthorized', code: 0 });
      return send(res, 200, { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (call.auth !== undefined && call.auth !== `Bot ${BOT_TOKEN}`) return send(res, 401, { message: '401: Unauthorized', code: 0 });
    if (method === 'POST' && path === '/users/@me/channels') return send(res, 200, { id: `7${call.body.recipient_id}`.slice(0, 19), type: 1, recipients: [{ id: call.body.recipient_id }] });
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) return send(res, 200, (call.result = this.created(m[1]!, call.body)), this.bucketHeaders(m[1]!));
    if (method === 'PATCH' && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) return send(res, 200, { ...this.message(m[1]!, call.body), id: m[2] });
    if (method === 'DELETE' && /^\/channels\/\d+\/messages\/\d+$/.test(path)) return send(res, 204);
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return send(res, 204);
    if (method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/[^/]+$/.test(path)) return send(res, 200, this.message('0', call.body));
    if (method === 'DELETE' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path)) return send(res, 204);
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path)) return send(res, 200, this.message('0', call.body));
    if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      return send(res, 200, (call.body as any[]).map((c) => ({ ...c, id: this.id(), application_id: APP_ID, version: this.id() })));
    }
    if (method === 'GET' && (m = /^\/users\/(\d+)$/.exec(path))) {
      const user = this.users.get(m[1]!);
      return user ? send(res, 200, { ...user, discriminator: '0', avatar: null }) : send(res, 404, { message: 'Unknown User', code: 10013 });
    }
    if (method === 'GET' && /^\/guilds\/\d+\/roles$/.test(path)) return send(res, 200, this.roles);
    return send(res, 404, { message: '404: Not Found', code: 0 });
  }
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(type: string, raw: Buffer): { body: any; files: RecordedCall['files'] } {
  if (raw.length === 0) return { body: undefined, files: [] };
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!type.startsWith('multipart/form-data') || !boundary) return { body: JSON.parse(raw.toString('utf8')), files: [] };
  const marker = `--${boundary[1] ?? boundary[2]}`;
  let body: any;
  const files: RecordedCall['files'] = [];
  for (const part of raw.toString('utf8').split(marker).slice(1, -1)) {
    const [head = '', ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
    const content = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    const field = /name="([^"]+)"/.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]+)"/.exec(head)?.[1];
    if (field === 'payload_json') body = JSON.parse(content);
    else if (filename) files.push({ field, filename, content });
  }
  return { body, files };
}

// ---- Discord's limits, checked on every request that carries a message, modal or command ----

function validate(call: RecordedCall): string[] {
  const { method, path, body } = call;
  if (method === 'PUT' && /\/commands$/.test(path)) {
    // contexts and integration_types exist for global commands only; a guild command lives in its guild.
    const guildOnly = /\/guilds\/\d+\/commands$/.test(path)
      ? (body as any[]).flatMap((c) => ['contexts', 'integration_types'].filter((field) => field in c).map((field) => `command ${c.name}: ${field} is global-only`))
      : [];
    return [...guildOnly, ...(body as any[]).flatMap((c) => validateCommand(c, 'command'))];
  }
  if (/\/callback$/.test(path)) {
    if (body.type === 4 || body.type === 7) return validateMessage(body.data ?? {});
    if (body.type === 9) return validateModal(body.data ?? {});
    return [];
  }
  const messageWrite =
    (method === 'POST' && /^\/channels\/\d+\/messages$/.test(path)) ||
    (method === 'PATCH' && /messages\/[^/]+$/.test(path)) ||
    (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path));
  return messageWrite ? validateMessage(body ?? {}) : [];
}

function validateMessage(data: any): string[] {
  const problems: string[] = [];
  if (!data.allowed_mentions) problems.push('allowed_mentions missing');
  else if (!Array.isArray(data.allowed_mentions.parse) || data.allowed_mentions.parse.length > 0) problems.push('allowed_mentions.parse must be []');
  if (typeof data.content === 'string' && data.content.length > 2000) problems.push(`content ${data.content.length} > 2000`);
  const rows = data.components ?? [];
  if (!data.content && rows.length === 0 && !(data.attachments?.length > 0)) problems.push('empty message');
  if (rows.length > 5) problems.push(`${rows.length} action rows > 5`);
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.type !== 1) problems.push('top-level component is not an action row');
    const parts = row.components ?? [];
    if (parts.length === 0 || parts.length > 5) problems.push(`row with ${parts.length} components`);
    if (parts.some((p: any) => p.type === 3) && parts.length > 1) problems.push('select menu shares a row');
    for (const part of parts) {
      if (typeof part.custom_id !== 'string' || part.custom_id.length === 0 || part.custom_id.length > 100) problems.push(`custom_id length ${part.custom_id?.length}`);
      if (ids.has(part.custom_id)) problems.push(`duplicate custom_id ${part.custom_id}`);
      ids.add(part.custom_id);
      if (part.type === 2 && (!part.label || part.label.length > 80)) problems.push(`button label length ${part.label?.length}`);
      if (part.type === 3) {
        if (!part.options?.length || part.options.length > 25) problems.push(`select with ${part.options?.length} options`);
        if ((part.placeholder ?? '').length > 150) problems.push('placeholder > 150');
        const values = new Set<string>();
        for (const o of part.options ?? []) {
          if (!o.label || o.label.length > 100 || !o.value || o.value.length > 100) problems.push('select option too long or empty');
          if (values.has(o.value)) problems.push('duplicate select value');
          values.add(o.value);
        }
      }
    }
  }
  return problems;
}

function validateModal(data: any): string[] {
  const problems: string[] = [];
  if (!data.title || data.title.length > 45) problems.push(`modal title length ${data.title?.length}`);
  if (!data.custom_id || data.custom_id.length > 100) problems.push('modal custom_id');
  const parts = data.components ?? [];
  if (parts.length === 0 || parts.length > 5) problems.push(`modal with ${parts.length} components`);
  for (const part of parts) {
    if (part.type !== 18) problems.push('modal component is not a label');
    if (!part.label || part.label.length > 45) problems.push(`modal label length ${part.label?.length}`);
    const input = part.component ?? {};
    if (!input.custom_id || input.custom_id.length > 100) problems.push('input custom_id');
    if (input.type === 4 && 'label' in input) problems.push('text input inside a label has its own label');
    if (input.type === 4 && (input.max_length ?? 0) > 4000) problems.push('max_length > 4000');
    if (input.type === 3 && (!input.options?.length || input.options.length > 25)) problems.push('modal select options');
  }
  return problems;
}

const NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommand(option: any, where: string): string[] {
  const problems: string[] = [];
  if (!NAME.test(option.name) || option.name !== option.name.toLowerCase()) problems.push(`${where}: bad name ${option.name}`);
  for (const [locale, name] of Object.entries(option.name_localizations ?? {})) {
    if (!NAME.test(name as string)) problems.push(`${where}: bad ${locale} name ${name}`);
  }
  if (!option.description || option.description.length > 100) problems.push(`${where}: description length ${option.description?.length}`);
  for (const [locale, text] of Object.entries(option.description_localizations ?? {})) {
    if (!text || (text as string).length > 100) problems.push(`${where}: ${locale} description length ${(text as string)?.length}`);
  }
  const children = option.options ?? [];
  if (children.length > 25) problems.push(`${where}: ${children.length} options > 25`);
  let optionalSeen = false;
  for (const child of children) {
    if (child.type !== 1 && child.type !== 2) {
      if (child.required && optionalSeen) problems.push(`${where}: required option after an optional one`);
      if (!child.required) optionalSeen = true;
    }
    problems.push(...validateCommand(child, `${where}/${child.name}`));
  }
  return problems;
}
