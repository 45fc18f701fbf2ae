// A Slack name longer than the 80 characters a name is shown with, through real Bolt and the real core.
import { describe, expect, it } from 'vitest';
import type { FakeSlack } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { allText, waitForCall, useSlackHarness } from './slack-harness.ts';

let fake: FakeSlack;
let h: SlackHarness;

useSlackHarness((f, harness) => {
  fake = f;
  h = harness;
});

describe('a Slack user name longer than 80 characters', () => {
  // Before: the adapter kept 80 UTF-16 units, so the core found nothing to shorten and showed
  // "… Wilhelmina Wilhe" without a mark (or, with an emoji at unit 80, half of it).
  const name = `anna.maria.theresia ${'wilhelmina '.repeat(10).trimEnd()}`;

  it('is shown up to its last whole word, marked with …', async () => {
    const where = { channel: 'C0NAME0001', channelName: 'namen', userName: name };
    await h.command('start Jeugd', where);
    await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === 'C0NAME0001');
    await h.command('vier we hebben een mooie sessie gehad', where);
    const post = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === 'C0NAME0001' && allText(b['blocks']).includes('Gedeeld door'));
    const shown = /Gedeeld door \*([^*\n]*)\*/.exec(allText(post.body['blocks']))?.[1];
    expect(shown).toBeDefined();
    expect(shown!.endsWith('…')).toBe(true);
    expect(Array.from(shown!).length).toBeLessThanOrEqual(80);
    const kept = shown!.slice(0, -1);
    expect(name.startsWith(kept)).toBe(true);
    expect(name.charAt(kept.length)).toBe(' ');
  });
});
