// The plan of one session: every timeline task with the network's changes, its role and due instant.
import type { RoleName } from '../../domain/roles.ts';
import type { DueTable } from './due-moment.ts';
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
 * (nothing mutates a plan: it is readonly throughout). The cache is per timeline and bounded
 * (a plan is about 2 kB; distinct starts in preparation at one time are far fewer than the limit).
 */
const sharedPlans = new WeakMap<Timeline, Map<string, readonly PlannedTask[]>>();
const SHARED_PLAN_LIMIT = 5_000;

/** The plan of one session; `due.key` names everything `due.of` depends on (see dueTable). */
export function sessionPlan(
  timeline: Timeline,
  overrides: NetworkOverrides,
  due: { key: string; of: DueTable },
  heldRoles: ReadonlySet<RoleName>,
): readonly PlannedTask[] {
  if (hasAny(overrides)) return planTasks(timeline, overrides, due.of, heldRoles);
  let plans = sharedPlans.get(timeline);
  if (!plans) sharedPlans.set(timeline, (plans = new Map()));
  const key = `${due.key}|${[...heldRoles].sort().join(',')}`;
  let plan = plans.get(key);
  if (!plan) {
    if (plans.size >= SHARED_PLAN_LIMIT) plans.clear();
    plan = planTasks(timeline, overrides, due.of, heldRoles);
    plans.set(key, plan);
  }
  return plan;
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
