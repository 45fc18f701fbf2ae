// The plan of one session: every timeline task with the network's changes, its role and due instant.
import type { RoleName } from '../../domain/roles.ts';
import type { DueRules } from './due-moment.ts';
import { taskDues } from './due-moment.ts';
import type { NetworkOverrides } from './overrides.ts';
import type { Timeline, TimelineTask } from './timeline-data.ts';
import { effectiveRole } from './timeline-data.ts';

export interface PlannedTask {
  task: TimelineTask;
  id: string;
  weeksBefore: number;
  /** The role that does the task (after the network's change, or the preferred role when held). */
  role: RoleName;
  /** Switched off by the network. */
  off: boolean;
  /** The network changed this task. */
  changed: boolean;
  /** Local due day (YYYY-MM-DD) in the network's zone. */
  day: string;
  due: Date;
}

/** Where and when a session takes place, as far as its plan depends on it. */
export interface PlanAnchor {
  startsAt: Date;
  timeZone: string;
  /**
   * The first nudge moment after the previous session ended, when there is one: no task falls
   * due before it, so sessions closer together than the timeline prepare one after the other.
   */
  notBefore?: Readonly<{ day: string; at: Date }> | undefined;
}

/** Tasks in timeline order; `heldRoles` are the roles someone in the network holds. */
export function planTasks(timeline: Timeline, overrides: NetworkOverrides, session: PlanAnchor, rules: DueRules, heldRoles: ReadonlySet<RoleName>): PlannedTask[] {
  const { notBefore } = session;
  const dueAt = taskDues(session.startsAt, session.timeZone, rules);
  return timeline.tasks.map((task) => {
    const change = overrides[task.id];
    const weeksBefore = change?.weeksBefore ?? task.weeksBefore;
    const role = change?.role ?? effectiveRole(task, heldRoles);
    const planned = dueAt(weeksBefore);
    const { day, at } = notBefore && notBefore.at.getTime() > planned.at.getTime() ? notBefore : planned;
    const changed = change !== undefined && Object.keys(change).length > 0;
    return { task, id: task.id, weeksBefore, role, off: change?.off === true, changed, day, due: at };
  });
}

/** Trekker and procesbegeleider stand in for each other; any other role falls back to the trekker. */
export function otherLeadRole(role: RoleName): RoleName {
  return role === 'trekker' ? 'procesbegeleider' : 'trekker';
}
