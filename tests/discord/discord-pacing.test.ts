// The real Discord adapter (discord.js) and Delivery against a fake that enforces Discord's
// global limit and per-channel buckets with X-RateLimit-* headers, and dedupes enforced nonces.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import { DiscordHarness, CHANNEL, people } from './discord-harness.ts';

const note = (n: number): Message => ({ summary: `Bericht ${n}`, blocks: [{ type: 'section', text: [{ type: 'text', text: `Bericht ${n}` }] }] });

describe('Discord: queued messages at Discord\'s pace', () => {
  let h: DiscordHarness;
  beforeEach(async () => {
    h = await DiscordHarness.start();
    h.fake.enforceLimits();
  });
  afterEach(async () => {
    await h.close();
  });

  it('follows a channel\'s bucket from its headers: eight posts in one channel, none answered 429', async () => {
    for (let n = 0; n < 8; n++) await h.t.app.delivery.enqueue(`pace:${n}`, { kind: 'channel', platform: 'discord', channelId: CHANNEL }, note(n));
    const started = Date.now();
    // The bucket's reset is announced in headers; discord.js refuses the sixth before sending it and
    // the core waits that long: two drains of the queue, the second after the reset.
    for (let round = 0; round < 4 && h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`)).length < 8; round++) {
      await h.t.app.bot.tick();
      if (h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`)).length < 8) {
        await new Promise((resolve) => setTimeout(resolve, 2_600));
        h.t.clock.set(new Date(h.t.clock.now().getTime() + 2_600));
      }
    }
    expect(h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`))).toHaveLength(8);
    expect(h.fake.rateLimited).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
  }, 30_000);

  it('sends a nonce derived from the delivery key with enforce_nonce, so a resend after a crash posts nothing twice', async () => {
    const message = note(1);
    const first = await h.t.app.bot.adapter('discord')!.sendDirect(people.anna.id, message, { idempotencyKey: 'nudge:s1:agenda:anna' });
    // The process died before recording the send; a restart sends the same key again.
    const again = await h.t.app.bot.adapter('discord')!.sendDirect(people.anna.id, message, { idempotencyKey: 'nudge:s1:agenda:anna' });
    expect(again.messageId).toBe(first.messageId);
    expect(h.fake.nonceRepeats).toBe(1);
    const posts = h.fake.callsTo('POST', /^\/channels\/\d+\/messages$/);
    expect(posts.map((c) => [c.body.nonce.length <= 25, c.body.enforce_nonce])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(posts[0]!.body.nonce).toBe(posts[1]!.body.nonce);
    const other = await h.t.app.bot.adapter('discord')!.sendDirect(people.anna.id, message, { idempotencyKey: 'nudge:s1:catering:anna' });
    expect(other.messageId).not.toBe(first.messageId);
  });
});
