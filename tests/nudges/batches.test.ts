// A tick decides sessions a batch at a time; more sessions than one batch, some with answered
// tasks and one whose network is gone, must each get exactly the nudges their state calls for.
import { describe, expect, it } from 'vitest';
import { keys } from '../../src/domain/keys.ts';
import { SESSIONS_PER_BATCH } from '../../src/features/nudges/nudge-runner.ts';
import { TaskStates } from '../../src/features/nudges/task-states.ts';
import { addHeldSession, createHarness, runUntil } from './nudge-harness.ts';

const SESSIONS = SESSIONS_PER_BATCH * 2 + 17;
// Twelve weeks before 2027-04-08 is Thursday 2027-01-14: four tasks fall due at 09:00.
const WEEK_12_TASKS = ['notulen', 'geleerde-lessen', 'uitnodigingen', 'ervaring-deelnemers'];

describe('nudges in batches', () => {
  it('sends every session of an hour its own due nudges once, across several batches', async () => {
    const h = await createHarness({ start: new Date('2027-01-04T08:00:00Z') });
    const sessionIds: string[] = [];
    for (let n = 0; n < SESSIONS; n++) {
      const network = (await h.app.directory.create({ name: `Netwerk ${n}`, platform: 'test', channelId: `kanaal-${n}`, timeZone: 'Europe/Amsterdam', createdBy: `trekker-${n}` }))!;
      await h.app.directory.assign(network, 'procesbegeleider', `pb-${n}`);
      await addHeldSession(h, network.id, '2026-12-10');
      const planned = await h.app.sessions.plan(network.id, { date: '2027-04-08', time: '14:00', timeZone: 'Europe/Amsterdam' }, `trekker-${n}`);
      if (!planned.ok) throw new Error(`session ${n} not planned: ${planned.reason}`);
      sessionIds.push(planned.session.id);
    }
    // Session 0 already answered one task; session 1's network disappears before the day.
    const states = new TaskStates(h.app.store);
    await states.mark('test', sessionIds[0]!, 'notulen', 'done', 'pb-0', h.clock.now());
    const gone = (await h.app.sessions.getMany([sessionIds[1]!]))[0]!;
    await h.app.store.delete(keys.network(gone.networkId));

    await runUntil([h], new Date('2027-01-14T09:00:00Z'));

    const nudges = h.timed.nudges();
    const bySession = new Map<string, string[]>();
    for (const nudge of nudges) bySession.set(nudge.sessionId!, [...(bySession.get(nudge.sessionId!) ?? []), nudge.task!]);
    expect(bySession.get(sessionIds[0]!)?.sort()).toEqual(WEEK_12_TASKS.filter((t) => t !== 'notulen').sort());
    expect(bySession.has(sessionIds[1]!)).toBe(false);
    for (const sessionId of sessionIds.slice(2)) expect(bySession.get(sessionId)?.sort()).toEqual([...WEEK_12_TASKS].sort());
    expect(nudges.every((nudge) => nudge.at === '2027-01-14T08:00:00.000Z')).toBe(true);
    expect(nudges).toHaveLength(3 + (SESSIONS - 2) * 4);

    // The next tick finds the hour handled: nothing is sent twice.
    h.clock.set(new Date('2027-01-14T09:01:00Z'));
    await h.app.bot.tick(h.clock.now());
    expect(h.timed.nudges()).toHaveLength(nudges.length);
  }, 60_000);
});
