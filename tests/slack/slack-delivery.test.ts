// Web API failures classified for the core's Delivery: permanent errors are not retried,
// transient ones (429 with Retry-After, 5xx, network) are retried by Delivery, not by the client.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { webApi } from '@slack/bolt';
import { createBoltLogger } from '../../adapters/slack/bolt-logger.ts';
import { SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import { slackClientOptions } from '../../adapters/slack/slack-app.ts';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import { createLogger } from '../../src/core/logger.ts';
import type { Message } from '../../src/core/message.ts';
import { plain } from '../../src/core/rich-text.ts';
import type { FakeSlack } from './fake-slack-api.ts';
import { startFakeSlack } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { useSlackHarness } from './slack-harness.ts';

let fake: FakeSlack;
let h: SlackHarness;

useSlackHarness((f, harness) => {
  fake = f;
  h = harness;
});

const note: Message = { summary: 'Herinnering', blocks: [{ type: 'section', text: plain('Denk aan de agenda') }] };

async function failureOf(send: () => Promise<unknown>): Promise<DeliveryError> {
  try {
    await send();
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  }
  throw new Error('the send did not fail');
}

describe('Slack delivery errors', () => {
  it.each(['account_inactive', 'not_in_channel', 'missing_scope', 'channel_not_found', 'user_not_found', 'is_archived', 'cannot_dm_bot'])(
    '%s is permanent (not retried)',
    async (code) => {
      fake.script('chat.postMessage', { body: { ok: false, error: code } });
      const before = fake.callsTo('chat.postMessage').length;
      const error = await failureOf(() => h.slack.adapter.postToChannel('C0GONE0001', note));
      expect(error.kind).toBe('permanent');
      expect(error.reason).toBe(code);
      expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
    },
  );

  it('a 429 is transient with Retry-After in milliseconds, after exactly one request (no client retry loop)', async () => {
    fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } });
    const before = fake.callsTo('chat.postMessage').length;
    const error = await failureOf(() => h.slack.adapter.postToChannel('C0BUSY0001', note));
    expect({ kind: error.kind, reason: error.reason, retryAfterMs: error.retryAfterMs }).toEqual({ kind: 'transient', reason: 'ratelimited', retryAfterMs: 7_000 });
    expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
  });

  it('a 500 is transient, after exactly one request; its outcome unknown unless Slack itself answered ok:false', async () => {
    fake.script('chat.postMessage', { status: 500, body: 'upstream broke' }, { status: 500, body: { ok: false, error: 'internal_error' } });
    const before = fake.callsTo('chat.postMessage').length;
    const error = await failureOf(() => h.slack.adapter.postToChannel('C0DOWN0001', note));
    expect([error.kind, error.reason, error.outcomeUnknown]).toEqual(['transient', 'http_500', true]);
    expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
    const refused = await failureOf(() => h.slack.adapter.postToChannel('C0DOWN0001', note));
    expect([refused.kind, refused.reason, refused.outcomeUnknown]).toEqual(['transient', 'http_500', undefined]);
  });

  it('a direct message goes to the user id, then to the conversation Slack answered with, and fails permanently for a deactivated user', async () => {
    fake.script('chat.postMessage', { body: { ok: false, error: 'user_disabled' } });
    const error = await failureOf(() => h.slack.adapter.sendDirect('U0LEFT0001', note));
    expect(error.kind).toBe('permanent');
    const ref = await h.slack.adapter.sendDirect('U0SANN0001', note);
    expect(ref.conversationId).toBe('D0SANN0001');
    await h.slack.adapter.sendDirect('U0SANN0001', note);
    expect(fake.callsTo('chat.postMessage').slice(-2).map((c) => c.body['channel'])).toEqual(['U0SANN0001', 'D0SANN0001']);
    expect(fake.callsTo('conversations.open')).toHaveLength(0);
  });

  it('the core Delivery schedules a retry no sooner than Retry-After, then sends once', async () => {
    fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '7200' }, body: { ok: false, error: 'ratelimited' } });
    const delivery = h.app.delivery;
    const now = h.app.clock.now();
    const outcome = await delivery.send('test:slack-429', { kind: 'channel', platform: 'slack', channelId: 'C0RETRY001' }, note);
    expect(outcome.status).toBe('retrying');
    if (outcome.status !== 'retrying') return;
    expect(outcome.nextAttemptAt.getTime() - now.getTime()).toBeGreaterThanOrEqual(7_200_000);
    await delivery.runDue(outcome.nextAttemptAt);
    expect((await delivery.status('test:slack-429'))?.state).toBe('sent');
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C0RETRY001')).toHaveLength(2);
    expect((await delivery.send('test:slack-429', { kind: 'channel', platform: 'slack', channelId: 'C0RETRY001' }, note)).status).toBe('duplicate');
  });

  it('the core Delivery falls back to the channel when a direct message is impossible for good', async () => {
    fake.script('chat.postMessage', { body: { ok: false, error: 'account_inactive' } });
    const outcome = await h.app.delivery.send(
      'test:slack-fallback',
      { kind: 'direct', platform: 'slack', userId: 'U0GONE0002', fallback: { channelId: 'C0NETW0001', message: note } },
      note,
    );
    expect(outcome).toMatchObject({ status: 'sent', via: 'fallback' });
  });

  it('a channel post Slack took but never answered (the client gave up after its 10 s timeout): transient, outcome unknown, found in the channel by Delivery\'s retry, and Slack shows it once', async () => {
    // The fake records the call on arrival and answers after the client's timeout: it arrived.
    fake.latencyMs = 10_500;
    // Slack's clock is the app's: the post's ts falls in the window the retry looks in.
    fake.now = () => h.app.clock.now().getTime();
    onTestFinished(() => {
      fake.now = () => Date.now();
    });
    const target = { kind: 'channel' as const, platform: 'slack', channelId: 'C0SLOW0001' };
    let outcome;
    try {
      outcome = await h.app.delivery.send('test:slack-timeout', target, note);
    } finally {
      fake.latencyMs = 0;
    }
    expect(outcome).toMatchObject({ status: 'retrying', attempt: 1 });
    if (outcome.status !== 'retrying') return;
    expect(await h.app.delivery.status('test:slack-timeout')).toMatchObject({ reason: 'no_answer', outcomeUnknownSince: expect.any(Date) });
    const [taken] = fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C0SLOW0001');
    expect(taken).toBeDefined();
    // Slack carries it out by the end of its (late) answer, as the fake does.
    await vi.waitFor(() => expect(taken!.response).toMatchObject({ ok: true }), { timeout: 5_000, interval: 20 });
    // While it waits for its retry, asking again queues nothing and sends nothing.
    expect((await h.app.delivery.send('test:slack-timeout', target, note)).status).toBe('queued');
    await h.app.delivery.runDue(outcome.nextAttemptAt);
    expect((await h.app.delivery.status('test:slack-timeout'))?.state).toBe('sent');
    expect(fake.callsTo('conversations.history').filter((c) => c.body['channel'] === 'C0SLOW0001')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C0SLOW0001')).toHaveLength(1);
    await h.app.delivery.runDue(new Date(outcome.nextAttemptAt.getTime() + 3_600_000));
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C0SLOW0001')).toHaveLength(1);
  }, 30_000);

  it('a network failure is transient', async () => {
    const closed = await startFakeSlack();
    await closed.stop();
    const log = createLogger('silent');
    const client = new webApi.WebClient('xoxb-offline', slackClientOptions({ apiUrl: closed.apiUrl }, createBoltLogger(log)));
    const error = await failureOf(() => new SlackAdapter(client, log).postToChannel('C0NET00001', note));
    // No connection was made, so Slack never saw it: retried without looking for it.
    expect([error.kind, error.reason, error.outcomeUnknown]).toEqual(['transient', 'network_error', undefined]);
  });
});
