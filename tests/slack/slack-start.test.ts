// Starting Slack: Socket Mode against a local fake, clear one-line failures, and `liso start`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SlackStartError, startSlack } from '../../adapters/slack/start-slack.ts';
import { createApp } from '../../src/app.ts';
import type { App } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { FakeSlack } from './fake-slack-api.ts';
import { fixture, startFakeSlack } from './fake-slack-api.ts';
import { BOT_TOKEN, sign, SIGNING_SECRET, waitForCall } from './slack-harness.ts';
import { freePort } from '../fakes/free-port.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/liso.js');
let fake: FakeSlack;
let app: App;

beforeAll(async () => {
  fake = await startFakeSlack();
  app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock: new SimulatedClock(new Date('2027-01-04T08:00:00Z')), log: createLogger('silent'), store: new MemoryStore() });
});

afterAll(async () => {
  await app.close();
  await fake.stop();
});

async function startFailure(config: Parameters<typeof startSlack>[1]): Promise<SlackStartError> {
  try {
    const running = await startSlack(app, config, createLogger('silent'), { host: '127.0.0.1' });
    await running.stop();
  } catch (error) {
    expect(error).toBeInstanceOf(SlackStartError);
    return error as SlackStartError;
  }
  throw new Error('start did not fail');
}

describe('Slack start-up', () => {
  it('Socket Mode: with SLACK_APP_TOKEN it opens a connection (apps.connections.open) and serves /liso over the socket', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const running = await startSlack(app, { botToken: BOT_TOKEN, appToken: 'xapp-1-A0LISOBOT1-1-abc', apiUrl: fake.apiUrl, port: 3000 }, createLogger('info', sink));
    try {
      expect(running.mode).toBe('socket');
      expect(running.port).toBeUndefined();
      const open = await waitForCall(fake, 'apps.connections.open');
      expect(open.headers.authorization).toBe('Bearer xapp-1-A0LISOBOT1-1-abc');
      expect(fake.connections).toHaveLength(1);
      const responseUrl = fake.responseUrl();
      fake.sendEnvelope({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: { ...fixture<Record<string, string>>('slash-command.json'), text: 'help', trigger_id: 'socket-1', response_url: responseUrl },
      });
      await vi.waitFor(() => expect(fake.socketAcks.map((a) => a['envelope_id'])).toContain('env-1'), { timeout: 5_000, interval: 20 });
      const answer = await waitForCall(fake, 'response_url', (b) => b['response_type'] === 'ephemeral');
      expect(answer.target).toBe(responseUrl.split('/').pop());

      // An Events API retry over the socket: a new envelope, the same event id, handled once.
      const home = { ...fixture('app-home-opened.json'), event_id: 'Ev0SOCKET001', event: { type: 'app_home_opened', user: 'U0SOCK0001', channel: 'D0X', tab: 'home', event_ts: '1' } };
      fake.sendEnvelope({ envelope_id: 'env-2', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload: home });
      fake.sendEnvelope({ envelope_id: 'env-3', type: 'events_api', accepts_response_payload: false, retry_attempt: 1, retry_reason: 'timeout', payload: home });
      await vi.waitFor(() => expect(fake.socketAcks.map((a) => a['envelope_id'])).toEqual(expect.arrayContaining(['env-2', 'env-3'])), { timeout: 5_000, interval: 20 });
      await waitForCall(fake, 'views.publish', (b) => b['user_id'] === 'U0SOCK0001');
      await vi.waitFor(() => expect(lines.some((l) => l.includes('repeated Slack request dropped'))).toBe(true), { timeout: 5_000, interval: 20 });
      expect(fake.callsTo('views.publish').filter((c) => c.body['user_id'] === 'U0SOCK0001')).toHaveLength(1);
    } finally {
      await running.stop();
    }
  });

  it.each([
    ['invalid_auth', 'rejected by Slack (invalid_auth)'],
    ['token_revoked', 'rejected by Slack (token_revoked)'],
    ['account_inactive', 'rejected by Slack (account_inactive)'],
  ])('a bot token refused with %s stops the start with one clear line', async (code, text) => {
    fake.script('auth.test', { body: { ok: false, error: code } });
    const error = await startFailure({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, port: 0 });
    expect(error.message).toContain('SLACK_BOT_TOKEN');
    expect(error.message).toContain(text);
    expect(error.message).not.toContain('\n');
  });

  it.each([
    [{ botToken: 'xoxp-user-token', signingSecret: SIGNING_SECRET }, 'xoxb-'],
    [{ botToken: BOT_TOKEN }, 'SLACK_SIGNING_SECRET'],
    [{ botToken: BOT_TOKEN, appToken: 'xoxb-wrong-kind' }, 'xapp-'],
  ])('misconfiguration %j names what to fix', async (config, text) => {
    const error = await startFailure({ ...config, apiUrl: fake.apiUrl, port: 0 });
    expect(error.message).toContain(text);
  });

  it('an unreachable API stops the start with one line naming SLACK_API_URL', async () => {
    const gone = await startFakeSlack();
    await gone.stop();
    const error = await startFailure({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: gone.apiUrl, port: 0 });
    expect(error.message).toContain('SLACK_API_URL');
  });

  it('an app token refused by apps.connections.open stops the start with one line', async () => {
    fake.script('apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    const error = await startFailure({ botToken: BOT_TOKEN, appToken: 'xapp-1-bad', apiUrl: fake.apiUrl, port: 0 });
    expect(error.message).toContain('SLACK_APP_TOKEN');
  });
});

describe('`liso start` with Slack tokens', () => {
  const env = (extra: Record<string, string>) => ({ ...process.env, LISO_STORE: 'memory://', LOG_LEVEL: 'info', SLACK_API_URL: fake.apiUrl, SLACK_APP_TOKEN: '', DISCORD_TOKEN: '', ...extra });

  it('a refused token: exit code 1, one clear line, no stack trace', async () => {
    fake.script('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const child = spawn(process.execPath, [bin, 'start'], { env: env({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET }) });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    const lines = stderr.split('\n').filter((line) => line.startsWith('liso-bot'));
    expect(lines).toEqual(['liso-bot kan niet starten / cannot start: SLACK_BOT_TOKEN wordt door Slack geweigerd (invalid_auth) / rejected by Slack (invalid_auth)']);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain(BOT_TOKEN);
  });

  it('runs HTTP mode on PORT, answers a signed /liso help, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'start'], { env: env({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: String(port) }) });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    try {
      await vi.waitFor(() => expect(stderr).toContain('Slack adapter running'), { timeout: 15_000, interval: 50 });
      expect(stderr).not.toContain(BOT_TOKEN);
      const responseUrl = fake.responseUrl();
      const body = new URLSearchParams({ ...fixture<Record<string, string>>('slash-command.json'), text: 'help', trigger_id: 'cli-1', response_url: responseUrl }).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) },
        body,
      });
      expect(response.status).toBe(200);
      await vi.waitFor(() => expect(fake.callsTo('response_url').some((c) => c.target === responseUrl.split('/').pop())).toBe(true), { timeout: 5_000, interval: 20 });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  });
});
