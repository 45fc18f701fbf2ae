// Benchmark of delivering the busiest 09:00 at the platforms' pace: the nudges of 1,000 and
// 10,000 networks queued by the real tick, sent by the real delivery worker through the real
// Slack adapter (Bolt's WebClient) and Discord adapter (discord.js REST) to local fakes that
// enforce the platforms' published limits and answer 429 beyond them. Reports when the last
// message went out, the 429s received, and how long a person waits meanwhile for an answer to a
// command and for a message sent to them ahead of the batch.
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startSlack } from '../adapters/slack/start-slack.ts';
import type { App } from '../src/app.ts';
import { createApp } from '../src/app.ts';
import { SimulatedClock } from '../src/core/clock.ts';
import { queueKey, RETRY_SET } from '../src/core/delivery-records.ts';
import { createLogger } from '../src/core/logger.ts';
import type { Message } from '../src/core/message.ts';
import { loadConfig } from '../src/config/schema.ts';
import type { NudgeRunner } from '../src/features/nudges/nudge-runner.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/port.ts';
import { DiscordHarness } from '../tests/discord/discord-harness.ts';
import { FakeSlack, fixture } from '../tests/slack/fake-slack-api.ts';
import { sign } from '../tests/slack/slack-harness.ts';
import { percentile } from './measure.ts';
import type { SeedIds } from './nudges-bench.ts';
import { busiestHour, seed } from './nudges-bench.ts';

/** Network counts to run (DELIVERY_BENCH_NETWORKS=1000,10000). */
const NETWORK_COUNTS = (process.env['DELIVERY_BENCH_NETWORKS'] ?? '1000,10000').split(',').map(Number);
const PLATFORMS = (process.env['DELIVERY_BENCH_PLATFORMS'] ?? 'slack,discord').split(',') as Platform[];
/** Every platform answer takes this long (a real Slack or Discord is 50-400 ms away). */
const LATENCY_MS = 50;
/** A person runs a command this often while the batch goes out. */
const COMMAND_EVERY_MS = 1_000;
/** A message to a person ahead of the batch (Delivery.send, the 'now' lane) this often. */
const NOW_SEND_EVERY_MS = 5_000;
/** Slack does not publish chat.postMessage's workspace limit ("several hundred a minute"); the fake and the bot both assume this. */
const SLACK_POSTS_PER_MINUTE = 600;
const SIGNING_SECRET = 'delivery-bench-signing-secret';
const progress = (line: string) => {
  if (process.env['DELIVERY_BENCH_VERBOSE']) process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};

type Platform = 'slack' | 'discord';

interface Outcome {
  platform: Platform;
  networks: number;
  sessions: number;
  batch: number;
  queueMs: number;
  lastSentMs: number;
  rateLimited: number;
  requests: number;
  commandMs: number[];
  nowSendMs: number[];
  load: number;
}

const note = (text: string): Message => ({ summary: text, blocks: [{ type: 'section', text: [{ type: 'text', text }] }] });
const pad = (n: number) => String(n).padStart(6, '0');

/** Slack-shaped ids: channels C…, people U…. */
const SLACK_IDS: SeedIds = { platform: 'slack', channel: (n) => `C0N${pad(n)}`, trekker: (n) => `U0T${pad(n)}`, procesbegeleider: (n) => `U0P${pad(n)}` };
/** Discord snowflakes (18 digits). */
const DISCORD_IDS: SeedIds = {
  platform: 'discord',
  channel: (n) => `41${String(n).padStart(16, '0')}`,
  trekker: (n) => `21${String(n).padStart(16, '0')}`,
  procesbegeleider: (n) => `31${String(n).padStart(16, '0')}`,
};

/** The platform side of one run: the app on it, its fake, and how a person's command is timed. */
interface Rig {
  app: App;
  clock: SimulatedClock;
  /** The batch's messages the fake accepted, and when (ms since the epoch). */
  accepted(): Array<{ at: number }>;
  rateLimited(): number;
  requests(): number;
  enforceLimits(): void;
  /** Runs one command as a person and resolves when its answer reached the platform. */
  command(i: number): Promise<void>;
  /** Done before the limits apply: what a process that ran the day before already knows. */
  warmUp(recipients: string[]): Promise<void>;
  close(): Promise<void>;
}

