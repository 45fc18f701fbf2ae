// A send killed between Slack taking the post and the settle commit (the crash-point store stops
// the process there), then the next attempt after the lease, on the real Bolt adapter against the
// fake: Slack's history of the direct conversation says whether the post arrived (its metadata
// carries the hashed delivery key), so the member sees it once; when it cannot tell, it is sent again.
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryKeyHash } from '../../adapters/slack/slack-adapter.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { LEASE_MS } from '../../src/core/delivery-attempt.ts';
import { recordKey } from '../../src/core/delivery-records.ts';
import type { DeliveryTarget } from '../../src/core/delivery-records.ts';
import type { Message } from '../../src/core/message.ts';
import { plain } from '../../src/core/rich-text.ts';
import { CrashingStore } from '../crash/crash-points.ts';
import type { FakeSlack } from './fake-slack-api.ts';
import { startFakeSlack } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { startHarness } from './slack-harness.ts';

const digest: Message = { summary: 'Je voorbereiding voor vandaag', blocks: [{ type: 'section', text: plain('Goedemorgen! Dit staat vandaag voor je klaar.') }] };
const ANNA = 'U0ANNA0001';
const toAnna: DeliveryTarget = { kind: 'direct', platform: 'slack', userId: ANNA };

let running: Array<{ harness: SlackHarness }> = [];
let fake: FakeSlack | undefined;

afterEach(async () => {
  for (const { harness } of running) await harness.stop();
  await fake?.stop();
  running = [];
  fake = undefined;
});

interface Crashed {
  fake: FakeSlack;
  store: CrashingStore;
  clock: SimulatedClock;
}

/**
 * Sends `key` to Anna and stops the process just before the attempt's settle commit: the record
 * stays `sending` with its lease. With `postFails`, Slack answered 500 (the attempt then settles
 * `retrying`, and is stopped before that): the post never arrived.
 */
async function crashMidSend(key: string, options: { postFails?: boolean } = {}): Promise<Crashed> {
  fake = await startFakeSlack();
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  // Slack's clock is the app's: a post's ts is the simulated time it was made.
  fake.now = () => clock.now().getTime();
  let markedSending = false;
  const store = new CrashingStore(clock, {
    stopBefore: (write) => {
      if (write.op === 'set' && write.keys[0] === recordKey(key)) markedSending = true;
      return markedSending && write.op.startsWith('commit(') && write.keys.includes(recordKey(key));
    },
  });
  const first = await startHarness(fake, { store, clock });
  running.push({ harness: first });
  if (options.postFails) fake.script('chat.postMessage', { status: 500, body: 'upstream broke' });
  await first.app.delivery.send(key, toAnna, digest);
  expect(store.stoppedAt).toBeDefined();
  // The normal path never reads history: no extra call per message.
  expect(fake.callsTo('conversations.history')).toHaveLength(0);
  await first.slack.stop();
  running = [];
  store.restart();
  return { fake, store, clock };
}

/** The next process on the same data, once the killed attempt's lease has run out. */
async function nextProcess({ fake, store, clock }: Crashed): Promise<SlackHarness> {
  clock.advance(LEASE_MS + 1_000);
  const harness = await startHarness(fake, { store, clock });
  running.push({ harness });
  await harness.app.delivery.runDue(clock.now());
  return harness;
}

const postsToAnna = (f: FakeSlack) => f.callsTo('chat.postMessage').filter((c) => ['U0ANNA0001', 'D0ANNA0001'].includes(String(c.body['channel'])) && (c.response as { ok?: boolean }).ok);

