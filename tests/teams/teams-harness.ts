// Drives the real Teams adapter: the Teams SDK's endpoint on 127.0.0.1, activities signed and posted by the
// fake Bot Connector, everything the bot sends recorded there.
import { DateTime } from 'luxon';
import { afterEach, beforeEach, expect } from 'vitest';
import type { TeamsRuntime } from '../../adapters/teams/index.ts';
import { startTeams } from '../../adapters/teams/index.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import type { Store } from '../../src/store/port.ts';
import type { RateLimit } from '../../src/core/rate-limiter.ts';
import type { SimulatedClock } from '../../src/core/clock.ts';
import { cardErrors } from './card-schema.ts';
import { BOT_ID, FakeBotConnector, TENANT_ID, personalConversationId } from './fake-bot-connector.ts';

export const TEAM_ID = '19:team-jeugd@thread.tacv2';
export const CHANNEL = '19:kanaal-jeugd@thread.tacv2';
export const GROUP_CHAT = '19:groepschat-1@thread.v2';

export interface Person {
  readonly id: string;
  readonly name: string;
}

export const people = {
  anna: { id: '29:1anna-de-vries', name: 'Anna de Vries' },
  bram: { id: '29:1bram-jansen', name: 'Bram Jansen' },
  sanne: { id: '29:1sanne-bakker', name: 'Sanne Bakker' },
} as const;

export type Where = { kind: 'personal' } | { kind: 'channel'; channel?: string; thread?: string } | { kind: 'groupChat'; id?: string };

/** Activity ids go on across harnesses: a restarted process must not see Teams repeat an id. */
let activityCounter = 0;

export class TeamsHarness {

  private constructor(
    readonly fake: FakeBotConnector,
    readonly t: TestApp,
    readonly runtime: TeamsRuntime,
  ) {}

