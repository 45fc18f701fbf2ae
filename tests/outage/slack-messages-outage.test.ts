// Slack direct messages and mentions during a store outage: real Bolt over HTTP against the fake
// Slack, on a Redis of the test's own that is stopped. Events are acknowledged before anything
// else, so the person's answer is a post: "even geduld" in the DM, privately under a mention, at
// most as often as the per-person rate limit allows; bots' messages and edits get nothing.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { RecordedCall } from '../slack/fake-slack-api.ts';
import { directMessage, mention } from '../slack/message-payloads.ts';
import { allText } from '../slack/slack-harness.ts';
import { startSlackOnOwnRedis } from './slack-on-own-redis.ts';

const BUSY = 'Even geduld: ik kan mijn geheugen nu niet bereiken. Probeer het zo opnieuw.';
// The production default of the per-person limit (LISO_RATE_LIMIT_PER_MINUTE / _BURST).
const { redis, fake, h, stop } = await startSlackOnOwnRedis('liso-slack-outage', { perMinute: 20, burst: 10 });

afterAll(stop);

function postsTo(channel: string, method: string): RecordedCall[] {
  return fake.callsTo(method).filter((c) => c.body['channel'] === channel);
}

async function settle(): Promise<void> {
  // Events are answered after their acknowledgement; nothing more arrives once the log is quiet.
  let lines = -1;
  while (lines !== h.logLines.length) {
    lines = h.logLines.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('Slack messages during a store outage (own Redis)', { timeout: 90_000 }, () => {
  it('a DM and a mention get "even geduld", a bot message and an edit nothing, a flood a bounded number; after the restart the DM is answered', async () => {
    expect(await h.event(directMessage('help', { user: 'U0ANNA0001', channel: 'D0ANNADM01' }))).toBe(200);
    await vi.waitFor(() => expect(allText(postsTo('D0ANNADM01', 'chat.postMessage').map((c) => c.body))).toContain('/liso'), { timeout: 10_000, interval: 20 });
    await redis.stop();
    try {
      const dmBefore = postsTo('D0ANNADM01', 'chat.postMessage').length;
      expect(await h.event(directMessage('hoe krijg ik de partners weer mee?', { user: 'U0ANNA0001', channel: 'D0ANNADM01' }))).toBe(200);
      await vi.waitFor(() => expect(postsTo('D0ANNADM01', 'chat.postMessage').length).toBe(dmBefore + 1), { timeout: 10_000, interval: 20 });
      expect(allText(postsTo('D0ANNADM01', 'chat.postMessage').at(-1)!.body)).toContain(BUSY);

      expect(await h.event(mention('wat doet een procesbegeleider?', { user: 'U0BRAM0001', channel: 'C0NET00001' }))).toBe(200);
      await vi.waitFor(() => expect(postsTo('C0NET00001', 'chat.postEphemeral')).toHaveLength(1), { timeout: 10_000, interval: 20 });
      const ephemeral = postsTo('C0NET00001', 'chat.postEphemeral')[0]!.body;
      expect(ephemeral['user']).toBe('U0BRAM0001');
      expect(allText(ephemeral)).toContain(BUSY);
      // Nothing for everyone to see in the channel.
      expect(postsTo('C0NET00001', 'chat.postMessage')).toEqual([]);

      const sentBefore = fake.calls.length;
      await h.event(directMessage('ik ben een bot', { user: 'U0OTHERBOT', channel: 'D0OTHERDM1', extra: { bot_id: 'B0OTHER' } }));
      await h.event(directMessage('bewerkt', { user: 'U0ANNA0001', channel: 'D0ANNADM01', extra: { subtype: 'message_changed' } }));
      await settle();
      expect(fake.calls.slice(sentBefore).filter((c) => c.method.startsWith('chat.'))).toEqual([]);

      const floodBefore = postsTo('D0CARLDM01', 'chat.postMessage').length;
      for (let n = 0; n < 30; n++) await h.event(directMessage(`vraag ${n}`, { user: 'U0CARL0001', channel: 'D0CARLDM01' }));
      await settle();
      const flood = postsTo('D0CARLDM01', 'chat.postMessage').slice(floodBefore);
      expect(flood.length).toBeGreaterThan(0);
      expect(flood.length).toBeLessThanOrEqual(10);
      for (const post of flood) expect(allText(post.body)).toContain(BUSY);
    } finally {
      await redis.restart();
    }
    await vi.waitFor(() => expect(h.logLines.join('')).toContain('store connection restored'), { timeout: 20_000, interval: 100 });
    const after = postsTo('D0ANNADM01', 'chat.postMessage').length;
    expect(await h.event(directMessage('help', { user: 'U0ANNA0001', channel: 'D0ANNADM01' }))).toBe(200);
    // Her first direct message since the restart may be introduced first: wait for the help itself.
    const answerSince = () => allText(postsTo('D0ANNADM01', 'chat.postMessage').slice(after).map((c) => c.body));
    await vi.waitFor(() => expect(answerSince()).toContain('/liso'), { timeout: 10_000, interval: 20 });
    const answer = answerSince();
    expect(answer).not.toContain(BUSY);
    expect(h.logLines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});
