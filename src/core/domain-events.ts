// In-process notifications between features, so one feature reacts to another's state change
// without importing it. Handlers must be idempotent: durable effects claim their own store key,
// because an event may be seen again after a restart re-derives it from stored state.
import type { Logger } from './logger.ts';

export type DomainEvent =
  | { type: 'session.planned'; networkId: string; sessionId: string; at: Date }
  | { type: 'session.moved'; networkId: string; sessionId: string; at: Date }
  | { type: 'session.cancelled'; networkId: string; sessionId: string; at: Date }
  /**
   * Every preparation task of a session is done (or not applicable) before it starts. `markedBy`:
   * the people who marked its tasks (each once), to thank them.
   */
  | { type: 'preparation.completed'; networkId: string; sessionId: string; at: Date; markedBy?: string[] }
  | { type: 'pulse.closed'; networkId: string; pulseId: string; sessionId?: string; invited: number; respondents: number; at: Date }
  /**
   * A message could not reach its target for a reason retrying will not fix (closed DMs, the bot
   * not in the channel). `fallbackChannelId` is where it went instead, if anywhere.
   */
  | { type: 'delivery.problem'; key: string; platform: string; target: 'direct' | 'channel'; userId?: string; channelId?: string; fallbackChannelId?: string; reason: string; at: Date }
  /** A person asked to be forgotten; features holding data about them erase it. */
  | { type: 'person.forgotten'; platform: string; userId: string; at: Date };

export type DomainEventType = DomainEvent['type'];
type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
type Handler<T extends DomainEventType> = (event: EventOf<T>) => Promise<void> | void;

export class DomainEvents {
  private readonly handlers = new Map<DomainEventType, Array<Handler<DomainEventType>>>();

  constructor(private readonly log?: Logger) {}

  on<T extends DomainEventType>(type: T, handler: Handler<T>): this {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as unknown as Handler<DomainEventType>);
    this.handlers.set(type, list);
    return this;
  }

  /** Runs every handler in turn; one failing handler is logged and does not stop the others or the emitter. */
  async emit(event: DomainEvent): Promise<void> {
    for (const handler of this.handlers.get(event.type) ?? []) {
      try {
        await handler(event as never);
      } catch (error) {
        this.log?.error({ err: error, event: event.type }, 'domain event handler failed');
      }
    }
  }
}
