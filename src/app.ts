// Composition root of the core: loads files, opens the store, builds the bot and its features.
import path from 'node:path';
import { Bot } from './core/bot.ts';
import type { Clock } from './core/clock.ts';
import { DomainEvents } from './core/domain-events.ts';
import { Delivery } from './core/delivery.ts';
import { watchDeliveryProblems } from './features/delivery-problems/problem-reporter.ts';
import type { Logger } from './core/logger.ts';
import type { RateLimit } from './core/rate-limiter.ts';
import { packageRoot } from './core/paths.ts';
import type { PromptCatalog } from './core/prompt-files.ts';
import { loadPrompts } from './core/prompt-files.ts';
import { exampleDateNames, exampleDates } from './domain/example-dates.ts';
import type { Config } from './config/schema.ts';
import type { Lang } from './core/i18n.ts';
import type { Store } from './store/port.ts';
import { StoreOpenError } from './store/port.ts';
import { claimInstanceId, proposeInstanceId } from './core/instance-id.ts';
import { openStore } from './store/open-store.ts';
import { PersonKeys } from './core/person-keys.ts';
import { WatchedStore } from './store/watched-store.ts';
import { upgradeStore } from './upgrade/store-upgrade.ts';
import { NetworkDirectory } from './domain/network-directory.ts';
import { People } from './domain/people.ts';
import { SessionPlanner } from './domain/session-planner.ts';
import type { KnowledgeBase } from './knowledge/knowledge-base.ts';
import { loadKnowledgeBase } from './knowledge/knowledge-base.ts';
import { createHelpFeature } from './features/help/help-feature.ts';
import { createNetworkFeature } from './features/networks/network-feature.ts';
import { createRoleFeature } from './features/roles/role-feature.ts';
import { createMemberLeftFeature } from './features/roles/member-left.ts';
import { createMemberReconcileFeature } from './features/roles/member-reconcile.ts';
import { createSessionFeature } from './features/sessions/session-feature.ts';
import { Attendance } from './features/sessions/attendance.ts';
import { AttendanceReport } from './features/sessions/attendance-report.ts';
import { createLanguageFeature } from './features/preferences/language-feature.ts';
import { createHeartbeatFeature } from './features/health/heartbeat-feature.ts';
import { loadQuestionSet } from './features/pulse/question-set.ts';
import { setUpPulseFeature } from './features/pulse/pulse-setup.ts';
import { createPrivacyFeature } from './features/privacy/privacy-feature.ts';
import type { AdviceEngine } from './advice/advice-engine.ts';
import { createAdviceEngine } from './advice/advice-engine.ts';
import { deferredAdviceEngine } from './advice/deferred-engine.ts';
import { readPrebuiltIndex } from './advice/prebuilt-index.ts';
import { AdviceStore } from './features/advice/advice-store.ts';
import { PulseRepository } from './features/pulse/pulse-repository.ts';
import { pulseTrendLines } from './features/pulse/pulse-trend.ts';
import { createAdviceFeature } from './features/advice/advice-feature.ts';
import { createConversationFeature } from './features/conversation/conversation-feature.ts';
import { createWinsFeature } from './features/wins/index.ts';
import { closeSessionWarning, createNudgesFeature, dueRules, loadNudgeTimelines } from './features/nudges/nudges-feature.ts';

