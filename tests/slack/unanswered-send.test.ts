// A Slack post whose answer never came (the connection dropped after Slack took it, or no answer
// before the client's timeout), on the real Bolt adapter against the fake: the retry first reads
// the direct conversation's or channel's history for the post's hashed key, so it shows once. A clean
// refusal from Slack (ok:false, a 429 with Retry-After) is retried without that look.
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { DeliveryTarget } from '../../src/core/delivery-records.ts';
import type { Message } from '../../src/core/message.ts';
import { plain } from '../../src/core/rich-text.ts';
import type { FakeSlack, ScriptedResponse } from './fake-slack-api.ts';
import { startFakeSlack } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { startHarness } from './slack-harness.ts';

const digest: Message = { summary: 'Je voorbereiding voor vandaag', blocks: [{ type: 'section', text: plain('Goedemorgen! Dit staat vandaag voor je klaar.') }] };
const ANNA = 'U0ANNA0001';
const toAnna: DeliveryTarget = { kind: 'direct', platform: 'slack', userId: ANNA };
/** Short, so an answer held back past it takes a moment of the test, not the production 10 s. */
const CLIENT_TIMEOUT_MS = 300;

let harness: SlackHarness | undefined;
let fake: FakeSlack | undefined;

afterEach(async () => {
  await harness?.stop();
  await fake?.stop();
  harness = undefined;
  fake = undefined;
});

async function start(): Promise<{ fake: FakeSlack; harness: SlackHarness; clock: SimulatedClock }> {
  fake = await startFakeSlack();
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  // Slack's clock is the app's: a post's ts is the simulated time it was made.
  fake.now = () => clock.now().getTime();
  harness = await startHarness(fake, { clock, requestTimeoutMs: CLIENT_TIMEOUT_MS });
  return { fake, harness, clock };
}

const postsToAnna = (f: FakeSlack) => f.callsTo('chat.postMessage').filter((c) => ['U0ANNA0001', 'D0ANNA0001'].includes(String(c.body['channel'])) && (c.response as { ok?: boolean }).ok);

/** Sends the digest with the first post answered as scripted, then runs the retry when it is due. */
async function sendThenRetry(key: string, firstPost: ScriptedResponse, target: DeliveryTarget = toAnna) {
  const { fake, harness, clock } = await start();
  fake.script('chat.postMessage', firstPost);
  const first = await harness.app.delivery.send(key, target, digest);
  expect(first.status).toBe('retrying');
  if (first.status !== 'retrying') throw new Error('not retrying');
  const retrying = await harness.app.delivery.status(key);
  clock.advance(first.nextAttemptAt.getTime() - clock.now().getTime() + 1_000);
  await harness.app.delivery.runDue(clock.now());
  return { fake, harness, retrying, record: await harness.app.delivery.status(key) };
}

describe('a Slack direct message whose answer was lost after Slack took it', () => {
  it.each<[string, ScriptedResponse['answerLost']]>([
    ['the connection dropped before the answer', 'reset'],
    ["no answer before the client's timeout", CLIENT_TIMEOUT_MS * 5],
  ])('%s: retried as outcome unknown, found in the conversation by its hashed key and settled sent with that ref: the member sees it once', async (_case, answerLost) => {
    const key = `nudge-digest:slack:${ANNA}:2027-01-04:${typeof answerLost}`;
    const { fake, retrying, record } = await sendThenRetry(key, { answerLost });
    expect(retrying).toMatchObject({ state: 'retrying', reason: 'no_answer', outcomeUnknownSince: new Date('2027-01-04T08:00:00Z') });
    expect(postsToAnna(fake)).toHaveLength(1);
    const [post] = postsToAnna(fake);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(record).toMatchObject({ state: 'sent', via: 'direct', ref: { conversationId: 'D0ANNA0001', messageId: (post!.response as { ts: string }).ts } });
    expect(record).not.toHaveProperty('outcomeUnknownSince');
  }, 20_000);

  it('a 502 from a proxy in front of Slack (no answer of Slack itself): looked for, sent once', async () => {
    const key = `nudge-digest:slack:${ANNA}:2027-01-05`;
    const { fake, retrying, record } = await sendThenRetry(key, { status: 502, body: '<html>Bad Gateway</html>', answerLost: 0 });
    expect(retrying).toMatchObject({ state: 'retrying', reason: 'http_502' });
    // The fake carried the post out before its scripted answer: the proxy's error came after Slack took it.
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(record).toMatchObject({ state: 'sent' });
  }, 20_000);

  it('is sent again when the look is refused (conversations.history is 1 a minute outside the Marketplace), and looked for once more if that send is lost too', async () => {
    const key = `nudge-digest:slack:${ANNA}:2027-01-06`;
    const { fake, harness, clock } = await start();
    fake.script('chat.postMessage', { answerLost: 'reset' }, { answerLost: 'reset' });
    fake.script('conversations.history', { status: 429, headers: { 'retry-after': '60' }, body: { ok: false, error: 'ratelimited' } });
    await harness.app.delivery.send(key, toAnna, digest);
    clock.advance(61_000);
    await harness.app.delivery.runDue(clock.now());
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    // Not known whether the first arrived: still looked for from the first attempt on.
    expect(await harness.app.delivery.status(key)).toMatchObject({ state: 'retrying', attempts: 2, outcomeUnknownSince: new Date('2027-01-04T08:00:00Z') });
    clock.advance(5 * 60_000 + 1_000);
    await harness.app.delivery.runDue(clock.now());
    expect(fake.callsTo('conversations.history')).toHaveLength(2);
    expect(postsToAnna(fake)).toHaveLength(2);
    // Both copies arrived: the look finds one, and the message is not posted a third time.
    const record = await harness.app.delivery.status(key);
    expect(record?.state).toBe('sent');
    expect(postsToAnna(fake).map((c) => (c.response as { ts: string }).ts)).toContain(record?.ref?.messageId);
  }, 20_000);
});

