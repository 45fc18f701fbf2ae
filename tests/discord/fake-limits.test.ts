// The Discord fake enforces Discord's limits (the global 50 requests a second, a channel's message
// bucket announced in X-RateLimit-* headers; 429 beyond them), and a short batch queued at once
// goes out through the real adapter (discord.js) and Delivery without a single 429.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import { DiscordHarness } from './discord-harness.ts';
import { FakeDiscord } from './fake-discord.ts';

const note = (n: number): Message => ({ summary: `Bericht ${n}`, blocks: [{ type: 'section', text: [{ type: 'text', text: `Bericht ${n}` }] }] });
const snowflake = (prefix: string, n: number) => `${prefix}${String(n).padStart(16, '0')}`;

function post(fake: FakeDiscord, channelId: string): Promise<Response> {
  return fetch(`${fake.url}/v10/channels/${channelId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content: 'x', allowed_mentions: { parse: [] } }),
  });
}

describe('the Discord fake enforces Discord\'s limits', () => {
  let fake: FakeDiscord;
  beforeEach(async () => {
    fake = await new FakeDiscord().start();
    fake.enforceLimits();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('announces a channel\'s bucket in headers and answers the sixth post within its window with 429', async () => {
    const answers: Response[] = [];
    for (let n = 0; n < 6; n++) answers.push(await post(fake, '810000000000000001'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers.slice(0, 5).map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0']);
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('5');
    const refused = answers[5]!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ global: false });
    expect(fake.rateLimited).toBe(1);
  });

  it('answers requests beyond 50 in a second with a global 429', async () => {
    const answers = await Promise.all(Array.from({ length: 55 }, (_, n) => post(fake, snowflake('82', n))));
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(50);
    expect(refused).toHaveLength(5);
    expect(refused[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(await refused[0]!.json()).toMatchObject({ global: true });
    expect(fake.rateLimited).toBe(5);
  });
});

describe('a batch through the real Discord adapter at Discord\'s pace', () => {
  let h: DiscordHarness;
  beforeEach(async () => {
    h = await DiscordHarness.start();
    h.fake.enforceLimits();
  });
  afterEach(async () => {
    await h.close();
  });

  it('sends sixty direct messages (each opening a DM channel: 120 requests) and seven posts into one channel, none answered 429', async () => {
    for (let n = 0; n < 60; n++) await h.t.app.delivery.enqueue(`batch:dm:${n}`, { kind: 'direct', platform: 'discord', userId: snowflake('21', n) }, note(n));
    for (let n = 0; n < 7; n++) await h.t.app.delivery.enqueue(`batch:channel:${n}`, { kind: 'channel', platform: 'discord', channelId: '810000000000000001' }, note(n));
    const keys = [...Array.from({ length: 60 }, (_, n) => `batch:dm:${n}`), ...Array.from({ length: 7 }, (_, n) => `batch:channel:${n}`)];
    const sent = async () => (await Promise.all(keys.map(async (key) => (await h.t.app.delivery.status(key))?.state))).filter((s) => s === 'sent').length;
    // The channel's sixth post waits for its bucket (discord.js refuses it before sending, from the
    // headers); that wait is a retry time on the app's clock, which runs here with real time.
    const started = Date.now();
    let at = h.t.clock.now().getTime();
    for (let round = 0; round < 20 && (await sent()) < keys.length; round++) {
      await h.t.app.bot.tick();
      if ((await sent()) < keys.length) await new Promise((resolve) => setTimeout(resolve, 500));
      h.t.clock.set(new Date((at = Math.max(at, h.t.clock.now().getTime() + (Date.now() - started)))));
    }
    expect(await sent()).toBe(67);
    expect(h.fake.callsTo('POST', /^\/users\/@me\/channels$/)).toHaveLength(60);
    expect(h.fake.callsTo('POST', /^\/channels\/\d+\/messages$/)).toHaveLength(67);
    expect(h.fake.rateLimited).toBe(0);
  }, 60_000);
});
