// Bots are no members, also when the role is given in a message to the bot: discord.js logged in to the fake
// gateway receives "@liso-bot rol deelnemer …" naming an app (`bot: true` in the message's mentions) or the
// bot itself a second time, and refuses them by name while the person named with them gets the role.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_ID } from './fake-discord.ts';
import { CHANNEL, dmChannelOf, GatewayHarness, people } from './gateway-harness.ts';

let h: GatewayHarness | undefined;
afterEach(async () => {
  expect(h?.fake.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const ourBot = { id: APP_ID, username: 'liso-bot', global_name: null, discriminator: '0000', avatar: null, bot: true, public_flags: 0 };
const polly = { id: '100000000000000099', username: 'polly', global_name: 'Polly', discriminator: '0', avatar: null, bot: true, public_flags: 0 };
const sanne = { ...people.sanne, discriminator: '0', avatar: null, public_flags: 0 };

async function participants(harness: GatewayHarness): Promise<string[]> {
  const network = await harness.t.app.directory.byChannel('discord', CHANNEL);
  return network ? harness.t.app.directory.holders(network.id, 'deelnemer') : [];
}

async function refusalIn(harness: GatewayHarness, text: string): Promise<void> {
  await vi.waitFor(
    () => {
      const said = harness.posts(dmChannelOf(people.anna)).map((p) => String(p.body?.content ?? ''));
      if (!said.some((content) => content.includes(text))) throw new Error(`no "${text}" yet in ${JSON.stringify(said)}`);
    },
    { timeout: 10_000, interval: 20 },
  );
}

describe('Discord: roles refused to bots named in a message', () => {
  it('refuses an app named with a person, who gets the role', async () => {
    h = await GatewayHarness.start();
    h.send(h.channelMessage('@bot start Jeugd'));
    await h.waitForPosts(CHANNEL, 1);
    h.send(h.channelMessage(`@bot rol deelnemer <@${people.sanne.id}> <@${polly.id}>`, people.anna, { mentions: [ourBot, sanne, polly] }));
    await refusalIn(h, '**Polly** is een bot of app');
    await vi.waitFor(async () => expect(await participants(h!)).toEqual([people.sanne.id]), { timeout: 10_000, interval: 20 });
  });

  it('refuses the bot named a second time, instead of asking who gets the role', async () => {
    h = await GatewayHarness.start();
    h.send(h.channelMessage('@bot start Jeugd'));
    await h.waitForPosts(CHANNEL, 1);
    h.send(h.channelMessage('@bot rol deelnemer @bot', people.anna, { mentions: [ourBot] }));
    await refusalIn(h, 'is een bot of app');
    expect(await participants(h)).toEqual([]);
  });
});
