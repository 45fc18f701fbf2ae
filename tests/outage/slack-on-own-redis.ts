// Real Bolt over HTTP against the fake Slack, on a Redis of the test's own (to stop or freeze).
import { RedisStore } from '../../src/store/redis-store.ts';
import type { RateLimit } from '../../src/core/rate-limiter.ts';
import type { OwnRedis } from '../fakes/own-redis.ts';
import { startOwnRedis } from '../fakes/own-redis.ts';
import type { FakeSlack } from '../slack/fake-slack-api.ts';
import { startFakeSlack } from '../slack/fake-slack-api.ts';
import type { SlackHarness } from '../slack/slack-harness.ts';
import { startHarness } from '../slack/slack-harness.ts';

export interface SlackOnOwnRedis {
  redis: OwnRedis;
  fake: FakeSlack;
  h: SlackHarness;
  stop(): Promise<void>;
}

export async function startSlackOnOwnRedis(prefix: string, rateLimit?: RateLimit): Promise<SlackOnOwnRedis> {
  const redis = await startOwnRedis();
  const fake = await startFakeSlack();
  const store = await RedisStore.open(redis.url, `${prefix}:${process.pid}:`);
  const h = await startHarness(fake, { store, ...(rateLimit ? { rateLimit } : {}) });
  return {
    redis,
    fake,
    h,
    async stop() {
      await h.stop();
      await h.app.close();
      await fake.stop();
      await redis.stop();
    },
  };
}
