// Hour buckets in the store naming the sessions with a reminder due in that hour, so a tick reads
// only the buckets of hours that have come, on whichever replica it runs.
import type { Store } from '../../store/port.ts';
import { sessionKeys } from './session-keys.ts';

const HOUR_MS = 3_600_000;

export const hourOf = (instant: Date) => Math.floor(instant.getTime() / HOUR_MS);

export class ReminderIndex {
  constructor(private readonly store: Store) {}

  /** Files a session under the hour of each moment; past moments go into the current hour. */
  async add(sessionId: string, moments: readonly Date[], now: Date): Promise<void> {
    const hours = [...new Set(moments.map((moment) => Math.max(hourOf(moment), hourOf(now))))];
    for (const hour of hours) await this.store.setAdd(sessionKeys.reminderBucket(hour), [sessionId]);
    if (hours.length > 0) await this.store.setAdd(sessionKeys.reminderHours(), hours.map(String));
  }

  /** Hours with a bucket, ascending. */
  async hours(): Promise<number[]> {
    return (await this.store.setMembers(sessionKeys.reminderHours())).map(Number).sort((a, b) => a - b);
  }

  async sessionsIn(hour: number): Promise<string[]> {
    return this.store.setMembers(sessionKeys.reminderBucket(hour));
  }

  /**
   * Takes handled sessions out of an hour; an emptied hour before the previous one leaves the
   * list (a writer whose clock lags a little may still file into the previous hour).
   */
  async done(hour: number, sessionIds: readonly string[], now: Date): Promise<void> {
    if (sessionIds.length > 0) await this.store.setRemove(sessionKeys.reminderBucket(hour), sessionIds);
    if (hour < hourOf(now) - 1 && (await this.sessionsIn(hour)).length === 0) await this.store.setRemove(sessionKeys.reminderHours(), [String(hour)]);
  }
}
