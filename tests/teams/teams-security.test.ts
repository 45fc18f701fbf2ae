// Who may talk to the bot: only the Bot Connector with a valid token, only for our tenant.
import { describe, expect, it } from 'vitest';
import { OTHER_TENANT_ID, TENANT_ID } from './fake-bot-connector.ts';
import { people, useTeamsHarness } from './teams-harness.ts';
import type { TeamsHarness } from './teams-harness.ts';

let h: TeamsHarness;
useTeamsHarness((harness) => (h = harness));

const handled = () => h.fake.sent().length;

describe('incoming requests', () => {
  it('a command with a valid Bot Framework token is answered', async () => {
    const response = await h.deliver(h.message('help', people.anna, { kind: 'personal' }));
    expect(response.status).toBe(200);
    expect(handled()).toBeGreaterThanOrEqual(1);
  });

  it('refuses a request without a token, with a forged one, an expired one, or one for another bot', async () => {
    const activity = () => h.message('help', people.anna, { kind: 'personal' });
    const now = Math.floor(Date.now() / 1000);
    const attempts = {
      missing: null,
      garbage: 'Bearer not-a-jwt',
      forged: `Bearer ${h.fake.sign({}, { key: h.fake.forgerKey() })}`,
      // The SDK allows 5 minutes of clock skew; this one expired an hour ago.
      expired: `Bearer ${h.fake.sign({ iat: now - 7_200, nbf: now - 7_200, exp: now - 3_600 })}`,
      otherAudience: `Bearer ${h.fake.sign({ aud: '00000000-0000-4000-8000-000000000bad' })}`,
      otherIssuer: `Bearer ${h.fake.sign({ iss: 'https://evil.example' })}`,
      otherServiceUrl: `Bearer ${h.fake.sign({ serviceurl: 'https://evil.example/teams/' })}`,
    };
    for (const [name, authorization] of Object.entries(attempts)) {
      const response = await h.deliver(activity(), { authorization });
      expect({ name, status: response.status }).toEqual({ name, status: 401 });
    }
    expect(handled()).toBe(0);
    expect(await h.t.app.store.get(`person:teams:${people.anna.id}`)).toBeUndefined();
  });

  it('a token is no licence to redirect replies: the activity must name the serviceUrl the token was issued for', async () => {
    const activity = { ...h.message('help', people.anna, { kind: 'personal' }), serviceUrl: 'https://evil.example/teams/' };
    const response = await h.deliver(activity, { authorization: `Bearer ${h.fake.sign()}` });
    expect(response.status).toBe(401);
    expect(handled()).toBe(0);
  });

  it('refuses activities of another tenant before storing or sending anything', async () => {
    const foreign = h.message('start Buitenlands', people.anna, { kind: 'channel' });
    (foreign.conversation as any).tenantId = OTHER_TENANT_ID;
    (foreign.channelData as any).tenant.id = OTHER_TENANT_ID;
    const response = await h.deliver(foreign);
    expect(response.status).toBe(403);
    expect(handled()).toBe(0);
    expect(await h.runtime.registry.conversation((foreign.conversation as any).id)).toBeUndefined();
    expect(h.t.logLines.join('')).toContain('activity from another tenant refused');
    // Our tenant still works.
    expect(TENANT_ID).not.toBe(OTHER_TENANT_ID);
  });

  it('answers malformed and oversized bodies without details', async () => {
    const bad = await fetch(h.runtime.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${h.fake.sign()}` }, body: '{"type":' });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).not.toMatch(/at .*\.js|node_modules|SyntaxError/);
    const huge = await fetch(h.runtime.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'x'.repeat(200_000) }) });
    expect(huge.status).toBe(413);
    expect(await huge.text()).not.toMatch(/node_modules/);
  });

  it('acknowledges unknown activity types and unknown invokes without acting', async () => {
    for (const type of ['typing', 'messageReaction', 'event', 'endOfConversation', 'somethingNew']) {
      const response = await h.deliver({ ...h.base(type, people.anna, { kind: 'personal' }) });
      expect(response.status).toBe(200);
    }
    const invoke = await h.deliver({ ...h.base('invoke', people.anna, { kind: 'personal' }), name: 'composeExtension/query', value: {} });
    expect(invoke.status).toBe(501);
    expect(handled()).toBe(0);
  });

  it('never logs the client secret or a token', async () => {
    await h.deliver(h.message('help', people.anna, { kind: 'personal' }));
    const log = h.t.logLines.join('');
    expect(log).not.toContain(h.fake.env.TEAMS_CLIENT_SECRET);
    expect(log).not.toMatch(/bot-token-\d/);
  });
});