describe('a Slack direct message interrupted by a crash after Slack took it', () => {
  it('is found in the conversation by its hashed key and settled sent with that ref: the member sees it once', async () => {
    const key = `nudge-digest:slack:${ANNA}:2027-01-04`;
    const crashed = await crashMidSend(key);
    expect(postsToAnna(crashed.fake)).toHaveLength(1);
    const [post] = postsToAnna(crashed.fake);
    // The key goes as a hash: it names the member, and any app that reads the conversation reads metadata.
    expect(post!.body['metadata']).toEqual({ event_type: 'liso_delivery', event_payload: { key: deliveryKeyHash(key), part: 0, parts: 1, files: 0 } });
    expect(JSON.stringify(post!.body['metadata'])).not.toContain(ANNA);

    const next = await nextProcess(crashed);
    expect(postsToAnna(crashed.fake)).toHaveLength(1);
    const record = await next.app.delivery.status(key);
    expect(record).toMatchObject({ state: 'sent', via: 'direct', ref: { platform: 'slack', conversationId: 'D0ANNA0001', messageId: (post!.response as { ts: string }).ts } });
    const [lookup] = crashed.fake.callsTo('conversations.history');
    expect(lookup!.body).toMatchObject({ channel: 'D0ANNA0001', include_all_metadata: 'true', limit: '15' });
    expect(Number(lookup!.body['oldest'])).toBeLessThan(Number((post!.response as { ts: string }).ts));
    expect(next.logLines.join('')).not.toMatch(/may get it twice/);
  }, 20_000);

  it('is sent once more when Slack never took it (history shows nothing)', async () => {
    const key = `nudge-digest:slack:${ANNA}:2027-01-05`;
    const crashed = await crashMidSend(key, { postFails: true });
    expect(postsToAnna(crashed.fake)).toHaveLength(0);
    const next = await nextProcess(crashed);
    expect(crashed.fake.callsTo('conversations.history')).toHaveLength(1);
    expect(postsToAnna(crashed.fake)).toHaveLength(1);
    expect(await next.app.delivery.status(key)).toMatchObject({ state: 'sent' });
    expect(next.logLines.join('')).toMatch(/may get it twice/);
  }, 20_000);

  it('is sent once more, logged, when the history cannot be read (a repeat is better than a loss)', async () => {
    const key = `nudge-digest:slack:${ANNA}:2027-01-06`;
    const crashed = await crashMidSend(key);
    crashed.fake.script('conversations.history', { status: 500, body: 'upstream broke' });
    const next = await nextProcess(crashed);
    expect(crashed.fake.callsTo('conversations.history')).toHaveLength(1);
    expect(postsToAnna(crashed.fake)).toHaveLength(2);
    expect(await next.app.delivery.status(key)).toMatchObject({ state: 'sent' });
    const logs = next.logLines.join('');
    expect(logs).toMatch(/could not read the direct conversation to find an interrupted send/);
    expect(logs).toMatch(/may get it twice/);
  }, 20_000);
});

describe('Slack findDelivered: what it cannot tell', () => {
  it('answers unknown for a channel without reading it (no channels:history scope), and for a message whose files or pages are not all there', async () => {
    fake = await startFakeSlack();
    const harness = await startHarness(fake);
    running.push({ harness });
    const adapter = harness.slack.adapter;
    const since = new Date(fake.now());
    expect(await adapter.findDelivered({ kind: 'channel', channelId: 'C0NETW0001' }, 'session-announcement:s1:planned', since)).toBe('unknown');
    expect(fake.callsTo('conversations.history')).toHaveLength(0);

    const withInvite: Message = { ...digest, attachments: [{ filename: 'sessie.ics', mimeType: 'text/calendar', content: 'BEGIN:VCALENDAR\nEND:VCALENDAR' }] };
    await adapter.sendDirect('U0BERT0001', withInvite, { idempotencyKey: 'with-invite' });
    // An uploaded file carries no metadata: the message cannot be told complete.
    expect(await adapter.findDelivered({ kind: 'direct', userId: 'U0BERT0001' }, 'with-invite', since)).toBe('unknown');

    const ref = await adapter.sendDirect('U0BERT0001', digest, { idempotencyKey: 'plain' });
    expect(await adapter.findDelivered({ kind: 'direct', userId: 'U0BERT0001' }, 'plain', since)).toEqual(ref);
    expect(await adapter.findDelivered({ kind: 'direct', userId: 'U0BERT0001' }, 'never-sent', since)).toBeUndefined();
    // Posted before the window (more than the clock margin before the interrupted attempt): not looked at.
    expect(await adapter.findDelivered({ kind: 'direct', userId: 'U0BERT0001' }, 'plain', new Date(since.getTime() + 3_600_000))).toBeUndefined();
  });
});
