// Everything needed to decide about sessions' preparation, read from the store in one go.
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { RoleName } from '../../domain/roles.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Network, RoleAssignment, Session } from '../../domain/types.ts';
import { sessionEnd } from '../../domain/session-length.ts';
import type { DueRules } from './due-moment.ts';
import { nudgeMomentFrom, taskDue } from './due-moment.ts';
import type { NetworkOverrides, TimelineOverrides } from './overrides.ts';
import type { PlannedTask } from './plan.ts';
import { planTasks } from './plan.ts';
import type { BotDone, BotWork } from './bot-work.ts';
import type { PreviousSession, TaskRecords, TaskState, TaskStates } from './task-states.ts';
import type { Timelines } from './timeline-data.ts';
import { allTasks } from './timeline-data.ts';

export interface SessionView {
  session: Session;
  network: Network;
  /** The network's last session before this one (not cancelled); none for its first session. */
  previous?: PreviousSession | undefined;
  /** The first session's plan (data/timeline-first.json) or the regular one, with the network's changes. */
  plan: PlannedTask[];
  /** Every timeline task's state (open where nothing was recorded; done where the bot can see it done, bot-work.ts). */
  states: ReadonlyMap<string, TaskState>;
  /** Tasks nudged at least once (any plan version). */
  nudged: ReadonlySet<string>;
  /** Digest lines delivered: `<item id>|<user id or #>` → day. */
  sent: ReadonlyMap<string, string>;
  /** Role → user ids holding it, sorted. */
  holders: Map<RoleName, string[]>;
  /** What the bot can see done for this session (bot-work.ts). */
  botDone?: BotDone | undefined;
  weekBefore: Date;
}

export interface SessionViewDeps {
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  overrides: TimelineOverrides;
  states: TaskStates;
  timelines: Timelines;
  rules: DueRules;
  /** What the bot can see done (bot-work.ts); without it only people's answers count. */
  botWork?: BotWork | undefined;
}

export async function loadSessionView(deps: SessionViewDeps, sessionId: string): Promise<SessionView | undefined> {
  return (await loadSessionViews(deps, [sessionId]))[0];
}

/**
 * The views of many sessions with one read per kind of record (sessions, networks, roles,
 * changes, task states) instead of one per session: a tick decides about thousands of sessions
 * in a handful of store round trips. Undefined where a session or its network is gone.
 */
export async function loadSessionViews(deps: SessionViewDeps, sessionIds: readonly string[], options: ViewOptions = {}): Promise<Array<SessionView | undefined>> {
  // Task records are keyed by session id, so they are read alongside the sessions themselves.
  const [sessions, records] = await Promise.all([deps.sessions.getMany(sessionIds), readRecords(deps, sessionIds)]);
  return buildViews(deps, sessions, records, [], options);
}

export interface ViewOptions {
  /** Find the previous session among the network's sessions even where one is recorded (when re-planning). */
  fresh?: boolean;
}

export async function viewOf(deps: SessionViewDeps, session: Session, knownNetwork?: Network): Promise<SessionView | undefined> {
  return (await viewsOf(deps, [session], knownNetwork ? [knownNetwork] : undefined))[0];
}

/** Views of the given sessions; `knownNetworks` saves reading networks the caller already has. */
export async function viewsOf(deps: SessionViewDeps, sessions: readonly Session[], knownNetworks?: readonly Network[]): Promise<Array<SessionView | undefined>> {
  if (sessions.length === 0) return [];
  return buildViews(deps, sessions, await readRecords(deps, sessions.map((s) => s.id)), knownNetworks);
}

function readRecords(deps: SessionViewDeps, sessionIds: readonly string[]): Promise<TaskRecords[]> {
  return deps.states.ofMany(sessionIds, allTasks(deps.timelines).map((task) => task.id));
}