async function slackRig(store: Store): Promise<Rig> {
  const fake = await new FakeSlack().start();
  fake.latencyMs = LATENCY_MS;
  const clock = new SimulatedClock(new Date('2026-12-01T02:00:00Z'));
  const log = createLogger('silent');
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log, store });
  const slack = await startSlack(app, { botToken: 'xoxb-bench', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, port: 0, postsPerMinute: SLACK_POSTS_PER_MINUTE }, log, { host: '127.0.0.1' });
  const url = `http://127.0.0.1:${slack.port}/slack/events`;
  return {
    app,
    clock,
    accepted: () => fake.callsTo('chat.postMessage').filter((c) => (c.response as { ok?: boolean } | undefined)?.ok === true).map((c) => ({ at: c.answeredAt! })),
    rateLimited: () => fake.rateLimited,
    requests: () => fake.calls.filter((c) => c.target === '').length,
    enforceLimits: () => fake.enforceLimits({ postsPerMinute: SLACK_POSTS_PER_MINUTE }),
    async command(i) {
      const responseUrl = fake.responseUrl();
      const target = responseUrl.split('/').pop();
      const body = new URLSearchParams({ ...fixture<Record<string, string>>('slash-command.json'), text: 'help', trigger_id: `bench-${i}`, response_url: responseUrl }).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      // The answer is a call the fake records after this point (its calls are only ever appended).
      let at = fake.calls.length;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp, SIGNING_SECRET) },
        body,
      });
      await response.text();
      for (;;) {
        for (; at < fake.calls.length; at++) if (fake.calls[at]!.method === 'response_url' && fake.calls[at]!.target === target) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async warmUp() {
      // Nothing to warm: direct messages go to the user id, so a freshly started process needs
      // no conversations.open first.
    },
    async close() {
      await app.delivery.stopWorker(5_000);
      await slack.stop();
      await app.close();
      await fake.stop();
    },
  };
}

async function discordRig(store: Store): Promise<Rig> {
  const h = await DiscordHarness.start({ store });
  h.fake.latencyMs = LATENCY_MS;
  const messagePost = /^\/channels\/\d+\/messages$/;
  return {
    app: h.t.app,
    clock: h.t.clock,
    accepted: () => h.fake.calls.filter((c) => c.method === 'POST' && messagePost.test(c.path) && c.result !== undefined).map((c) => ({ at: c.at + LATENCY_MS })),
    rateLimited: () => h.fake.rateLimited,
    requests: () => h.fake.calls.filter((c) => !/\/callback$/.test(c.path)).length,
    enforceLimits: () => h.fake.enforceLimits(),
    // The interaction's answer is its callback; inject resolves once the handler made it.
    command: () => h.inject(h.slash('help')),
    // Discord's DM channels are opened as the batch goes (one more request in the global budget each).
    warmUp: async () => undefined,
    async close() {
      await h.t.app.delivery.stopWorker(5_000);
      await h.runtime.stop();
      await h.fake.stop();
      await h.t.app.close();
    },
  };
}

function runnerOf(app: App): NudgeRunner {
  return (app.bot.features().find((f) => f.name === 'nudges') as { runner?: NudgeRunner } | undefined)!.runner!;
}

async function owed(store: Store, platform: string): Promise<number> {
  const [now, batch, retries] = await store.setMembersMany([queueKey(platform, 'now'), queueKey(platform, 'batch'), RETRY_SET]);
  return now!.length + batch!.length + retries!.length;
}

