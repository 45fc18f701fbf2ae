// How Teams' refusals reach the core: 429 with its Retry-After and other transient failures retried,
// 403/404 permanent, a removed bot or an uninstalled app known before any call, nothing sent twice.
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { Message } from '../../src/core/message.ts';
import { classifyTeamsError, retryAfterMs } from '../../adapters/teams/teams-errors.ts';
import { personalConversationId } from './fake-bot-connector.ts';
import { CHANNEL, TEAM_ID, people, useTeamsHarness } from './teams-harness.ts';
import type { TeamsHarness } from './teams-harness.ts';

let h: TeamsHarness;
useTeamsHarness((harness) => (h = harness));

const note = (text: string): Message => ({ summary: text, blocks: [{ type: 'section', text: [{ type: 'text', text }] }] });
const channelTarget = { kind: 'channel' as const, platform: 'teams', channelId: CHANNEL };

async function knownChannel(): Promise<void> {
  await h.deliver(h.teamInstall(people.anna, { kind: 'channel', channel: CHANNEL }));
}

async function failureOf(call: () => Promise<unknown>): Promise<DeliveryError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('expected a DeliveryError');
}

describe('failures classified', () => {
  it('a 429 is transient with the Retry-After Teams names, and the core retries it after that time', async () => {
    await knownChannel();
    h.fake.failNext(/\/activities$/, 429, { headers: { 'retry-after': '7' }, body: { error: { code: 'Throttled', message: 'Too many requests' } } });
    const error = await failureOf(() => h.runtime.adapter.postToChannel(CHANNEL, note('eerste')));
    expect(error).toMatchObject({ kind: 'transient', reason: 'rate-limited', retryAfterMs: 7_000 });

    // The core waits at least its own first back-off (a minute); a longer Retry-After wins.
    h.fake.failNext(/\/activities$/, 429, { headers: { 'retry-after': '120' } });
    const outcome = await h.t.app.delivery.send('t:429', channelTarget, note('later'));
    expect(outcome).toMatchObject({ status: 'retrying' });
    const record = await h.t.app.delivery.status('t:429');
    expect(record?.nextAttemptAt?.getTime()).toBe(h.t.clock.now().getTime() + 120_000);
    h.t.clock.advance(61_000);
    await h.t.app.delivery.runDue(h.t.clock.now());
    expect((await h.t.app.delivery.status('t:429'))?.state).toBe('retrying');
    h.t.clock.advance(60_000);
    await h.t.app.delivery.runDue(h.t.clock.now());
    expect((await h.t.app.delivery.status('t:429'))?.state).toBe('sent');
    expect(h.fake.sent(CHANNEL).filter((c) => JSON.stringify(c.body).includes('later'))).toHaveLength(1);
  });

  it.each([
    [412, 'transient'],
    [500, 'transient'],
    [502, 'transient'],
    [504, 'transient'],
    [401, 'transient'],
    [400, 'permanent'],
    [403, 'permanent'],
    [404, 'permanent'],
    [413, 'permanent'],
  ] as const)('HTTP %i is %s', async (status, kind) => {
    await knownChannel();
    h.fake.failNext(/\/activities$/, status);
    const error = await failureOf(() => h.runtime.adapter.postToChannel(CHANNEL, note('x')));
    expect(error.kind).toBe(kind);
  });

  it('reads Teams error codes and Retry-After forms', () => {
    const failure = (status: number, code?: string, headers: Record<string, unknown> = {}) => ({ response: { status, headers, data: code ? { error: { code, message: '…' } } : undefined } });
    expect(classifyTeamsError(failure(403, 'BotNotInConversationRoster'))).toMatchObject({ kind: 'permanent', reason: 'bot-removed' });
    expect(classifyTeamsError(failure(403, 'ConversationBlockedByUser'))).toMatchObject({ kind: 'permanent', reason: 'blocked-by-user' });
    expect(classifyTeamsError(failure(404, 'ConversationNotFound'))).toMatchObject({ kind: 'permanent', reason: 'conversation-not-found' });
    expect(classifyTeamsError(failure(429))).toMatchObject({ kind: 'transient', retryAfterMs: 2_000 });
    expect(classifyTeamsError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toMatchObject({ kind: 'transient', reason: 'network-ECONNRESET' });
    const now = Date.parse('2027-01-04T08:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Mon, 04 Jan 2027 08:00:10 GMT' }, now)).toBe(10_000);
    for (const nonsense of ['soon', '-5', '', '1e309']) expect(retryAfterMs({ 'retry-after': nonsense }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '999999' }, now)).toBe(3_600_000);
  });
});

