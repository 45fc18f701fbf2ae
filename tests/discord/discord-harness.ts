// Drives the real Discord adapter: discord.js against the fake REST API, raw interactions injected.
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Events } from 'discord.js';
import { afterEach, beforeEach, expect } from 'vitest';
import type { DiscordRuntime } from '../../adapters/discord/index.ts';
import { startDiscord } from '../../adapters/discord/index.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { APP_ID, BOT_TOKEN, FakeDiscord } from './fake-discord.ts';
import { packageRoot } from '../../src/core/paths.ts';
import type { SimulatedClock } from '../../src/core/clock.ts';
import type { Store } from '../../src/store/port.ts';

export const GUILD = '800000000000000001';
export const CHANNEL = '810000000000000001';
export const people = {
  anna: { id: '100000000000000001', username: 'anna.devries', global_name: 'Anna de Vries' },
  bram: { id: '100000000000000002', username: 'bram', global_name: 'Bram Jansen' },
  sanne: { id: '100000000000000003', username: 'sanne', global_name: 'Sanne Bakker' },
} as const;
/** A Discord user the tests act as (the three above, or extra ones a test adds to the fake). */
export interface Person {
  readonly id: string;
  readonly username: string;
  readonly global_name: string;
  /** A bot or app account (Discord's `bot` flag on the user). */
  readonly bot?: boolean;
}

// From the package root, so the compiled benchmarks (dist-bench/) find the same files.
const fixtures = path.join(packageRoot(), 'tests/fixtures/discord');
export function fixture(name: string): any {
  return JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8'));
}

export interface SlashOption {
  name: string;
  type: number;
  value: string;
}

export class DiscordHarness {
  private counter = 0;
  private pending: Array<Promise<void>> = [];

  private constructor(
    readonly fake: FakeDiscord,
    readonly t: TestApp,
    readonly runtime: DiscordRuntime,
  ) {}

  static async start(options: { deferAfterMs?: number; store?: Store; clock?: SimulatedClock } = {}): Promise<DiscordHarness> {
    const fake = await new FakeDiscord().start();
    for (const person of Object.values(people)) fake.users.set(person.id, { ...person });
    const t = await createTestApp({ ...(options.store ? { store: options.store } : {}), ...(options.clock ? { clock: options.clock } : {}) });
    const runtime = await startDiscord(t.app, { token: BOT_TOKEN, applicationId: APP_ID, apiUrl: fake.url }, t.app.log, {
      login: false,
      deferAfterMs: options.deferAfterMs ?? 2_000,
    });
    const harness = new DiscordHarness(fake, t, runtime);
    // Same handler as in production, but the test can await each interaction to its end.
    runtime.client.removeAllListeners(Events.InteractionCreate);
    runtime.client.on(Events.InteractionCreate, (interaction) => harness.pending.push(runtime.handler.handle(interaction)));
    return harness;
  }

  /**
   * Plans a session of the network in the fixture's channel a minute from now and moves the
   * clock to its start, so it counts as held (a pulse asks about the latest session).
   */
  async holdSession(): Promise<void> {
    const start = new Date(this.t.clock.now().getTime() + 60_000);
    await this.inject(this.slash('sessie', [str('tekst', DateTime.fromJSDate(start, { zone: 'Europe/Amsterdam' }).toFormat('yyyy-MM-dd HH:mm'))]));
    this.t.clock.set(start);
    await this.t.app.bot.tick(start);
    this.fake.take();
  }

  /** Feeds a raw gateway INTERACTION_CREATE payload to discord.js and waits for the bot to finish. */
  async inject(raw: unknown): Promise<void> {
    (this.runtime.client as any).actions.InteractionCreate.handle(raw);
    const pending = this.pending.splice(0, this.pending.length);
    await Promise.all(pending);
  }

  /** Starts an interaction without waiting for it (deadline tests). */
  injectNoWait(raw: unknown): Promise<void> {
    (this.runtime.client as any).actions.InteractionCreate.handle(raw);
    const pending = this.pending.splice(0, this.pending.length);
    return Promise.all(pending).then(() => undefined);
  }

