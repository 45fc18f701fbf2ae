// A session's announcement in the channel survives a Slack hiccup: Delivery retries it, and it arrives once.
import { describe, expect, it, vi } from 'vitest';
import type { FakeSlack } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { allText, retryWaiting, useSlackHarness, waitForCall } from './slack-harness.ts';

let fake: FakeSlack;
let h: SlackHarness;

useSlackHarness((f, harness) => {
  fake = f;
  h = harness;
});

const CHANNEL = { channel: 'C0ANNC0001', channelName: 'jeugd' };
const announcements = () => fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === CHANNEL.channel && /11 maart/.test(allText(c.body['blocks'])));

describe('a session announcement when Slack fails for a moment', () => {
  it('arrives after the retry, once, and a second try of the command sends nothing more', async () => {
    await h.command('start Jeugd Leiden', CHANNEL);
    await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === CHANNEL.channel);

    fake.script('chat.postMessage', { status: 500, body: 'upstream broke' });
    const planned = await h.command('sessie 2027-03-11 14:00', CHANNEL);
    await vi.waitFor(() => expect(announcements()).toHaveLength(1), { timeout: 5_000, interval: 20 });
    const told = await waitForCall(fake, 'response_url', (b) => /zodra het lukt/.test(allText(b)));
    expect(told.target).toBe(planned.responseUrl.split('/').pop());
    const retryAt = await retryWaiting(h);

    await h.app.delivery.runDue(retryAt);
    expect(announcements()).toHaveLength(2);
    // Nothing owed any more: later passes and the same command again post no third time.
    await h.app.delivery.runDue(new Date(retryAt.getTime() + 86_400_000));
    await h.command('sessie 2027-03-11 14:00', CHANNEL);
    await waitForCall(fake, 'response_url', (b) => /staat al een sessie/.test(allText(b)));
    expect(announcements()).toHaveLength(2);
  });
});
