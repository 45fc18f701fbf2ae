// The plan of one session: every timeline task with the network's changes, its role and due instant.
import type { RoleName } from '../../domain/roles.ts';
import { roleNames } from '../../domain/roles.ts';
import type { DueTable, StartDues } from './due-moment.ts';
import type { NetworkOverrides } from './overrides.ts';
import type { Timeline, TimelineTask } from './timeline-data.ts';
import { effectiveRole } from './timeline-data.ts';

export interface PlannedTask {
  readonly task: TimelineTask;
  readonly id: string;
  readonly weeksBefore: number;
  /** The role that does the task (after the network's change, or the preferred role when held). */
  readonly role: RoleName;
  /** Switched off by the network. */
  readonly off: boolean;
  /** The network changed this task. */
  readonly changed: boolean;
  /** Local due day (YYYY-MM-DD) in the network's zone. */
  readonly day: string;
  readonly due: Date;
}

/**
 * Plans of networks without changes depend only on the session's start, zone, rules and held
 * roles, and a tick builds a thousand of them at one 09:00; such plans are built once and shared
 * (nothing mutates a plan: it is readonly throughout). They are kept per timeline and per start's
 * due table (one object per start, zone and rules), by held roles, and bounded by count (a plan
 * is about 2 kB; distinct starts in preparation at one time are far fewer than the limit).
 */
let sharedPlans = new WeakMap<Timeline, WeakMap<StartDues, Map<number, readonly PlannedTask[]>>>();
let sharedPlanCount = 0;
const SHARED_PLAN_LIMIT = 5_000;

/** The plan of one session starting when `due` says. */
export function sessionPlan(timeline: Timeline, overrides: NetworkOverrides, due: StartDues, heldRoles: ReadonlySet<RoleName>): readonly PlannedTask[] {
  if (hasAny(overrides)) return planTasks(timeline, overrides, due.of, heldRoles);
  if (sharedPlanCount >= SHARED_PLAN_LIMIT) {
    sharedPlans = new WeakMap();
    sharedPlanCount = 0;
  }
  let byStart = sharedPlans.get(timeline);
  if (!byStart) sharedPlans.set(timeline, (byStart = new WeakMap()));
  let byRoles = byStart.get(due);
  if (!byRoles) byStart.set(due, (byRoles = new Map()));
  const roles = roleSet(heldRoles);
  let plan = byRoles.get(roles);
  if (!plan) {
    plan = planTasks(timeline, overrides, due.of, heldRoles);
    byRoles.set(roles, plan);
    sharedPlanCount++;
  }
  return plan;
}

/** Held roles as one number (a bit per role name), a cache key built without allocating. */
function roleSet(heldRoles: ReadonlySet<RoleName>): number {
  let bits = 0;
  for (let i = 0; i < roleNames.length; i++) if (heldRoles.has(roleNames[i]!)) bits |= 1 << i;
  return bits;
}

function hasAny(record: object): boolean {
  for (const _ in record) return true;
  return false;
}

/** Tasks in timeline order, due by `dueOf` (a due table's `of`); `heldRoles` are the roles someone in the network holds. */
export function planTasks(timeline: Timeline, overrides: NetworkOverrides, dueOf: DueTable, heldRoles: ReadonlySet<RoleName>): PlannedTask[] {
  return timeline.tasks.map((task) => {
    const change = overrides[task.id];
    const weeksBefore = change?.weeksBefore ?? task.weeksBefore;
    const role = change?.role ?? effectiveRole(task, heldRoles);
    const { day, at } = dueOf(weeksBefore);
    const changed = change !== undefined && Object.keys(change).length > 0;
    return { task, id: task.id, weeksBefore, role, off: change?.off === true, changed, day, due: at };
  });
}

/** Trekker and procesbegeleider stand in for each other; any other role falls back to the trekker. */
export function otherLeadRole(role: RoleName): RoleName {
  return role === 'trekker' ? 'procesbegeleider' : 'trekker';
}
