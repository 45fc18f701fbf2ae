// Everything needed to decide about sessions' preparation, read from the store in one go.
import { keys } from '../../domain/keys.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { RoleName } from '../../domain/roles.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Network, RoleAssignment, Session } from '../../domain/types.ts';
import type { DueRules } from './due-moment.ts';
import type { NetworkOverrides, TimelineOverrides } from './overrides.ts';
import type { PlannedTask } from './plan.ts';
import { dueTable } from './due-moment.ts';
import { nudgeKeys } from './keys.ts';
import { sessionPlan } from './plan.ts';
import type { TaskRecords, TaskStateLookup, TaskStates } from './task-states.ts';
import type { Timeline } from './timeline-data.ts';

export interface SessionView {
  session: Session;
  network: Network;
  plan: readonly PlannedTask[];
  states: TaskStateLookup;
  /** Tasks nudged at least once (any plan version). */
  nudged: ReadonlySet<string>;
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
  return (await loadSessionViews(deps, [sessionId]))[0];
}

/**
 * The views of many sessions with one read per kind of record (sessions, networks, roles,
 * changes, task states) instead of one per session: a tick decides about a thousand sessions
 * on current stored state in a handful of store round trips. Undefined where a session or its
 * network is gone.
 */
export async function loadSessionViews(deps: SessionViewDeps, sessionIds: readonly string[]): Promise<Array<SessionView | undefined>> {
  return buildViews(deps, await readSessionStates(deps, sessionIds));
}

export async function viewOf(deps: SessionViewDeps, session: Session, knownNetwork?: Network): Promise<SessionView | undefined> {
  return (await viewsOf(deps, [session], knownNetwork ? [knownNetwork] : undefined))[0];
}

/** Views of the given sessions; `knownNetworks` saves reading networks the caller already has. */
export async function viewsOf(deps: SessionViewDeps, sessions: readonly Session[], knownNetworks?: readonly Network[]): Promise<Array<SessionView | undefined>> {
  if (sessions.length === 0) return [];
  const records = await readRecords(deps, sessions.map((s) => s.id));
  return buildViews(deps, await readNetworkStates(deps, sessions, records, knownNetworks));
}

/**
 * The key prefixes of every record a view is read from; the app lists writes to them in the
 * change log, so views read ahead of time can be checked (pre-read.ts). "network:" covers a
 * network's record and its roles.
 */
export const VIEW_SOURCE_PREFIXES: readonly string[] = [keys.session(''), keys.network(''), nudgeKeys.taskRecords(''), nudgeKeys.overrides('')];

/** The keys a session's view is read from (readSessionStates); a test holds the two together. */
export function viewSourceKeys(sessionId: string, networkId: string): string[] {
  return [keys.session(sessionId), nudgeKeys.taskRecords(sessionId), keys.network(networkId), keys.networkRoles(networkId), nudgeKeys.overrides(networkId)];
}

/** What views are built from, as read from the store; building them reads nothing more. */
export interface SessionStates {
  /** Undefined where the session is gone. */
  sessions: ReadonlyArray<Session | undefined>;
  records: readonly TaskRecords[];
  networks: ReadonlyMap<string, NetworkState>;
}

interface NetworkState {
  network?: Network;
  assignments: readonly RoleAssignment[];
  overrides: NetworkOverrides;
}

/**
 * Reads the stored state of sessions, their tasks and their networks. Apart from building views
 * (`buildViews`, no store access), so a caller can start the next read before it builds.
 */
export async function readSessionStates(deps: SessionViewDeps, sessionIds: readonly string[]): Promise<SessionStates> {
  // Task records are keyed by session id, so they are read alongside the sessions themselves.
  const [sessions, records] = await Promise.all([deps.sessions.getMany(sessionIds), readRecords(deps, sessionIds)]);
  return readNetworkStates(deps, sessions, records);
}

function readRecords(deps: SessionViewDeps, sessionIds: readonly string[]): Promise<TaskRecords[]> {
  return deps.states.ofMany(sessionIds, deps.timeline.tasks.map((task) => task.id));
}

