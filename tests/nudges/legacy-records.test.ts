// Answers stored by an earlier build (one key per task state, sets of marked and nudged tasks)
// are moved into the per-session hashes on the first tick, once, and the old keys are removed.
import { describe, expect, it } from 'vitest';
import { nudgeKeys } from '../../src/features/nudges/keys.ts';
import { legacyKeys } from '../../src/features/nudges/legacy-task-records.ts';
import { TaskStates } from '../../src/features/nudges/task-states.ts';
import { createHarness, setUpNetwork } from './nudge-harness.ts';

describe('task records of the first store layout', () => {
  it('are moved on the first tick, with who answered, and their old keys removed', async () => {
    const h = await createHarness({ start: new Date('2027-01-04T08:00:00Z') });
    const sessionId = await setUpNetwork(h);
    const store = h.app.store;
    const markedAt = new Date('2027-01-03T10:00:00Z');
    const later = new Date('2027-01-20T08:00:00Z');
    await store.set(legacyKeys.state(sessionId, 'notulen'), { status: 'done', by: 'bram', at: markedAt, laterRounds: 0 });
    await store.set(legacyKeys.state(sessionId, 'uitnodigingen'), { status: 'open', by: 'bram', at: markedAt, laterUntil: later, laterRounds: 1 });
    await store.setAdd(legacyKeys.marked(sessionId), ['notulen', 'uitnodigingen']);
    await store.setAdd(legacyKeys.nudged(sessionId), ['notulen']);
    // Unchanged between the layouts: the index of what a person marked.
    await store.setAdd(nudgeKeys.marksBy('test', 'bram'), [`${sessionId}:notulen`, `${sessionId}:uitnodigingen`]);

    await h.app.bot.tick(h.clock.now());

    const states = new TaskStates(store);
    expect(await states.get(sessionId, 'notulen')).toEqual({ status: 'done', laterRounds: 0 });
    expect(await states.markOf(sessionId, 'notulen')).toEqual({ by: 'bram', at: markedAt });
    expect(await states.get(sessionId, 'uitnodigingen')).toEqual({ status: 'open', laterUntil: later, laterRounds: 1 });
    const [records] = await states.ofMany([sessionId], ['notulen']);
    expect([...records!.nudged]).toEqual(['notulen']);
    expect(await store.get(legacyKeys.state(sessionId, 'notulen'))).toBeUndefined();
    expect(await store.setMembers(legacyKeys.marked(sessionId))).toEqual([]);
    expect(await store.setMembers(legacyKeys.nudged(sessionId))).toEqual([]);
    expect(await store.get(legacyKeys.migrated())).toBe(true);

    // Erasing a person now finds the moved mark.
    const feature = h.app.bot.features().find((f) => f.name === 'nudges')!;
    await feature.forgetPerson!({ platform: 'test', userId: 'bram' });
    expect(await states.markOf(sessionId, 'notulen')).toEqual({ at: markedAt });
  });
});
