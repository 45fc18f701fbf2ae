// Discord during a store outage: the real discord.js adapter against the fake Discord REST API, on
// a Redis of the test's own that is stopped or frozen. The person gets "even geduld" as the
// interaction's answer (Discord allows 3 s for the first answer; the adapter defers at 2 s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis-store.ts';
import { DiscordHarness, messageBodies } from '../discord/discord-harness.ts';
import type { OwnRedis } from '../fakes/own-redis.ts';
import { startOwnRedis } from '../fakes/own-redis.ts';

const BUSY = 'Even geduld: ik kan mijn geheugen nu niet bereiken. Probeer het zo opnieuw.';
let redis: OwnRedis;

beforeAll(async () => {
  redis = await startOwnRedis();
});

afterAll(async () => {
  await redis?.stop();
});

async function harness(): Promise<DiscordHarness> {
  return DiscordHarness.start({ store: await RedisStore.open(redis.url, `liso-outage:${process.pid}:`) });
}

/** The texts of every answer to one interaction: its callback and the edits and follow-ups on its token. */
function answersTo(h: DiscordHarness, raw: { id: string; token: string }): string[] {
  return h.fake.calls
    .filter((c) => c.path.includes(raw.id) || c.path.includes(raw.token))
    .map((c) => JSON.stringify(c.body ?? {}));
}

describe('Discord during a store outage (own Redis)', { timeout: 60_000 }, () => {
  it('Redis stopped: a command and a button press are answered with "even geduld"; after the restart commands work again', async () => {
    const h = await harness();
    try {
      await h.inject(h.slash('help'));
      expect(messageBodies(h.fake).map((b) => JSON.stringify(b)).join()).toContain('/liso');
      await redis.stop();
      const command = h.slash('help');
      await h.inject(command);
      const answer = answersTo(h, command);
      expect(answer).toHaveLength(1);
      expect(JSON.parse(answer[0]!)).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(answer[0]).toContain(BUSY);
      // A long button id is looked up in the store before the core is reached.
      const pressed = h.press('h:0123456789abcdef');
      await h.inject(pressed);
      expect(answersTo(h, pressed).join()).toContain(BUSY);
      await redis.restart();
      // The store's watcher notices the recovery on its next probe.
      let ok = false;
      for (let attempt = 0; attempt < 40 && !ok; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const again = h.slash('help');
        await h.inject(again);
        ok = !answersTo(h, again).join().includes(BUSY);
      }
      expect(ok).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('Redis frozen: the interaction is deferred in time, then answered with "even geduld"', async () => {
    const h = await harness();
    try {
      await h.inject(h.slash('help'));
      redis.freeze();
      const command = h.slash('help');
      await h.inject(command);
      const answer = answersTo(h, command);
      expect(JSON.parse(answer[0]!)).toMatchObject({ type: 5, data: { flags: 64 } });
      expect(answer.slice(1).join()).toContain(BUSY);
    } finally {
      redis.thaw();
      await h.close();
    }
  });
});