  /** `fake` and `clock` of a previous harness: a restarted process on the same Teams and the same store file. */
  static async start(
    options: { invokeDeadlineMs?: number; env?: Record<string, string>; start?: Date; clock?: SimulatedClock; store?: Store; rateLimit?: RateLimit; fake?: FakeBotConnector } = {},
  ): Promise<TeamsHarness> {
    const fake = options.fake ?? (await new FakeBotConnector().start());
    const t = await createTestApp({
      env: { ...fake.env, ...options.env },
      ...(options.start ? { start: options.start } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.store ? { store: options.store } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    const config = loadConfig({ LISO_STORE: 'memory://', ...fake.env, ...options.env });
    const runtime = await startTeams(t.app, config.teams!, t.app.log, { host: '127.0.0.1', port: 0, invokeDeadlineMs: options.invokeDeadlineMs ?? 5_000 });
    return new TeamsHarness(fake, t, runtime);
  }

  /** Stops the process; `keepFake` leaves Teams' side running for a restart. */
  async close(options: { keepFake?: boolean } = {}): Promise<void> {
    await this.runtime.stop();
    await this.t.app.close();
    if (!options.keepFake) await this.fake.stop();
  }

  /** Plans a session a minute from now in the channel and lets it begin (the pulse asks about a held session). */
  async holdSession(as: Person = people.anna): Promise<void> {
    const start = new Date(this.t.clock.now().getTime() + 60_000);
    await this.deliver(this.message(`sessie ${DateTime.fromJSDate(start, { zone: 'Europe/Amsterdam' }).toFormat('yyyy-MM-dd HH:mm')}`, as, { kind: 'channel' }));
    this.t.clock.set(start);
    await this.t.app.bot.tick(start);
  }

  /** Posts a signed activity to the bot and waits until the bot has finished with it. */
  async deliver(activity: Record<string, unknown>, options: { authorization?: string | null } = {}): Promise<{ status: number; body: any }> {
    const response = await this.fake.deliver(this.runtime.endpoint, activity, options);
    await this.runtime.handler.drain();
    return response;
  }

  /** A message to the bot: in a personal chat as typed, elsewhere with the bot @mentioned first. */
  message(text: string, as: Person = people.anna, where: Where = { kind: 'channel' }, mentions: Person[] = []): Record<string, unknown> {
    const botMention = { type: 'mention', text: '<at>liso-bot</at>', mentioned: { id: BOT_ID, name: 'liso-bot' } };
    const personMentions = mentions.map((p) => ({ type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name } }));
    const addressed = where.kind === 'personal' ? text : `<at>liso-bot</at> ${text}`;
    return {
      ...this.base('message', as, where),
      text: addressed,
      textFormat: 'plain',
      entities: [...(where.kind === 'personal' ? [] : [botMention]), ...personMentions, { type: 'clientInfo', locale: 'nl-NL' }],
    };
  }

  /** An Action.Execute press on a card the bot sent (`data` as the card carried it, plus input values). */
  press(data: Record<string, unknown>, as: Person = people.anna, where: Where = { kind: 'channel' }, replyToId?: string): Record<string, unknown> {
    return {
      ...this.base('invoke', as, where),
      name: 'adaptiveCard/action',
      ...(replyToId ? { replyToId } : {}),
      value: { action: { type: 'Action.Execute', verb: 'liso', data }, trigger: 'manual' },
    };
  }

  /** The bot installed in the team (conversationUpdate with the bot among the members added). */
  teamInstall(as: Person = people.anna, where: Where = { kind: 'channel', channel: TEAM_ID }): Record<string, unknown> {
    return { ...this.base('conversationUpdate', as, where), membersAdded: [{ id: BOT_ID }], channelData: { ...channelData(where), eventType: 'teamMemberAdded' } };
  }

  personalInstall(as: Person): Record<string, unknown> {
    this.fake.installedFor.add(as.id);
    return { ...this.base('installationUpdate', as, { kind: 'personal' }), action: 'add' };
  }

  uninstall(as: Person, where: Where): Record<string, unknown> {
    if (where.kind === 'personal') this.fake.installedFor.delete(as.id);
    else this.fake.removed.add(conversationOf(where, as).split(';')[0]!);
    return { ...this.base('installationUpdate', as, where), action: 'remove' };
  }

  base(type: string, as: Person, where: Where, tenant = TENANT_ID): Record<string, unknown> {
    const conversationId = conversationOf(where, as);
    return {
      type,
      id: `1700000000${String(++activityCounter).padStart(3, '0')}`,
      timestamp: new Date().toISOString(),
      serviceUrl: this.fake.serviceUrl,
      channelId: 'msteams',
      from: { id: as.id, name: as.name, aadObjectId: '00000000-0000-4000-8000-0000000000aa' },
      recipient: { id: BOT_ID, name: 'liso-bot' },
      conversation: { id: conversationId, conversationType: where.kind, tenantId: tenant, ...(where.kind === 'personal' ? {} : { isGroup: true }) },
      channelData: { tenant: { id: tenant }, ...channelData(where) },
      locale: 'nl-NL',
    };
  }
}

function channelData(where: Where): Record<string, unknown> {
  if (where.kind !== 'channel') return {};
  return { team: { id: TEAM_ID }, channel: { id: where.channel ?? CHANNEL } };
}

export function conversationOf(where: Where, as: Person): string {
  if (where.kind === 'personal') return personalConversationId(as.id);
  if (where.kind === 'groupChat') return where.id ?? GROUP_CHAT;
  const channel = where.channel ?? CHANNEL;
  return where.thread ? `${channel};messageid=${where.thread}` : channel;
}

/** Every TextBlock text of a card, joined (for reading what a person sees). */
export function cardText(card: any): string {
  const texts: string[] = [];
  const walk = (element: any) => {
    if (!element || typeof element !== 'object') return;
    if (element.type === 'TextBlock') texts.push(element.text);
    for (const child of [...(element.body ?? []), ...(element.items ?? [])]) walk(child);
  };
  walk(card);
  return texts.join('\n');
}

/** Every Action.Execute of a card with its data. */
export function cardActions(card: any): Array<{ title: string; data: any }> {
  return (card?.body ?? []).flatMap((element: any) => (element.type === 'ActionSet' ? element.actions.map((a: any) => ({ title: a.title, data: a.data })) : []));
}

/** Every card the bot sent validates against the Adaptive Cards schema (with its position, for the report). */
export function invalidCards(fake: FakeBotConnector): Array<{ index: number; errors: string[] }> {
  return fake.cards().flatMap((card, index) => {
    const errors = cardErrors(card);
    return errors.length > 0 ? [{ index, errors }] : [];
  });
}

/**
 * A fresh harness for every test of the file, closed after it with a check that Teams refused
 * nothing and that every card the bot sent is a valid Adaptive Card.
 */
export function useTeamsHarness(use: (harness: TeamsHarness) => void, options: { invokeDeadlineMs?: number; store?: () => Store; rateLimit?: RateLimit } = {}): void {
  let harness: TeamsHarness | undefined;
  beforeEach(async () => {
    harness = await TeamsHarness.start({
      ...(options.invokeDeadlineMs !== undefined ? { invokeDeadlineMs: options.invokeDeadlineMs } : {}),
      ...(options.store ? { store: options.store() } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    use(harness);
  });
  afterEach(async () => {
    expect(harness?.fake.violations).toEqual([]);
    if (harness) expect(invalidCards(harness.fake)).toEqual([]);
    await harness?.close();
  });
}
