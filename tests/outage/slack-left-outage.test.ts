// Someone with a role leaves the network's Slack channel while the store is unreachable. Slack
// sends member_left_channel once and Bolt acknowledges it at once, so Slack never retries it: the
// core parks the leave and replays it on the first tick after the store is back, and the trekker
// hears of it then. Real Bolt over HTTP against the fake Slack, on a Redis of the test's own that is
// frozen meanwhile.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { allText } from '../slack/slack-harness.ts';
import { startSlackOnOwnRedis } from './slack-on-own-redis.ts';

const ANNA = 'U0ANNA0001';
const FRANK = 'U0FRNK0001';
const CHANNEL = 'C0NET00001';
const { redis, fake, h, stop } = await startSlackOnOwnRedis('liso-slack-left-outage');

afterAll(stop);

const leaveNotices = () => fake.callsTo('chat.postMessage').filter((c) => allText(c.body).includes('heeft het kanaal van Jeugdhulp Leiden verlaten'));

describe('a member leaving during a store outage (own Redis)', { timeout: 90_000 }, () => {
  it('is told to the trekker once the store is back, and only once', async () => {
    await h.command('start Jeugdhulp Leiden', { user: ANNA, userName: 'anna', channel: CHANNEL });
    await vi.waitFor(async () => expect(await h.app.directory.byChannel('slack', CHANNEL)).toBeDefined(), { timeout: 10_000, interval: 50 });
    const network = (await h.app.directory.byChannel('slack', CHANNEL))!;
    await h.command(`rol deelnemer <@${FRANK}|frank>`, { user: ANNA, userName: 'anna', channel: CHANNEL });
    await vi.waitFor(async () => expect(await h.app.directory.rolesOf(network.id, FRANK)).toEqual(['deelnemer']), { timeout: 10_000, interval: 50 });

    // Frozen, not stopped: this Redis keeps nothing on disk, and a restart would lose the network too.
    redis.freeze();
    try {
      const leave = { type: 'event_callback', team_id: 'T0001ABCD', api_app_id: 'A0001', event_id: 'Ev0LEFTOUT1', event_time: 1700002000 };
      expect(await h.event({ ...leave, event: { type: 'member_left_channel', user: FRANK, channel: CHANNEL, channel_type: 'C', team: 'T0001ABCD', event_ts: '1700002000.000100' } })).toBe(200);
      await vi.waitFor(() => expect(h.logLines.join('')).toContain('store unreachable'), { timeout: 10_000, interval: 50 });
      // A tick while the store is still down keeps the leave parked.
      await h.app.bot.tick();
    } finally {
      redis.thaw();
    }
    await vi.waitFor(() => expect(h.logLines.join('')).toContain('store connection restored'), { timeout: 20_000, interval: 100 });
    expect(leaveNotices()).toEqual([]);
    await h.app.bot.tick();
    await vi.waitFor(() => expect(leaveNotices()).toHaveLength(1), { timeout: 10_000, interval: 50 });
    await h.app.bot.tick();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(leaveNotices()).toHaveLength(1);
    expect(h.logLines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});
