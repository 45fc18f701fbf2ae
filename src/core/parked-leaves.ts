// Leaves that arrived while the store was unreachable. A platform sends "left the channel" once and
// the adapter has acknowledged it already, so nobody would send it again: the bot keeps it in memory
// and replays it on the first tick after the store is back. Bounded in number and age, because an
// outage must not grow memory without end, and a notice days late is news nobody can act on.
import type { Clock } from './clock.ts';
import type { Responder } from './chat-adapter.ts';
import type { LeftEvent } from './events.ts';

/** At most this many leaves wait; beyond it the oldest is dropped (a whole team leaving during one outage). */
export const MAX_PARKED_LEAVES = 500;
/** A leave waits at most this long: after it, the leads would hear of it as if it were news. */
export const PARKED_LEAVE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

interface ParkedLeave {
  event: LeftEvent;
  responder: Responder;
  parkedAt: number;
}

export class ParkedLeaves {
  private parked: ParkedLeave[] = [];

  constructor(private readonly clock: Clock) {}

  park(event: LeftEvent, responder: Responder): void {
    this.parked.push({ event, responder, parkedAt: this.clock.now().getTime() });
    if (this.parked.length > MAX_PARKED_LEAVES) this.parked.shift();
  }

  /** Takes every leave still young enough; the caller replays them (and one that fails again parks itself anew). */
  take(): Array<{ event: LeftEvent; responder: Responder }> {
    const now = this.clock.now().getTime();
    const young = this.parked.filter((leave) => now - leave.parkedAt <= PARKED_LEAVE_MAX_AGE_MS);
    this.parked = [];
    return young;
  }
}
