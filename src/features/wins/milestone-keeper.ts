// Celebrates milestones exactly once: counted ones on the tick, the others on domain events.
import type { Delivery } from '../../core/delivery.ts';
import type { DomainEvent } from '../../core/domain-events.ts';
import type { Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Network } from '../../domain/types.ts';
import { milestoneMessage } from './milestone-messages.ts';
import { nextMilestoneMoment, reachedSessionMilestones, reachedYearMilestone } from './milestone-rules.ts';
import { shownNames } from './shown-names.ts';
import type { WinBook } from './win-book.ts';
import { winsDeliveryKeys } from './wins-keys.ts';
import type { MilestoneRecord } from './win-types.ts';

export interface MilestoneKeeperDeps {
  book: WinBook;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  people: People;
  delivery: Pick<Delivery, 'enqueue'>;
  /** The language the network's channel is written in. */
  channelTranslator(network: Network): Promise<Translator>;
  log: Logger;
}

type EventOf<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

/**
 * A milestone found long after it was reached (the feature deployed on an existing network, a
 * long outage) is recorded for the journey but not announced: a late "first session!" confuses.
 */
export const ANNOUNCE_WITHIN_MS = 7 * 24 * 3_600_000;

export class MilestoneKeeper {
  constructor(private readonly deps: MilestoneKeeperDeps) {}

  /** Reaches every counted milestone (sessions held, first anniversary) that is due by `now`. */
  async tick(now: Date): Promise<void> {
    for (const network of await this.openNetworks()) {
      const reached = new Set((await this.deps.book.milestones(network.id)).map((m) => m.id));
      const sessions = await this.deps.sessions.list(network.id);
      const due = [...reachedSessionMilestones(sessions, now), ...[reachedYearMilestone(network, now)].filter((m) => m !== undefined)];
      for (const record of due) {
        if (!reached.has(record.id)) await this.reach(network, record, now);
      }
    }
  }

  async nextDue(now: Date): Promise<Date | undefined> {
    let earliest: Date | undefined;
    for (const network of await this.openNetworks()) {
      const reached = new Set((await this.deps.book.milestones(network.id)).map((m) => m.id));
      const due = nextMilestoneMoment(network, await this.deps.sessions.list(network.id), reached, now);
      if (due && (!earliest || due < earliest)) earliest = due;
    }
    return earliest;
  }

  /** Every preparation task of a session was done before it: thank the people who prepare sessions. */
  async onPreparationCompleted(event: EventOf<'preparation.completed'>): Promise<void> {
    const network = await this.deps.directory.get(event.networkId);
    const session = await this.deps.sessions.get(event.sessionId);
    if (!network || !session || session.status !== 'planned') return;
    if (event.at.getTime() > session.startsAt.getTime()) return;
    const record: MilestoneRecord = { id: `preparation-${session.id}`, kind: 'preparation', sessionId: session.id, reachedAt: event.at };
    await this.reach(network, record, event.at, event.markedBy);
  }

  /** A pulse everyone invited answered. */
  async onPulseClosed(event: EventOf<'pulse.closed'>): Promise<void> {
    if (event.invited <= 0 || event.respondents !== event.invited) return;
    const network = await this.deps.directory.get(event.networkId);
    if (!network) return;
    const record: MilestoneRecord = {
      id: `pulse-${event.pulseId}`,
      kind: 'pulse',
      count: event.invited,
      ...(event.sessionId !== undefined ? { sessionId: event.sessionId } : {}),
      reachedAt: event.at,
    };
    await this.reach(network, record, event.at);
  }

  /**
   * Queues the celebration under the milestone's delivery key (Delivery sends a key once,
   * whichever replica queues it), then records the milestone. A process that stops in between
   * posts nothing twice: the next run finds the key queued and only writes the record.
   */
  private async reach(network: Network, record: MilestoneRecord, now: Date, markedBy?: readonly string[]): Promise<void> {
    // A closed network celebrates nothing more (the pulse its close ended is no "everyone answered").
    if (network.closedAt || (await this.deps.book.hasMilestone(network.id, record.id))) return;
    if (now.getTime() - record.reachedAt.getTime() > ANNOUNCE_WITHIN_MS) {
      await this.deps.book.saveMilestone(network.id, record);
      this.deps.log.info({ network: network.id, milestone: record.id }, 'milestone reached long ago; recorded without announcing');
      return;
    }
    const t = await this.deps.channelTranslator(network);
    const session = record.sessionId ? await this.deps.sessions.get(record.sessionId) : undefined;
    // Those who marked the tasks are thanked; the leads only when nobody is known to have.
    const thankedIds = record.kind !== 'preparation' ? [] : markedBy && markedBy.length > 0 ? [...markedBy] : await this.preparers(network.id);
    const message = milestoneMessage(
      record,
      {
        networkName: network.name,
        ...(session ? { sessionMoment: formatSessionMoment(session, t.lang, network.timeZone) } : {}),
        thanked: await shownNames(this.deps.book, this.deps.people, network.platform, thankedIds),
      },
      t,
    );
    const outcome = await this.deps.delivery.enqueue(
      winsDeliveryKeys.milestone(network.id, record.id),
      { kind: 'channel', platform: network.platform, channelId: network.channelId },
      message,
      { about: thankedIds },
    );
    await this.deps.book.saveMilestone(network.id, record);
    this.deps.log.info({ network: network.id, milestone: record.id, outcome: outcome.status }, 'milestone reached');
  }

  /** A closed network reaches no milestone: its anniversary passes in silence. */
  private async openNetworks(): Promise<Network[]> {
    return (await this.deps.directory.all()).filter((network) => !network.closedAt);
  }

  /** The handbook splits session preparation between trekker and procesbegeleider (h5). */
  private async preparers(networkId: string): Promise<string[]> {
    const trekkers = await this.deps.directory.holders(networkId, 'trekker');
    const facilitators = await this.deps.directory.holders(networkId, 'procesbegeleider');
    return [...new Set([...trekkers, ...facilitators])];
  }
}
