// Store outages lived from outside: the real bot process (`liso start`, Slack over HTTP against a
// local fake Slack) on a Redis of the test's own, which is stopped, restarted, frozen (SIGSTOP)
// and thawed. What is checked is what an operator reads in the log and what a person gets back.
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixture, startFakeSlack } from '../slack/fake-slack-api.ts';
import type { FakeSlack } from '../slack/fake-slack-api.ts';
import { BOT_TOKEN, sign, SIGNING_SECRET } from '../slack/slack-harness.ts';
import type { OwnRedis } from '../fakes/own-redis.ts';
import { startOwnRedis } from '../fakes/own-redis.ts';
import { freePort } from '../fakes/free-port.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/liso.js');
const BUSY = 'Even geduld: ik kan mijn geheugen nu niet bereiken. Probeer het zo opnieuw.';

let fake: FakeSlack;
let redis: OwnRedis;

beforeAll(async () => {
  fake = await startFakeSlack();
  redis = await startOwnRedis();
});

afterAll(async () => {
  await redis?.stop();
  await fake?.stop();
});

interface Bot {
  child: ChildProcess;
  port: number;
  /** Parsed pino lines written so far. */
  logs(): Array<Record<string, unknown>>;
  stop(): Promise<number>;
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, LISO_STORE: redis.url, LOG_LEVEL: 'info', SLACK_API_URL: fake.apiUrl, SLACK_APP_TOKEN: '', DISCORD_TOKEN: '', ...extra };
}

async function startBot(): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'start'], { env: env({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: String(port) }) });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const logs = () => stderr.split('\n').flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : []));
  await vi.waitFor(() => expect(logs().some((l) => l['msg'] === 'Slack adapter running')).toBe(true), { timeout: 20_000, interval: 50 });
  return {
    child,
    port,
    logs,
    async stop() {
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number];
      return code;
    },
  };
}

async function post(bot: Bot, body: string): Promise<{ status: number; text: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

let requests = 0;

/** `/liso <text>`: Slack's HTTP status and acknowledgement body, and the response URL for the answer. */
async function slash(bot: Bot, text: string) {
  const responseUrl = fake.responseUrl();
  const payload = { ...fixture<Record<string, string>>('slash-command.json'), text, trigger_id: `outage-${++requests}`, response_url: responseUrl };
  return { ...(await post(bot, new URLSearchParams(payload).toString())), responseUrl };
}

/** A button press: the status, and the response URL the answer goes to. */
async function press(bot: Bot) {
  const responseUrl = fake.responseUrl();
  const payload = { ...fixture<Record<string, unknown>>('block-actions.json'), trigger_id: `outage-${++requests}`, response_url: responseUrl };
  const { status } = await post(bot, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  return { status, responseUrl };
}

function answersAt(responseUrl: string): Array<Record<string, unknown>> {
  return fake.callsTo('response_url').filter((c) => c.target === responseUrl.split('/').pop()).map((c) => c.body);
}

async function answeredNormally(bot: Bot, text = 'help'): Promise<void> {
  const { status, text: ack, responseUrl } = await slash(bot, text);
  expect(status).toBe(200);
  expect(ack).toBe('');
  await vi.waitFor(() => expect(answersAt(responseUrl).length).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
  expect(JSON.stringify(answersAt(responseUrl))).not.toContain('Even geduld');
}

const logged = (bot: Bot, msg: string) => bot.logs().filter((l) => l['msg'] === msg);

async function health(): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'health'], { env: env() });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('store outages (real process, own Redis)', { timeout: 120_000 }, () => {
  it('Redis down at start: the start stops with one clear line, and `liso health` says the store is down', async () => {
    await redis.stop();
    try {
      const child = spawn(process.execPath, [bin, 'start'], { env: env({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: String(await freePort()) }) });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(1);
      const lines = stderr.split('\n').filter((line) => line.startsWith('liso-bot'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`liso-bot kan niet starten / cannot start: Kan Redis op ${redis.url} niet bereiken`);
      expect(stderr).not.toMatch(/\n\s+at /);
      const checked = await health();
      expect(checked.code).toBe(1);
      expect(checked.out).toContain('opslag onbereikbaar / store down');
    } finally {
      await redis.restart();
    }
  });

  it('Redis stopped mid-run: "even geduld" within Slack\'s acknowledgement, one log line each for the loss and the recovery', async () => {
    const bot = await startBot();
    try {
      await answeredNormally(bot);
      expect((await health()).out).toContain('opslag bereikbaar / store up (redis)');

      await redis.stop();
      const during = await slash(bot, 'help');
      expect(during.status).toBe(200);
      expect(JSON.parse(during.text)).toEqual({ response_type: 'ephemeral', text: BUSY });
      const pressed = await press(bot);
      expect(pressed.status).toBe(200);
      await vi.waitFor(() => expect(answersAt(pressed.responseUrl)).toEqual([{ response_type: 'ephemeral', replace_original: false, text: BUSY }]), { timeout: 5_000, interval: 20 });
      const again = await slash(bot, 'netwerk');
      expect(JSON.parse(again.text)).toEqual({ response_type: 'ephemeral', text: BUSY });
      await vi.waitFor(() => expect(logged(bot, 'store connection lost')).toHaveLength(1), { timeout: 10_000, interval: 50 });
      expect(logged(bot, 'store connection lost')[0]).toMatchObject({ level: 40, backend: 'redis' });
      const checked = await health();
      expect(checked.code).toBe(1);
      expect(checked.out).toContain('opslag onbereikbaar / store down');

      await redis.restart();
      await vi.waitFor(() => expect(logged(bot, 'store connection restored')).toHaveLength(1), { timeout: 20_000, interval: 50 });
      const restored = logged(bot, 'store connection restored')[0]!;
      expect(restored).toMatchObject({ level: 30, backend: 'redis' });
      expect(restored['downMs']).toBeGreaterThan(0);
      await answeredNormally(bot);
      expect(logged(bot, 'store connection lost')).toHaveLength(1);
      expect(bot.logs().filter((l) => (l['level'] as number) >= 50)).toEqual([]);
    } finally {
      expect(await bot.stop()).toBe(0);
    }
  });

  it('Redis frozen (SIGSTOP): "even geduld" within Slack\'s acknowledgement; on SIGCONT it serves again', async () => {
    const bot = await startBot();
    try {
      await answeredNormally(bot);
      redis.freeze();
      const during = await slash(bot, 'help');
      expect(during.status).toBe(200);
      expect(JSON.parse(during.text)).toEqual({ response_type: 'ephemeral', text: BUSY });
      await vi.waitFor(() => expect(logged(bot, 'store connection lost')).toHaveLength(1), { timeout: 10_000, interval: 50 });
      expect(logged(bot, 'store connection lost')[0]!['reason']).toMatch(/no answer within/);
      const later = await slash(bot, 'help');
      expect(JSON.parse(later.text)).toEqual({ response_type: 'ephemeral', text: BUSY });
      expect((await health()).code).toBe(1);

      redis.thaw();
      await vi.waitFor(() => expect(logged(bot, 'store connection restored')).toHaveLength(1), { timeout: 20_000, interval: 50 });
      await answeredNormally(bot);
      expect(logged(bot, 'store connection lost')).toHaveLength(1);
      expect(bot.logs().filter((l) => (l['level'] as number) >= 50)).toEqual([]);
    } finally {
      redis.thaw();
      expect(await bot.stop()).toBe(0);
    }
  });
});
