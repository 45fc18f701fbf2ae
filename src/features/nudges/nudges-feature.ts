// The nudges feature: session-preparation reminders from the handbook's timeline, anchored to
// every session, re-planned when it moves, delivered exactly once across restarts and replicas.
import type { Clock } from '../../core/clock.ts';
import { DataFileError } from '../../core/data-file.ts';
import type { Delivery } from '../../core/delivery.ts';
import type { PersonKeys } from '../../core/person-keys.ts';
import type { DomainEvents } from '../../core/domain-events.ts';
import type { Feature, NetworkRef } from '../../core/feature.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { Block } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Network } from '../../domain/types.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Store } from '../../store/port.ts';
import { clearHash, clearSet } from '../../store/clear.ts';
import { deliveryKeys, nudgeKeys } from './keys.ts';
import type { Config } from '../../config/schema.ts';
import { storedBotWork } from './bot-work.ts';
import { DueIndex } from './due-index.ts';
import type { DueRules } from './due-moment.ts';
import { createNudgeActions } from './nudge-actions.ts';
import { taskBodyKey, taskTitleKey } from './nudge-messages.ts';
import { NudgeRunner } from './nudge-runner.ts';
import type { DigestDeps } from './digest.ts';
import { TimelineOverrides } from './overrides.ts';
import { recipientsOf, viewOf } from './session-view.ts';
import { spacingImpact, spacingWarning } from './spacing.ts';
import { TaskStates } from './task-states.ts';
import { createTimelineCommand } from './timeline-command.ts';
import type { TimelineTask, Timelines } from './timeline-data.ts';
import { allTasks, loadTimelines } from './timeline-data.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { PromptCatalog } from '../../core/prompt-files.ts';

export interface NudgesFeatureDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  people: People;
  events: DomainEvents;
  delivery: Delivery;
  /** Stand-ins for user ids in the digest's keys. */
  personKeys: PersonKeys;
  timelines: Timelines;
  prompts: PromptCatalog;
  /** The people's language preferences. */
  bot: { langOf(platform: string, userId: string): Promise<Lang> };
  config: Pick<Config, 'nudges' | 'defaultLang' | 'defaultTimeZone'>;
  /** The sessions feature's attendance line, for the trekker's readiness overview. */
  attendance?: DigestDeps['attendance'];
}

/** Loads data/timeline.json and data/timeline-first.json and checks them against the knowledge base and the prompts (start-up). */
export function loadNudgeTimelines(dataDir: string, knowledge: KnowledgeBase, prompts: PromptCatalog): Timelines {
  const timelines = loadTimelines(dataDir, new Set(knowledge.byId.keys()));
  assertTaskPrompts(allTasks(timelines), (lang) => prompts.translator(lang));
  return timelines;
}

/** The nudge time and holidays from the configuration; session reminders keep the same rules. */
export const dueRules = ({ nudges }: Pick<Config, 'nudges'>): DueRules => ({ time: nudges.time, holidays: { goodFriday: nudges.goodFriday, liberationDay: nudges.liberationDay } });

/** For the sessions feature: the warning shown before planning a session within four weeks of another (spacing.ts). */
export function closeSessionWarning(deps: { sessions: SessionPlanner; timelines: Timelines; config: Pick<Config, 'nudges'> }) {
  const spacing = { sessions: deps.sessions, timelines: deps.timelines, rules: dueRules(deps.config) };
  return async (network: Network, startsAt: Date, now: Date, t: Translator): Promise<RichText | undefined> => {
    const impact = await spacingImpact(spacing, network, startsAt, now);
    return impact && spacingWarning(t, network, impact);
  };
}