/** Reads the sessions' networks (once per network, in parallel: record, roles, changes, sessions) and joins and plans them. */
async function buildViews(
  deps: SessionViewDeps,
  sessions: ReadonlyArray<Session | undefined>,
  records: readonly TaskRecords[],
  knownNetworks: readonly Network[] = [],
  { fresh = false }: ViewOptions = {},
): Promise<Array<SessionView | undefined>> {
  const networkIds = [...new Set(sessions.flatMap((s) => (s ? [s.networkId] : [])))];
  // A network's sessions are read only where a session's previous one is not recorded (most of a tick's reading otherwise).
  const unrecorded = new Set(sessions.flatMap((s, i) => (s && (fresh || records[i]!.previous === undefined) ? [s.networkId] : [])));
  const listed = networkIds.filter((id) => unrecorded.has(id));
  const networks = new Map(knownNetworks.map((n) => [n.id, n]));
  const unknownIds = networkIds.filter((id) => !networks.has(id));
  const [found, assignments, overrides, lists] = await Promise.all([
    unknownIds.length > 0 ? deps.directory.getMany(unknownIds) : [],
    deps.directory.assignmentsOfMany(networkIds),
    deps.overrides.getMany(networkIds),
    listed.length > 0 ? deps.sessions.listMany(listed) : [],
  ]);
  const listsById = new Map(listed.map((id, i) => [id, lists[i]!]));
  unknownIds.forEach((id, i) => found[i] && networks.set(id, found[i]));
  const byNetwork = new Map<string, { network: Network; holders: Map<RoleName, string[]>; held: Set<RoleName>; overrides: NetworkOverrides }>();
  networkIds.forEach((id, i) => {
    const network = networks.get(id);
    if (!network) return;
    const holders = holdersOf(assignments[i]!);
    byNetwork.set(id, { network, holders, held: new Set(holders.keys()), overrides: overrides[i]! });
  });
  const views = sessions.map((session, i): SessionView | undefined => {
    const joined = session && byNetwork.get(session.networkId);
    if (!session || !joined) return undefined;
    const { network, holders, held, overrides } = joined;
    const recorded = records[i]!.previous;
    const list = listsById.get(session.networkId);
    const previous = list ? previousOf(list, session) : (recorded ?? undefined);
    const notBefore = previous ? nudgeMomentFrom(previous.endsAt, network.timeZone, deps.rules) : undefined;
    const timeline = previous ? deps.timelines.regular : deps.timelines.first;
    const plan = planTasks(timeline, overrides, { startsAt: session.startsAt, timeZone: network.timeZone, notBefore }, deps.rules, held);
    const { states, nudged, sent } = records[i]!;
    // One week before (never before the previous session ended): escalations and the readiness overview.
    const week = taskDue(session.startsAt, network.timeZone, 1, deps.rules).at;
    const weekBefore = notBefore && notBefore.at.getTime() > week.getTime() ? notBefore.at : week;
    return { session, network, previous, plan, states, nudged, sent, holders, weekBefore };
  });
  const present = views.filter((view): view is SessionView => view !== undefined);
  const done = deps.botWork ? await deps.botWork.doneFor(present.map((view) => ({ session: view.session, previousId: view.previous?.id }))) : [];
  present.forEach((view, i) => {
    view.botDone = done[i];
    if (done[i]?.size) view.states = withBotWork(view.plan, view.states, done[i]!);
  });
  return views;
}

/**
 * A task the bot can see done counts as done (also when it was put off: its reminder would be noise),
 * unless a person marked it done or not applicable; a new map, as the stored states are shared between sessions.
 */
function withBotWork(plan: readonly PlannedTask[], states: ReadonlyMap<string, TaskState>, done: BotDone): ReadonlyMap<string, TaskState> {
  const result = new Map(states);
  for (const { task } of plan) {
    const state = states.get(task.id);
    if (!task.doneWhen || !done.has(task.doneWhen) || state?.status !== undefined && state.status !== 'open') continue;
    result.set(task.id, { status: 'done', laterRounds: state?.laterRounds ?? 0, byBot: task.doneWhen });
  }
  return result;
}

function previousOf(sessions: readonly Session[], session: Session): PreviousSession | undefined {
  const previous = previousSession(sessions, session);
  return previous && { id: previous.id, startsAt: previous.startsAt, endsAt: sessionEnd(previous) };
}

/** The last session of the network that starts before `session` and is not cancelled. */
export function previousSession(sessions: readonly Session[], session: Session): Session | undefined {
  let previous: Session | undefined;
  for (const other of sessions) {
    if (other.id === session.id || other.status !== 'planned' || other.startsAt.getTime() >= session.startsAt.getTime()) continue;
    if (!previous || other.startsAt.getTime() > previous.startsAt.getTime()) previous = other;
  }
  return previous;
}

/** Role → holders, sorted. */
function holdersOf(assignments: readonly RoleAssignment[]): Map<RoleName, string[]> {
  const holders = new Map<RoleName, string[]>();
  for (const { role, userId } of assignments) holders.set(role, [...(holders.get(role) ?? []), userId]);
  for (const userIds of holders.values()) userIds.sort();
  return holders;
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
