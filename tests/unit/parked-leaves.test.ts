import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { LeftEvent } from '../../src/core/events.ts';
import { MAX_PARKED_LEAVES, PARKED_LEAVE_MAX_AGE_MS, ParkedLeaves } from '../../src/core/parked-leaves.ts';

const leave = (userId: string): LeftEvent => ({ type: 'left', platform: 'slack', actor: { userId, displayName: '' }, conversation: { kind: 'channel', id: 'C1' } });
const responder = { reply: async () => {} } as never;

describe('leaves parked during a store outage', () => {
  it('are taken once, in order, and no more than the bound', () => {
    const parked = new ParkedLeaves(new SimulatedClock(new Date('2027-01-04T08:00:00Z')));
    for (let n = 0; n < MAX_PARKED_LEAVES + 3; n++) parked.park(leave(`U${n}`), responder);
    const taken = parked.take().map((p) => p.event.actor.userId);
    expect(taken).toHaveLength(MAX_PARKED_LEAVES);
    expect(taken[0]).toBe('U3');
    expect(parked.take()).toEqual([]);
  });

  it('are dropped when older than a day: the leads would take old news for new', () => {
    const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
    const parked = new ParkedLeaves(clock);
    parked.park(leave('U-old'), responder);
    clock.advance(PARKED_LEAVE_MAX_AGE_MS - 1000);
    parked.park(leave('U-young'), responder);
    clock.advance(2000);
    expect(parked.take().map((p) => p.event.actor.userId)).toEqual(['U-young']);
  });
});
