// Benchmark of the wins feature: recording a celebrated win, and the milestone tick over many networks.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.ts';
import type { App } from '../src/app.ts';
import type { ChatAdapter, MessageRef } from '../src/core/chat-adapter.ts';
import { SimulatedClock } from '../src/core/clock.ts';
import type { CommandEvent } from '../src/core/events.ts';
import { createLogger } from '../src/core/logger.ts';
import { loadConfig } from '../src/config/schema.ts';
import { MemoryStore } from '../src/store/memory-store.ts';

const NETWORKS = 200;
const SESSIONS_PER_NETWORK = 6;
const WINS = 2_000;
const TICKS = 20;

/** Counts what the core sends; nothing is rendered. */
class CountingAdapter implements ChatAdapter {
  readonly platform = 'bench';
  posts = 0;
  async sendDirect(): Promise<MessageRef> {
    return this.ref();
  }
  async postToChannel(): Promise<MessageRef> {
    return this.ref();
  }
  async update(): Promise<void> {}
  private ref(): MessageRef {
    this.posts++;
    return { platform: this.platform, conversationId: 'c', messageId: String(this.posts) };
  }
}

function command(user: string, channel: string, text: string): CommandEvent {
  return { type: 'command', platform: 'bench', actor: { userId: user, displayName: user }, conversation: { kind: 'channel', id: channel }, text, mentions: [] };
}

async function handle(app: App, event: CommandEvent): Promise<void> {
  await app.bot.handle(event, { reply: async () => {} });
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

export async function runWinsBench(): Promise<string> {
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('silent'), store: new MemoryStore() });
  const adapter = new CountingAdapter();
  app.bot.attach(adapter);
  for (let n = 0; n < NETWORKS; n++) {
    await handle(app, command('lead', `ch-${n}`, `start Netwerk ${n}`));
    for (let s = 0; s < SESSIONS_PER_NETWORK; s++) {
      await handle(app, command('lead', `ch-${n}`, `sessie 2027-${String(2 + s).padStart(2, '0')}-10 14:00`));
    }
  }

  const setupPosts = adapter.posts;
  const recordTimes: number[] = [];
  for (let i = 0; i < WINS; i++) {
    const start = performance.now();
    await handle(app, command('lead', `ch-${i % NETWORKS}`, `vier stap ${i} is gezet`));
    recordTimes.push(performance.now() - start);
  }
  recordTimes.sort((a, b) => a - b);

  const celebrations = adapter.posts - setupPosts;
  // Two days after the third session: every network has a milestone to post, one behind it and more ahead.
  clock.set(new Date('2027-04-12T08:00:00Z'));
  const postsBefore = adapter.posts;
  const firstTickStart = performance.now();
  await app.bot.tick(clock.now());
  const firstTick = performance.now() - firstTickStart;
  const milestonePosts = adapter.posts - postsBefore;
  const tickTimes: number[] = [];
  for (let i = 0; i < TICKS; i++) {
    clock.advance(60_000);
    const start = performance.now();
    await app.bot.tick(clock.now());
    tickTimes.push(performance.now() - start);
  }
  tickTimes.sort((a, b) => a - b);
  const nextDueStart = performance.now();
  await app.bot.nextDue(clock.now());
  const nextDue = performance.now() - nextDueStart;

  return [
    '# Wins benchmark',
    '',
    `Node ${process.version}, memory store, ${NETWORKS} networks with ${SESSIONS_PER_NETWORK} sessions each, ${WINS.toLocaleString('en')} wins recorded through the bot (parse, record, choose a text, deliver).`,
    '',
    '| measurement | p50 | p99 | max |',
    '|---|---:|---:|---:|',
    `| \`/liso vier\` end to end | ${ms(percentile(recordTimes, 0.5))} | ${ms(percentile(recordTimes, 0.99))} | ${ms(recordTimes.at(-1)!)} |`,
    `| tick with nothing due (all ${NETWORKS} networks checked) | ${ms(percentile(tickTimes, 0.5))} | ${ms(percentile(tickTimes, 0.99))} | ${ms(tickTimes.at(-1)!)} |`,
    '',
    `Celebrations posted: ${celebrations.toLocaleString('en')}. First tick after the jump: ${ms(firstTick)} for ${milestonePosts} milestone posts. \`nextDue\` over all networks: ${ms(nextDue)}.`,
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await runWinsBench()}\n`);
}
