// Which records were written lately, kept in the store so every process sharing it sees every
// process's writes. A process that read records ahead of time (the nudges read the coming hour's
// sessions in the minutes before it) asks which of them were written since, and reads only those
// again, instead of all of them.
import type { Clock } from '../core/clock.ts';
import type { Store } from './port.ts';

const MINUTE_MS = 60_000;
/** How far back the log reaches; older minutes are pruned. */
export const CHANGE_LOG_REACH_MS = 3 * 3_600_000;
/** How far ahead of the reader's a writer's clock may run and its writes still be found. */
export const CLOCK_AHEAD_MS = 5 * 60_000;

const changeKeys = {
  /** The keys written in one minute (by the writer's clock). */
  minute: (minute: number) => `changes:${minute}`,
  /** The minutes that have writes, so pruning finds them after any downtime. */
  minutes: () => 'changes:minutes',
};

const minuteOf = (instant: Date) => Math.floor(instant.getTime() / MINUTE_MS);

export class ChangeLog {
  /** The last minute this process put in the minutes index: later writes in it need not repeat that. */
  private indexedMinute: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Notes that keys are about to be written. Called before the write, so a reader that does not
   * find a key here can trust what it read earlier: the write it might have missed is listed.
   */
  async record(keys: readonly string[]): Promise<void> {
    const minute = minuteOf(this.clock.now());
    if (minute === this.indexedMinute) return this.store.setAdd(changeKeys.minute(minute), keys);
    await Promise.all([this.store.setAdd(changeKeys.minute(minute), keys), this.store.setAdd(changeKeys.minutes(), [String(minute)])]);
    this.indexedMinute = minute;
  }

  /**
   * The keys written from the minute of `since` until now, by writers whose clocks run up to
   * CLOCK_AHEAD_MS ahead of this one; undefined when the log does not reach back that far.
   */
  async writtenSince(since: Date): Promise<Set<string> | undefined> {
    const now = this.clock.now();
    if (now.getTime() - since.getTime() > CHANGE_LOG_REACH_MS) return undefined;
    const minutes: string[] = [];
    const last = minuteOf(new Date(now.getTime() + CLOCK_AHEAD_MS));
    for (let minute = minuteOf(since); minute <= last; minute++) minutes.push(changeKeys.minute(minute));
    return new Set((await this.store.setMembersMany(minutes)).flat());
  }

  /** Removes the minutes the log no longer needs to reach. */
  async prune(now: Date): Promise<void> {
    const oldest = minuteOf(new Date(now.getTime() - CHANGE_LOG_REACH_MS));
    const stale = (await this.store.setMembers(changeKeys.minutes())).filter((minute) => Number(minute) < oldest);
    if (stale.length === 0) return;
    const keys = stale.map((minute) => changeKeys.minute(Number(minute)));
    const members = await this.store.setMembersMany(keys);
    for (let i = 0; i < keys.length; i++) await this.store.setRemove(keys[i]!, members[i]!);
    await this.store.setRemove(changeKeys.minutes(), stale);
  }
}
