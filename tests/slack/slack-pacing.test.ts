// The real Slack adapter and Delivery against a fake that enforces Slack's limits and answers
// 429 beyond them: a burst of queued messages goes out at Slack's pace, with no 429 at all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import { FakeSlack } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { startHarness } from './slack-harness.ts';

const note = (n: number): Message => ({ summary: `Bericht ${n}`, blocks: [{ type: 'section', text: [{ type: 'text', text: `Bericht ${n}` }] }] });

describe('Slack: queued messages at Slack\'s pace', () => {
  let fake: FakeSlack;
  let h: SlackHarness;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
    fake.enforceLimits({ postsPerMinute: 600 });
    fake.latencyMs = 20;
    h = await startHarness(fake);
  });
  afterEach(async () => {
    await h.stop();
    await fake.stop();
  });

  it('posts seven messages into one channel and twenty DMs without a single 429, one channel at about a message a second', async () => {
    for (let n = 0; n < 7; n++) await h.app.delivery.enqueue(`pace:channel:${n}`, { kind: 'channel', platform: 'slack', channelId: 'C0BUSY0001' }, note(n));
    for (let n = 0; n < 20; n++) await h.app.delivery.enqueue(`pace:dm:${n}`, { kind: 'direct', platform: 'slack', userId: `U0PERS${String(n).padStart(4, '0')}` }, note(n));
    const started = Date.now();
    await h.app.bot.tick();
    const posts = fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(27);
    expect(fake.rateLimited).toBe(0);
    // 3 within any 3 seconds in one channel: the 7th cannot go before 6 seconds (plus margin).
    expect(Date.now() - started).toBeGreaterThanOrEqual(6_000);
    for (let n = 0; n < 7; n++) expect((await h.app.delivery.status(`pace:channel:${n}`))?.state).toBe('sent');
  }, 30_000);

  it('waits out a 429 the platform answers anyway (another app on the workspace), then sends', async () => {
    fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '2' }, body: { ok: false, error: 'ratelimited' } });
    await h.app.delivery.enqueue('pace:429', { kind: 'channel', platform: 'slack', channelId: 'C0OTHER001' }, note(1));
    await h.app.delivery.enqueue('pace:429b', { kind: 'channel', platform: 'slack', channelId: 'C0OTHER002' }, note(2));
    await h.app.bot.tick();
    const record = await h.app.delivery.status('pace:429');
    expect(record).toMatchObject({ state: 'retrying', rateLimited: 1, attempts: 0 });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await h.app.bot.tick(new Date(h.app.clock.now().getTime() + 2_100));
    expect((await h.app.delivery.status('pace:429'))?.state).toBe('sent');
    expect((await h.app.delivery.status('pace:429b'))?.state).toBe('sent');
  }, 30_000);
});
