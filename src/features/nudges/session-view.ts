// Everything needed to decide about one session's preparation, read from the store in one go.
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { RoleName } from '../../domain/roles.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { DueRules } from './due-moment.ts';
import type { TimelineOverrides } from './overrides.ts';
import type { PlannedTask } from './plan.ts';
import { planTasks, weekBeforeMoment } from './plan.ts';
import type { TaskState, TaskStates } from './task-states.ts';
import type { Timeline } from './timeline-data.ts';

export interface SessionView {
  session: Session;
  network: Network;
  plan: PlannedTask[];
  states: Map<string, TaskState>;
  /** Role → user ids holding it, sorted. */
  holders: Map<RoleName, string[]>;
  weekBefore: Date;
}

export interface SessionViewDeps {
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  overrides: TimelineOverrides;
  states: TaskStates;
  timeline: Timeline;
  rules: DueRules;
}

export async function loadSessionView(deps: SessionViewDeps, sessionId: string): Promise<SessionView | undefined> {
  const session = await deps.sessions.get(sessionId);
  if (!session) return undefined;
  return viewOf(deps, session);
}

export async function viewOf(deps: SessionViewDeps, session: Session, knownNetwork?: Network): Promise<SessionView | undefined> {
  // Independent reads in parallel: with a networked store this is one round trip instead of four.
  const [network, assignments, overrides, states] = await Promise.all([
    knownNetwork ?? deps.directory.get(session.networkId),
    deps.directory.assignments(session.networkId),
    deps.overrides.get(session.networkId),
    deps.states.of(session.id, deps.timeline.tasks.map((task) => task.id)),
  ]);
  if (!network) return undefined;
  const holders = new Map<RoleName, string[]>();
  for (const { role, userId } of assignments) holders.set(role, [...(holders.get(role) ?? []), userId].sort());
  const plan = planTasks(deps.timeline, overrides, session.startsAt, network.timeZone, deps.rules, new Set(holders.keys()));
  return { session, network, plan, states, holders, weekBefore: weekBeforeMoment(session.startsAt, network.timeZone, deps.rules) };
}

/** Every instant at which this session's preparation has work, before it starts. */
export function momentsOf(view: SessionView): Date[] {
  const moments: Date[] = [view.weekBefore];
  for (const task of view.plan) {
    if (task.off) continue;
    const state = view.states.get(task.id);
    if (state?.status !== 'open') continue;
    moments.push(task.due);
    if (state.laterUntil) moments.push(state.laterUntil);
  }
  return moments.filter((m) => m.getTime() < view.session.startsAt.getTime());
}

/** Who gets a task: its role's holders, else the trekker(s) marked as stand-in, else nobody (the channel). */
export function recipientsOf(view: SessionView, role: RoleName): { userIds: string[]; standIn: boolean } {
  const holders = view.holders.get(role) ?? [];
  if (holders.length > 0) return { userIds: holders, standIn: false };
  return { userIds: view.holders.get('trekker') ?? [], standIn: role !== 'trekker' };
}

/** Every task is done or not applicable (switched-off tasks do not count). */
export function isPrepared(view: SessionView): boolean {
  return view.plan.every((task) => task.off || view.states.get(task.id)?.status !== 'open');
}
