// A counting semaphore whose waiters for a person ('now') go before waiters for the batch.
import type { DeliveryLane } from './delivery-records.ts';

export class PrioritySlots {
  private active = 0;
  private readonly waiting: Record<DeliveryLane, Array<() => void>> = { now: [], batch: [] };

  constructor(private readonly capacity: number) {}

  /** Resolves once a slot is held; release it exactly once. */
  acquire(lane: DeliveryLane): Promise<void> {
    if (this.active < this.capacity && this.waiting.now.length === 0 && (lane === 'now' || this.waiting.batch.length === 0)) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting[lane].push(resolve));
  }

  release(): void {
    const next = this.waiting.now.shift() ?? this.waiting.batch.shift();
    // The slot passes straight to the next waiter, so nobody can take it in between.
    if (next) next();
    else this.active -= 1;
  }
}
