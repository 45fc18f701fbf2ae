// A send killed between Slack taking the post and the settle commit (the crash-point store stops
// the process there), then the next attempt after the lease, on the real Bolt adapter against the
// fake: Slack's history of the direct conversation or channel says whether the post arrived (its
// metadata carries the hashed delivery key), so it shows once, and only what the crash cut off
// (a later page, its file) is sent then; when it cannot tell, it is sent again.
import { afterEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../../adapters/slack/block-kit-renderer.ts';
import { arrivedIn, deliveryKeyHash, inlineFileMetadata, pageMetadata } from '../../adapters/slack/delivery-metadata.ts';
import { FIND_HISTORY_PAGES } from '../../adapters/slack/history-look.ts';
import { MAX_MESSAGES_PER_SEND } from '../../adapters/slack/slack-adapter.ts';
import type { Arrived, HistoryMessage } from '../../adapters/slack/delivery-metadata.ts';
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
const withInvite: Message = { ...digest, attachments: [{ filename: 'sessie.ics', mimeType: 'text/calendar', content: 'BEGIN:VCALENDAR\nEND:VCALENDAR' }] };
/** Long enough for more than one Slack message (pages). */
const longer: Message = { ...digest, blocks: Array.from({ length: 60 }, (_, i) => ({ type: 'section' as const, text: plain(`Regel ${i} `.repeat(40)) })) };
const NETWORK = 'C0NETW0001';
const toNetwork: DeliveryTarget = { kind: 'channel', platform: 'slack', channelId: NETWORK };

let running: SlackHarness[] = [];
let fake: FakeSlack | undefined;

afterEach(async () => {
  for (const harness of running) await harness.stop();
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
async function crashMidSend(key: string, options: { postFails?: boolean; message?: Message; target?: DeliveryTarget; beforeSend?: (fake: FakeSlack, clock: SimulatedClock) => void } = {}): Promise<Crashed> {
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
  running.push(first);
  if (options.postFails) fake.script('chat.postMessage', { status: 500, body: 'upstream broke' });
  options.beforeSend?.(fake, clock);
  await first.app.delivery.send(key, options.target ?? toAnna, options.message ?? digest);
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
  running.push(harness);
  await harness.app.delivery.runDue(clock.now());
  return harness;
}

const postsIn = (f: FakeSlack, ...channels: string[]) => f.callsTo('chat.postMessage').filter((c) => channels.includes(String(c.body['channel'])) && (c.response as { ok?: boolean }).ok);
const postsToAnna = (f: FakeSlack) => postsIn(f, 'U0ANNA0001', 'D0ANNA0001');

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

  it('with a calendar file that the crash cut off: the message is not posted again, only the file is sent', async () => {
    const key = `nudge-digest:slack:${ANNA}:2027-01-07`;
    const crashed = await crashMidSend(key, {
      message: withInvite,
      // Slack's state after a kill between the message and its file: the page is there, the file never came
      // (here the upload and its inline fallback fail, then the process stops before the settle).
      beforeSend: (f, clock) => {
        const ts = `${Math.floor(clock.now().getTime() / 1000)}.000900`;
        f.script('chat.postMessage', { body: { ok: true, channel: 'D0ANNA0001', ts, message: { type: 'message', ts } } }, { body: { ok: false, error: 'internal_error' } });
        f.script('files.getUploadURLExternal', { body: { ok: false, error: 'internal_error' } });
      },
    });
    const [page] = postsToAnna(crashed.fake);
    expect(postsToAnna(crashed.fake)).toHaveLength(1);
    expect(crashed.fake.callsTo('files.completeUploadExternal')).toHaveLength(0);

    const next = await nextProcess(crashed);
    expect(postsToAnna(crashed.fake)).toHaveLength(1);
    expect(crashed.fake.callsTo('files.completeUploadExternal').map((c) => c.body['channel_id'])).toEqual(['D0ANNA0001']);
    expect(await next.app.delivery.status(key)).toMatchObject({ state: 'sent', ref: { conversationId: 'D0ANNA0001', messageId: (page!.response as { ts: string }).ts } });
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
    expect(logs).toMatch(/could not read the conversation's history to find an interrupted send/);
    expect(logs).toMatch(/may get it twice/);
  }, 20_000);
});

describe('a Slack channel post interrupted by a crash after Slack took it', () => {
  it('is found in the channel under what people said since, not posted again; only the pages and the file the crash cut off are sent', async () => {
    const key = 'session-announcement:slack:s1:planned';
    const message: Message = { ...longer, attachments: withInvite.attachments! };
    const pages = renderMessage(message, { maxMessages: MAX_MESSAGES_PER_SEND }).length;
    expect(pages).toBeGreaterThan(1);
    const crashed = await crashMidSend(key, {
      target: toNetwork,
      message,
      // Slack's state after a kill after the first page: the rest never came (here its second
      // page, the upload and the upload's inline fallback fail, then the process stops before the settle).
      beforeSend: (f, clock) => {
        const ts = `${Math.floor(clock.now().getTime() / 1000)}.000900`;
        const refused = { body: { ok: false, error: 'internal_error' } };
        f.script('chat.postMessage', { body: { ok: true, channel: NETWORK, ts, message: { type: 'message', ts } } }, refused, refused);
        f.script('files.getUploadURLExternal', refused);
      },
    });
    const [first] = postsIn(crashed.fake, NETWORK);
    expect(postsIn(crashed.fake, NETWORK)).toHaveLength(1);
    // The network talks on meanwhile: more than one page of history above the post.
    crashed.clock.advance(1_000);
    for (let i = 0; i < 20; i++) crashed.fake.say(NETWORK, 'U0BERT0001');

    const next = await nextProcess(crashed);
    expect(crashed.fake.callsTo('conversations.history').map((c) => c.body['channel'])).toEqual([NETWORK, NETWORK]);
    const parts = postsIn(crashed.fake, NETWORK).map((c) => (c.body['metadata'] as { event_payload: { part: number } }).event_payload.part);
    expect(parts).toEqual(Array.from({ length: pages }, (_, part) => part));
    expect(crashed.fake.callsTo('files.completeUploadExternal').map((c) => c.body['channel_id'])).toEqual([NETWORK]);
    expect(await next.app.delivery.status(key)).toMatchObject({ state: 'sent', ref: { conversationId: NETWORK, messageId: (first!.response as { ts: string }).ts } });
    expect(next.logLines.join('')).not.toMatch(/may get it twice/);
  }, 20_000);

  it('is posted once when Slack never took it (the channel shows nothing of it)', async () => {
    const key = 'network-started:slack:n1';
    const crashed = await crashMidSend(key, { target: toNetwork, postFails: true });
    expect(postsIn(crashed.fake, NETWORK)).toHaveLength(0);
    const next = await nextProcess(crashed);
    expect(crashed.fake.callsTo('conversations.history')).toHaveLength(1);
    expect(postsIn(crashed.fake, NETWORK)).toHaveLength(1);
    expect(await next.app.delivery.status(key)).toMatchObject({ state: 'sent' });
  }, 20_000);
});

describe('Slack finishInterrupted', () => {
  /** The real adapter on a fresh fake, and the moment to look from (the fake's now). */
  async function adapterOnFake() {
    const started = await startFakeSlack();
    fake = started;
    const harness = await startHarness(started);
    running.push(harness);
    return { fake: started, harness, adapter: harness.slack.adapter, since: new Date(started.now()) };
  }

  it('reads a channel from the clock margin before the attempt on, following the cursor for at most FIND_HISTORY_PAGES pages: found under what people said since, absent when the window ends first, unknown when the bound is reached with more left or a page is refused', async () => {
    const { fake, harness, adapter, since } = await adapterOnFake();
    const inNetwork = { kind: 'channel', channelId: NETWORK } as const;
    const looks = () => fake.callsTo('conversations.history');
    const ref = await adapter.postToChannel(NETWORK, digest, { idempotencyKey: 'announce' });
    for (let i = 0; i < 20; i++) fake.say(NETWORK, 'U0BERT0001');

    expect(await adapter.finishInterrupted(inNetwork, digest, 'announce', since)).toEqual(ref);
    expect(looks().map((c) => c.body)).toEqual([
      expect.objectContaining({ channel: NETWORK, include_all_metadata: 'true', limit: '15', oldest: expect.any(String) }),
      expect.objectContaining({ channel: NETWORK, cursor: expect.any(String) }),
    ]);
    expect(Number(looks()[0]!.body['oldest'])).toBeLessThan(Number(ref.messageId));
    expect(looks()[0]!.body).not.toHaveProperty('cursor');
    // The whole window read (two pages, none left): not there.
    expect(await adapter.finishInterrupted(inNetwork, digest, 'never-sent', since)).toBeUndefined();

    // A busy channel: more than the bound holds since the post.
    for (let i = 0; i < FIND_HISTORY_PAGES * 15; i++) fake.say(NETWORK, 'U0CHRIS001');
    const before = looks().length;
    expect(await adapter.finishInterrupted(inNetwork, digest, 'announce', since)).toBe('unknown');
    expect(await adapter.finishInterrupted(inNetwork, digest, 'never-sent', since)).toBe('unknown');
    expect(looks().length - before).toBe(2 * FIND_HISTORY_PAGES);

    // A later page refused (1 a minute outside the Marketplace): unknown at once, not waited for.
    fake.script('conversations.history', {}, { status: 429, headers: { 'retry-after': '60' }, body: { ok: false, error: 'ratelimited' } });
    expect(await adapter.finishInterrupted(inNetwork, digest, 'announce', since)).toBe('unknown');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(harness.logLines.join('')).toMatch(/conversations.history refused for now \(rate limit\)/);
  });

  it('finds a direct message with its uploaded or inline file and sends nothing; not one outside the window', async () => {
    const { fake, harness, adapter, since } = await adapterOnFake();
    const toBert = { kind: 'direct', userId: 'U0BERT0001' } as const;

    const uploaded = await adapter.sendDirect('U0BERT0001', withInvite, { idempotencyKey: 'with-invite' });
    fake.script('files.getUploadURLExternal', { body: { ok: false, error: 'not_allowed_token_type' } });
    const inline = await adapter.sendDirect('U0BERT0001', withInvite, { idempotencyKey: 'inline-invite' });
    expect(fake.callsTo('chat.postMessage').at(-1)!.body['metadata']).toEqual(inlineFileMetadata('inline-invite', 0));
    const ref = await adapter.sendDirect('U0BERT0001', digest, { idempotencyKey: 'plain' });
    const sent = fake.calls.length;
    expect(await adapter.finishInterrupted(toBert, withInvite, 'with-invite', since)).toEqual(uploaded);
    expect(await adapter.finishInterrupted(toBert, withInvite, 'inline-invite', since)).toEqual(inline);
    expect(await adapter.finishInterrupted(toBert, digest, 'plain', since)).toEqual(ref);
    expect(fake.calls.slice(sent).map((c) => c.method)).toEqual(Array(3).fill('conversations.history'));
    expect(await adapter.finishInterrupted(toBert, digest, 'never-sent', since)).toBeUndefined();
    // Posted before the window (more than the clock margin before the interrupted attempt): not looked at.
    expect(await adapter.finishInterrupted(toBert, digest, 'plain', new Date(since.getTime() + 3_600_000))).toBeUndefined();
    // Drawn otherwise now (two pages where one was sent): what is missing cannot be told.
    expect(await adapter.finishInterrupted(toBert, longer, 'plain', since)).toBe('unknown');
  });

  const BOT = 'U0LISOBOT1';
  const page = (ts: string, key: string, part: number, parts: number, files: number): HistoryMessage => ({ ts, user: BOT, bot_id: 'B0LISOBOT1', metadata: pageMetadata(key, part, parts, files) });
  const upload = (ts: string): HistoryMessage => ({ ts, user: BOT, files: [{ id: 'F1' }] });
  const said = (ts: string): HistoryMessage => ({ ts, user: 'U0BERT0001' });
  const arrived = (ts: string, parts: number, pages: number, files: number, filesArrived: number): Arrived => ({ ts, parts, pages, files, filesArrived });
  it.each<[string, HistoryMessage[], Arrived | 'unknown' | undefined]>([
    ['one page, no files', [page('10.1', 'k', 0, 1, 0)], arrived('10.1', 1, 1, 0, 0)],
    ['every page, newest first as Slack answers', [page('10.3', 'k', 2, 3, 0), page('10.2', 'k', 1, 3, 0), page('10.1', 'k', 0, 3, 0)], arrived('10.1', 3, 3, 0, 0)],
    ['nothing under the key', [page('10.1', 'other', 0, 1, 0), said('10.2')], undefined],
    ['a crash between pages', [page('10.1', 'k', 0, 2, 0)], arrived('10.1', 2, 1, 0, 0)],
    ['a later page without an earlier one', [page('10.1', 'k', 0, 3, 0), page('10.3', 'k', 2, 3, 0)], 'unknown'],
    ['its file uploaded after it', [page('10.1', 'k', 0, 1, 1), upload('10.2')], arrived('10.1', 1, 1, 1, 1)],
    ['the member writing between the message and its file', [page('10.1', 'k', 0, 1, 1), said('10.2'), upload('10.3')], arrived('10.1', 1, 1, 1, 1)],
    ['its file shown inline', [page('10.1', 'k', 0, 1, 1), { ts: '10.2', user: BOT, metadata: inlineFileMetadata('k', 0) }], arrived('10.1', 1, 1, 1, 1)],
    ['a crash before its file', [page('10.1', 'k', 0, 1, 2), upload('10.2')], arrived('10.1', 1, 1, 2, 1)],
    ["the file after the bot's next message is that one's", [page('10.1', 'k', 0, 1, 1), page('10.2', 'next', 0, 1, 1), upload('10.3')], arrived('10.1', 1, 1, 1, 0)],
    ["a file the member sent is not the bot's", [page('10.1', 'k', 0, 1, 1), { ts: '10.2', user: 'U0BERT0001', files: [{ id: 'F9' }] }], arrived('10.1', 1, 1, 1, 0)],
    // In a channel other apps post too: only the bot's own user id makes a message the bot's.
    ["another app's file in a channel is not the bot's", [page('10.1', 'k', 0, 1, 1), { ts: '10.2', user: 'U0JIRA0001', bot_id: 'B0JIRA0001', files: [{ id: 'F8' }] }], arrived('10.1', 1, 1, 1, 0)],
    ["another app's post between the message and its file is passed over", [page('10.1', 'k', 0, 1, 1), { ts: '10.2', user: 'U0JIRA0001', bot_id: 'B0JIRA0001' }, upload('10.3')], arrived('10.1', 1, 1, 1, 1)],
  ])('%s', (_case, messages, expected) => {
    expect(arrivedIn(messages, 'k', BOT)).toEqual(expected);
  });
});
