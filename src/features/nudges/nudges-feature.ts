// The nudges feature: session-preparation reminders from the handbook's timeline, anchored to
// every session, re-planned when it moves, delivered exactly once across restarts and replicas.
import type { Clock } from '../../core/clock.ts';
import { DataFileError } from '../../core/data-file.ts';
import type { Delivery } from '../../core/delivery.ts';
import type { DomainEvents } from '../../core/domain-events.ts';
import type { Feature } from '../../core/feature.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { Block } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Store } from '../../store/port.ts';
import type { Config } from '../../config/schema.ts';
import { DueIndex } from './due-index.ts';
import type { DueRules } from './due-moment.ts';
import { createNudgeActions } from './nudge-actions.ts';
import { taskBodyKey, taskTitleKey } from './nudge-messages.ts';
import { NudgeRunner } from './nudge-runner.ts';
import type { PreparationWorkDeps } from './preparation-work.ts';
import { TimelineOverrides } from './overrides.ts';
import { recipientsOf, viewOf } from './session-view.ts';
import { TaskStates } from './task-states.ts';
import { createTimelineCommand } from './timeline-command.ts';
import type { Timeline } from './timeline-data.ts';
import { loadTimeline } from './timeline-data.ts';
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
  timeline: Timeline;
  prompts: PromptCatalog;
  /** The people's language preferences. */
  bot: { langOf(platform: string, userId: string): Promise<Lang> };
  config: Pick<Config, 'nudges' | 'defaultLang'>;
  /** The sessions feature's attendance line, for the readiness overview. */
  attendance?: PreparationWorkDeps['attendance'];
}

/** Loads data/timeline.json and checks it against the knowledge base and the prompts (start-up). */
export function loadNudgeTimeline(dataDir: string, knowledge: KnowledgeBase, prompts: PromptCatalog): Timeline {
  const timeline = loadTimeline(dataDir, new Set(knowledge.byId.keys()));
  assertTaskPrompts(timeline, (lang) => prompts.translator(lang));
  return timeline;
}

export function createNudgesFeature(input: NudgesFeatureDeps): Feature & { runner: NudgeRunner } {
  const { nudges } = input.config;
  const rules: DueRules = { time: nudges.time, holidays: { goodFriday: nudges.goodFriday, liberationDay: nudges.liberationDay } };
  const deps = {
    ...input,
    rules,
    defaultLang: input.config.defaultLang,
    translator: (lang: Lang): Translator => input.prompts.translator(lang),
    langOf: (platform: string, userId: string) => input.bot.langOf(platform, userId),
  };
  const overrides = new TimelineOverrides(deps.store);
  const states = new TaskStates(deps.store);
  const index = new DueIndex(deps.store);
  const viewDeps = { directory: deps.directory, sessions: deps.sessions, overrides, states, timeline: deps.timeline, rules: deps.rules };
  const runner = new NudgeRunner({ ...deps, ...viewDeps, index, log: deps.log.child({ feature: 'nudges' }) });
  const reschedule = async (event: { sessionId: string }) => runner.schedule(event.sessionId, deps.clock.now());
  deps.events.on('session.planned', reschedule).on('session.moved', reschedule);

  return {
    name: 'nudges',
    runner,
    commands: [createTimelineCommand({ ...viewDeps, runner, translator: deps.translator })],
    actions: [createNudgeActions({ ...viewDeps, runner, index })],
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
        lines.push(t.text('nudge.privacy.line', { task: title, session: session ? formatSessionMoment(session, t.lang, network?.timeZone) : mark.slice(0, at) }));
      }
      return [{ title: t.text('nudge.privacy.title'), lines }];
    },

    async forgetPerson(person) {
      await states.forget(person.platform, person.userId);
    },
  };
}

/** Every timeline task needs a title and an explanation in every language. */
function assertTaskPrompts(timeline: Timeline, translator: (lang: Lang) => Translator): void {
  for (const lang of ['nl', 'en'] as const) {
    const t = translator(lang);
    for (const task of timeline.tasks) {
      for (const key of [taskTitleKey(task.id), taskBodyKey(task.id)]) {
        if (!t.has(key)) throw new DataFileError(`prompts/${lang}/nudges.json`, key, `tekst ontbreekt voor taak / text missing for task "${task.id}" in data/timeline.json`);
      }
    }
  }
}
