// What proactive messages need, stored when Teams tells the bot about a conversation: serviceUrl, tenant, kind.
import type { Clock } from '../../src/core/clock.ts';
import type { Store } from '../../src/store/port.ts';
import { teamsKeys } from './teams-keys.ts';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface ConversationRecord {
  id: string;
  kind: ConversationKind;
  serviceUrl: string;
  tenantId: string;
  teamId?: string;
  /** The bot was removed from it (or the team deleted): sends fail at once, permanently. */
  removedAt?: Date;
  updatedAt: Date;
}

export interface PersonRecord {
  userId: string;
  /** The personal chat with the bot, once Teams named it. */
  conversationId?: string;
  serviceUrl: string;
  tenantId: string;
  /** The person removed (or blocked) the app: no direct message is tried until they return. */
  uninstalledAt?: Date;
  updatedAt: Date;
}

/**
 * The channels of one team the bot has heard from: no person in it, only Teams' ids. Someone
 * leaving the team leaves every one of them, and Teams says so once, in the General channel.
 */
export interface TeamRecord {
  teamId: string;
  channels: string[];
  updatedAt: Date;
}

const DAY_MS = 24 * 3_600_000;
/** Teams allows 200 standard channels in a team (and 30 private ones); beyond this the earliest known goes. */
export const MAX_TEAM_CHANNELS = 250;
/** A network lives for years; a record is refreshed by activity, so it only expires when unused. */
const RECORD_TTL_MS = 800 * DAY_MS;

/** The start of the day (UTC) `date` falls in: the finest time these records keep. */
export function recordDay(date: Date): Date {
  const ms = date.getTime();
  return new Date(ms - (ms % DAY_MS));
}

/** The time to live that ends a record of `day` at that day plus its retention: a day boundary, not a moment. */
export function recordTtlFrom(day: Date | number, now: Date): number {
  return (typeof day === 'number' ? day : day.getTime()) + RECORD_TTL_MS - now.getTime();
}

function unchanged(known: PersonRecord, record: Omit<PersonRecord, 'updatedAt' | 'uninstalledAt'>): boolean {
  return known.serviceUrl === record.serviceUrl && known.tenantId === record.tenantId && (record.conversationId === undefined || record.conversationId === known.conversationId);
}

export class ConversationRegistry {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  conversation(id: string): Promise<ConversationRecord | undefined> {
    return this.store.get<ConversationRecord>(teamsKeys.conversation(id));
  }

  person(userId: string): Promise<PersonRecord | undefined> {
    return this.store.get<PersonRecord>(teamsKeys.person(userId));
  }

  /**
   * Remembers (or refreshes: Teams may move a conversation to another serviceUrl) where a
   * conversation lives. The bot being present again clears a removal mark.
   */
  async rememberConversation(record: Omit<ConversationRecord, 'updatedAt' | 'removedAt'>): Promise<void> {
    const today = this.today();
    await this.store.set(teamsKeys.conversation(record.id), { ...record, updatedAt: today }, this.ttlFrom(today));
  }

  /**
   * A person's personal chat; writing to the bot or installing the app clears the uninstall mark.
   * Its times are days, and an unchanged record is rewritten at most once a day (its expiry, at a
   * day boundary, is counted in years): a moment per activity would keep when each person last
   * pressed, a pulse answer included, and match what was stored then without a name.
   */
  async rememberPerson(record: Omit<PersonRecord, 'updatedAt' | 'uninstalledAt'>): Promise<void> {
    const today = this.today();
    const known = await this.person(record.userId);
    if (known && !known.uninstalledAt && unchanged(known, record) && known.updatedAt.getTime() === today.getTime()) return;
    await this.store.set(teamsKeys.person(record.userId), { ...record, conversationId: record.conversationId ?? known?.conversationId, updatedAt: today }, this.ttlFrom(today));
  }

  /**
   * Notes that a channel belongs to a team, on every activity from it. Like a person's record it is
   * rewritten at most once a day while unchanged, and it lives as long as the last active channel in
   * it; a channel lost to two processes writing at once is added again by its next activity.
   */
  async rememberTeamChannel(teamId: string, channelId: string): Promise<void> {
    const today = this.today();
    const known = await this.store.get<TeamRecord>(teamsKeys.team(teamId));
    const channels = known?.channels ?? [];
    if (known && channels.includes(channelId) && known.updatedAt.getTime() === today.getTime()) return;
    const next = channels.includes(channelId) ? channels : [...channels, channelId].slice(-MAX_TEAM_CHANNELS);
    await this.store.set(teamsKeys.team(teamId), { teamId, channels: next, updatedAt: today }, this.ttlFrom(today));
  }

  /** The channels of a team whose records are still kept and still name that team. */
  async channelsOfTeam(teamId: string): Promise<string[]> {
    const known = await this.store.get<TeamRecord>(teamsKeys.team(teamId));
    if (!known) return [];
    const records = await this.store.getMany<ConversationRecord>(known.channels.map((id) => teamsKeys.conversation(id)));
    return known.channels.filter((_id, index) => records[index]?.kind === 'channel' && records[index]?.teamId === teamId);
  }

  async markRemoved(conversationId: string): Promise<void> {
    const known = await this.conversation(conversationId);
    if (!known) return;
    const today = this.today();
    await this.store.set(teamsKeys.conversation(conversationId), { ...known, removedAt: today, updatedAt: today }, this.ttlFrom(today));
  }

  async markUninstalled(userId: string, fallback: { serviceUrl: string; tenantId: string }): Promise<void> {
    const known = await this.person(userId);
    const base = known ?? { userId, ...fallback };
    const today = this.today();
    await this.store.set(teamsKeys.person(userId), { ...base, uninstalledAt: today, updatedAt: today }, this.ttlFrom(today));
  }

  private today(): Date {
    return recordDay(this.clock.now());
  }

  private ttlFrom(day: Date): number {
    return recordTtlFrom(day, this.clock.now());
  }

  /**
   * Erases a person's records: their personal chat and its reference (`/liso vergeet-mij`). A team's
   * record names channels only, no person, and so stays.
   */
  async forget(userId: string): Promise<void> {
    const known = await this.person(userId);
    await this.store.delete(teamsKeys.person(userId));
    if (known?.conversationId) await this.store.delete(teamsKeys.conversation(known.conversationId));
  }
}
