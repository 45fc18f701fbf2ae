// The Slack fake enforces Slack's published limits (429 with Retry-After beyond them), and a short
// batch queued at once goes out through the real adapter and Delivery without a single 429.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import { FakeSlack } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { startHarness } from './slack-harness.ts';

const note = (n: number): Message => ({ summary: `Bericht ${n}`, blocks: [{ type: 'section', text: [{ type: 'text', text: `Bericht ${n}` }] }] });

async function call(fake: FakeSlack, method: string, body: Record<string, unknown>): Promise<{ status: number; retryAfter: string | null }> {
  const response = await fetch(`${fake.apiUrl}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

describe('the Slack fake enforces Slack\'s limits', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('answers the fourth post into one conversation within 3 seconds with 429 and Retry-After', async () => {
    fake.enforceLimits({ postsPerMinute: 600 });
    const answers = [];
    for (let n = 0; n < 4; n++) answers.push(await call(fake, 'chat.postMessage', { channel: 'C0BUSY0001', text: `${n}` }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(Number(answers[3]!.retryAfter)).toBeGreaterThanOrEqual(1);
    // Another conversation has its own pace.
    expect((await call(fake, 'chat.postMessage', { channel: 'C0QUIET001', text: 'x' })).status).toBe(200);
    expect(fake.rateLimited).toBe(1);
  });

  it('answers 429 beyond the workspace\'s posts a minute and beyond a method\'s tier', async () => {
    fake.enforceLimits({ postsPerMinute: 5 });
    const posts = [];
    for (let n = 0; n < 6; n++) posts.push((await call(fake, 'chat.postMessage', { channel: `C0CHAN000${n}`, text: 'x' })).status);
    expect(posts).toEqual([200, 200, 200, 200, 200, 429]);
    const opens = [];
    for (let n = 0; n < 51; n++) opens.push((await call(fake, 'conversations.open', { users: `U0PERS${String(n).padStart(4, '0')}` })).status);
    expect(opens.filter((s) => s === 200)).toHaveLength(50);
    expect(opens.at(-1)).toBe(429);
    expect(fake.rateLimited).toBe(2);
  });
});

describe('a batch through the real Slack adapter at Slack\'s pace', () => {
  let fake: FakeSlack;
  let h: SlackHarness;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
    h = await startHarness(fake);
    fake.enforceLimits({ postsPerMinute: 600 });
  });
  afterEach(async () => {
    await h.stop();
    await fake.stop();
  });

  it('sends five posts into one channel, twelve direct messages and one file, none answered 429', async () => {
    for (let n = 0; n < 5; n++) await h.app.delivery.enqueue(`batch:channel:${n}`, { kind: 'channel', platform: 'slack', channelId: 'C0BUSY0001' }, note(n));
    for (let n = 0; n < 12; n++) await h.app.delivery.enqueue(`batch:dm:${n}`, { kind: 'direct', platform: 'slack', userId: `U0PERS${String(n).padStart(4, '0')}` }, note(n));
    const withFile: Message = { ...note(99), attachments: [{ filename: 'sessie.ics', mimeType: 'text/calendar', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }] };
    await h.app.delivery.enqueue('batch:file', { kind: 'channel', platform: 'slack', channelId: 'C0FILES001' }, withFile);
    // One tick waits for the conversation's pace in between (its waits are seconds, under a tick's limit).
    await h.app.bot.tick();
    const keys = [...Array.from({ length: 5 }, (_, n) => `batch:channel:${n}`), ...Array.from({ length: 12 }, (_, n) => `batch:dm:${n}`), 'batch:file'];
    const states = await Promise.all(keys.map(async (key) => (await h.app.delivery.status(key))?.state));
    expect(states.filter((s) => s === 'sent')).toHaveLength(18);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(18);
    // Direct messages go to the user id: no conversations.open (Tier 3, 50 a minute) on the way.
    expect(fake.callsTo('conversations.open')).toHaveLength(0);
    expect(fake.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(fake.rateLimited).toBe(0);
  }, 30_000);
});
