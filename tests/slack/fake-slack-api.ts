// A local fake of Slack's Web API (and response_urls, file uploads, Socket Mode) that records calls.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { packageRoot } from '../../src/core/paths.ts';
import { refusalOf } from './slack-payload-limits.ts';

// From the package root, so the compiled benchmarks (dist-bench/) find the same files.
export const fixtureDir = path.join(packageRoot(), 'tests/fixtures/slack');

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(fixtureDir, name), 'utf8')) as T;
}

export interface RecordedCall {
  /** A Web API method ("chat.postMessage"), "response_url" or "upload". */
  method: string;
  /** The response_url id or upload file id; empty for API methods. */
  target: string;
  body: Record<string, any>;
  headers: http.IncomingHttpHeaders;
  /** What the fake answered (for the ts of a posted message). */
  response?: unknown;
  /** When the answer left (Date.now()). */
  answeredAt?: number;
}

export interface ScriptedResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Slack takes the call (it is carried out and recorded with the answer given here, or the
   * realistic one when none is) but the answer never reaches the bot: 'reset' destroys the
   * connection (a proxy or network dropping it), a number holds the answer back that many ms
   * (past the client's timeout).
   */
  answerLost?: 'reset' | number;
}

/**
 * Slack's published limits as this fake enforces them when asked (`enforceLimits`): per method
 * and workspace a tier (Tier 2: 20, Tier 3: 50, Tier 4: 100 a minute), chat.postMessage about one
 * a second per channel with short bursts (3 within any 3 seconds) and a workspace-wide number
 * Slack does not publish (given). Beyond them it answers 429 with Retry-After, as Slack does.
 */
export interface SlackLimits {
  postsPerMinute: number;
}

