// What one session's preparation needs now, derived from stored state only (no memory of ticks).
import type { PlannedTask } from './plan.ts';
import { otherLeadRole } from './plan.ts';
import type { SessionView } from './session-view.ts';

/** A nudge more than this late (downtime) is listed in the readiness overview instead of sent. */
export const LATE_LIMIT_MS = 48 * 3_600_000;

export type DueWork =
  | { kind: 'nudge'; task: PlannedTask }
  | { kind: 'later'; task: PlannedTask; round: number }
  | { kind: 'missed'; task: PlannedTask }
  | { kind: 'catchUp'; tasks: PlannedTask[] }
  | { kind: 'escalate'; task: PlannedTask; to: PlannedTask['role'] }
  | { kind: 'overview' };

/**
 * The work due at `now`. Tasks that were already due when the current plan was made (the
 * session was planned or moved late) form one catch-up list; tasks due since are nudged, unless
 * more than 48 hours late. One week before, open tasks go to the other lead and the trekker gets
 * the overview. Every item is idempotent downstream (claimed delivery keys).
 */
export function dueWork(view: SessionView, now: Date): DueWork[] {
  const { session, nudged } = view;
  const at = now.getTime();
  if (session.status !== 'planned' || session.startsAt.getTime() <= at) return [];
  const anchor = session.updatedAt.getTime();
  const work: DueWork[] = [];
  const catchUp: PlannedTask[] = [];
  for (const task of view.plan) {
    const state = view.states.get(task.id);
    if (task.off || state?.status !== 'open') continue;
    const due = task.due.getTime();
    if (due <= at) {
      if (due < anchor) {
        if (!nudged.has(task.id)) catchUp.push(task);
      } else if (at - due > LATE_LIMIT_MS) {
        if (!nudged.has(task.id)) work.push({ kind: 'missed', task });
      } else {
        work.push({ kind: 'nudge', task });
      }
    }
    const until = state.laterUntil?.getTime();
    if (until !== undefined && until <= at && at - until <= LATE_LIMIT_MS) work.push({ kind: 'later', task, round: state.laterRounds });
  }
  if (catchUp.length > 0) work.push({ kind: 'catchUp', tasks: catchUp });
  const weekBefore = view.weekBefore.getTime();
  if (weekBefore <= at && weekBefore >= anchor) {
    for (const task of view.plan) {
      if (task.off || view.states.get(task.id)?.status !== 'open' || task.due.getTime() >= weekBefore) continue;
      work.push({ kind: 'escalate', task, to: otherLeadRole(task.role) });
    }
    work.push({ kind: 'overview' });
  }
  return work;
}
