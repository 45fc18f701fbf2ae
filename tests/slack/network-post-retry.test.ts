// A network's own posts in the channel (a new name, a role given or taken) survive a Slack hiccup:
// the post is owed with the change, Delivery retries it, it arrives once, and the person who made
// the change sees no error, only that the channel gets it as soon as it can.
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

const SLACK_500 = { status: 500, body: 'upstream broke' };

/** chat.postMessage calls to `channel` whose blocks match, and those of them Slack took. */
function postsTo(channel: string, pattern: RegExp) {
  const calls = fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === channel && pattern.test(allText(c.body['blocks'])));
  return { tried: calls.length, arrived: calls.filter((c) => (c.response as { ok?: boolean } | undefined)?.ok === true).length };
}

/** Answers at a command's response_url, as text. */
const answersTo = (responseUrl: string) =>
  fake
    .callsTo('response_url')
    .filter((c) => c.target === responseUrl.split('/').pop())
    .map((c) => allText(c.body));

/** Runs the due retry; after it nothing is owed, so later passes post nothing more. */
async function retryAndDrain(): Promise<void> {
  const retryAt = await retryWaiting(h);
  await h.app.delivery.runDue(retryAt);
  await h.app.delivery.runDue(new Date(retryAt.getTime() + 86_400_000));
}

async function startIn(channel: { channel: string; channelName: string }, name: string): Promise<void> {
  await h.command(`start ${name}`, channel);
  await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === channel.channel && /is gestart/.test(allText(b['blocks'])));
}

describe('a network post when Slack answers 500', () => {
  it('a rename: the post is retried and arrives once, and the lead hears no error', async () => {
    const channel = { channel: 'C0RENAME001', channelName: 'jeugd' };
    await startIn(channel, 'Jeugd Leiden');
    fake.script('chat.postMessage', SLACK_500);
    const { responseUrl } = await h.command('netwerk naam Jeugd en Wonen', channel);
    await vi.waitFor(() => expect(answersTo(responseUrl).join('\n')).toMatch(/zodra het lukt/), { timeout: 5_000, interval: 20 });
    expect(postsTo(channel.channel, /heet voortaan/)).toEqual({ tried: 1, arrived: 0 });

    await retryAndDrain();
    expect(postsTo(channel.channel, /heet voortaan/)).toEqual({ tried: 2, arrived: 1 });
    expect(answersTo(responseUrl).join('\n')).not.toMatch(/Er ging iets mis/);
  });

  it('a role given and then taken: each post is retried and arrives once, and the lead hears no error', async () => {
    const channel = { channel: 'C0ROLES0001', channelName: 'wonen' };
    await startIn(channel, 'Wonen Utrecht');
    for (const [command, told] of [
      ['rol deelnemer <@U0SANNE001|sanne> <@U0AHMED001|ahmed>', /zijn nu \*deelnemer\*/],
      ['rol weg deelnemer <@U0SANNE001|sanne>', /is geen \*deelnemer\* meer/],
    ] as const) {
      fake.script('chat.postMessage', SLACK_500);
      const { responseUrl } = await h.command(command, channel);
      await vi.waitFor(() => expect(answersTo(responseUrl).join('\n')).toMatch(/zodra het lukt/), { timeout: 5_000, interval: 20 });
      expect(postsTo(channel.channel, told)).toEqual({ tried: 1, arrived: 0 });

      await retryAndDrain();
      expect(postsTo(channel.channel, told)).toEqual({ tried: 2, arrived: 1 });
      expect(answersTo(responseUrl).join('\n')).not.toMatch(/Er ging iets mis/);
    }
    // Given again after it was taken: a second change, so a second post.
    await h.command('rol deelnemer <@U0SANNE001|sanne>', channel);
    await vi.waitFor(() => expect(postsTo(channel.channel, /<@U0SANNE001> is nu \*deelnemer\*/).arrived).toBe(1), { timeout: 5_000, interval: 20 });
  });
});