const TIERS: Record<string, number> = {
  'conversations.open': 50,
  'conversations.history': 50,
  'chat.update': 50,
  'chat.postEphemeral': 100,
  'views.open': 100,
  'views.publish': 100,
  'files.getUploadURLExternal': 100,
  'files.completeUploadExternal': 100,
  'users.info': 100,
  'conversations.members': 100,
};

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** 429s answered because a call went beyond the enforced limits. */
  rateLimited = 0;
  /** Payloads refused because they break Block Kit's limits (slack-payload-limits.ts), one line each. */
  readonly violations: string[] = [];
  /** Every Web API answer waits this long (a real Slack is 100-400 ms away). */
  latencyMs = 0;
  /** Slack's clock, in ms: a message's ts is its time of posting (a test on a simulated clock passes that clock). */
  now: () => number = () => Date.now();
  private limits: SlackLimits | undefined;
  private readonly windows = new Map<string, number[]>();
  private readonly scripted = new Map<string, ScriptedResponse[]>();
  private readonly server: http.Server;
  private readonly sockets = new WebSocketServer({ noServer: true });
  private counter = 0;
  /** When each file upload was shared in its conversation (the ts of its message). */
  private readonly sharedAt = new WeakMap<RecordedCall, string>();
  /** Users the app cannot reach directly (a guest, a closed Messages tab), with Slack's error. */
  private readonly unreachable = new Map<string, string>();
  /** Users that are bots or apps (users.info answers is_bot true); the bot itself is U0LISOBOT1 (auth.test). */
  private readonly bots = new Set<string>();
  /** Who is in each channel, for conversations.members; a channel not listed answers channel_not_found. */
  private readonly members = new Map<string, string[]>();
  /** conversations.members answers at most this many per page, whatever `limit` asks (Slack may give fewer). */
  membersPageSize = 1000;
  /**
   * The *:history scopes the install granted: all the manifest asks for, unless a test takes some
   * away (an install not re-authorised since channels:history and groups:history were added).
   */
  private readonly historyScopes = new Set(['im:history', 'channels:history', 'groups:history']);
  /** Channels whose history Slack refuses with this error (not_in_channel: posted through chat:write.public). */
  private readonly historyRefused = new Map<string, string>();
  /** Messages people wrote in a channel (`say`), which conversations.history shows besides the bot's. */
  private readonly said: Array<Record<string, any> & { channel: string; ts: string }> = [];
  /** How many ts this fake gave out: the part after the dot, so each is unique and later ones sort later. */
  private minted = 0;
  url = '';
  /** Socket Mode connections the bot opened. */
  readonly connections: WebSocket[] = [];
  /** Socket Mode acknowledgements received from the bot (by envelope id). */
  readonly socketAcks: Array<Record<string, unknown>> = [];

  constructor() {
    // A bot killed mid-request (the chaos tests use kill -9) aborts its request while the body is read
    // (ECONNRESET): nothing is owed to a client that is gone. Any other error is the fake's own and stays loud.
    this.server = http.createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
        res.destroy();
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      this.sockets.handleUpgrade(req, socket, head, (ws) => {
        this.connections.push(ws);
        ws.on('message', (data) => this.socketAcks.push(JSON.parse(String(data)) as Record<string, unknown>));
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0LISOBOT1' } }));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const ws of this.connections) ws.terminate();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url on this server. */
  responseUrl(): string {
    return `${this.url}/response/${++this.counter}`;
  }

  /** From now on, calls beyond Slack's published limits are answered with 429 (see SlackLimits). */
  enforceLimits(limits: SlackLimits): void {
    this.limits = limits;
  }

  /** The next calls of `method` get these responses, in order, instead of the realistic default. */
  script(method: string, ...responses: ScriptedResponse[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...responses]);
  }

  /** From now on, direct messages to this user fail with `error` (a guest: "restricted_action"). */
  refuseDirect(userId: string, error: string): void {
    this.unreachable.set(userId, error);
  }

  /** From now on, users.info says this user is a bot (a Jira or poll app in the workspace). */
  addBot(userId: string): void {
    this.bots.add(userId);
  }

  /** From now on, conversations.members lists these users in the channel, in this order. */
  setChannelMembers(channel: string, users: readonly string[]): void {
    this.members.set(channel, [...users]);
  }

  /** From now on the install lacks these scopes: conversations.history answers missing_scope where one is needed. */
  withoutScopes(...scopes: string[]): void {
    for (const scope of scopes) this.historyScopes.delete(scope);
  }

  /** From now on, conversations.history of this channel answers `error` (a bot not in it: not_in_channel). */
  refuseHistory(channel: string, error: string): void {
    this.historyRefused.set(channel, error);
  }

  /** A person writes in a channel now (on the fake's clock): a message conversations.history shows. */
  say(channel: string, user: string, text = '…'): string {
    const ts = this.nextTs();
    this.said.push({ type: 'message', user, text, ts, channel });
    return ts;
  }

  /** Sends a Socket Mode envelope to the bot. */
  sendEnvelope(envelope: Record<string, unknown>): void {
    for (const ws of this.connections) ws.send(JSON.stringify(envelope));
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const [, kind = '', target = ''] = url.pathname.split('/');
    const method = kind === 'api' ? target : kind === 'response' ? 'response_url' : kind === 'upload' ? 'upload' : kind;
    const call: RecordedCall = { method, target: kind === 'api' ? '' : target, body: parseBody(raw, req.headers['content-type']), headers: req.headers };
    this.calls.push(call);
    if (this.latencyMs > 0 && kind === 'api') await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const scripted = this.scripted.get(method)?.shift();
    const answer = scripted && (scripted.status !== undefined || scripted.body !== undefined) ? scripted : undefined;
    const limited = kind === 'api' && !answer ? this.overLimit(call) : undefined;
    if (limited !== undefined) this.rateLimited += 1;
    const response = answer ?? (limited !== undefined ? { status: 429, headers: { 'retry-after': String(limited) }, body: { ok: false, error: 'ratelimited' } } : this.refused(call) ?? this.defaultResponse(call));
    call.response = response.body;
    call.answeredAt = Date.now();
    if (scripted?.answerLost === 'reset') {
      req.socket.destroy();
      return;
    }
    if (typeof scripted?.answerLost === 'number') await new Promise((resolve) => setTimeout(resolve, scripted.answerLost as number));
    // The bot may have given up and closed the connection meanwhile: the answer goes nowhere.
    if (res.destroyed) return;
    res.writeHead(response.status ?? 200, { 'content-type': typeof response.body === 'string' ? 'text/plain' : 'application/json', ...response.headers });
    res.end(typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? { ok: true }));
  }

  /** Seconds to wait when the call goes beyond an enforced limit (it is then not counted); undefined when it fits. */
  private overLimit(call: RecordedCall): number | undefined {
    if (!this.limits) return undefined;
    const now = Date.now();
    const checks: Array<{ key: string; requests: number; windowMs: number }> = [];
    if (call.method === 'chat.postMessage') {
      checks.push({ key: 'chat.postMessage', requests: this.limits.postsPerMinute, windowMs: 60_000 });
      checks.push({ key: `chat.postMessage:${directOf(String(call.body['channel']))}`, requests: 3, windowMs: 3_000 });
    } else if (TIERS[call.method] !== undefined) {
      checks.push({ key: call.method, requests: TIERS[call.method]!, windowMs: 60_000 });
    }
    let wait = 0;
    for (const check of checks) {
      const times = (this.windows.get(check.key) ?? []).filter((t) => t > now - check.windowMs);
      this.windows.set(check.key, times);
      if (times.length >= check.requests) wait = Math.max(wait, times[times.length - check.requests]! + check.windowMs - now);
    }
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    for (const check of checks) this.windows.get(check.key)!.push(now);
    return undefined;
  }

  /** Slack's answer to a payload beyond Block Kit's limits: the Web API's error, or a response_url's 400. */
  private refused(call: RecordedCall): ScriptedResponse | undefined {
    const refusal = refusalOf(call.method, call.body);
    if (!refusal) return undefined;
    this.violations.push(...refusal.problems.map((problem) => `${call.method}: ${problem}`));
    if (call.method === 'response_url') return { status: 400, body: refusal.error };
    return { body: { ok: false, error: refusal.error, response_metadata: { messages: refusal.problems } } };
  }

  private defaultResponse(call: RecordedCall): ScriptedResponse {
    const refused = this.refusedDirect(call);
    if (refused) return { body: { ok: false, error: refused } };
    const ts = this.nextTs();
    switch (call.method) {
      case 'auth.test':
        return { body: fixture('auth-test.json') };
      case 'chat.postMessage':
        return { body: { ok: true, channel: directOf(String(call.body['channel'])), ts, message: { type: 'message', text: call.body['text'], ts } } };
      case 'chat.update':
        return { body: { ok: true, channel: call.body['channel'], ts: call.body['ts'], text: call.body['text'] } };
      case 'chat.postEphemeral':
        return { body: { ok: true, message_ts: ts } };
      case 'conversations.history':
        return this.history(call.body);
      case 'conversations.open':
        return { body: { ok: true, channel: { id: `D${String(call.body['users']).slice(1)}` } } };
      case 'views.open':
        return { body: { ok: true, view: { id: 'V0FORM0001', type: 'modal' } } };
      case 'views.publish':
        return { body: { ok: true, view: { id: 'V0HOME0001', type: 'home' } } };
      case 'files.getUploadURLExternal':
        return { body: { ok: true, upload_url: `${this.url}/upload/F0FILE${this.calls.length}`, file_id: `F0FILE${this.calls.length}` } };
      case 'files.completeUploadExternal':
        this.sharedAt.set(call, ts);
        return { body: { ok: true, files: [{ id: 'F0FILE1', title: 'file' }] } };
      case 'users.info': {
        const id = String(call.body['user']);
        // The app's own bot user: its name from the manifest's bot_user display_name.
        if (id === fixture<{ user_id: string }>('auth-test.json').user_id) return { body: { ok: true, user: { id, name: 'liso', real_name: 'liso-bot', deleted: false, is_bot: true } } };
        return { body: { ok: true, user: { id, name: id.toLowerCase(), deleted: false, is_bot: this.bots.has(id) } } };
      }
      case 'conversations.members':
        return this.membersPage(call.body);
      case 'apps.connections.open':
        return { body: { ok: true, url: `${this.url.replace('http', 'ws')}/link/?ticket=fake` } };
      case 'response_url':
      case 'upload':
        return { body: 'ok' };
      default:
        return { body: { ok: false, error: 'unknown_method' } };
    }
  }

  /** As on Slack: seconds since the epoch, then a part that keeps the ts unique. */
  private nextTs(): string {
    return `${Math.floor(this.now() / 1000)}.${String(++this.minted).padStart(6, '0')}`;
  }

  /**
   * conversations.history from what was posted: the bot's own messages in that conversation (as
   * edited since) and what people said there (`say`), newest first, after `oldest` (not including
   * it unless `inclusive`), before `latest`, at most `limit` (default 100, at most 999) a page, with
   * has_more and a `next_cursor` for the next page (an offset, as opaque to the bot as Slack's); a
   * message's metadata only with include_all_metadata. A conversation needs its scope: a direct one
   * (D…) im:history, a private channel (G…, as the fake tells them apart) groups:history, any other
   * channels:history; without it, missing_scope with Slack's `needed` and `provided`. A direct
   * conversation never opened answers channel_not_found; a channel `refuseHistory` names, its error.
   */
  private history(body: Record<string, any>): ScriptedResponse {
    const channel = String(body['channel'] ?? '');
    const needed = channel.startsWith('D') ? 'im:history' : channel.startsWith('G') ? 'groups:history' : 'channels:history';
    if (!this.historyScopes.has(needed)) return { body: { ok: false, error: 'missing_scope', needed, provided: [...this.historyScopes].join(',') } };
    const refused = this.historyRefused.get(channel);
    if (refused) return { body: { ok: false, error: refused } };
    const posted = [...this.postedIn(channel), ...this.said.filter((m) => m.channel === channel).map(({ channel: _, ...m }) => m)];
    if (channel.startsWith('D') && posted.length === 0 && !this.calls.some((c) => c.method === 'conversations.open' && directOf(String(c.body['users'])) === channel)) return { body: { ok: false, error: 'channel_not_found' } };
    const inclusive = body['inclusive'] === true || body['inclusive'] === 'true';
    const oldest = body['oldest'] === undefined ? undefined : Number(body['oldest']);
    const latest = body['latest'] === undefined ? undefined : Number(body['latest']);
    const within = posted
      .filter((m) => oldest === undefined || (inclusive ? Number(m.ts) >= oldest : Number(m.ts) > oldest))
      .filter((m) => latest === undefined || (inclusive ? Number(m.ts) <= latest : Number(m.ts) < latest))
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const offset = offsetOf(body['cursor']);
    const limit = Math.min(Number(body['limit'] ?? 100) || 100, 999);
    const withMetadata = body['include_all_metadata'] === true || body['include_all_metadata'] === 'true';
    const messages = within.slice(offset, offset + limit).map(({ metadata, ...message }) => (withMetadata && metadata ? { ...message, metadata } : message));
    const hasMore = offset + limit < within.length;
    return { body: { ok: true, messages, has_more: hasMore, pin_count: 0, response_metadata: { next_cursor: hasMore ? cursorAt(offset + limit) : '' } } };
  }

  /** The bot's messages that Slack took in a conversation: posts and files shared, with their latest text. */
  private postedIn(channel: string): Array<Record<string, any> & { ts: string; metadata?: unknown }> {
    const { user_id: botUser, bot_id: botId } = fixture<{ user_id: string; bot_id: string }>('auth-test.json');
    const messages = new Map<string, Record<string, any> & { ts: string; metadata?: unknown }>();
    for (const call of this.calls) {
      const answer = call.response as { ok?: boolean; ts?: string; channel?: string } | undefined;
      if (!answer?.ok) continue;
      if (call.method === 'chat.postMessage' && answer.channel === channel && answer.ts) {
        messages.set(answer.ts, {
          type: 'message',
          user: botUser,
          bot_id: botId,
          app_id: 'A0LISOBOT1',
          text: call.body['text'],
          ...(call.body['blocks'] ? { blocks: call.body['blocks'] } : {}),
          ts: answer.ts,
          ...(call.body['metadata'] ? { metadata: call.body['metadata'] } : {}),
        });
      } else if (call.method === 'chat.update' && call.body['channel'] === channel && messages.has(String(call.body['ts']))) {
        const edited = messages.get(String(call.body['ts']))!;
        messages.set(edited.ts, { ...edited, text: call.body['text'], ...(call.body['blocks'] ? { blocks: call.body['blocks'] } : {}), edited: { user: botUser, ts: edited.ts } });
      } else if (call.method === 'files.completeUploadExternal' && call.body['channel_id'] === channel && this.sharedAt.has(call)) {
        // A shared file shows as the bot's message with the file (no metadata: upload methods take none).
        const ts = this.sharedAt.get(call)!;
        messages.set(ts, { type: 'message', subtype: 'file_share', user: botUser, text: '', files: call.body['files'], upload: true, ts });
      }
    }
    return [...messages.values()];
  }

  /** One page of a channel's members; the cursor is the offset of the next page (`cursorAt`). */
  private membersPage(body: Record<string, any>): ScriptedResponse {
    const members = this.members.get(String(body['channel']));
    if (!members) return { body: { ok: false, error: 'channel_not_found' } };
    const offset = offsetOf(body['cursor']);
    const size = Math.min(Number(body['limit'] ?? 100) || 100, this.membersPageSize);
    const next = offset + size < members.length ? cursorAt(offset + size) : '';
    return { body: { ok: true, members: members.slice(offset, offset + size), response_metadata: { next_cursor: next } } };
  }

  /** Slack's error for a direct message or conversations.open to a user the app cannot reach. */
  private refusedDirect(call: RecordedCall): string | undefined {
    const target = call.method === 'conversations.open' ? String(call.body['users'] ?? '') : call.method === 'chat.postMessage' ? String(call.body['channel'] ?? '') : '';
    if (!/^[UD]/.test(target)) return undefined;
    return this.unreachable.get(`U${target.slice(1)}`);
  }
}

/** A page's cursor: the offset of its first item, encoded so the bot cannot read it (as Slack's). */
function cursorAt(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function offsetOf(cursor: unknown): number {
  return cursor ? Number(Buffer.from(String(cursor), 'base64').toString('utf8').replace('offset:', '')) : 0;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, any> {
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, any>;
    } catch {
      return { raw };
    }
  }
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, any> = {};
    for (const [key, value] of new URLSearchParams(raw)) {
      out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
    }
    return out;
  }
  return { raw };
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}

/** As on Slack, a post to a user id (U…) lands in the app's direct conversation with them (D…). */
export function directOf(channel: string): string {
  return channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
}
