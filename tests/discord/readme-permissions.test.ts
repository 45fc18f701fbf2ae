// README's Discord set-up asks for exactly what the adapter uses: the permissions in the table
// are the ones in the invite URL, and the intents it names are the ones the client requests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GatewayIntentBits, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DISCORD_INTENTS } from '../../adapters/discord/discord-client.ts';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const setup = readme.slice(readme.indexOf('## Discord: set-up'), readme.indexOf('### Using it on Discord'));

describe('README: Discord set-up', () => {
  it('invites the bot with exactly the permissions of its table, without Embed Links or anything powerful', () => {
    const names = [...setup.matchAll(/^\s*\| ([A-Z][A-Za-z ]+?) \| /gm)].map((m) => m[1]!).filter((name) => name !== 'permission');
    expect(names).toEqual(['Send Messages', 'Send Messages in Threads', 'Read Message History', 'Attach Files', 'Use Application Commands']);
    const bits = names.map((name) => PermissionFlagsBits[name.replace(/ (\w)/g, (_all, c: string) => c.toUpperCase()).replace(/^(\w)/, (c) => c.toUpperCase()) as keyof typeof PermissionFlagsBits]);
    expect(bits.every((bit) => typeof bit === 'bigint')).toBe(true);
    const expected = bits.reduce((sum, bit) => sum | bit, 0n);
    const invite = /permissions=(\d+)/.exec(setup);
    expect(BigInt(invite![1]!)).toBe(expected);
    for (const forbidden of [PermissionFlagsBits.EmbedLinks, PermissionFlagsBits.MentionEveryone, PermissionFlagsBits.Administrator, PermissionFlagsBits.ManageMessages]) {
      expect(expected & forbidden).toBe(0n);
    }
  });

  it('names the intents the client asks for, none of them privileged', () => {
    expect([...DISCORD_INTENTS].sort()).toEqual([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages].sort());
    expect(setup).toContain('*Guilds*, *Guild Messages* and *Direct Messages* only');
    expect(DISCORD_INTENTS).not.toContain(GatewayIntentBits.MessageContent);
    expect(DISCORD_INTENTS).not.toContain(GatewayIntentBits.GuildMembers);
    expect(DISCORD_INTENTS).not.toContain(GatewayIntentBits.GuildPresences);
  });
});
