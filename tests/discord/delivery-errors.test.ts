// Direct messages and channel posts under Discord's failures: 429, closed DMs, missing permissions, outages.
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { Message } from '../../src/core/message.ts';
import { mention } from '../../src/core/rich-text.ts';
import { CHANNEL, DiscordHarness, people, useDiscordHarness } from './discord-harness.ts';

let h: DiscordHarness;
useDiscordHarness((harness) => {
  h = harness;
});

const nudge: Message = {
  summary: 'Herinnering',
  blocks: [{ type: 'section', text: [{ type: 'text', text: 'Vergeet de agenda niet, ' }, mention(people.sanne.id, 'Sanne')] }],
  attachments: [{ filename: 'sessie.ics', mimeType: 'text/calendar', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' }],
};
const DM = /^\/channels\/7100000000000000003\/messages$/;

async function failure(call: Promise<unknown>): Promise<DeliveryError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('direct messages', () => {
  it('opens the DM channel, posts with the attachment as a file, and reuses the channel', async () => {
    const ref = await h.runtime.adapter.sendDirect(people.sanne.id, nudge);
    expect(h.fake.callsTo('POST', /^\/users\/@me\/channels$/).map((c) => c.body)).toEqual([{ recipient_id: people.sanne.id }]);
    const [post] = h.fake.callsTo('POST', DM);
    expect(post!.body.allowed_mentions).toEqual({ parse: [], users: [people.sanne.id], replied_user: false });
    expect(post!.files.map((f) => f.filename)).toEqual(['sessie.ics']);
    expect(ref).toMatchObject({ platform: 'discord', conversationId: '7100000000000000003' });
    await h.runtime.adapter.sendDirect(people.sanne.id, nudge);
    expect(h.fake.callsTo('POST', /^\/users\/@me\/channels$/)).toHaveLength(1);
  });

  it('50007 (DMs closed): permanent, remembered, later DMs fail without calling Discord, delivery falls back to the channel', async () => {
    h.fake.script('POST', DM, { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } });
    const error = await failure(h.runtime.adapter.sendDirect(people.sanne.id, nudge));
    expect([error.kind, error.reason]).toEqual(['permanent', 'dm-closed']);
    expect(await h.t.app.store.get(`discord:dm-closed:${people.sanne.id}`)).toBeDefined();
    h.fake.take();
    const again = await failure(h.runtime.adapter.sendDirect(people.sanne.id, nudge));
    expect(again.reason).toBe('dm-closed');
    expect(h.fake.calls).toEqual([]);

    const fallback: Message = { summary: 'Voor Sanne', blocks: [{ type: 'section', text: [mention(people.sanne.id, 'Sanne'), { type: 'text', text: ', een herinnering voor jou.' }] }] };
    const outcome = await h.t.app.delivery.send('nudge:s1:agenda:sanne', { kind: 'direct', platform: 'discord', userId: people.sanne.id, fallback: { channelId: CHANNEL, message: fallback } }, nudge);
    expect(outcome).toMatchObject({ status: 'sent', via: 'fallback' });
    const [post] = h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`));
    expect(post!.body.content).toBe(`<@${people.sanne.id}>, een herinnering voor jou.`);
    expect(post!.body.allowed_mentions.users).toEqual([people.sanne.id]);
    expect(h.fake.callsTo('POST', DM)).toEqual([]);
  });

  it('429 with Retry-After: one request, a transient error carrying the wait, no client-side retry loop', async () => {
    h.fake.script('POST', DM, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 2.5, global: false },
      headers: { 'Retry-After': '2.5', 'X-RateLimit-Scope': 'user' },
    });
    const error = await failure(h.runtime.adapter.sendDirect(people.sanne.id, nudge));
    expect(error.kind).toBe('transient');
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(2_500);
    expect(h.fake.callsTo('POST', DM)).toHaveLength(1);

    h.fake.script('POST', DM, { status: 429, body: { message: 'You are being rate limited.', retry_after: 30, global: false }, headers: { 'Retry-After': '30' } });
    const before = h.t.clock.now().getTime();
    const outcome = await h.t.app.delivery.send('nudge:s1:agenda:sanne:2', { kind: 'direct', platform: 'discord', userId: people.sanne.id }, nudge);
    expect(outcome.status).toBe('retrying');
    if (outcome.status === 'retrying') expect(outcome.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(30_000);
    expect(h.fake.callsTo('POST', DM)).toHaveLength(2);
  });

  it('a Discord outage (5xx) is transient and not retried by the client', async () => {
    h.fake.script('POST', DM, { status: 502, body: { message: 'Bad Gateway' } });
    const error = await failure(h.runtime.adapter.sendDirect(people.sanne.id, nudge));
    expect([error.kind, error.reason]).toEqual(['transient', 'discord-502']);
    expect(h.fake.callsTo('POST', DM)).toHaveLength(1);
  });
});

describe('channel posts', () => {
  it.each([
    [50013, 403, 'Missing Permissions', 'missing-permissions'],
    [50001, 403, 'Missing Access', 'missing-access'],
    [10003, 404, 'Unknown Channel', 'unknown-channel'],
  ])('%i is permanent (%s)', async (code, status, message, reason) => {
    h.fake.script('POST', /^\/channels\/\d+\/messages$/, { status, body: { message, code } });
    const error = await failure(h.runtime.adapter.postToChannel(CHANNEL, nudge));
    expect([error.kind, error.reason]).toEqual(['permanent', reason]);
    expect(h.fake.callsTo('POST', /^\/channels\/\d+\/messages$/)).toHaveLength(1);
  });

  it('10013 unknown user when opening a DM is permanent', async () => {
    h.fake.script('POST', /^\/users\/@me\/channels$/, { status: 400, body: { message: 'Unknown User', code: 10013 } });
    const error = await failure(h.runtime.adapter.sendDirect('100000000000000099', nudge));
    expect([error.kind, error.reason]).toEqual(['permanent', 'unknown-user']);
  });

  it('a network failure is transient', async () => {
    const { DiscordAdapter } = await import('../../adapters/discord/discord-adapter.ts');
    const { createRest } = await import('../../adapters/discord/discord-client.ts');
    const { DmClosedMemory } = await import('../../adapters/discord/dm-closed-memory.ts');
    const unreachable = new DiscordAdapter({
      rest: createRest({ token: 'x', applicationId: '900000000000000001', apiUrl: 'http://127.0.0.1:1/api' }),
      store: h.t.app.store,
      dmClosed: new DmClosedMemory(h.t.app.store, h.t.clock),
      log: h.t.app.log,
    });
    const error = await failure(unreachable.postToChannel(CHANNEL, nudge));
    expect(error.kind).toBe('transient');
    expect(error.reason).toMatch(/^network-/);
  });

  it('50013 on a command that posts in the channel: the change is made and the person hears privately that the channel did not get it, not a crash', async () => {
    await h.inject(h.slash('start', [{ name: 'tekst', type: 3, value: 'Netwerk' }]));
    h.fake.take();
    h.fake.script('POST', /^\/channels\/\d+\/messages$/, { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    await h.inject(h.slash('sessie', [{ name: 'tekst', type: 3, value: '2027-03-11 14:00' }]));
    const reply = h.fake.calls.find((c) => c.path.endsWith('/callback'))!;
    expect(reply.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(reply.body.data.content).toContain('ik kon het bericht niet in het kanaal van het netwerk zetten');
  });

  it('update edits the message in place with allowed_mentions', async () => {
    const ref = await h.runtime.adapter.postToChannel(CHANNEL, nudge);
    await h.runtime.adapter.update(ref, { summary: 'x', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Bijgewerkt @everyone' }] }] });
    const [edit] = h.fake.callsTo('PATCH', /^\/channels\/\d+\/messages\/\d+$/);
    expect(edit!.path).toBe(`/channels/${CHANNEL}/messages/${ref.messageId}`);
    expect(edit!.body.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
    expect(edit!.body.content).toBe('Bijgewerkt @\u200Beveryone');
  });
});
