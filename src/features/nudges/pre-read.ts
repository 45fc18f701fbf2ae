// Reads the coming hour's sessions in the minutes before it, a share each minute, so the hour's
// first tick (09:00 brings most of a day's work) decides on views already built instead of
// reading thousands of records at once. At the hour, batch by batch, the change log names what
// was written since the first share was read; those sessions, and any the pre-read did not reach,
// are read again.
import type { Clock } from '../../core/clock.ts';
import type { ChangeLog } from '../../store/change-log.ts';
import type { DueIndex } from './due-index.ts';
import { hourStart } from './due-index.ts';
import { hourOf } from './keys.ts';
import type { SessionView, SessionViewDeps } from './session-view.ts';
import { loadSessionViews, viewSourceKeys } from './session-view.ts';

/**
 * Minutes before an hour in which its sessions are read, a share per minute. Thirty keeps a share
 * of the busiest hour to about a hundred sessions, so a minute's reading, and the collection work
 * V8 does while it allocates, stay a few milliseconds (BENCHMARKS.md, nudges).
 */
export const PRE_READ_MINUTES = 30;
/**
 * Writes this long before the first share was read also count as changes: a writer lists its
 * write in the change log before making it, and may be slow in between or have a clock that lags.
 */
const CHANGE_MARGIN_MS = 5 * 60_000;
/** A pre-read the hour's tick did not take (another replica ran it) is dropped this long into the hour. */
const KEPT_INTO_HOUR_MS = 5 * 60_000;
/**
 * A batch is checked against the change log as read at most this long ago: batches decided in
 * quick succession share one read, a batch whose turn comes after others were sent reads it again.
 */
export const CHECK_FRESH_MS = 1_000;

export interface PreReadDeps extends SessionViewDeps {
  index: DueIndex;
  changes: ChangeLog;
  clock: Clock;
}

/** A bucket's sessions split into those read ahead and those to read now. */
export interface TakenViews {
  held: SessionView[];
  unread: string[];
}

/** Views read ahead split into those nothing was written to since and the sessions to read again. */
export interface CheckedViews {
  current: SessionView[];
  changed: string[];
}

export class HourPreRead {
  private hour: number | undefined;
  /** When the hour's first share was read: changes are looked up from then (less the margin). */
  private firstReadAt = 0;
  private views = new Map<string, SessionView>();
  /** The change log as last read for this hour, and when (by the clock). */
  private lastCheck: { at: number; written: Set<string> | undefined } | undefined;

  constructor(private readonly deps: PreReadDeps) {}

  /** How many sessions are held (for tests and the benchmark). */
  get size(): number {
    return this.views.size;
  }

  /**
   * Reads the next share of the coming hour's sessions when that hour begins within
   * PRE_READ_MINUTES: what is left, divided by the minutes left, so the last minute before the
   * hour reads whatever earlier minutes did not (a missed minute makes later shares larger).
   */
  async readAhead(now: Date): Promise<void> {
    if (this.hour !== undefined && now.getTime() >= hourStart(this.hour).getTime() + KEPT_INTO_HOUR_MS) this.drop();
    const next = hourOf(now) + 1;
    const minutesLeft = Math.ceil((hourStart(next).getTime() - now.getTime()) / 60_000);
    if (minutesLeft > PRE_READ_MINUTES) return;
    if (this.hour !== next) {
      this.drop();
      this.hour = next;
      this.firstReadAt = now.getTime();
    }
    const unread = (await this.deps.index.sessionsIn(next)).filter((id) => !this.views.has(id));
    const share = unread.slice(0, Math.ceil(unread.length / minutesLeft));
    if (share.length === 0) return;
    const views = await loadSessionViews(this.deps, share);
    // The hour may have been dropped or replaced while the share was read (a slow store).
    if (this.hour !== next) return;
    views.forEach((view, i) => view && this.views.set(share[i]!, view));
  }

  /**
   * Splits the sessions of `hour` into those read ahead and those to read now. A view is handed
   * out once: a session that stays in the bucket (more work later in the hour) is read afresh by
   * the next tick.
   */
  take(hour: number, sessionIds: readonly string[]): TakenViews {
    // Not literals: the arrays live as long as the tick (see the note on literals in session-view.ts).
    const held = Array.of<SessionView>();
    const unread = Array.of<string>();
    for (const id of sessionIds) {
      const view = this.hour === hour ? this.views.get(id) : undefined;
      if (view) {
        this.views.delete(id);
        held.push(view);
      } else {
        unread.push(id);
      }
    }
    return new Taken(held, unread);
  }

  /**
   * Checks views taken from the pre-read against the change log, right before they are decided:
   * a view with a source key written since its hour's first share was read (less the margin) is
   * stale. The log is read again once its last read is CHECK_FRESH_MS old, so a long tick checks
   * each batch against the writes made while it sent the earlier ones.
   */
  async check(views: readonly SessionView[]): Promise<CheckedViews> {
    const current = Array.of<SessionView>();
    const changed = Array.of<string>();
    const now = this.deps.clock.now().getTime();
    if (!this.lastCheck || now - this.lastCheck.at >= CHECK_FRESH_MS) {
      this.lastCheck = { at: now, written: await this.deps.changes.writtenSince(new Date(this.firstReadAt - CHANGE_MARGIN_MS)) };
    }
    const { written } = this.lastCheck;
    for (const view of views) {
      const id = view.session.id;
      if (!written || viewSourceKeys(id, view.network.id).some((key) => written.has(key))) changed.push(id);
      else current.push(view);
    }
    return new Checked(current, changed);
  }

  private drop(): void {
    this.hour = undefined;
    this.views = new Map();
    this.lastCheck = undefined;
  }
}

class Taken implements TakenViews {
  constructor(
    readonly held: SessionView[],
    readonly unread: string[],
  ) {}
}

class Checked implements CheckedViews {
  constructor(
    readonly current: SessionView[],
    readonly changed: string[],
  ) {}
}
