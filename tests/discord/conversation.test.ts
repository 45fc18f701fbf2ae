// Conversation on Discord end to end: discord.js logged in to the fake gateway receives DMs and
// mentions as MESSAGE_CREATE; answers go to the fake REST API, which enforces Discord's limits.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DISCORD_INTENTS } from '../../adapters/discord/discord-client.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import type { RecordedCall } from './fake-discord.ts';
import { APP_ID } from './fake-discord.ts';
import { CHANNEL, dmChannelOf, GatewayHarness, people } from './gateway-harness.ts';

const redisUrl = process.env['REDIS_URL'];
const QUESTION = 'na de kick-off komt niemand meer';
const ANSWER_TITLE = 'Deelnemers haken af na een sterke start';

let h: GatewayHarness | undefined;
afterEach(async () => {
  expect(h?.fake.violations ?? []).toEqual([]);
  await h?.close();
  h = undefined;
});

const contentOf = (call: RecordedCall): string => call.body?.content ?? '';
const labelsOf = (call: RecordedCall): string[] => (call.body?.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.label ?? c.placeholder));
/** Waits a moment for work that should not happen, then returns what did. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('Discord conversation', () => {
  it('asks the gateway for no privileged intent: guilds, guild messages and direct messages only', async () => {
    h = await GatewayHarness.start();
    const identify = h.gateway.received.find((p) => p.op === 2);
    expect(identify.d.intents).toBe(1 | 512 | 4096);
    const privileged = (1 << 1) | (1 << 8) | (1 << 15);
    expect(identify.d.intents & privileged).toBe(0);
    expect(DISCORD_INTENTS).toHaveLength(3);
  });

  it('a DM question: the introduction the first time (no menu: the question is answered), then the answer with buttons, in the DM', async () => {
    h = await GatewayHarness.start();
    h.send(h.dm(QUESTION));
    const [intro, answer] = await h.waitForPosts(dmChannelOf(people.anna), 2);
    expect(contentOf(intro!)).toMatch(/^Hoi Anna de Vries! Ik ben liso-bot/);
    await settle();
    expect(h.posts(dmChannelOf(people.anna)).map(contentOf)).not.toContainEqual(expect.stringMatching(/Waar lopen jullie tegenaan/));
    expect(contentOf(answer!)).toMatch(new RegExp(`^### ${ANSWER_TITLE}`));
    expect(labelsOf(answer!)).toEqual(expect.arrayContaining(['Meer tips', '👍 Ja']));
    expect(answer!.body.message_reference).toBeUndefined();
  });

  it('a command word in a DM, and the follow-up "meer tips"', async () => {
    h = await GatewayHarness.start();
    const dm = dmChannelOf(people.bram);
    // Found by what they say: the help may take more than one Discord post (2,000 characters each).
    const postSaying = (pattern: RegExp) =>
      vi.waitFor(() => {
        const found = h!.posts(dm).find((call) => pattern.test(contentOf(call)));
        if (!found) throw new Error(`no post matching ${pattern} yet`);
        return found;
      }, { timeout: 10_000, interval: 20 });
    h.send(h.dm('help', people.bram));
    await postSaying(/Wat liso-bot voor jullie leernetwerk doet/);
    await postSaying(/Prefer English\? Type `\/liso language en`/);
    h.send(h.dm(QUESTION, people.bram));
    await postSaying(new RegExp(`^### ${ANSWER_TITLE}`));
    h.send(h.dm('meer tips', people.bram));
    await postSaying(new RegExp(`^### Meer over: ${ANSWER_TITLE}`));
  });

  it('a mention in a channel is answered as a reply for everyone; a command word privately by DM', async () => {
    h = await GatewayHarness.start();
    const question = h.channelMessage('@bot wat doet een procesbegeleider?');
    h.send(question);
    const [answer] = await h.waitForPosts(CHANNEL, 1);
    expect(answer!.body.message_reference).toEqual({ message_id: question.id, fail_if_not_exists: false });
    expect(contentOf(answer!)).toMatch(/^### Rollen in een leernetwerk/);
    expect(answer!.body.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
    // A reply to the bot's answer that pings it is a follow-up, without typing the mention.
    const bot = { id: APP_ID, username: 'liso-bot', discriminator: '0000', avatar: null, bot: true, global_name: null };
    const answered = { id: answer!.result.id, channel_id: CHANNEL, content: answer!.result.content, author: bot, type: 19, timestamp: '2027-01-04T08:00:01.000000+00:00', edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], pinned: false, flags: 0, components: [] };
    h.send(h.channelMessage('meer tips', people.anna, { type: 19, message_reference: { type: 0, message_id: answered.id, channel_id: CHANNEL, guild_id: question.guild_id }, referenced_message: answered, mentions: [bot] }));
    const [, more] = await h.waitForPosts(CHANNEL, 2);
    expect(contentOf(more!)).toMatch(/^### Meer over: Rollen in een leernetwerk/);
    h.send(h.channelMessage('@bot help'));
    const [help] = await h.waitForPosts(dmChannelOf(people.anna), 1);
    expect(contentOf(help!)).toMatch(/Wat liso-bot voor jullie leernetwerk doet/);
    await settle();
    expect(h.posts(CHANNEL)).toHaveLength(2);
  });

  it('a private answer to someone with closed DMs is not shown in the channel; they are told where to ask', async () => {
    h = await GatewayHarness.start();
    h.fake.script('POST', new RegExp(`^/channels/${dmChannelOf(people.sanne)}/messages$`), { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } });
    h.send(h.channelMessage('@bot mijn-gegevens', people.sanne));
    const [notice] = await h.waitForPosts(CHANNEL, 1);
    expect(contentOf(notice!)).toMatch(new RegExp(`^<@${people.sanne.id}>, ik kan je geen privébericht sturen`));
    expect(notice!.body.allowed_mentions.users).toEqual([people.sanne.id]);
    expect(contentOf(notice!)).not.toMatch(/Sanne Bakker.*platform|Wat ik over je bewaar/);
  });

  it('ignores its own messages, other bots, webhooks, edits, deletions and guild messages without a mention', async () => {
    h = await GatewayHarness.start();
    const dm = dmChannelOf(people.sanne);
    h.send({ ...h.dm('ik ben de bot zelf', people.sanne), author: { id: APP_ID, username: 'liso-bot', bot: true, discriminator: '0000', avatar: null, global_name: null } });
    h.send({ ...h.dm('een andere bot', people.sanne), author: { id: '990000000000000009', username: 'otherbot', bot: true, discriminator: '0000', avatar: null, global_name: null } });
    h.send({ ...h.channelMessage('@bot via een webhook'), webhook_id: '990000000000000010' });
    // Without the Message Content intent other guild messages arrive with empty content.
    h.send(h.channelMessage(''));
    const original = h.dm(QUESTION, people.sanne);
    h.gateway.dispatch('MESSAGE_UPDATE', { ...original, content: 'bewerkt', edited_timestamp: '2027-01-04T08:01:00.000000+00:00' });
    h.gateway.dispatch('MESSAGE_DELETE', { id: original.id, channel_id: original.channel_id });
    h.send(h.dm('dank je', people.sanne));
    const posts = await h.waitForPosts(dm, 2);
    await settle();
    expect(posts.map((p) => contentOf(p).split('\n')[0])).toEqual([expect.stringMatching(/^Hoi Sanne Bakker!/), 'Graag gedaan! Vraag gerust verder als je nog iets wilt weten.']);
    expect(h.posts(CHANNEL)).toEqual([]);
  });

  it('a message delivered twice is answered once', async () => {
    h = await GatewayHarness.start();
    const message = h.dm('dank je');
    h.send(message);
    h.send(message);
    await h.waitForPosts(dmChannelOf(people.anna), 2);
    await settle();
    expect(h.posts(dmChannelOf(people.anna))).toHaveLength(2);
  });
});

describe('Discord conversation: bad input', () => {
  it('only a file, a sticker, emoji, 40,000 characters, and markup that would ping', async () => {
    h = await GatewayHarness.start();
    const dm = dmChannelOf(people.anna);
    h.send(h.dm('hoi'));
    await h.waitForPosts(dm, 2);
    h.send(h.dm('', people.anna, { attachments: [{ id: '1340000000000000001', filename: 'notulen.pdf', size: 1000, url: 'https://cdn.discordapp.com/x/notulen.pdf', proxy_url: 'https://media.discordapp.net/x/notulen.pdf' }] }));
    await h.waitForPosts(dm, 3);
    h.send(h.dm('', people.anna, { sticker_items: [{ id: '1340000000000000002', name: 'duim', format_type: 1 }] }));
    await h.waitForPosts(dm, 4);
    h.send(h.dm('🙈🙈'));
    await h.waitForPosts(dm, 5);
    const sentence = 'Na de kick-off komt bijna niemand meer naar de sessies van ons netwerk. ';
    h.send(h.dm(sentence.repeat(600).slice(0, 40_000)));
    await h.waitForPosts(dm, 7);
    h.send(h.dm(`@everyone @here <@${people.bram.id}> <@&800000000000000001> **vet** wat vinden jullie van pizza?`, people.anna, { mention_everyone: false }));
    const posts = await h.waitForPosts(dm, 9);
    const texts = posts.map(contentOf);
    expect(texts[2]).toMatch(/^Ik lees alleen tekst/);
    expect(texts[3]).toMatch(/^Ik lees alleen tekst/);
    expect(texts[4]).toMatch(/^Ik zie geen woorden/);
    expect(texts[5]).toBe('Je bericht is erg lang; ik heb alleen de eerste 4.000 tekens gelezen.');
    expect(texts[6]).toMatch(new RegExp(`^### ${ANSWER_TITLE}`));
    expect(texts[7]).toMatch(/\/liso start/);
    // The question is echoed with every would-be ping defused and nobody allowed to be pinged.
    expect(texts[8]).toContain('Je vroeg: “@\u200beveryone @\u200bhere');
    expect(texts[8]).not.toMatch(new RegExp(`<@${people.bram.id}>|<@&`));
    for (const post of posts) expect(post.body.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
  });

  it('a DM of only invisible characters (zero-width, direction overrides) is told it has no words, not that files are not read', async () => {
    h = await GatewayHarness.start();
    const dm = dmChannelOf(people.anna);
    h.send(h.dm('hoi'));
    await h.waitForPosts(dm, 2);
    h.send(h.dm('\u200B\u200B\u202E\u2066 \uFEFF'));
    const posts = await h.waitForPosts(dm, 3);
    expect(contentOf(posts[2]!)).toMatch(/^Ik zie geen woorden in je bericht/);
  });

  it('a flood of 50 DMs in 10 seconds: one notice, the rest dropped, nobody else slowed', async () => {
    h = await GatewayHarness.start({ rateLimit: { perMinute: 20, burst: 10 } });
    const dm = dmChannelOf(people.anna);
    for (let i = 0; i < 50; i++) {
      h.send(h.dm(`dank je ${i}`));
      if (i === 25) h.send(h.dm('dank je', people.bram));
      // Each message is counted when it arrives; the clock moves on between them.
      await h.waitForHandled(i + 1 + (i >= 25 ? 1 : 0));
      h.t.clock.advance(200);
    }
    await h.waitForPosts(dmChannelOf(people.bram), 2);
    await settle();
    const texts = h.posts(dm).map(contentOf);
    expect(texts.filter((t) => /^Je stuurt me veel berichten kort na elkaar/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /^Graag gedaan/.test(t))).toHaveLength(13);
    expect(h.posts(dmChannelOf(people.bram)).map(contentOf).some((t) => /Je stuurt me veel/.test(t))).toBe(false);
  });
});

describe.each([
  ['memory store', async () => { const store = new MemoryStore(); return [store, store]; }, undefined],
  ['Redis', async () => [await RedisStore.open(redisUrl!), await RedisStore.open(redisUrl!)], redisUrl ? undefined : 'REDIS_URL is not set; the two-replica test on Redis is skipped'],
] as const)('Discord conversation: two replicas on one %s', (_name, openStores, skip) => {
  it.skipIf(Boolean(skip))(`both receive every message; each is answered once${skip ? ` (${skip})` : ''}`, async () => {
    h = await GatewayHarness.start({ stores: await openStores() });
    expect(h.replicas).toHaveLength(2);
    const asker = h.newPerson('Kees');
    const writer = h.newPerson('Lotte');
    const question = h.channelMessage('@bot wat doet een procesbegeleider?', asker);
    h.send(question);
    h.send(h.dm('dank je', writer));
    await h.waitForPosts(CHANNEL, 1);
    await h.waitForPosts(dmChannelOf(writer), 2);
    await settle();
    expect(h.posts(CHANNEL)).toHaveLength(1);
    expect(h.posts(dmChannelOf(writer))).toHaveLength(2);
    const drops = h.replicas.flatMap((r) => r.t.logLines).filter((line) => /duplicate event dropped/.test(line));
    expect(drops.length).toBeGreaterThanOrEqual(2);
  });
});