/** Fills the store as a running bot finds it (in a process of its own, as nudges-bench does) and says which hour is the busiest. */
function seedInChild(platform: Platform, networks: number, file: string): { peak: Date; sessionIds: string[] } {
  for (let attempt = 1; ; attempt++) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'seed', platform, String(networks), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 });
    if (child.status === 0) {
      const { peak, sessionIds } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { peak: string; sessionIds: string[] };
      return { peak: new Date(peak), sessionIds };
    }
    // A loaded machine can make the store's liveness probe give up while seeding (see the report).
    if (attempt === 3) throw new Error(`seeding ${networks} ${platform} networks failed (exit ${child.status})`);
  }
}

async function seedHere(platform: Platform, networks: number, file: string): Promise<void> {
  await removeSqlite(file);
  const store = await openStore(`sqlite://${file}`);
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock: new SimulatedClock(new Date('2026-12-01T02:00:00Z')), log: createLogger('silent'), store });
  const runner = runnerOf(app);
  await seed(app, runner, networks, platform === 'slack' ? SLACK_IDS : DISCORD_IDS);
  const { peak, sessionIds } = await busiestHour(app.store, runner);
  await app.close();
  process.stdout.write(`${JSON.stringify({ peak: peak.toISOString(), sessionIds })}\n`);
}

