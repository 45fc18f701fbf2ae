// Events API retries, replayed requests and two replicas behind one URL never double a side effect.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/port.ts';
import type { FakeSlack } from './fake-slack-api.ts';
import { fixture, startFakeSlack } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { sign, startHarness, waitForCall, waitForLog, useSlackHarness } from './slack-harness.ts';
import { directMessage } from './message-payloads.ts';

const DROPPED = /repeated Slack request dropped/;
const redisUrl = process.env['REDIS_URL'];

function homeOpened(user: string, eventId = `Ev${randomUUID()}`) {
  const payload = fixture('app-home-opened.json');
  return { ...payload, event_id: eventId, event: { ...(payload['event'] as object), user } };
}

describe('Slack retries and replays (one instance)', () => {
  let fake: FakeSlack;
  let h: SlackHarness;

  useSlackHarness((f, harness) => {
    fake = f;
    h = harness;
  });

  it('an Events API retry (same event_id, x-slack-retry-num) is acknowledged and dropped', async () => {
    const event = homeOpened('U0RETRY001');
    expect(await h.event(event)).toBe(200);
    await waitForCall(fake, 'views.publish', (b) => b['user_id'] === 'U0RETRY001');
    expect(await h.event(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).toBe(200);
    expect(await h.event(event, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' })).toBe(200);
    await waitForLog(h, DROPPED, 2);
    expect(fake.callsTo('views.publish').filter((c) => c.body['user_id'] === 'U0RETRY001')).toHaveLength(1);
  });

  it('a replayed slash command (the same signed bytes within five minutes) runs once', async () => {
    const payload = fixture<Record<string, string>>('slash-command.json');
    const responseUrl = fake.responseUrl();
    const body = new URLSearchParams({ ...payload, text: 'start Replay', channel_id: 'C0REPLAY01', trigger_id: `replay-${randomUUID()}`, response_url: responseUrl }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) };
    const first = await fetch(h.eventsUrl, { method: 'POST', headers, body });
    const replay = await fetch(h.eventsUrl, { method: 'POST', headers, body });
    expect([first.status, replay.status]).toEqual([200, 200]);
    await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === 'C0REPLAY01');
    await waitForLog(h, DROPPED, 3);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C0REPLAY01')).toHaveLength(1);
  });
});

describe.each([
  ['memory store', async (): Promise<Store> => new MemoryStore(), undefined],
  ['Redis', async (): Promise<Store> => RedisStore.open(redisUrl!), redisUrl ? undefined : 'REDIS_URL is not set; the two-replica test on Redis is skipped'],
])('two replicas behind one URL on one %s', (_name, openStore, skip) => {
  let fake: FakeSlack;
  let a: SlackHarness;
  let b: SlackHarness;
  let stores: Store[] = [];

  beforeAll(async () => {
    if (skip) return;
    fake = await startFakeSlack();
    // Each replica has its own connection to the shared backend (one shared object in memory).
    const first = await openStore();
    const second = first instanceof MemoryStore ? first : await openStore();
    stores = first === second ? [first] : [first, second];
    a = await startHarness(fake, { store: first });
    b = await startHarness(fake, { store: second });
  });

  afterAll(async () => {
    if (skip) return;
    await a.stop();
    await b.stop();
    for (const store of stores) await store.close();
    await fake.stop();
  });

  it.skipIf(Boolean(skip))(`the same event delivered to both publishes the home once${skip ? ` (${skip})` : ''}`, async () => {
    const event = homeOpened('U0TWIN0001');
    const [first, second] = await Promise.all([a.event(event), b.event(event, { 'x-slack-retry-num': '1' })]);
    expect([first, second]).toEqual([200, 200]);
    await waitForCall(fake, 'views.publish', (body) => body['user_id'] === 'U0TWIN0001');
    await waitForDrops(a, b);
    expect(fake.callsTo('views.publish').filter((c) => c.body['user_id'] === 'U0TWIN0001')).toHaveLength(1);
  });

  it.skipIf(Boolean(skip))(`the same slash command delivered to both starts one network${skip ? ` (${skip})` : ''}`, async () => {
    const channel = `C0TWIN${randomUUID().slice(0, 6).toUpperCase()}`;
    const triggerId = `twin-${randomUUID()}`;
    const [first, second] = await Promise.all([
      a.command('start Tweeling', { channel, triggerId }),
      b.command('start Tweeling', { channel, triggerId }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await waitForCall(fake, 'chat.postMessage', (body) => body['channel'] === channel);
    await waitForDrops(a, b, 2);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === channel)).toHaveLength(1);
  });

  it.skipIf(Boolean(skip))(`the same direct message delivered to both is answered once${skip ? ` (${skip})` : ''}`, async () => {
    const suffix = randomUUID().slice(0, 6).toUpperCase();
    const channel = `D0TWIN${suffix}`;
    const delivery = directMessage('dank je', { user: `U0TWIN${suffix}`, channel });
    // Two deliveries of one message (a retry that reached the other replica with a new event id):
    // the core claims the message's channel and ts.
    const [first, second] = await Promise.all([a.event(delivery), b.event({ ...delivery, event_id: `Ev${randomUUID()}` })]);
    expect([first, second]).toEqual([200, 200]);
    await vi.waitFor(() => {
      if (fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === channel).length < 2) throw new Error('not answered yet');
      if (![...a.logLines, ...b.logLines].some((line) => /duplicate event dropped/.test(line))) throw new Error('no drop yet');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The introduction and the answer, once.
    const answers = fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === channel);
    expect(answers).toHaveLength(2);
    expect(String(answers[1]!.body['text'])).toMatch(/^Graag gedaan/);
  });
});

/** Waits until the replicas together logged `count` dropped repeats. */
async function waitForDrops(a: SlackHarness, b: SlackHarness, count = 1): Promise<void> {
  await vi.waitFor(
    () => {
      const dropped = [...a.logLines, ...b.logLines].filter((line) => DROPPED.test(line)).length;
      if (dropped < count) throw new Error('no repeat dropped yet');
    },
    { timeout: 5_000, interval: 20 },
  );
}
