// Runs the real app with the real Slack adapter (real Bolt, HTTP on 127.0.0.1) against FakeSlack.
import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, vi } from 'vitest';
import { startSlack } from '../../adapters/slack/start-slack.ts';
import type { RunningSlack } from '../../adapters/slack/start-slack.ts';
import type { App } from '../../src/app.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { RateLimit } from '../../src/core/rate-limiter.ts';
import type { Feature } from '../../src/core/feature.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { Store } from '../../src/store/port.ts';
import type { FakeSlack } from './fake-slack-api.ts';
import { fixture, startFakeSlack } from './fake-slack-api.ts';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const BOT_TOKEN = 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy';

export interface SlackHarness {
  app: App;
  slack: RunningSlack;
  fake: FakeSlack;
  logLines: string[];
  eventsUrl: string;
  /** Posts a correctly signed request; returns the HTTP status and body. */
  post(body: string, contentType: string, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  /** `/liso <text>` from a user in a channel (default #leernetwerk), signed; returns the status. */
  command(text: string, options?: { user?: string; userName?: string; channel?: string; channelName?: string; triggerId?: string }): Promise<{ status: number; responseUrl: string; triggerId: string }>;
  /** A block_actions payload, signed and posted. */
  interact(payload: Record<string, unknown>): Promise<number>;
  /** An Events API delivery, signed and posted. */
  event(payload: Record<string, unknown>, headers?: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

let triggerCounter = 0;

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface HarnessOptions {
  store?: Store;
  features?: Feature[];
  /** The per-person rate limit (off unless given, as for the console). */
  rateLimit?: RateLimit;
  clock?: SimulatedClock;
  /** The Slack client's request timeout (its default is 10 s). */
  requestTimeoutMs?: number;
}

export async function startHarness(fake: FakeSlack, options: HarnessOptions = {}): Promise<SlackHarness> {
  // Signed requests carry the real time (Slack checks it against the receiver's clock).
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const log = createLogger('info', sink);
  const config = loadConfig({ LISO_STORE: 'memory://' });
  const clock = options.clock ?? new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const app = await createApp({ config, clock, log, store: options.store ?? new MemoryStore(), ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) });
  for (const feature of options.features ?? []) app.bot.use(feature);
  const slack = await startSlack(app, { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, port: 0 }, log, { host: '127.0.0.1', ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}) });
  const eventsUrl = `http://127.0.0.1:${slack.port}/slack/events`;

  async function post(body: string, contentType: string, headers: Record<string, string> = {}) {
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(eventsUrl, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp), ...headers },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  return {
    app,
    slack,
    fake,
    logLines,
    eventsUrl,
    post,
    async command(text, o = {}) {
      const payload = fixture<Record<string, string>>('slash-command.json');
      const responseUrl = fake.responseUrl();
      const triggerId = o.triggerId ?? `${Date.now()}.${++triggerCounter}.trigger`;
      Object.assign(payload, {
        text,
        user_id: o.user ?? payload['user_id'],
        user_name: o.userName ?? payload['user_name'],
        channel_id: o.channel ?? payload['channel_id'],
        channel_name: o.channelName ?? payload['channel_name'],
        response_url: responseUrl,
        trigger_id: triggerId,
      });
      const { status } = await post(new URLSearchParams(payload).toString(), 'application/x-www-form-urlencoded');
      return { status, responseUrl, triggerId };
    },
    async interact(payload) {
      const { status } = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
      return status;
    },
    async event(payload, headers) {
      const { status } = await post(JSON.stringify(payload), 'application/json', headers);
      return status;
    },
    async stop() {
      await slack.stop();
      // A store passed in is shared with another instance; its owner closes it.
      if (!options.store) await app.close();
    },
  };
}

/** Waits until the fake has recorded a matching call (work continues after Slack's ack). */
export async function waitForCall(fake: FakeSlack, method: string, predicate: (body: Record<string, any>) => boolean = () => true) {
  return vi.waitFor(
    () => {
      const call = fake.callsTo(method).find((c) => predicate(c.body));
      if (!call) throw new Error(`no ${method} call yet`);
      return call;
    },
    { timeout: 5_000, interval: 20 },
  );
}

/** Waits until Delivery has a retry waiting (a post Slack refused for a moment) and says when it is due. */
export async function retryWaiting(h: SlackHarness): Promise<Date> {
  return vi.waitFor(
    async () => {
      const at = await h.app.delivery.nextRetry();
      if (!at) throw new Error('no retry waiting');
      return at;
    },
    { timeout: 5_000, interval: 20 },
  );
}

/** Waits until a log line of the harness matches (for work that happens after Slack's ack). */
export async function waitForLog(h: SlackHarness, pattern: RegExp, count = 1): Promise<void> {
  await vi.waitFor(
    () => {
      if (h.logLines.filter((line) => pattern.test(line)).length < count) throw new Error(`no log line ${pattern} yet`);
    },
    { timeout: 5_000, interval: 20 },
  );
}

/** Every mrkdwn and plain text string in a payload, joined (for limit and injection checks). */
export function allText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(allText).join('\n');
  if (value && typeof value === 'object') return Object.values(value).map(allText).join('\n');
  return '';
}

/**
 * Starts a fake Slack and a harness before the file's (or describe block's) tests and stops both
 * after them; `use` receives them for the test's own variables.
 */
export function useSlackHarness(use: (fake: FakeSlack, harness: SlackHarness) => void): void {
  let running: { fake: FakeSlack; harness: SlackHarness } | undefined;
  beforeAll(async () => {
    const fake = await startFakeSlack();
    running = { fake, harness: await startHarness(fake) };
    use(running.fake, running.harness);
  });
  afterAll(async () => {
    await running?.harness.stop();
    await running?.fake.stop();
  });
}
