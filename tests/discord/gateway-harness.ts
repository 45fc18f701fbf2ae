// Drives the real Discord adapter through the gateway: discord.js logs in to the fake gateway
// (one session per replica), messages arrive as MESSAGE_CREATE, answers go to the fake REST API.
import { randomInt } from 'node:crypto';
import { vi } from 'vitest';
import type { DiscordRuntime } from '../../adapters/discord/index.ts';
import { startDiscord } from '../../adapters/discord/index.ts';
import type { RateLimit } from '../../src/core/rate-limiter.ts';
import type { SimulatedClock } from '../../src/core/clock.ts';
import type { Store } from '../../src/store/port.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import type { Person } from './discord-harness.ts';
import { CHANNEL, fixture, GUILD, people } from './discord-harness.ts';
import type { RecordedCall } from './fake-discord.ts';
import { APP_ID, BOT_TOKEN, FakeDiscord } from './fake-discord.ts';
import { FakeGateway } from './fake-gateway.ts';

const DISCORD_EPOCH = 1_420_070_400_000n;

export interface Replica {
  t: TestApp;
  runtime: DiscordRuntime;
}

/** The DM channel of a person with the bot, as the fake opens it (POST /users/@me/channels). */
export function dmChannelOf(person: Person): string {
  return `7${person.id}`.slice(0, 19);
}

export class GatewayHarness {
  private counter = 0;
  /** Events that reached `bot.handle` on any replica (counted on entry, before any await). */
  handled = 0;

  private constructor(
    readonly fake: FakeDiscord,
    readonly gateway: FakeGateway,
    readonly replicas: Replica[],
  ) {}

  /** One replica per store given (they share it), else one on its own memory store. */
  static async start(options: { stores?: Store[]; rateLimit?: RateLimit; clock?: SimulatedClock } = {}): Promise<GatewayHarness> {
    const fake = await new FakeDiscord().start();
    for (const person of Object.values(people)) fake.users.set(person.id, { ...person });
    const gateway = await new FakeGateway().start();
    fake.gatewayUrl = gateway.url;
    const replicas: Replica[] = [];
    for (const store of options.stores ?? [undefined]) {
      const t = await createTestApp({ ...(store ? { store } : {}), ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}), ...(options.clock ? { clock: options.clock } : {}) });
      const runtime = await startDiscord(t.app, { token: BOT_TOKEN, applicationId: APP_ID, apiUrl: fake.url }, t.app.log);
      replicas.push({ t, runtime });
    }
    const harness = new GatewayHarness(fake, gateway, replicas);
    for (const { t } of replicas) {
      const handle = t.app.bot.handle.bind(t.app.bot);
      t.app.bot.handle = (event, responder) => {
        harness.handled += 1;
        return handle(event, responder);
      };
    }
    await gateway.whenIdentified(replicas.length);
    gateway.dispatch('GUILD_CREATE', fixture('guild-create'));
    await vi.waitFor(() => {
      if (!replicas.every((r) => r.runtime.client.guilds.cache.has(GUILD) && r.runtime.client.user)) throw new Error('guild not ready');
    });
    return harness;
  }

  /** Waits until `count` events reached the bot (so a simulated clock may move on). */
  async waitForHandled(count: number): Promise<void> {
    await vi.waitFor(
      () => {
        if (this.handled < count) throw new Error(`${this.handled} of ${count} events handled yet`);
      },
      { timeout: 10_000, interval: 5 },
    );
  }

  get t(): TestApp {
    return this.replicas[0]!.t;
  }

  /** A direct message from `as` to the bot. */
  dm(content: string, as: Person = people.anna, extra: Record<string, unknown> = {}): any {
    const raw = fixture('message-create-dm');
    raw.id = this.nextId();
    raw.channel_id = dmChannelOf(as);
    raw.author = { ...raw.author, id: as.id, username: as.username, global_name: as.global_name };
    raw.content = content;
    return { ...raw, ...extra };
  }

  /** A guild message from `as` in the network channel; `@bot` in `content` is the bot's mention. */
  channelMessage(content: string, as: Person = people.anna, extra: Record<string, unknown> = {}): any {
    const raw = fixture('message-create');
    raw.id = this.nextId();
    raw.author = { ...raw.author, id: as.id, username: as.username, global_name: as.global_name };
    raw.member = { ...raw.member, nick: null };
    raw.content = content.replace(/@bot\b/g, `<@${APP_ID}>`);
    if (!raw.content.includes(`<@${APP_ID}>`)) raw.mentions = [];
    return { ...raw, ...extra };
  }

  send(message: unknown): void {
    this.gateway.dispatch('MESSAGE_CREATE', message);
  }

  /** Messages the bot posted in a channel (a DM channel or a guild channel), in order. */
  posts(channelId: string): RecordedCall[] {
    return this.fake.callsTo('POST', new RegExp(`^/channels/${channelId}/messages$`));
  }

  async waitForPosts(channelId: string, count: number): Promise<RecordedCall[]> {
    return vi.waitFor(
      () => {
        const posts = this.posts(channelId);
        if (posts.length < count) throw new Error(`${posts.length} of ${count} posts in ${channelId} yet`);
        return posts;
      },
      { timeout: 10_000, interval: 20 },
    );
  }

  async close(): Promise<void> {
    const stores = new Set<Store>();
    for (const { t, runtime } of this.replicas) {
      await runtime.stop();
      stores.add(t.app.store);
    }
    for (const store of stores) await store.close();
    await this.gateway.stop();
    await this.fake.stop();
  }

  /** A new snowflake (time-based like Discord's), so ids never repeat across runs on a shared Redis. */
  nextId(): string {
    return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) + BigInt(++this.counter % 4_096));
  }

  /**
   * A person nobody met before (on a shared Redis, the fixed test people may have been). Their id
   * has 18 digits like the fixed people's, so the fake's DM channel id stays unique to them.
   */
  newPerson(name: string): Person {
    const person = { id: `2${randomInt(10 ** 8, 10 ** 9 - 1)}${randomInt(10 ** 8, 10 ** 9 - 1)}`, username: name.toLowerCase(), global_name: name };
    this.fake.users.set(person.id, person);
    return person;
  }
}

export { CHANNEL, people };
