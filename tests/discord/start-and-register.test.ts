// `liso start` with Discord (gateway login, bad token) and `liso discord:register`, against fakes.
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLisoCommand, createRest, registerCommands, startDiscord } from '../../adapters/discord/index.ts';
import { DiscordStartError } from '../../adapters/discord/start-discord.ts';
import type { Feature } from '../../src/core/feature.ts';
import { createTestApp } from '../fakes/test-app.ts';
import { APP_ID, BOT_TOKEN, FakeDiscord } from './fake-discord.ts';
import { FakeGateway } from './fake-gateway.ts';
import { fixture, GUILD } from './discord-harness.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/liso.js');

let fake: FakeDiscord;
let gateway: FakeGateway;
beforeEach(async () => {
  fake = await new FakeDiscord().start();
  gateway = await new FakeGateway().start();
  fake.gatewayUrl = gateway.url;
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await gateway.stop();
  await fake.stop();
});

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, LISO_STORE: 'memory://', LOG_LEVEL: 'warn', DISCORD_API_URL: fake.url, DISCORD_APPLICATION_ID: APP_ID };
  for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'DISCORD_GUILD_ID', 'LISO_ADAPTER']) delete base[name];
  return { ...base, ...extra };
}

describe('starting the Discord adapter', () => {
  it('logs in through the gateway and answers an interaction that arrives on it', async () => {
    const t = await createTestApp();
    const runtime = await startDiscord(t.app, { token: BOT_TOKEN, applicationId: APP_ID, apiUrl: fake.url }, t.app.log);
    await gateway.whenIdentified();
    // Guilds, GuildMessages and DirectMessages: no privileged intent (see conversation.test.ts).
    expect(gateway.received.find((p) => p.op === 2)?.d.intents).toBe(1 | 512 | 4096);
    const raw = fixture('command');
    gateway.dispatch('INTERACTION_CREATE', raw);
    const reply = await fake.waitFor((c) => c.path === `/interactions/${raw.id}/${raw.token}/callback`);
    expect(reply.body.data.content).toContain('/liso start');
    await runtime.stop();
    await t.app.close();
  });

  it('a bad token fails with one clear line, not a trace', async () => {
    const t = await createTestApp();
    const error = await startDiscord(t.app, { token: 'wrong', applicationId: APP_ID, apiUrl: fake.url }, t.app.log).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordStartError);
    expect((error as Error).message).toContain('DISCORD_TOKEN (401)');
    await t.app.close();
  });

  it('`liso start` with a bad token exits 1 with a one-line message', { timeout: 60_000 }, async () => {
    const result = await run('node', [bin, 'start'], { env: env({ DISCORD_TOKEN: 'wrong' }), cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in result ? result.code : 0).toBe(1);
    const lines = result.stderr.trim().split('\n').filter((line) => !line.startsWith('{'));
    expect(lines).toEqual([expect.stringContaining('liso-bot kan niet starten / cannot start: Discord weigert DISCORD_TOKEN (401)')]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('`liso start` runs Discord until SIGTERM: gateway, interactions, clean exit', async () => {
    const child = spawn('node', [bin, 'start'], { env: env({ DISCORD_TOKEN: BOT_TOKEN }), cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await gateway.whenIdentified();
    const raw = fixture('command');
    raw.data.options = [{ name: 'start', type: 1, options: [{ name: 'tekst', type: 3, value: 'Jongerenraad' }] }];
    gateway.dispatch('INTERACTION_CREATE', raw);
    const post = await fake.waitFor((c) => c.method === 'POST' && c.path === `/channels/${raw.channel_id}/messages`);
    expect(post.body.content).toContain('Jongerenraad');
    await fake.waitFor((c) => c.path.endsWith('/callback'));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/error/i);
  }, 60_000);
});

describe('registering /liso', () => {
  it('puts one /liso command with every core command, localized, within Discord limits', async () => {
    const t = await createTestApp();
    const result = await registerCommands(t.app, { rest: createRest({ token: BOT_TOKEN, applicationId: APP_ID, apiUrl: fake.url }), applicationId: APP_ID, guildId: GUILD, defaultLang: 'nl' });
    const [put] = fake.callsTo('PUT', /commands$/);
    expect(put!.path).toBe(`/applications/${APP_ID}/guilds/${GUILD}/commands`);
    expect(put!.auth).toBe(`Bot ${BOT_TOKEN}`);
    const [command] = put!.body;
    expect(command.name).toBe('liso');
    // A guild command exists in its guild only: Discord's global-only fields stay off it.
    expect(command).not.toHaveProperty('contexts');
    expect(command).not.toHaveProperty('integration_types');
    expect(Object.keys(command.description_localizations).sort()).toEqual(['en-GB', 'en-US', 'nl']);
    const names = command.options.map((o: any) => o.name);
    // Every core command, in registration order, whatever features are installed.
    expect(names).toEqual(t.app.bot.commands().map((c) => c.name));
    expect(names).toEqual(expect.arrayContaining(['help', 'start', 'netwerk', 'rol', 'sessie', 'sessies', 'taal', 'struikelblokken', 'vraag', 'vragen']));
    const rol = command.options.find((o: any) => o.name === 'rol');
    expect(rol.options.map((o: any) => [o.name, o.type])).toEqual([['tekst', 3], ['persoon', 6], ['persoon2', 6], ['persoon3', 6], ['persoon4', 6], ['persoon5', 6]]);
    expect(rol.description_localizations['en-US']).toMatch(/^give someone a role/);
    expect(rol.description_localizations.nl).toMatch(/^geef iemand een rol/);
    const vraag = command.options.find((o: any) => o.name === 'vraag');
    expect(vraag.options.map((o: any) => o.name)).toEqual(['tekst']);
    expect(vraag.options[0]).toMatchObject({ required: false, name_localizations: { 'en-US': 'text', 'en-GB': 'text' } });
    expect(result.skipped).toEqual([]);
    await t.app.close();
  });

  it('follows the features: a new command appears, and past 25 the rest is reachable through /liso commando', async () => {
    const t = await createTestApp();
    const extra = (name: string): Feature => ({ name, commands: [{ name, summary: 'help.summary', usage: 'help.usage', async run() {} }] });
    t.app.bot.use(extra('vieren'));
    const extras = 30 - t.app.bot.commands().length;
    for (let i = 0; i < extras; i++) t.app.bot.use(extra(`extra${i}`));
    t.app.bot.use({ name: 'Bad', commands: [{ name: 'Hoofd Letters', summary: 'help.summary', usage: 'help.usage', async run() {} }] });
    const { command, skipped } = buildLisoCommand(t.app.bot.commands(), t.app.prompts, 'en');
    expect(command.options).toHaveLength(25);
    expect(command.options.map((o) => o.name)).toContain('vieren');
    expect(command.options.at(-1)).toMatchObject({ name: 'commando', name_localizations: { 'en-US': 'command' } });
    expect(command.description).toBe(t.app.prompts.translator('en').text('discord.command.liso'));
    // 30 valid commands: 24 get a subcommand, the last 6 (all extras) and the invalid name do not.
    expect(skipped).toEqual([...Array.from({ length: 6 }, (_, i) => `extra${extras - 6 + i}`), 'Hoofd Letters']);
    await registerCommands(t.app, { rest: createRest({ token: BOT_TOKEN, applicationId: APP_ID, apiUrl: fake.url }), applicationId: APP_ID, defaultLang: 'nl' });
    const global = fake.callsTo('PUT', new RegExp(`^/applications/${APP_ID}/commands$`));
    expect(global).toHaveLength(1);
    // Globally the command is offered in servers and in the bot's DMs.
    expect(global[0]!.body[0]).toMatchObject({ contexts: [0, 1], integration_types: [0] });
    await t.app.close();
  });

  it('`liso discord:register` registers for DISCORD_GUILD_ID and says so', { timeout: 60_000 }, async () => {
    const { stdout } = await run('node', [bin, 'discord:register'], { env: env({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_GUILD_ID: GUILD }), cwd: root });
    expect(stdout).toContain(`server ${GUILD}`);
    expect(fake.callsTo('PUT', /commands$/)[0]!.path).toBe(`/applications/${APP_ID}/guilds/${GUILD}/commands`);
  });
});