async function runScenario(platform: Platform, networks: number): Promise<Outcome> {
  const file = path.join(os.tmpdir(), `liso-delivery-bench-${process.pid}-${platform}-${networks}.sqlite`);
  const memory = process.env['DELIVERY_BENCH_STORE'] === 'memory';
  progress(`${platform} ${networks}: seeding`);
  const seeded = memory ? undefined : seedInChild(platform, networks, file);
  const store = memory ? new MemoryStore() : await openStore(`sqlite://${file}`);
  const rig = platform === 'slack' ? await slackRig(store) : await discordRig(store);
  const ids = platform === 'slack' ? SLACK_IDS : DISCORD_IDS;
  try {
    const { app, clock } = rig;
    const runner = runnerOf(app);
    if (!seeded) await seed(app, runner, networks, ids);
    const { peak, sessionIds } = seeded ?? (await busiestHour(store, runner));
    progress(`${platform} ${networks}: ${sessionIds.length} sessions due at ${peak.toISOString()}`);
    const due = [...new Set(sessionIds.map((id) => Number(/^s(\d+)-/.exec(id)![1])))];
    await rig.warmUp(due.flatMap((n) => [ids.trekker(n), ids.procesbegeleider(n)]));
    rig.enforceLimits();
    const before = rig.accepted().length;
    const requestsBefore = rig.requests();
    clock.set(peak);
    app.delivery.startWorker();

    const start = performance.now();
    const startedAt = Date.now();
    // From 09:00 on the app's clock runs as a real one (retry times, record times).
    const ticking = setInterval(() => clock.set(new Date(peak.getTime() + (performance.now() - start))), 50);
    const commandMs: number[] = [];
    const nowSendMs: number[] = [];
    let done = false;
    // A person runs a command every second, and every five seconds one gets a message ahead of
    // the batch, while the batch goes out; each is timed from its start to its answer.
    const probes = (async () => {
      let i = 0;
      let nextNow = start + NOW_SEND_EVERY_MS / 2;
      while (!done) {
        const at = performance.now();
        await rig.command(i);
        commandMs.push(performance.now() - at);
        if (performance.now() >= nextNow) {
          nextNow += NOW_SEND_EVERY_MS;
          const n = due[i % due.length]!;
          const sendAt = performance.now();
          const outcome = await app.delivery.send(`bench-now:${i}`, { kind: 'direct', platform, userId: ids.trekker(n) }, note(`Antwoord ${i}`));
          if (outcome.status === 'sent') nowSendMs.push(performance.now() - sendAt);
        }
        i += 1;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, COMMAND_EVERY_MS - (performance.now() - at))));
      }
    })();
    await runner.tick(peak);
    const queueMs = performance.now() - start;
    progress(`${platform} ${networks}: queued in ${seconds(queueMs)}`);
    for (let polls = 0; (await owed(store, platform)) > 0 || app.delivery.sendsInFlight > 0; polls++) {
      if (polls % 20 === 0) progress(`${platform} ${networks}: ${await owed(store, platform)} owed, ${rig.accepted().length - before} accepted, ${rig.rateLimited()} 429s, cpu ${JSON.stringify(process.cpuUsage())}`);
      if (polls % 20 === 0 && process.env['DELIVERY_BENCH_VERBOSE']) {
        const retrying = await store.getMany<{ reason?: string; nextAttemptAt?: Date }>((await store.setMembers(RETRY_SET)).slice(0, 3).map((k) => `delivery:${k}`));
        for (const r of retrying) progress(`  retrying: ${r?.reason} until ${r?.nextAttemptAt?.toISOString()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    done = true;
    await probes;
    clearInterval(ticking);
    const accepted = rig.accepted().slice(before);
    const batch = accepted.length - nowSendMs.length;
    commandMs.sort((a, b) => a - b);
    nowSendMs.sort((a, b) => a - b);
    return {
      platform,
      networks,
      sessions: sessionIds.length,
      batch,
      queueMs,
      lastSentMs: Math.max(...accepted.map((c) => c.at)) - startedAt,
      rateLimited: rig.rateLimited(),
      requests: rig.requests() - requestsBefore,
      commandMs,
      nowSendMs,
      load: os.loadavg()[0]!,
    };
  } finally {
    await rig.close();
    await removeSqlite(file);
  }
}

async function removeSqlite(file: string): Promise<void> {
  for (const end of ['', '-wal', '-shm']) await rm(file + end, { force: true });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const millis = (values: number[], p: number) => (values.length === 0 ? '–' : `${percentile(values, p).toFixed(0)} ms`);

export async function runDeliveryBench(): Promise<string> {
  const outcomes: Outcome[] = [];
  for (const networks of NETWORK_COUNTS) {
    for (const platform of PLATFORMS) {
      const outcome = await runScenario(platform, networks);
      outcomes.push(outcome);
      process.stderr.write(`delivery bench: ${platform} ${networks} networks done in ${seconds(outcome.lastSentMs)}\n`);
    }
  }
  return [
    '## Delivery: the busiest 09:00 at the platforms\' pace',
    '',
    `The busiest hour of N networks × 4 sessions (as in the nudges benchmark), queued by the real tick on SQLite and sent by the background delivery worker through the real adapters to local fakes that enforce the published limits (429 beyond them), ${LATENCY_MS} ms per answer. Slack: chat.postMessage ${SLACK_POSTS_PER_MINUTE} a minute per workspace (unpublished; assumed) and 3 in any 3 s per conversation, the method tiers; a freshly started process (direct messages go to the user id, no conversations.open). Discord: 50 requests in any second, 5 messages per 5 s per channel in X-RateLimit-* headers; DM channels opened as the batch goes. Meanwhile a person runs \`/liso help\` every ${COMMAND_EVERY_MS / 1000} s (answer at the response_url / interaction callback) and every ${NOW_SEND_EVERY_MS / 1000} s a message goes to a person ahead of the batch (Delivery.send).`,
    '',
    '| platform | networks | due sessions | batch messages | queued by the tick | last message sent | requests | 429s | command p50 / p99 / max (n) | ahead of the batch p50 / p99 (n) | load |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...outcomes.map(
      (o) =>
        `| ${o.platform} | ${o.networks.toLocaleString('en')} | ${o.sessions} | ${o.batch} | ${seconds(o.queueMs)} | ${seconds(o.lastSentMs)} | ${o.requests} | ${o.rateLimited} | ${millis(o.commandMs, 50)} / ${millis(o.commandMs, 99)} / ${millis(o.commandMs, 100)} (${o.commandMs.length}) | ${millis(o.nowSendMs, 50)} / ${millis(o.nowSendMs, 99)} (${o.nowSendMs.length}) | ${o.load.toFixed(1)} |`,
    ),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'seed') await seedHere(process.argv[3] as Platform, Number(process.argv[4]), process.argv[5]!);
  else process.stdout.write(await runDeliveryBench());
}
