// Hardening tried on real processes: request bodies that are valid JSON but no object, a promise
// rejected where nobody listens, and a database file the process cannot write.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixture, startFakeSlack } from '../slack/fake-slack-api.ts';
import type { FakeSlack } from '../slack/fake-slack-api.ts';
import { BOT_TOKEN, sign, SIGNING_SECRET } from '../slack/slack-harness.ts';
import { freePort } from '../fakes/free-port.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/liso.js');
let fake: FakeSlack;
let dir: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  dir = await mkdtemp(path.join(os.tmpdir(), 'liso-hardening-'));
});

afterAll(async () => {
  await fake?.stop();
  await run('chattr', ['-i', path.join(dir, 'readonly.sqlite')]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('hardening (real processes)', { timeout: 90_000 }, () => {
  it('validly signed bodies of JSON null, a number, a string or an array get HTTP 400; the process keeps serving', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'start'], {
      env: { ...process.env, LISO_STORE: 'memory://', LOG_LEVEL: 'info', SLACK_API_URL: fake.apiUrl, SLACK_APP_TOKEN: '', DISCORD_TOKEN: '', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: String(port) },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const post = async (body: string, contentType: string) => {
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) },
        body,
      });
      return response.status;
    };
    try {
      await vi.waitFor(() => expect(stderr).toContain('Slack adapter running'), { timeout: 20_000, interval: 50 });
      for (const body of ['null', '1', '"x"', '[]', 'true']) expect(await post(body, 'application/json')).toBe(400);
      expect(await post('payload=null', 'application/x-www-form-urlencoded')).toBe(400);
      expect(child.exitCode).toBeNull();
      const responseUrl = fake.responseUrl();
      const command = new URLSearchParams({ ...fixture<Record<string, string>>('slash-command.json'), text: 'help', trigger_id: 'hardening-1', response_url: responseUrl }).toString();
      expect(await post(command, 'application/x-www-form-urlencoded')).toBe(200);
      await vi.waitFor(() => expect(fake.callsTo('response_url').some((c) => c.target === responseUrl.split('/').pop())).toBe(true), { timeout: 10_000, interval: 20 });
      expect(stderr.split('\n').filter((line) => line.includes('body is not a JSON object'))).toHaveLength(6);
      expect(stderr).not.toContain('"level":50');
    } finally {
      child.kill('SIGTERM');
    }
    expect(((await once(child, 'exit')) as [number])[0]).toBe(0);
  });

  it('a promise rejected where nobody listens is logged, and the process keeps running', async () => {
    const script = [
      `const { createLogger } = await import(${JSON.stringify(path.join(root, 'src/core/logger.ts'))});`,
      `const { keepServingOnUnhandledRejections } = await import(${JSON.stringify(path.join(root, 'cli/process-guards.ts'))});`,
      `keepServingOnUnhandledRejections(createLogger('info'));`,
      `Promise.reject(new Error('nobody listened'));`,
      `setTimeout(() => process.stdout.write('still serving'), 200);`,
    ].join('\n');
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
    expect(stdout).toBe('still serving');
    const [line] = stderr.split('\n').filter((l) => l.includes('unhandled promise rejection'));
    expect(JSON.parse(line!)).toMatchObject({ level: 50, err: { message: 'nobody listened' } });
  });

  it('a database file that cannot be written stops the start with one clear line', async () => {
    const file = path.join(dir, 'readonly.sqlite');
    const env = { ...process.env, LISO_STORE: `sqlite://${file}`, LISO_ADAPTER: 'console' };
    // A first run creates the database; then the file is made unwritable (immutable for root, who ignores modes).
    expect((await runConsole(env, '/liso start Jeugd\n:stop\n')).code).toBe(0);
    if (process.getuid?.() === 0) await run('chattr', ['+i', file]);
    else await chmod(file, 0o444);
    const { code, stderr } = await runConsole(env, '/liso netwerk\n:stop\n');
    expect(code).toBe(1);
    const lines = stderr.split('\n').filter((line) => line.startsWith('liso-bot'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^liso-bot kan niet starten \/ cannot start: Kan niet schrijven in de opslag \(sqlite\)/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

async function runConsole(env: NodeJS.ProcessEnv, input: string): Promise<{ code: number; stderr: string }> {
  const child = spawn(process.execPath, [bin, 'console'], { env, cwd: root, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  child.stdin.end(input);
  const [code] = (await once(child, 'exit')) as [number];
  return { code, stderr };
}
