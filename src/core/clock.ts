// Time is injected: features ask a Clock, so tests and the console can live through a quarter.

export interface Clock {
  /** The current instant. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told; listeners run after every move (the console's due work). */
export class SimulatedClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves to an instant; refuses to go back in time, as real clocks do not. */
  set(instant: Date): void {
    if (Number.isNaN(instant.getTime())) throw new RangeError('invalid instant');
    if (instant.getTime() < this.current) throw new RangeError('a simulated clock only moves forward');
    this.current = instant.getTime();
  }

  advance(ms: number): void {
    this.set(new Date(this.current + ms));
  }
}
