// Teams during a store outage: the real Teams adapter (Teams SDK) against the fake Bot Connector, on a
// Redis of the test's own that is stopped or frozen. A message gets "even geduld" in its conversation,
// a card press gets it as the press's answer (Teams waits 5 seconds for that), and after the restart
// the bot answers normally again.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisStore } from '../../src/store/redis-store.ts';
import type { OwnRedis } from '../fakes/own-redis.ts';
import { startOwnRedis } from '../fakes/own-redis.ts';
import { personalConversationId } from '../teams/fake-bot-connector.ts';
import { CHANNEL, TeamsHarness, cardText, people } from '../teams/teams-harness.ts';

const BUSY = 'Even geduld: ik kan mijn geheugen nu niet bereiken. Probeer het zo opnieuw.';
const personal = { kind: 'personal' } as const;
const thread = { kind: 'channel', thread: '1700000000999' } as const;
let redis: OwnRedis;
let stopped = false;

async function stopRedis(): Promise<void> {
  stopped = true;
  await redis.stop();
}

/** Starts the test's Redis again if it is stopped (a failed test leaves it as it was). */
async function startRedis(): Promise<void> {
  if (!stopped) return;
  stopped = false;
  await redis.restart();
}

beforeAll(async () => {
  redis = await startOwnRedis();
});

afterAll(async () => {
  await redis?.stop();
});

async function harness(): Promise<TeamsHarness> {
  // The production default of the per-person limit (LISO_RATE_LIMIT_PER_MINUTE / _BURST).
  return TeamsHarness.start({ store: await RedisStore.open(redis.url, `liso-teams-outage:${process.pid}:`), rateLimit: { perMinute: 20, burst: 10 } });
}

/** The text of every card posted into a conversation since `from`. */
function postedTo(h: TeamsHarness, conversationId: string, from = 0): string[] {
  return h.fake
    .sent(conversationId)
    .slice(from)
    .flatMap((call) => (call.body?.attachments ?? []).map((a: any) => cardText(a.content)));
}

function errorsLogged(h: TeamsHarness): string[] {
  return h.t.logLines.filter((line) => /"level":(50|60)/.test(line));
}

describe('Teams during a store outage (own Redis)', { timeout: 90_000 }, () => {
  it('Redis stopped: a personal message, a channel mention and a card press each get "even geduld"; after the restart the bot answers again', async () => {
    const h = await harness();
    const chat = personalConversationId(people.anna.id);
    try {
      await h.deliver(h.personalInstall(people.anna));
      await h.deliver(h.message('help', people.anna, personal));
      expect(postedTo(h, chat).join('\n')).toContain('/liso');
      await stopRedis();

      const before = h.fake.sent(chat).length;
      expect((await h.deliver(h.message('help', people.anna, personal))).status).toBe(200);
      expect(postedTo(h, chat, before)).toEqual([BUSY]);

      const threadId = `${CHANNEL};messageid=${thread.thread}`;
      expect((await h.deliver(h.message('wat doet een procesbegeleider?', people.bram, thread))).status).toBe(200);
      expect(postedTo(h, threadId)).toEqual([BUSY]);

      const pressed = await h.deliver(h.press({ lisoAction: 'help.menu', lisoValue: '' }, people.anna, personal));
      expect(pressed.status).toBe(200);
      expect(pressed.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: BUSY });

      // Activities that ask nothing are acknowledged; nothing is sent for them.
      const sentBefore = h.fake.sent().length;
      expect((await h.deliver(h.teamInstall(people.anna))).status).toBe(200);
      expect(h.fake.sent().length).toBe(sentBefore);

      await startRedis();
      // The store's watcher notices the recovery on its next probe.
      await vi.waitFor(() => expect(h.t.logLines.join('')).toContain('store connection restored'), { timeout: 20_000, interval: 100 });
      const from = h.fake.sent(chat).length;
      await h.deliver(h.message('help', people.anna, personal));
      const after = postedTo(h, chat, from).join('\n');
      expect(after).toContain('/liso');
      expect(after).not.toContain(BUSY);
      expect(errorsLogged(h)).toEqual([]);
    } finally {
      await h.close();
      await startRedis();
    }
  });

  it('Redis frozen: a card press is answered with "even geduld" in time, and a message gets it in its chat', async () => {
    const h = await harness();
    const chat = personalConversationId(people.anna.id);
    try {
      await h.deliver(h.personalInstall(people.anna));
      redis.freeze();
      const pressed = await h.deliver(h.press({ lisoAction: 'help.menu', lisoValue: '' }, people.anna, personal));
      expect(pressed.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: BUSY });
      const before = h.fake.sent(chat).length;
      expect((await h.deliver(h.message('help', people.anna, personal))).status).toBe(200);
      expect(postedTo(h, chat, before)).toEqual([BUSY]);
    } finally {
      redis.thaw();
      await h.close();
    }
  });

  it('a flood of messages during the outage is answered within the person\'s rate limit, not once per message', async () => {
    const h = await harness();
    const chat = personalConversationId(people.anna.id);
    try {
      await h.deliver(h.personalInstall(people.anna));
      await stopRedis();
      const before = h.fake.sent(chat).length;
      for (let n = 0; n < 30; n++) await h.deliver(h.message(`vraag ${n}`, people.anna, personal));
      const answers = postedTo(h, chat, before);
      expect(answers.length).toBeGreaterThan(0);
      // The default limit lets a burst of 10 through (and a little refill while the flood lasts).
      expect(answers.length).toBeLessThan(30);
      expect(new Set(answers)).toEqual(new Set([BUSY]));
    } finally {
      await h.close();
      await startRedis();
    }
  });
});
