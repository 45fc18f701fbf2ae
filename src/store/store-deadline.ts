// A bound on how long an adapter waits for the store before a platform's answer deadline.
import { StoreUnavailableError } from './port.ts';

/**
 * The work's answer, or StoreUnavailableError when the store has not answered within `ms` (it
 * may be frozen, and the store's watcher not have noticed yet). The work itself goes on; its
 * effect may still land later, as with any timeout.
 */
export function withinStoreDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StoreUnavailableError(`store did not answer within ${ms} ms`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