describe('a conversation the bot was removed from', () => {
  it('fails permanently without calling Teams after the removal, and works again once the bot is back', async () => {
    await knownChannel();
    await h.deliver({ ...h.base('conversationUpdate', people.anna, { kind: 'channel', channel: CHANNEL }), membersRemoved: [{ id: h.fake.env.TEAMS_CLIENT_ID && `28:${h.fake.env.TEAMS_CLIENT_ID}` }], channelData: { tenant: { id: h.fake.env.TEAMS_TENANT_ID }, team: { id: TEAM_ID }, channel: { id: CHANNEL }, eventType: 'teamMemberRemoved' } });
    const calls = h.fake.calls.length;
    const outcome = await h.t.app.delivery.send('t:removed', channelTarget, note('weg'));
    expect(outcome).toMatchObject({ status: 'failed', reason: 'bot-removed' });
    expect(h.fake.calls.length).toBe(calls);
    // Sending again under the same key does nothing at all.
    expect(await h.t.app.delivery.send('t:removed', channelTarget, note('weg'))).toEqual({ status: 'duplicate' });
    await h.deliver(h.teamInstall(people.anna, { kind: 'channel', channel: CHANNEL }));
    expect((await h.t.app.delivery.send('t:back', channelTarget, note('terug'))).status).toBe('sent');
  });

  it('a removal Teams never announced is learned from the 403 and treated the same', async () => {
    await knownChannel();
    h.fake.removed.add(CHANNEL);
    expect(await h.t.app.delivery.send('t:roster', channelTarget, note('x'))).toMatchObject({ status: 'failed', reason: 'bot-removed' });
  });
});

describe('an uninstalled app', () => {
  it('a person who removed the app gets no personal messages (no call at all) until they write again; the core falls back to the channel', async () => {
    await knownChannel();
    await h.deliver(h.personalInstall(people.bram));
    expect((await h.t.app.delivery.send('t:1', { kind: 'direct', platform: 'teams', userId: people.bram.id }, note('een'))).status).toBe('sent');
    await h.deliver(h.uninstall(people.bram, { kind: 'personal' }));
    const calls = h.fake.calls.length;
    const error = await failureOf(() => h.runtime.adapter.sendDirect(people.bram.id, note('twee')));
    expect(error).toMatchObject({ kind: 'permanent', reason: 'app-not-installed' });
    expect(h.fake.calls.length).toBe(calls);
    const fallback = await h.t.app.delivery.send('t:2', { kind: 'direct', platform: 'teams', userId: people.bram.id, fallback: { channelId: CHANNEL, message: note('voor Bram, in het kanaal') } }, note('twee'));
    expect(fallback).toMatchObject({ status: 'sent', via: 'fallback' });
    // Bram installs again and writes: the adapter reaches him again (the core itself waits out its own week-long "unreachable" mark).
    await h.deliver(h.personalInstall(people.bram));
    await h.deliver(h.message('help', people.bram, { kind: 'personal' }));
    await h.runtime.adapter.sendDirect(people.bram.id, note('drie'));
    expect(h.fake.sent(personalConversationId(people.bram.id)).filter((c) => JSON.stringify(c.body).includes('drie'))).toHaveLength(1);
  });

  it('a person who never installed the app is tried once, then remembered', async () => {
    const first = await failureOf(() => h.runtime.adapter.sendDirect(people.sanne.id, note('x')));
    expect(first).toMatchObject({ kind: 'permanent', reason: 'app-not-installed' });
    const creates = h.fake.calls.filter((c) => c.path === '/teams/v3/conversations').length;
    await failureOf(() => h.runtime.adapter.sendDirect(people.sanne.id, note('y')));
    expect(h.fake.calls.filter((c) => c.path === '/teams/v3/conversations').length).toBe(creates);
  });
});

describe('a slow card action', () => {
  it('answers Teams in time and replaces the card through the Bot Connector afterwards', async () => {
    await h.close();
    const { TeamsHarness } = await import('./teams-harness.ts');
    h = await TeamsHarness.start({ invokeDeadlineMs: 1 });
    await h.deliver(h.personalInstall(people.anna));
    await h.deliver(h.message('start Jeugd', people.anna, { kind: 'channel' }));
    await h.deliver(h.message('vier Eerste sessie!', people.anna, { kind: 'channel' }));
    const post = h.fake.sent(CHANNEL).at(-1)!;
    const cheer = post.body.attachments[0].content.body.flatMap((e: any) => e.actions ?? []).find((a: any) => a.title.includes('Mooi'));
    // In Teams a press on a channel post names the post's thread as its conversation.
    const response = await h.deliver(h.press(cheer.data, people.bram, { kind: 'channel', thread: post.response.id }, post.response.id));
    expect(response.status).toBe(200);
    // The card update came too late for the invoke response and went as an edit instead.
    const edits = h.fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith(`;messageid=${post.response.id}/activities/${post.response.id}`));
    if (response.body.type === 'application/vnd.microsoft.card.adaptive') expect(edits).toHaveLength(0);
    else expect(edits).toHaveLength(1);
    expect(JSON.stringify(response.body.type === 'application/vnd.microsoft.card.adaptive' ? response.body.value : edits[0]!.body)).toContain('Mooi! (1)');
  });
});
