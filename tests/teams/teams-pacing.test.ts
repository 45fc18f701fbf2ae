// The real Teams adapter (Teams SDK) and Delivery against a fake Bot Connector that enforces Teams'
// per-conversation and per-tenant limits and answers 429 beyond them: a batch goes out at Teams' pace.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import { personalConversationId } from './fake-bot-connector.ts';
import { CHANNEL, people, useTeamsHarness } from './teams-harness.ts';
import type { TeamsHarness } from './teams-harness.ts';

let h: TeamsHarness;
useTeamsHarness((harness) => (h = harness));

const note = (n: number): Message => ({ summary: `Bericht ${n}`, blocks: [{ type: 'section', text: [{ type: 'text', text: `Bericht ${n}` }] }] });

async function knownChannel(): Promise<void> {
  await h.deliver(h.teamInstall(people.anna, { kind: 'channel', channel: CHANNEL }));
}

describe('Teams: queued messages at Teams\' pace', () => {
  it('the fake enforces the limits: ten posts in a row into one channel, unpaced, get 429s', async () => {
    await knownChannel();
    h.fake.enforceLimits();
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => h.runtime.adapter.postToChannel(CHANNEL, note(n))));
    expect(h.fake.rateLimited).toBeGreaterThan(0);
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    expect(refused[0]).toMatchObject({ kind: 'transient', reason: 'rate-limited', rateLimit: 'conversation' });
  });

  it('sixteen messages to one channel and twelve to one person, queued at once, all sent without a single 429', async () => {
    await knownChannel();
    h.fake.installedFor.add(people.bram.id);
    h.fake.enforceLimits();
    h.fake.latencyMs = 10;
    for (let n = 0; n < 16; n++) await h.t.app.delivery.enqueue(`pace:channel:${n}`, { kind: 'channel', platform: 'teams', channelId: CHANNEL }, note(n));
    for (let n = 0; n < 12; n++) await h.t.app.delivery.enqueue(`pace:dm:${n}`, { kind: 'direct', platform: 'teams', userId: people.bram.id }, note(100 + n));
    const started = Date.now();
    for (let round = 0; round < 5 && h.fake.sent().length < 28; round++) await h.t.app.bot.tick();

    expect(h.fake.rateLimited).toBe(0);
    expect(h.fake.sent(CHANNEL)).toHaveLength(16);
    expect(h.fake.sent(personalConversationId(people.bram.id))).toHaveLength(12);
    for (let n = 0; n < 16; n++) expect((await h.t.app.delivery.status(`pace:channel:${n}`))?.state).toBe('sent');
    for (let n = 0; n < 12; n++) expect((await h.t.app.delivery.status(`pace:dm:${n}`))?.state).toBe('sent');
    // 8 within any 2 seconds in one conversation: the 16th cannot go before 2 windows have passed.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  }, 60_000);

  it('a 429 the fake answers anyway (another bot in the same chat) pauses that conversation, then the message goes', async () => {
    await knownChannel();
    h.fake.failNext(/\/activities$/, 429, { headers: { 'retry-after': '1' }, body: { error: { code: 'Throttled', message: 'Too many requests' } } });
    await h.t.app.delivery.enqueue('pace:429', { kind: 'channel', platform: 'teams', channelId: CHANNEL }, note(1));
    await h.t.app.bot.tick();
    expect(await h.t.app.delivery.status('pace:429')).toMatchObject({ state: 'retrying', rateLimited: 1, attempts: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    h.t.clock.advance(1_100);
    await h.t.app.bot.tick();
    expect((await h.t.app.delivery.status('pace:429'))?.state).toBe('sent');
  }, 30_000);
});
