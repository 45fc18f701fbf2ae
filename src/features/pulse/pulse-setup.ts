// Wires the pulse feature from the app's shared parts (one `.use(...)` line in src/app.ts).
import type { Config } from '../../config/schema.ts';
import type { Delivery } from '../../core/delivery.ts';
import type { PersonKeys } from '../../core/person-keys.ts';
import type { DomainEvents } from '../../core/domain-events.ts';
import type { Feature } from '../../core/feature.ts';
import type { Logger } from '../../core/logger.ts';
import type { PromptCatalog } from '../../core/prompt-files.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Attendance } from '../sessions/attendance.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import { dueRules } from '../nudges/nudges-feature.ts';
import { createPulseFeature } from './pulse-feature.ts';
import { PulseRepository } from './pulse-repository.ts';
import { PulseService } from './pulse-service.ts';
import type { LoadedQuestionSet } from './question-set.ts';

export interface PulseSetup {
  /** The pulse data, shared with whatever else reads closed results (the journey document). */
  repo: PulseRepository;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  /** Who said "Ik kan niet" for a session: they are not asked about it. */
  attendance: Attendance;
  people: People;
  prompts: PromptCatalog;
  delivery: Delivery;
  personKeys: PersonKeys;
  events: DomainEvents;
  knowledge: KnowledgeBase;
  questions: LoadedQuestionSet;
  config: Config;
  log: Logger;
}

export function setUpPulseFeature(setup: PulseSetup): Feature {
  const { repo } = setup;
  const config = setup.config.pulse;
  const service = new PulseService({
    repo,
    attendance: {
      async declined(sessionId, userIds) {
        const session = await setup.sessions.get(sessionId);
        if (!session) return [];
        const answers = await Promise.all(userIds.map((userId) => setup.attendance.answerOf(session, userId)));
        return userIds.filter((_, i) => answers[i]?.answer === 'no');
      },
      async cameAfterAll(sessionId, platform, userId) {
        const session = await setup.sessions.get(sessionId);
        if (session) await setup.attendance.answer(platform, session, userId, 'yes');
      },
    },
    personKeys: setup.personKeys,
    directory: setup.directory,
    people: setup.people,
    prompts: setup.prompts,
    delivery: setup.delivery,
    events: setup.events,
    knowledge: setup.knowledge,
    questions: setup.questions,
    config,
    reminderRules: dueRules(setup.config),
    defaultLang: setup.config.defaultLang,
    log: setup.log.child({ feature: 'pulse' }),
  });
  // Invitations carry a ballot token that Delivery must never store: it is added as the last step.
  setup.delivery.completeBeforeSending('pulse:', (message, target, key, now) => service.completeInvitation(message, target, key, now));
  return createPulseFeature({ service, repo, directory: setup.directory, sessions: setup.sessions, questions: setup.questions, config });
}