export function createNudgesFeature(input: NudgesFeatureDeps): Feature & { runner: NudgeRunner } {
  const rules = dueRules(input.config);
  const deps = {
    ...input,
    rules,
    defaultLang: input.config.defaultLang,
    defaultTimeZone: input.config.defaultTimeZone,
    translator: (lang: Lang): Translator => input.prompts.translator(lang),
    langOf: (platform: string, userId: string) => input.bot.langOf(platform, userId),
  };
  const overrides = new TimelineOverrides(deps.store);
  const states = new TaskStates(deps.store);
  const index = new DueIndex(deps.store);
  const viewDeps = { directory: deps.directory, sessions: deps.sessions, overrides, states, timelines: deps.timelines, rules: deps.rules, botWork: storedBotWork(deps.store) };
  const runner = new NudgeRunner({ ...deps, ...viewDeps, index, log: deps.log.child({ feature: 'nudges' }) });
  // A session's plan depends on the one before it, so a change re-plans every upcoming session of the network.
  const reschedule = async (event: { networkId: string }) => {
    for (const session of await deps.sessions.upcoming(event.networkId)) await runner.schedule(session.id, deps.clock.now());
  };
  deps.events.on('session.planned', reschedule).on('session.moved', reschedule).on('session.cancelled', reschedule);
  deps.delivery.completeBeforeSending(deliveryKeys.digestPrefix, (message, target, key) => runner.digests.stillTheirs(message, target, key));
  // A new role holder is owed the role's work that already went out to others (due-work.ts): at the next nudge moment.
  deps.events.on('role.assigned', async (event) => {
    for (const session of await deps.sessions.upcoming(event.networkId)) await runner.fileAtNextMoment(session.id, deps.clock.now());
  });

  return {
    name: 'nudges',
    runner,
    commands: [createTimelineCommand({ ...viewDeps, runner, translator: deps.translator })],
    actions: [createNudgeActions({ ...viewDeps, runner, index, digests: runner.digests })],
    tick: (now) => runner.tick(now),
    nextDue: (now) => runner.nextDue(now),

    async homeBlocks(person, t) {
      const now = deps.clock.now();
      const items: RichText[] = [];
      for (const network of await deps.directory.ofPerson(person.platform, person.userId)) {
        const next = await deps.sessions.next(network.id);
        const view = next ? await viewOf(viewDeps, next, network) : undefined;
        if (!view) continue;
        for (const task of view.plan) {
          if (task.off || view.states.get(task.id)?.status !== 'open' || task.due.getTime() > now.getTime()) continue;
          if (!recipientsOf(view, task.role).userIds.includes(person.userId)) continue;
          items.push(t.rich('nudge.home.item', { title: t.text(taskTitleKey(task.id)), network: network.name, when: formatSessionMoment(view.session, t.lang, network.timeZone) }));
        }
      }
      if (items.length === 0) return [];
      const blocks: Block[] = [{ type: 'section', text: t.rich('nudge.home.heading') }, { type: 'list', items }];
      return blocks;
    },

    async personalData(person, t) {
      const marks = await states.marksBy(person.platform, person.userId);
      if (marks.length === 0) return [];
      const lines: string[] = [];
      for (const mark of marks.sort()) {
        const at = mark.indexOf(':');
        const session = await deps.sessions.get(mark.slice(0, at));
        const taskId = mark.slice(at + 1);
        const title = t.has(taskTitleKey(taskId)) ? t.text(taskTitleKey(taskId)) : taskId;
        const network = session ? await deps.directory.get(session.networkId) : undefined;
        const when = session ? formatSessionMoment(session, t.lang, network?.timeZone) : mark.slice(0, at);
        lines.push(t.text('nudge.privacy.line', { task: title, session: network ? `${network.name}, ${when}` : when }));
      }
      return [{ title: t.text('nudge.privacy.title'), lines }];
    },

    async forgetPerson(person) {
      await states.forget(person.platform, person.userId);
      await runner.digests.forget(person.platform, person.userId, deps.clock.now());
    },

    async forgetNetwork(network, erasure) {
      await forgetNetworkTasks(deps.store, network, erasure.members);
    },
  };
}

/** A deleted network's timeline changes and its sessions' task records, and its sessions in its members' lists. */
async function forgetNetworkTasks(store: Store, network: NetworkRef, members: readonly string[]): Promise<void> {
  const sessions = new Set(network.sessionIds);
  for (const userId of members) {
    await store.setRemove(nudgeKeys.sentTo(network.platform, userId), network.sessionIds);
    const marks = await store.setMembers(nudgeKeys.marksBy(network.platform, userId));
    await store.setRemove(nudgeKeys.marksBy(network.platform, userId), marks.filter((mark) => sessions.has(mark.slice(0, mark.indexOf(':')))));
  }
  for (const sessionId of network.sessionIds) {
    await clearHash(store, nudgeKeys.taskRecords(sessionId));
    await clearHash(store, nudgeKeys.taskMarks(sessionId));
    await clearSet(store, nudgeKeys.missed(sessionId));
    await store.delete(nudgeKeys.completed(sessionId));
  }
  await store.delete(nudgeKeys.overrides(network.id));
}

/** Every timeline task needs a title and an explanation in every language. */
function assertTaskPrompts(tasks: readonly TimelineTask[], translator: (lang: Lang) => Translator): void {
  for (const lang of ['nl', 'en'] as const) {
    const t = translator(lang);
    for (const task of tasks) {
      for (const key of [taskTitleKey(task.id), taskBodyKey(task.id)]) {
        if (!t.has(key)) throw new DataFileError(`prompts/${lang}/nudges.json`, key, `tekst ontbreekt voor taak / text missing for task "${task.id}" in data/timeline.json`);
      }
    }
  }
}