/** Adds the records of the sessions' networks, read once per network. */
async function readNetworkStates(
  deps: SessionViewDeps,
  sessions: ReadonlyArray<Session | undefined>,
  records: readonly TaskRecords[],
  knownNetworks?: readonly Network[],
): Promise<SessionStates> {
  const networkIds = [...new Set(sessions.flatMap((s) => (s ? [s.networkId] : [])))];
  const known = new Map((knownNetworks ?? []).map((n) => [n.id, n]));
  const unknownIds = networkIds.filter((id) => !known.has(id));
  // Independent reads in parallel: with a networked store this is one round trip instead of three.
  const [found, assignments, overrides] = await Promise.all([
    unknownIds.length > 0 ? deps.directory.getMany(unknownIds) : [],
    deps.directory.assignmentsOfMany(networkIds),
    deps.overrides.getMany(networkIds),
  ]);
  unknownIds.forEach((id, i) => found[i] && known.set(id, found[i]));
  const networks = new Map(networkIds.map((id, i) => [id, new NetworkRecords(known.get(id), assignments[i]!, overrides[i]!)]));
  return { sessions, records, networks };
}

/** Joins sessions with their task records and networks, and plans them. */
export function buildViews(deps: SessionViewDeps, { sessions, records, networks }: SessionStates): Array<SessionView | undefined> {
  const byNetwork = new Map<string, Joined>();
  for (const [id, { network, assignments, overrides }] of networks) {
    if (!network) continue;
    const holders = holdersOf(assignments);
    byNetwork.set(id, new Joined(network, holders, new Set(holders.keys()), overrides));
  }
  return sessions.map((session, i) => {
    const joined = session && byNetwork.get(session.networkId);
    if (!session || !joined) return undefined;
    const { network, holders, heldRoles, overrides } = joined;
    const due = dueTable(session.startsAt, network.timeZone, deps.rules);
    const plan = sessionPlan(deps.timeline, overrides, due, heldRoles);
    const { states, nudged } = records[i]!;
    // One week before: escalations and the readiness overview.
    return new View(session, network, plan, states, nudged, holders, due.of(1).at);
  });
}

/** Role → holders, sorted; arrays by `filter`/`map` (see the note on literals below). */
function holdersOf(assignments: readonly RoleAssignment[]): Map<RoleName, string[]> {
  const holders = new Map<RoleName, string[]>();
  for (const { role } of assignments) {
    if (!holders.has(role)) holders.set(role, assignments.filter((a) => a.role === role).map((a) => a.userId).sort());
  }
  return holders;
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

// What a tick keeps for a whole batch (views, due work, task records, role assignments) is made of
// class instances and of arrays built by builtins (map, filter, Array.of), never of object or
// array literals. V8 follows how many objects of each literal survive young-generation
// collections; when a batch's objects outlive them while its messages go out, it starts
// allocating that literal's objects in the old generation ("allocation-site pretenuring"), where
// they, and what they point to, wait for a full collection. One such collection then lands in a
// 09:00 tick (BENCHMARKS.md, nudges). Class instances and builtin-made arrays are not followed.

class View implements SessionView {
  constructor(
    readonly session: Session,
    readonly network: Network,
    readonly plan: readonly PlannedTask[],
    readonly states: TaskStateLookup,
    readonly nudged: ReadonlySet<string>,
    readonly holders: Map<RoleName, string[]>,
    readonly weekBefore: Date,
  ) {}
}

class Joined {
  constructor(
    readonly network: Network,
    readonly holders: Map<RoleName, string[]>,
    readonly heldRoles: Set<RoleName>,
    readonly overrides: NetworkOverrides,
  ) {}
}

class NetworkRecords implements NetworkState {
  constructor(
    readonly network: Network | undefined,
    readonly assignments: readonly RoleAssignment[],
    readonly overrides: NetworkOverrides,
  ) {}
}