const NETWORK = 'C0NETW0001';
const toNetwork: DeliveryTarget = { kind: 'channel', platform: 'slack', channelId: NETWORK };
const postsInNetwork = (f: FakeSlack) => f.callsTo('chat.postMessage').filter((c) => c.body['channel'] === NETWORK && (c.response as { ok?: boolean }).ok);

describe('a Slack channel post whose answer was lost after Slack took it', () => {
  it('is found in the channel by its hashed key and settled sent with that ref: posted once', async () => {
    const key = 'session-announcement:slack:s1:planned';
    const { fake, record } = await sendThenRetry(key, { answerLost: 'reset' }, toNetwork);
    expect(postsInNetwork(fake)).toHaveLength(1);
    expect(fake.callsTo('conversations.history').map((c) => c.body['channel'])).toEqual([NETWORK]);
    expect(record).toMatchObject({ state: 'sent', via: 'channel', ref: { conversationId: NETWORK, messageId: (postsInNetwork(fake)[0]!.response as { ts: string }).ts } });
  }, 20_000);

  it('on an install without channels:history (not re-authorised): each is sent again, and the missing scope is warned about once', async () => {
    const { fake, harness, clock } = await start();
    fake.withoutScopes('channels:history', 'groups:history');
    fake.script('chat.postMessage', { answerLost: 'reset' }, { answerLost: 'reset' });
    const keys = ['session-announcement:slack:s1:planned', 'pulse-celebration:slack:p1'];
    for (const key of keys) await harness.app.delivery.send(key, toNetwork, digest);
    expect(postsInNetwork(fake)).toHaveLength(2);
    clock.advance(61_000);
    await harness.app.delivery.runDue(clock.now());
    expect(fake.callsTo('conversations.history')).toHaveLength(2);
    // A repeat is better than a loss: both sent again, each once.
    expect(postsInNetwork(fake)).toHaveLength(4);
    for (const key of keys) expect(await harness.app.delivery.status(key)).toMatchObject({ state: 'sent' });
    const lines = harness.logLines.filter((line) => line.includes('missing_scope'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, reason: 'missing_scope', needed: 'channels:history' });
  }, 20_000);
});

describe('a Slack direct message Slack refused cleanly (it was not posted)', () => {
  it.each<[string, ScriptedResponse]>([
    ['ok:false internal_error', { body: { ok: false, error: 'internal_error' } }],
    ['a 500 with ok:false', { status: 500, body: { ok: false, error: 'internal_error' } }],
    ['a 429 with Retry-After', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }],
  ])('%s: retried and sent once, without reading the conversation', async (_case, refusal) => {
    const key = `nudge-digest:slack:${ANNA}:2027-01-07:${_case}`;
    const { fake, retrying, record } = await sendThenRetry(key, refusal);
    expect(retrying).not.toHaveProperty('outcomeUnknownSince');
    expect(postsToAnna(fake)).toHaveLength(1);
    expect(record).toMatchObject({ state: 'sent', via: 'direct' });
    expect(fake.callsTo('conversations.history')).toHaveLength(0);
  }, 20_000);
});
