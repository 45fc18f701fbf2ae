// A role given or a network renamed, then kill -9 before the channel has the post: the real bot
// process (`liso start`, Slack over HTTP against the local fake, a SQLite file) is killed once the
// change is in the file and its post is on its way (Slack holds the call and then answers 500, so
// the post never showed). The post was owed in the change's commit: the restarted process sends
// it after the dead process's lease, and the channel has it once.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { packageRoot } from '../../src/core/paths.ts';
import { freePort } from '../fakes/free-port.ts';
import type { FakeSlack } from '../slack/fake-slack-api.ts';
import { fixture, startFakeSlack } from '../slack/fake-slack-api.ts';
import { allText, BOT_TOKEN, sign, SIGNING_SECRET } from '../slack/slack-harness.ts';

const BIN = path.join(packageRoot(), 'bin/liso.js');
const CHANNEL = 'C0KILLPOST1';
// The shortest lease the configuration allows: the dead process's send is taken up again after it.
const LEASE_SECONDS = 15;

let fake: FakeSlack;
let dir: string;
let file: string;
const lives: ChildProcess[] = [];

beforeAll(async () => {
  fake = await startFakeSlack();
  dir = await mkdtemp(path.join(os.tmpdir(), 'liso-post-kill-'));
  file = path.join(dir, 'liso.sqlite');
});

afterAll(async () => {
  for (const child of lives) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fake?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Bot {
  child: ChildProcess;
  port: number;
}

async function startBot(): Promise<Bot> {
  const port = await freePort();
  const env = {
    ...process.env,
    LISO_STORE: `sqlite://${file}`,
    LOG_LEVEL: 'info',
    SLACK_API_URL: fake.apiUrl,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: '',
    DISCORD_TOKEN: '',
    PORT: String(port),
    LISO_DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS),
  };
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  lives.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  await vi.waitFor(() => expect(stderr).toContain('"msg":"Slack adapter running"'), { timeout: 30_000, interval: 50 });
  return { child, port };
}

let requests = 0;

/** `/liso <text>` in the channel from Anna, signed as Slack signs it. */
async function slash(bot: Bot, text: string): Promise<void> {
  const payload = { ...fixture<Record<string, string>>('slash-command.json'), text, channel_id: CHANNEL, channel_name: 'jeugd', trigger_id: `post-kill-${++requests}`, response_url: fake.responseUrl() };
  const body = new URLSearchParams(payload).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) },
    body,
  });
  expect(response.status).toBe(200);
}

/** Posts to the channel whose text matches: how many were tried, and how many Slack took. */
function postsLike(pattern: RegExp): { tried: number; arrived: number } {
  const calls = fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === CHANNEL && pattern.test(allText(c.body['blocks'])));
  return { tried: calls.length, arrived: calls.filter((c) => (c.response as { ok?: boolean } | undefined)?.ok === true).length };
}

/** Rows of the file matching `where`, read as another process reads it. */
async function rows(where: string): Promise<number> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => (error ? reject(error) : resolve(opened)));
  });
  try {
    return await new Promise<number>((resolve, reject) => db.get(`SELECT count(*) AS n FROM keyv WHERE ${where}`, (error, row: { n: number }) => (error ? reject(error) : resolve(row.n))));
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/**
 * Runs `command` with Slack holding every answer (and then refusing the post with a 500), and kills
 * the bot with SIGKILL once the change is in the file and the post has reached Slack's door.
 */
async function killAfterCommit(bot: Bot, command: string, committed: string, post: RegExp): Promise<void> {
  fake.latencyMs = 5_000;
  fake.script('chat.postMessage', { status: 500, body: 'upstream broke' });
  await slash(bot, command);
  await vi.waitFor(
    async () => {
      expect(await rows(committed)).toBeGreaterThan(0);
      expect(postsLike(post).tried).toBe(1);
    },
    { timeout: 20_000, interval: 5 },
  );
  bot.child.kill('SIGKILL');
  await once(bot.child, 'exit');
  fake.latencyMs = 0;
  expect(postsLike(post)).toEqual({ tried: 1, arrived: 0 });
}

describe('chaos: kill -9 right after a role or rename commit', { timeout: 180_000 }, () => {
  it('the restarted process posts the role and the new name in the channel, once each', async () => {
    const first = await startBot();
    await slash(first, 'start Jeugd Leiden');
    await vi.waitFor(() => expect(postsLike(/is gestart/).arrived).toBe(1), { timeout: 10_000, interval: 20 });

    const given = /<@U0SANNE001> is nu \*deelnemer\*/;
    await killAfterCommit(first, 'rol deelnemer <@U0SANNE001|sanne>', "key LIKE 'set:network:%:roles%deelnemer:U0SANNE001'", given);
    const second = await startBot();
    await vi.waitFor(() => expect(postsLike(given).arrived).toBe(1), { timeout: (LEASE_SECONDS + 20) * 1000, interval: 100 });

    const renamed = /heet voortaan \*Wonen Oost\*/;
    await killAfterCommit(second, 'netwerk naam Wonen Oost', "key LIKE 'network:%' AND value LIKE '%Wonen Oost%'", renamed);
    const third = await startBot();
    await vi.waitFor(() => expect(postsLike(renamed).arrived).toBe(1), { timeout: (LEASE_SECONDS + 20) * 1000, interval: 100 });

    // Nothing more comes: each post went once.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(postsLike(given)).toEqual({ tried: 2, arrived: 1 });
    expect(postsLike(renamed)).toEqual({ tried: 2, arrived: 1 });
    third.child.kill('SIGTERM');
    await once(third.child, 'exit');
  });
});
