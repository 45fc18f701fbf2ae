// Bots are no members: a role given to the bot itself or another app (Discord's `bot` flag on the user) is
// refused through the real Discord adapter, while the people named with them get their role.
import { describe, expect, it } from 'vitest';
import { APP_ID } from './fake-discord.ts';
import type { Person } from './discord-harness.ts';
import { CHANNEL, DiscordHarness, messageBodies, people, str, user, useDiscordHarness } from './discord-harness.ts';

let h: DiscordHarness;
useDiscordHarness((harness) => {
  h = harness;
});

const ourBot: Person = { id: APP_ID, username: 'liso-bot', global_name: 'liso-bot', bot: true };
const polly: Person = { id: '100000000000000099', username: 'polly', global_name: 'Polly', bot: true };
const callbacks = () => h.fake.calls.filter((c) => c.path.endsWith('/callback'));
const channelPosts = () => h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`));

async function startNetwork(): Promise<void> {
  for (const bot of [ourBot, polly]) h.fake.users.set(bot.id, { ...bot });
  await h.inject(h.slash('start', [str('tekst', 'Jeugdzorg Leiden')]));
  h.fake.take();
}

async function participants(): Promise<string[]> {
  const network = await h.t.app.directory.byChannel('discord', CHANNEL);
  return h.t.app.directory.holders(network!.id, 'deelnemer');
}

describe('roles refused to bots on Discord', () => {
  it('refuses the bot itself picked as the person, naming it, and gives it no role', async () => {
    await startNetwork();
    await h.inject(h.slash('rol', [str('tekst', 'deelnemer'), user('persoon', ourBot)]));
    const reply = callbacks()[0]!.body.data;
    expect(reply.content).toContain('liso-bot');
    expect(reply.content).toContain('bot of app');
    expect(channelPosts()).toHaveLength(0);
    expect(await participants()).toEqual([]);
  });

  it('refuses an app picked with a person, and one typed as <@id>, while the person gets the role', async () => {
    await startNetwork();
    await h.inject(h.slash('rol', [str('tekst', `deelnemer <@${ourBot.id}>`), user('persoon', people.sanne), user('persoon2', polly)]));
    const answers = messageBodies(h.fake).map((body) => String(body.content ?? ''));
    expect(answers.filter((content) => content.includes('**liso-bot, Polly** zijn bots of apps'))).toHaveLength(1);
    expect(await participants()).toEqual([people.sanne.id]);
    const [post] = channelPosts();
    expect(post!.body.allowed_mentions.users).toEqual([people.sanne.id]);
  });
});
