// A store that counts what the app asks of it: how many calls, and the longest key or argument sent.
import type { Store } from '../../src/store/port.ts';

export interface StoreWork {
  calls: number;
  /** Characters of the longest call's arguments, as JSON (a key, a value, a batch). */
  longestCall: number;
  reset(): void;
}

export function countingStore(store: Store): { store: Store; work: StoreWork } {
  const work: StoreWork = {
    calls: 0,
    longestCall: 0,
    reset() {
      this.calls = 0;
      this.longestCall = 0;
    },
  };
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        work.calls += 1;
        work.longestCall = Math.max(work.longestCall, JSON.stringify(args)?.length ?? 0);
        return member.apply(target, args);
      };
    },
  });
  return { store: counted, work };
}