  slash(sub: string, options: SlashOption[] = [], as: Person = people.anna, where: { dm?: boolean; roles?: string[] } = {}): any {
    const raw = fixture(where.dm ? 'command-dm' : 'command');
    raw.id = this.nextId();
    raw.token = `token-${raw.id}`;
    raw.data.options = [{ name: sub, type: 1, options }];
    const users: Record<string, unknown> = {};
    const members: Record<string, unknown> = {};
    for (const option of options.filter((o) => o.type === 6)) {
      const person: Person = Object.values(people).find((p) => p.id === option.value) ?? (this.fake.users.get(option.value) as Person);
      users[person.id] = { id: person.id, username: person.username, global_name: person.global_name, discriminator: '0', avatar: null, public_flags: 0, ...(person.bot ? { bot: true } : {}) };
      members[person.id] = { nick: null, roles: [], joined_at: '2026-09-01T10:00:00.000000+00:00', permissions: '0', flags: 0, pending: false };
    }
    if (Object.keys(users).length > 0) raw.data.resolved = { users, ...(where.dm ? {} : { members }) };
    this.setActor(raw, as, where);
    return raw;
  }

  /** A button press; `message` is the message it was on (its id, flags, components, DM channel). */
  press(customId: string, as: Person = people.anna, message: { id?: string; flags?: number; components?: unknown[]; content?: string; dmChannel?: string } = {}): any {
    const raw = fixture('button');
    raw.id = this.nextId();
    raw.token = `token-${raw.id}`;
    raw.data.custom_id = customId;
    raw.message.components[0].components[0].custom_id = customId;
    if (message.id) raw.message.id = message.id;
    if (message.flags !== undefined) raw.message.flags = message.flags;
    if (message.components) raw.message.components = message.components;
    if (message.content !== undefined) raw.message.content = message.content;
    if (message.dmChannel) {
      for (const key of ['guild_id', 'guild', 'guild_locale', 'member']) delete raw[key];
      raw.context = 1;
      raw.channel_id = message.dmChannel;
      raw.channel = { id: message.dmChannel, type: 1, flags: 0, last_message_id: null, recipients: [] };
      raw.message.channel_id = message.dmChannel;
    }
    this.setActor(raw, as, { dm: Boolean(message.dmChannel) });
    return raw;
  }

  choose(customId: string, value: string, as: Person = people.anna): any {
    const raw = this.press(customId, as);
    raw.data = { component_type: 3, custom_id: customId, values: [value], id: 3 };
    raw.message.components = [{ id: 1, type: 1, components: [{ type: 3, id: 2, custom_id: customId, options: [{ label: value, value }] }] }];
    return raw;
  }

  submit(customId: string, values: Record<string, string | string[]>, as: Person = people.anna): any {
    const raw = fixture('modal-submit');
    raw.id = this.nextId();
    raw.token = `token-${raw.id}`;
    raw.data.custom_id = customId;
    raw.data.components = Object.entries(values).map(([id, value], i) => ({
      type: 18,
      id: i * 2 + 1,
      component: Array.isArray(value) ? { type: 3, id: i * 2 + 2, custom_id: id, values: value } : { type: 4, id: i * 2 + 2, custom_id: id, value },
    }));
    this.setActor(raw, as, {});
    return raw;
  }

  async close(): Promise<void> {
    await this.runtime.stop();
    await this.t.app.close();
    await this.fake.stop();
  }

  private setActor(raw: any, as: Person, where: { dm?: boolean; roles?: string[] }): void {
    const user = { avatar: null, discriminator: '0', global_name: as.global_name, id: as.id, public_flags: 0, username: as.username };
    if (where.dm) {
      raw.user = user;
      raw.channel.recipients = [user];
      delete raw.member;
    } else {
      raw.member.user = user;
      raw.member.nick = null;
      raw.member.roles = where.roles ?? [];
    }
  }

  private nextId(): string {
    return String(1_320_000_000_000_001_000n + BigInt(++this.counter));
  }
}

/** Every message body the bot sent (channel posts, callbacks, follow-ups, edits), in order. */
export function messageBodies(fake: FakeDiscord): any[] {
  return fake.calls.flatMap((c) => {
    if (/\/callback$/.test(c.path)) return c.body?.data && (c.body.type === 4 || c.body.type === 7) ? [c.body.data] : [];
    if (c.method === 'POST' && /\/messages$/.test(c.path)) return [c.body];
    if (c.method === 'PATCH') return [c.body];
    if (c.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(c.path)) return [c.body];
    return [];
  });
}

export const str = (name: string, value: string): SlashOption => ({ name, type: 3, value });
export const user = (name: string, person: Person): SlashOption => ({ name, type: 6, value: person.id });

/**
 * A fresh harness for every test of the file (or describe block), closed after it with a check
 * that the fake saw no request Discord would have refused; `use` receives it.
 */
export function useDiscordHarness(use: (harness: DiscordHarness) => void): void {
  let harness: DiscordHarness | undefined;
  beforeEach(async () => {
    harness = await DiscordHarness.start();
    use(harness);
  });
  afterEach(async () => {
    expect(harness?.fake.violations).toEqual([]);
    await harness?.close();
  });
}
