// One-time work on a shared store runs once across replicas, and again after a crashed run's lock expires.
import { describe, expect, it } from 'vitest';
import { runOncePerStore } from '../../src/store/once-per-store.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

const once = (owner: string, lockMs = 60_000) => ({ doneKey: 'work:done', lockKey: 'work:lock', owner, lockMs });

describe('runOncePerStore', () => {
  it('lets one of two replicas do the work; the other waits, then sees it done', async () => {
    const store = new MemoryStore();
    let runs = 0;
    let release!: () => void;
    const slow = runOncePerStore(store, once('a'), () => new Promise<void>((resolve) => (release = () => (runs++, resolve()))));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await runOncePerStore(store, once('b'), async () => void runs++)).toBe(false);
    release();
    expect(await slow).toBe(true);
    expect(await runOncePerStore(store, once('b'), async () => void runs++)).toBe(true);
    expect(runs).toBe(1);
  });

  it('starts over after a crashed run, once its lock has expired', async () => {
    const store = new MemoryStore();
    await expect(runOncePerStore(store, once('a', 20), () => Promise.reject(new Error('crash')))).rejects.toThrow('crash');
    expect(await runOncePerStore(store, once('b', 20), async () => {})).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await runOncePerStore(store, once('b', 20), async () => {})).toBe(true);
  });
});