export interface App {
  bot: Bot;
  store: Store;
  clock: Clock;
  prompts: PromptCatalog;
  /** The language of people the store cannot tell about (new, or while it is unreachable). */
  defaultLang: Lang;
  knowledge: KnowledgeBase;
  advice: AdviceEngine;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  people: People;
  events: DomainEvents;
  delivery: Delivery;
  /** Stand-ins for people's ids in store keys (src/core/person-keys.ts). */
  personKeys: PersonKeys;
  log: Logger;
  /** This process's name in the store (heartbeat, leases), unique among the processes sharing it. */
  instanceId: string;
  close(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  clock: Clock;
  log: Logger;
  /** An already open store (tests share one between two apps); otherwise config.store is opened. */
  store?: Store;
  /** Directory holding data/ and prompts/; defaults to the package's own. */
  root?: string;
  /**
   * The name this process asks for in the store; by default `<host>:<pid>:<random>`. A name
   * another live process holds gets a random suffix (App.instanceId tells the name given).
   */
  instanceId?: string;
  /**
   * The per-person limit on inbound events; `liso start` passes config.rateLimit. Absent: no
   * limit (the console, where one person types, and tests that act fast as one person).
   */
  rateLimit?: RateLimit;
}

// The index `npm run build` stored is used when data and code are unchanged since (read on the first
// question); otherwise it is built here, a few hundred milliseconds. The data files cannot change while
// the process runs, so apps built on the same package root (tests, replicas in one process) share the engine.
const engines = new Map<string, AdviceEngine>();
function adviceEngineFor(root: string, knowledge: KnowledgeBase): AdviceEngine {
  let engine = engines.get(root);
  if (!engine) {
    const dataDir = path.join(root, 'data');
    const stored = readPrebuiltIndex(knowledge, dataDir);
    engine = stored ? deferredAdviceEngine(knowledge, dataDir, stored) : createAdviceEngine(knowledge, { dataDir });
    engines.set(root, engine);
  }
  return engine;
}

/**
 * Claims this process's name: the first write, so a store that takes no writes (a read-only
 * database file) stops the start here with one clear line instead of failing every command later.
 */
async function claimName(store: Store, wanted: string, log: Logger, ownsStore: boolean): Promise<string> {
  try {
    return await claimInstanceId(store, wanted, log);
  } catch (error) {
    if (ownsStore) await store.close().catch(() => undefined);
    throw new StoreOpenError(
      `Kan niet schrijven in de opslag (${store.kind}); controleer de rechten op het bestand en LISO_STORE. ` +
        `Cannot write to the store; check the file's permissions and LISO_STORE. (${(error as Error).message})`,
      error,
    );
  }
}

/** Files are validated before the store is touched, so a bad file stops the start cleanly. */
export async function createApp(options: AppOptions): Promise<App> {
  const root = options.root ?? packageRoot();
  const { clock, log } = options;
  // Example dates are made from the app's clock when a text is rendered, so they never go stale.
  const prompts = loadPrompts(path.join(root, 'prompts'), {
    names: exampleDateNames,
    values: (zone) => exampleDates(clock.now(), zone ?? options.config.defaultTimeZone),
  });
  const knowledge = loadKnowledgeBase(path.join(root, 'data'));
  const advice = adviceEngineFor(root, knowledge);
  const pulseQuestions = loadQuestionSet(path.join(root, 'data'), knowledge, prompts);
  const timelines = loadNudgeTimelines(path.join(root, 'data'), knowledge, prompts);
  const given = options.store ?? (await openStore(options.config.store, clock, { redisPrefix: options.config.redisPrefix }));
  // Outages are logged once each and fail operations fast meanwhile; memory cannot go away.
  const store: Store = given.kind === 'memory' ? given : new WatchedStore(given, { log });
  // Records an earlier release wrote are brought to this code's shapes before anything reads them.
  await upgradeStore({ store, clock, defaultTimeZone: options.config.defaultTimeZone, pulseRetentionMonths: options.config.pulse.retentionMonths, defaultLang: options.config.defaultLang }, log);
  const instanceId = await claimName(store, options.instanceId ?? proposeInstanceId(), log, !options.store);
  const events = new DomainEvents({ store, clock, log, instanceId });
  const people = new People(store, clock, options.config.defaultTimeZone);
  const directory = new NetworkDirectory(store, clock, events);
  const sessions = new SessionPlanner(store, clock, events);
  const bot = new Bot({ store, clock, log, prompts, people, defaultLang: options.config.defaultLang, ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) });
  const personKeys = await PersonKeys.open(store);
  const delivery = new Delivery({ store, personKeys, clock, log, events, adapterFor: (platform) => bot.adapter(platform), instanceId, leaseMs: options.config.deliveryLeaseMs });
  const adviceStore = new AdviceStore(store, clock, async (networkId) => (networkId ? (await directory.get(networkId))?.timeZone : undefined) ?? options.config.defaultTimeZone);
  const pulseRepo = new PulseRepository(store);
  const attendance = new Attendance(store);
  // The leads see how many come (and only the names of people who agreed) in several places.
  const attendanceReport = new AttendanceReport({ attendance, directory, people });
  const deliveryProblems = watchDeliveryProblems({
    events,
    store,
    directory,
    people,
    delivery,
    personKeys,
    translator: (lang) => prompts.translator(lang),
    langOf: (platform, userId) => bot.langOf(platform, userId),
    log,
  });
  const memberLeftDeps = { store, directory, people, delivery, personKeys, defaultLang: options.config.defaultLang, translator: (lang: Lang) => prompts.translator(lang), langOf: (platform: string, userId: string) => bot.langOf(platform, userId) };
  bot
    .use(delivery.feature())
    .use(deliveryProblems)
    .use(events.feature())
    .use(createHelpFeature(bot, { channelHasNetwork: async (platform, channelId) => (await directory.byChannel(platform, channelId)) !== undefined }))
    .use(
      createNetworkFeature({
        store,
        directory,
        sessions,
        people,
        delivery,
        defaultTimeZone: options.config.defaultTimeZone,
        defaultLang: options.config.defaultLang,
        translator: (lang) => prompts.translator(lang),
        retentionDays: options.config.networkRetentionDays,
        log,
        attendance: attendanceReport,
      }),
    )
    .use(createRoleFeature({ directory, people, delivery, defaultLang: options.config.defaultLang }))
    .use(createMemberLeftFeature(memberLeftDeps))
    .use(createMemberReconcileFeature({ ...memberLeftDeps, clock, log, adapterFor: (platform) => bot.adapter(platform) }))
    .use(
      createSessionFeature({
        store,
        clock,
        log,
        directory,
        sessions,
        people,
        events,
        delivery,
        personKeys,
        attendance,
        report: attendanceReport,
        rules: dueRules(options.config),
        translator: (lang) => prompts.translator(lang),
        langOf: (platform, userId) => bot.langOf(platform, userId),
        defaultLang: options.config.defaultLang,
        closeSessionWarning: closeSessionWarning({ sessions, timelines, config: options.config }),
      }),
    )
    .use(createLanguageFeature({ people }))
    .use(createHeartbeatFeature({ store, instanceId }))
    .use(
      createAdviceFeature({
        engine: advice,
        knowledge,
        store: adviceStore,
        directory,
        people,
        delivery,
        personKeys,
        translator: (lang) => prompts.translator(lang),
        langOf: (platform, userId) => bot.langOf(platform, userId),
        commandNames: () => bot.commands().flatMap((c) => [c.name, ...(c.aliases ?? [])]),
      }),
    )
    // Before the conversation's follow-ups: a score typed for an open pulse is no pick from an older list.
    .use(setUpPulseFeature({ repo: pulseRepo, directory, sessions, attendance, people, prompts, delivery, personKeys, events, knowledge, questions: pulseQuestions, config: options.config, log }))
    .use(createConversationFeature({ store, directory }))
    .use(createPrivacyFeature({ bot, store, personKeys, people, directory, sessions, events, delivery, prompts, defaultLang: options.config.defaultLang, timeZone: options.config.defaultTimeZone, log }))
    .use(
      createWinsFeature({
        store,
        directory,
        sessions,
        people,
        events,
        delivery,
        prompts,
        defaultLang: options.config.defaultLang,
        log,
        // The journey document's open questions are the ones the handbook could not answer.
        journey: {
          unansweredQuestions: (networkId) => adviceStore.questionsOf(networkId),
          pulseTrend: async (networkId, lang) => {
            const network = await directory.get(networkId);
            return pulseTrendLines(pulseRepo, pulseQuestions, networkId, network?.timeZone ?? options.config.defaultTimeZone, prompts.translator(lang));
          },
        },
      }),
    )
    .use(createNudgesFeature({ store, clock, log, directory, sessions, people, events, delivery, personKeys, timelines, prompts, bot, config: options.config, attendance: attendanceReport }))
    // Last, so what the other ticks queued goes out in the same tick.
    .use(delivery.queueFeature());
  log.info({ backend: store.kind, entries: knowledge.entries.length }, 'liso-bot core ready');
  return {
    bot,
    store,
    clock,
    prompts,
    defaultLang: options.config.defaultLang,
    knowledge,
    advice,
    directory,
    sessions,
    people,
    events,
    delivery,
    personKeys,
    log,
    instanceId,
    close: () => store.close(),
  };
}
