// The platforms a chaos run can send to: the local fakes of Slack's Web API and of Discord's REST
// API and gateway (the ones the tests use), each with the ids its platform uses, the environment
// that points the real bot at it, and every message post reported as it arrives.
import { slackRatePolicy } from '../../adapters/slack/slack-rate-policy.ts';
import { discordRatePolicy } from '../../adapters/discord/discord-rate-policy.ts';
import { FakeSlack } from '../../tests/slack/fake-slack-api.ts';
import { APP_ID, BOT_TOKEN as DISCORD_TOKEN, FakeDiscord } from '../../tests/discord/fake-discord.ts';
import { FakeGateway } from '../../tests/discord/fake-gateway.ts';

export type PlatformName = 'slack' | 'discord';

/** The ids of the seed's people and channels on a platform. */
export interface PlatformIds {
  trekker(n: number): string;
  begeleider(n: number): string;
  participant(n: number, i: number): string;
  channel(n: number): string;
  /** The conversation the fake opens for direct messages to `userId`. */
  directOf(userId: string): string;
}

/** A post as the platform received it. */
export interface Post {
  conversation: string;
  /** What the recipient reads (the same for the same message, whatever the attempt). */
  text: string;
  /** The platform's idempotency key, when the post carried one the platform enforces. */
  nonce?: string;
  at: number;
}

export interface RunningFake {
  /** LISO_ADAPTER and the platform's tokens and URLs for the bot. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface ChaosPlatform {
  name: PlatformName;
  ids: PlatformIds;
  /** Sends in flight per process (the adapter's RatePolicy.maxInFlight): the most one crash can repeat. */
  inFlight: number;
  /** How long the platform drops a post whose enforced nonce it has seen (0: it has no idempotency key). */
  nonceWindowMs: number;
  start(latencyMs: number, onPost: (post: Post) => void, port: number): Promise<RunningFake>;
}

/** A post to a user id lands in the direct conversation with them, as on Slack. */
const directOfUser = (channel: string) => (channel.startsWith('U') ? `D${channel.slice(1)}` : channel);

const pad = (n: number) => String(n).padStart(5, '0');

export const slackPlatform: ChaosPlatform = {
  name: 'slack',
  // The fake posts a message to U… (a user id) in the direct conversation D… (the same characters).
  ids: {
    trekker: (n) => `UT${pad(n)}`,
    begeleider: (n) => `UP${pad(n)}`,
    participant: (n, i) => `UD${pad(n)}X${i}`,
    channel: (n) => `C${pad(n)}`,
    directOf: (userId) => `D${userId.slice(1)}`,
  },
  inFlight: slackRatePolicy({ postsPerMinute: 1, maxPages: 1 }).maxInFlight,
  nonceWindowMs: 0,
  async start(latencyMs, onPost, port) {
    const fake = await new FakeSlack().start();
    fake.latencyMs = latencyMs;
    // The fake records each call on arrival, before its latency: a post that reached Slack counts even if the bot died waiting for the answer.
    const record = fake.calls.push.bind(fake.calls);
    fake.calls.push = (...calls) => {
      for (const call of calls) if (call.method === 'chat.postMessage') onPost({ conversation: directOfUser(String(call.body['channel'])), text: String(call.body['text']), at: Date.now() });
      return record(...calls);
    };
    return {
      env: {
        LISO_ADAPTER: 'slack',
        SLACK_BOT_TOKEN: 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
        SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        LISO_SLACK_POSTS_PER_MINUTE: '10000',
      },
      stop: () => fake.stop(),
    };
  },
};

/** Snowflakes of 18 digits: the fake's direct conversation is `7` + the user's id. */
const snowflake = (kind: number, n: number, i = 0) => `1${kind}${String(i).padStart(2, '0')}${String(n).padStart(14, '0')}`;

export const discordPlatform: ChaosPlatform = {
  name: 'discord',
  ids: {
    trekker: (n) => snowflake(1, n),
    begeleider: (n) => snowflake(2, n),
    participant: (n, i) => snowflake(3, n, i),
    channel: (n) => snowflake(5, n),
    directOf: (userId) => `7${userId}`,
  },
  inFlight: discordRatePolicy({ hasDmChannel: () => false }).maxInFlight,
  // The fake's (and Discord's "past few minutes") window for an enforced nonce.
  nonceWindowMs: 5 * 60_000,
  async start(latencyMs, onPost) {
    const fake = await new FakeDiscord().start();
    const gateway = await new FakeGateway().start();
    fake.gatewayUrl = gateway.url;
    fake.latencyMs = latencyMs;
    const record = fake.calls.push.bind(fake.calls);
    fake.calls.push = (...calls) => {
      for (const call of calls) {
        const channel = call.method === 'POST' ? /^\/channels\/(\d+)\/messages$/.exec(call.path)?.[1] : undefined;
        if (!channel) continue;
        const { nonce, enforce_nonce: enforced, ...shown } = (call.body ?? {}) as Record<string, unknown>;
        onPost({ conversation: channel, text: JSON.stringify(shown), ...(enforced && typeof nonce === 'string' ? { nonce } : {}), at: Date.now() });
      }
      return record(...calls);
    };
    return {
      env: { LISO_ADAPTER: 'discord', DISCORD_TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.url },
      async stop() {
        await gateway.stop();
        await fake.stop();
      },
    };
  },
};

export const platforms: Record<PlatformName, ChaosPlatform> = { slack: slackPlatform, discord: discordPlatform };
