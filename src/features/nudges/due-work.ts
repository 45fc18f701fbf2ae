// What one session's preparation needs now, derived from stored state only (no memory of ticks).
import type { RoleName } from '../../domain/roles.ts';
import type { DueRules } from './due-moment.ts';
import { addDays } from '../../domain/dutch-holidays.ts';
import { localDay, nudgeMomentFrom } from './due-moment.ts';
import { sentField, sentFieldParts, stamp } from './keys.ts';
import type { PlannedTask } from './plan.ts';
import { otherLeadRole } from './plan.ts';
import type { SessionView } from './session-view.ts';
import { recipientsOf } from './session-view.ts';

/** A nudge more than this late (downtime) is listed in the readiness overview instead of sent. */
export const LATE_LIMIT_MS = 48 * 3_600_000;

/** The kinds in item ids: `handover:<task>:<week-before stamp>`, `task:<task>:<due stamp>`. */
const HANDOVER_KIND = 'handover';
const TASK_KIND = 'task';

/**
 * One line of a person's daily digest, or a task to list as missed. `id` names the item within
 * its session, the same on every tick, so it is delivered once per recipient.
 */
export type DueItem =
  /** A task to do: due now, put off until now ("later"), or already due when the session was planned or moved (catch-up). */
  | { kind: 'task'; id: string; task: PlannedTask; reason: 'due' | 'later' | 'catchUp' | 'takenOver' }
  /** An open task of one lead, handed to the other a week before. */
  | { kind: 'handover'; id: string; task: PlannedTask; from: RoleName; to: RoleName }
  /** The readiness overview for the trekker a week before. */
  | { kind: 'overview'; id: string }
  /** A task more than 48 hours late after downtime: listed in the overview, never sent. */
  | { kind: 'missed'; id: string; task: PlannedTask };

/**
 * The items due at `now`. Tasks already due when the current plan was made (the session was
 * planned or moved late) come once, at the first nudge moment after that; tasks due since come
 * on their moment, unless more than 48 hours late. One week before, open tasks go to the other
 * lead and the trekker gets the overview.
 */
export function dueItems(view: SessionView, now: Date, rules: DueRules): DueItem[] {
  const { session, nudged } = view;
  const at = now.getTime();
  if (session.status !== 'planned' || session.startsAt.getTime() <= at) return [];
  const anchor = session.updatedAt.getTime();
  let catchUpAt: number | undefined;
  const items: DueItem[] = [];
  for (const task of view.plan) {
    const state = view.states.get(task.id);
    if (task.off || state?.status !== 'open') continue;
    const due = task.due.getTime();
    const id = taskItemId(task);
    if (due < anchor && !nudged.has(task.id)) {
      if ((catchUpAt ??= catchUpMoment(view, rules).getTime()) <= at) items.push({ kind: 'task', id, task, reason: 'catchUp' });
    } else if (due >= anchor && due <= at && at - due <= LATE_LIMIT_MS) {
      // Still within its 48 hours, a line that went to the role's former holder on an earlier day is the new holder's
      // because they took the role over, and they are told so (as for an older one below).
      items.push({ kind: 'task', id, task, reason: owedToNewHolder(view, task, id, localDay(now, view.network.timeZone)) ? 'takenOver' : 'due' });
    } else if (due >= anchor && due <= at && !nudged.has(task.id)) {
      items.push({ kind: 'missed', id, task });
    } else if (due <= at && owedToNewHolder(view, task, id)) {
      items.push({ kind: 'task', id, task, reason: 'takenOver' });
    }
    const until = state.laterUntil?.getTime();
    if (until !== undefined && until <= at && at - until <= LATE_LIMIT_MS) items.push({ kind: 'task', id: `later:${task.id}:${state.laterRounds}`, task, reason: 'later' });
  }
  const weekBefore = view.weekBefore.getTime();
  if (weekBefore <= at && weekBefore >= anchor) {
    const week = stamp(view.weekBefore);
    const recent = recentlySent(view, week, now);
    for (const task of view.plan) {
      if (task.off || view.states.get(task.id)?.status !== 'open' || task.due.getTime() >= weekBefore) continue;
      // Caught up less than a week ago (the session was planned or moved late): not overdue yet.
      if (recent.handedOver.has(task.id) || (task.due.getTime() < anchor && recent.nudged.has(task.id))) continue;
      items.push({ kind: 'handover', id: `${HANDOVER_KIND}:${task.id}:${week}`, task, from: task.role, to: otherLeadRole(task.role) });
    }
    items.push({ kind: 'overview', id: `overview:${week}` });
  }
  return items;
}

/**
 * Tasks whose line went out less than a week ago: handed over for another week-before of this
 * session (a session moved by a few days inside its last week would otherwise hand the same open
 * tasks to the other lead twice in one week; moved a week or more, they are handed over again),
 * and task lines to their own role holders.
 */
function recentlySent(view: SessionView, week: string, now: Date): { handedOver: Set<string>; nudged: Set<string> } {
  const since = addDays(localDay(now, view.network.timeZone), -7);
  const handedOver = new Set<string>();
  const nudged = new Set<string>();
  for (const [field, day] of view.sent) {
    if (day <= since) continue;
    const [kind, taskId, itemWeek] = field.slice(0, field.indexOf('|')).split(':');
    if (kind === HANDOVER_KIND && itemWeek !== week) handedOver.add(taskId!);
    if (kind === TASK_KIND) nudged.add(taskId!);
  }
  return { handedOver, nudged };
}

/**
 * Whether a task's line went out while someone else held its role (a trekker who handed over) and
 * one who holds it now did not get it: they are owed it once, under the same item id, so those who
 * had it get nothing again.
 */
function owedToNewHolder(view: SessionView, task: PlannedTask, itemId: string, before?: string): boolean {
  const { userIds } = recipientsOf(view, task.role);
  const recipients = userIds.length > 0 ? userIds : [undefined];
  if (recipients.every((userId) => view.sent.has(sentField(itemId, userId)))) return false;
  // `before`: sent before that day only, so a holder whose line goes out a tick after a co-holder's on the day is no new one.
  return [...view.sent].some(([field, day]) => sentFieldParts(field).itemId === itemId && (before === undefined || day < before));
}

/** A task's item id: the task and its due minute, so a moved task is a new item. */
const taskItemId = (task: PlannedTask) => `${TASK_KIND}:${task.id}:${stamp(task.due)}`;

/** When tasks already due at planning time are sent: the first nudge moment after the plan's last change. */
export function catchUpMoment(view: SessionView, rules: DueRules): Date {
  return nudgeMomentFrom(new Date(view.session.updatedAt.getTime() + 1), view.network.timeZone, rules).at;
}

/** Every instant at which this session's preparation has work, before it starts. */
export function momentsOf(view: SessionView, rules: DueRules): Date[] {
  const moments: Date[] = [view.weekBefore];
  const anchor = view.session.updatedAt.getTime();
  for (const task of view.plan) {
    if (task.off) continue;
    const state = view.states.get(task.id);
    if (state?.status !== 'open') continue;
    moments.push(task.due.getTime() < anchor && !view.nudged.has(task.id) ? catchUpMoment(view, rules) : task.due);
    if (state.laterUntil) moments.push(state.laterUntil);
  }
  return moments.filter((m) => m.getTime() < view.session.startsAt.getTime());
}
