// The due index: hour buckets in the store naming the sessions that have something due in that
// hour. Every replica writes and reads the same buckets, so a session planned on one replica is
// seen by the tick of another, and a tick reads only the buckets of hours that have come.
import type { Store } from '../../store/port.ts';
import { hourOf, nudgeKeys } from './keys.ts';

const HOUR_MS = 3_600_000;

export class DueIndex {
  constructor(private readonly store: Store) {}

  /**
   * Files a session under the hour of each moment; moments already past go into the current
   * hour, so the next tick sees them. Buckets are never filed before the current hour, which
   * lets a tick drop emptied buckets of earlier hours without racing a writer.
   */
  async add(sessionId: string, moments: readonly Date[], now: Date): Promise<void> {
    await this.addMany([{ sessionId, moments }], now);
  }

  /** Files many sessions at once: one write per hour bucket instead of one per session and hour. */
  async addMany(entries: ReadonlyArray<{ sessionId: string; moments: readonly Date[] }>, now: Date): Promise<void> {
    const current = hourOf(now);
    const byHour = new Map<number, Set<string>>();
    for (const { sessionId, moments } of entries) {
      for (const moment of moments) {
        const hour = Math.max(hourOf(moment), current);
        let bucket = byHour.get(hour);
        if (!bucket) byHour.set(hour, (bucket = new Set()));
        bucket.add(sessionId);
      }
    }
    for (const [hour, sessionIds] of byHour) await this.store.setAdd(nudgeKeys.dueBucket(hour), [...sessionIds]);
    if (byHour.size > 0) await this.store.setAdd(nudgeKeys.dueHours(), [...byHour.keys()].map(String));
  }

  /** Hours with a bucket, ascending. */
  async hours(): Promise<number[]> {
    return (await this.store.setMembers(nudgeKeys.dueHours())).map(Number).sort((a, b) => a - b);
  }

  async sessionsIn(hour: number): Promise<string[]> {
    return this.store.setMembers(nudgeKeys.dueBucket(hour));
  }

  /** Removes a handled session from an hour; an emptied hour well in the past leaves the index. */
  async done(hour: number, sessionIds: readonly string[], now: Date): Promise<void> {
    if (sessionIds.length > 0) await this.store.setRemove(nudgeKeys.dueBucket(hour), sessionIds);
    // The previous hour may still receive a late writer whose clock said "previous hour"; keep it one more hour.
    if (hour < hourOf(now) - 1 && (await this.store.setMembers(nudgeKeys.dueBucket(hour))).length === 0) {
      await this.store.setRemove(nudgeKeys.dueHours(), [String(hour)]);
    }
  }
}

export const hourStart = (hour: number) => new Date(hour * HOUR_MS);
export const hourEnd = (hour: number) => new Date((hour + 1) * HOUR_MS);
