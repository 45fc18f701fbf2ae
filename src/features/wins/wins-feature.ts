// The wins feature: celebrating small wins and the network's own milestones (issue 6).
import type { Delivery } from '../../core/delivery.ts';
import type { DomainEvents } from '../../core/domain-events.ts';
import type { Feature } from '../../core/feature.ts';
import type { Lang } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { PromptCatalog } from '../../core/prompt-files.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Store } from '../../store/port.ts';
import { CHEER_ACTION, SINCE_ACTION, WINS_ACTION_PREFIX } from './celebration-message.ts';
import { runCheerAction } from './cheer-action.ts';
import { runJourneyCommand } from './journey-command.ts';
import type { JourneySources } from './journey-report.ts';
import { MilestoneKeeper } from './milestone-keeper.ts';
import { runCelebrateCommand } from './record-win.ts';
import { WinBook } from './win-book.ts';
import type { WinsContext } from './wins-deps.ts';
import { channelTranslator } from './wins-deps.ts';
import { EXPORT_WORDS, runSinceAction, runWinsCommand } from './wins-listing.ts';
import { winsHomeBlocks, winsPersonalData } from './wins-privacy.ts';

export interface WinsFeatureDeps {
  store: Store;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  people: People;
  events: DomainEvents;
  delivery: Pick<Delivery, 'send' | 'enqueue' | 'pendingWrites'>;
  prompts: PromptCatalog;
  defaultLang: Lang;
  log: Logger;
  /** Pulse trend and unanswered questions for the journey document, from the features that own them. */
  journey?: JourneySources;
}

export function createWinsFeature(deps: WinsFeatureDeps): Feature {
  const context: WinsContext = {
    book: new WinBook(deps.store),
    directory: deps.directory,
    sessions: deps.sessions,
    people: deps.people,
    delivery: deps.delivery,
    prompts: deps.prompts,
    defaultLang: deps.defaultLang,
    journey: deps.journey ?? {},
    log: deps.log.child({ feature: 'wins' }),
  };
  const milestones = new MilestoneKeeper({
    book: context.book,
    directory: deps.directory,
    sessions: deps.sessions,
    people: deps.people,
    delivery: deps.delivery,
    channelTranslator: (network) => channelTranslator(context, network),
    log: context.log,
  });
  deps.events.on('preparation.completed', (event) => milestones.onPreparationCompleted(event));
  deps.events.on('pulse.closed', (event) => milestones.onPulseClosed(event));
  return {
    name: 'wins',
    commands: [
      { name: 'vier', aliases: ['win'], english: 'win', keepsWords: true, summary: 'wins.record.summary', usage: 'wins.record.usage', run: (ctx) => runCelebrateCommand(ctx, context) },
      { name: 'successen', aliases: ['wins'], english: 'wins', summary: 'wins.list.summary', usage: 'wins.list.usage', subcommands: EXPORT_WORDS, run: (ctx) => runWinsCommand(ctx, context) },
      { name: 'reisverslag', aliases: ['journey'], english: 'journey', summary: 'wins.journey.summary', usage: 'wins.journey.usage', run: (ctx) => runJourneyCommand(ctx, context) },
    ],
    actions: [
      {
        prefix: WINS_ACTION_PREFIX,
        async run(ctx) {
          if (ctx.event.actionId === CHEER_ACTION) return runCheerAction(ctx, context);
          if (ctx.event.actionId === SINCE_ACTION) return runSinceAction(ctx, context);
          throw new UserError('error.staleButton');
        },
      },
    ],
    tick: (now) => milestones.tick(now),
    nextDue: (now) => milestones.nextDue(now),
    homeBlocks: (person, t) => winsHomeBlocks(context, person, t),
    personalData: (person, t) => winsPersonalData(context, person, t),
    forgetPerson: (person) => context.book.forget(person.platform, person.userId),
    async forgetNetwork(network, erasure) {
      await erasure.eraseDeliveries(await context.book.deliveryKeysOf(network.id));
      await context.book.forgetNetwork(network.id);
    },
  };
}
