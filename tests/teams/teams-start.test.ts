// Starting Teams: `liso start` as a real process against the fake Bot Connector, one-line start-up failures,
// the configuration, and Teams beside Discord in one process sharing one store and scheduler.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TeamsStartError, startTeams } from '../../adapters/teams/index.ts';
import { startDiscord } from '../../adapters/discord/index.ts';
import { ConfigError, loadConfig } from '../../src/config/schema.ts';
import { createLogger } from '../../src/core/logger.ts';
import { createTestApp } from '../fakes/test-app.ts';
import { APP_ID, BOT_TOKEN, FakeDiscord } from '../discord/fake-discord.ts';
import { CLIENT_ID, FakeBotConnector, TENANT_ID, personalConversationId } from './fake-bot-connector.ts';
import { CHANNEL, TeamsHarness, people } from './teams-harness.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/liso.js');
let fake: FakeBotConnector;
beforeEach(async () => {
  fake = await new FakeBotConnector().start();
});
afterEach(async () => {
  await fake.stop();
});

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'start'], { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LISO_STORE: 'memory://', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return { child, stderr: () => stderr };
}

async function waitFor(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('liso start with Teams', () => {
  it('serves /api/messages, answers a personal chat through the Bot Connector, refuses an unsigned request, and stops on SIGTERM', async () => {
    const port = await freePort();
    const { child, stderr } = startProcess({ ...fake.env, TEAMS_PORT: String(port) });
    try {
      await waitFor(() => stderr().includes('Teams adapter running'), 'the Teams adapter to start');
      const endpoint = `http://127.0.0.1:${port}/api/messages`;
      const harness = { base: TeamsHarness.prototype.base, counter: 0, fake } as unknown as TeamsHarness;
      const activity = { ...harness.base('message', people.anna, { kind: 'personal' }), text: 'help' };
      expect((await fake.deliver(endpoint, activity, { authorization: null })).status).toBe(401);
      expect((await fake.deliver(endpoint, activity)).status).toBe(200);
      await waitFor(() => fake.sent(personalConversationId(people.anna.id)).length > 0, 'the answer');
      expect(JSON.stringify(fake.sent()[0]!.body)).toContain('liso');
      expect(stderr()).not.toContain(fake.env.TEAMS_CLIENT_SECRET!);
    } finally {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    }
  }, 120_000);

  it('a refused client secret stops the start with one line naming the variables', async () => {
    const { child, stderr } = startProcess({ ...fake.env, TEAMS_CLIENT_SECRET: 'wrong', TEAMS_PORT: String(await freePort()) });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr()).toContain('TEAMS_CLIENT_SECRET');
    expect(stderr()).toContain('invalid_client');
    expect(stderr()).not.toMatch(/\n\s+at /);
    expect(stderr()).not.toContain('wrong');
  }, 120_000);
});

describe('Teams configuration', () => {
  it.each([
    [{ TEAMS_CLIENT_ID: CLIENT_ID }, 'TEAMS_CLIENT_SECRET'],
    [{ TEAMS_CLIENT_ID: CLIENT_ID, TEAMS_CLIENT_SECRET: 's' }, 'TEAMS_TENANT_ID'],
    [{ TEAMS_CLIENT_ID: 'not-a-guid', TEAMS_CLIENT_SECRET: 's', TEAMS_TENANT_ID: TENANT_ID }, 'TEAMS_CLIENT_ID'],
    [{ TEAMS_CLIENT_ID: CLIENT_ID, TEAMS_CLIENT_SECRET: 's', TEAMS_TENANT_ID: TENANT_ID, TEAMS_OPENID_METADATA_URL: 'https://x.example/keys' }, 'TEAMS_OPENID_METADATA_URL'],
    [{ TEAMS_CLIENT_ID: CLIENT_ID, TEAMS_CLIENT_SECRET: 's', TEAMS_TENANT_ID: TENANT_ID, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'x' }, 'TEAMS_PORT'],
  ])('%j is refused naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
    }
  });

  it('defaults to the public cloud, single tenant, /api/messages on PORT', () => {
    const config = loadConfig({ TEAMS_CLIENT_ID: CLIENT_ID, TEAMS_CLIENT_SECRET: 's', TEAMS_TENANT_ID: TENANT_ID, PORT: '3978' });
    expect(config.teams).toEqual({
      clientId: CLIENT_ID,
      clientSecret: 's',
      tenantId: TENANT_ID,
      port: 3978,
      tokenUrl: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/v2.0/token`,
      openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
    });
  });

  it('a port in use stops the start with one line', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const t = await createTestApp();
    try {
      const config = loadConfig({ LISO_STORE: 'memory://', ...fake.env, TEAMS_PORT: String((blocker.address() as net.AddressInfo).port) });
      await expect(startTeams(t.app, config.teams!, createLogger('silent'), { host: '127.0.0.1' })).rejects.toBeInstanceOf(TeamsStartError);
    } finally {
      blocker.close();
      await t.app.close();
    }
  });
});

describe('Teams beside Discord in one process', () => {
  it('one app with one store and one tick runs Teams and Discord together', async () => {
    const discord = await new FakeDiscord().start();
    const t = await createTestApp({ env: fake.env });
    const config = loadConfig({ LISO_STORE: 'memory://', ...fake.env });
    const teams = await startTeams(t.app, config.teams!, t.app.log, { host: '127.0.0.1', port: 0 });
    const discordRuntime = await startDiscord(t.app, { token: BOT_TOKEN, applicationId: APP_ID, apiUrl: discord.url }, t.app.log, { login: false });
    try {
      const harness = { base: TeamsHarness.prototype.base, counter: 0, fake } as unknown as TeamsHarness;
      const start = { ...harness.base('message', people.anna, { kind: 'channel' }), text: '<at>liso-bot</at> start Teamsnetwerk', entities: [{ type: 'mention', text: '<at>liso-bot</at>', mentioned: { id: `28:${CLIENT_ID}`, name: 'liso-bot' } }] };
      expect((await fake.deliver(teams.endpoint, start)).status).toBe(200);
      await teams.handler.drain();
      const networks = await t.app.directory.all();
      expect(networks.map((n) => [n.platform, n.name])).toEqual([['teams', 'Teamsnetwerk']]);
      expect(fake.sent(CHANNEL).length).toBeGreaterThan(0);
      // Both adapters are attached to the one bot; a tick runs once for everything.
      expect(t.app.bot.adapter('teams')).toBe(teams.adapter);
      expect(t.app.bot.adapter('discord')).toBe(discordRuntime.adapter);
      await t.app.bot.tick(t.clock.now());
    } finally {
      await discordRuntime.stop();
      await teams.stop();
      await t.app.close();
      await discord.stop();
    }
  });
});
