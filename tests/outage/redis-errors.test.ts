// A Redis that cannot be reached must make every store operation fail: a read that answered
// "absent" or a write dropped without a word would let features act on state that is not there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis-store.ts';
import type { OwnRedis } from '../fakes/own-redis.ts';
import { startOwnRedis } from '../fakes/own-redis.ts';

let redis: OwnRedis;

beforeAll(async () => {
  redis = await startOwnRedis();
});

afterAll(async () => {
  await redis?.stop();
});

describe('Redis store with Redis stopped', () => {
  it('rejects reads and writes instead of answering "absent" or dropping them', async () => {
    const store = await RedisStore.open(redis.url, 'errors:');
    try {
      await store.set('kept', { value: 1 });
      await store.setAdd('members', ['a']);
      await redis.stop();
      await expect(store.get('kept')).rejects.toThrow();
      await expect(store.getMany(['kept', 'other'])).rejects.toThrow();
      await expect(store.set('new', 2)).rejects.toThrow();
      await expect(store.delete('kept')).rejects.toThrow();
      await expect(store.claim('lease', 1, 1_000)).rejects.toThrow();
      await expect(store.setMembers('members')).rejects.toThrow();
      await expect(store.hashSet('hash', 'field', 1)).rejects.toThrow();
      await expect(store.hashGetMany(['hash'], ['field'])).rejects.toThrow();
    } finally {
      await store.close();
      await redis.restart();
    }
  });
});
