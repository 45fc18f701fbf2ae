// Benchmark of the pulse feature: vote latency, the idle tick over many open pulses, and closing
// them (aggregation, erasure, results), on the in-memory store and on SQLite, where every ballot
// change checkpoints the write-ahead log and every close rewrites the file (VACUUM); plus what
// forgetting a person and one rewrite cost on a SQLite file of realistic size.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Message } from '../src/core/message.ts';
import type { Store } from '../src/store/port.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import { createApp } from '../src/app.ts';
import type { ChatAdapter, MessageRef, Responder } from '../src/core/chat-adapter.ts';
import { SimulatedClock } from '../src/core/clock.ts';
import { createLogger } from '../src/core/logger.ts';
import { loadConfig } from '../src/config/schema.ts';
import { MemoryStore } from '../src/store/memory-store.ts';

const NETWORKS = 300;
/** On SQLite every ballot change checkpoints and every close rewrites the file: fewer networks suffice. */
const SQLITE_NETWORKS = 30;
const PARTICIPANTS = 12;
const DAY = 24 * 60 * 60 * 1000;

/** Accepts every message and keeps only each person's ballot token (what their buttons carry). */
class NullAdapter implements ChatAdapter {
  readonly platform = 'bench';
  readonly tokens = new Map<string, string>();
  private counter = 0;
  async sendDirect(userId: string, message: Message): Promise<MessageRef> {
    for (const block of message.blocks) {
      if (block.type !== 'actions') continue;
      const vote = block.buttons.find((b) => b.actionId === 'pulse.vote');
      if (vote) this.tokens.set(userId, vote.value.split(':')[1]!);
    }
    return { platform: this.platform, conversationId: userId, messageId: String(++this.counter) };
  }
  async postToChannel(channelId: string): Promise<MessageRef> {
    return { platform: this.platform, conversationId: channelId, messageId: String(++this.counter) };
  }
  async update(): Promise<void> {}
}

const responder: Responder = { reply: async () => {} };

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
}

export async function runPulseBench(): Promise<string> {
  const memory = await measure(new MemoryStore(), 'memory', NETWORKS);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-pulse-bench-'));
  try {
    const file = path.join(dir, 'liso.sqlite');
    const sqlite = await SqliteStore.open(file);
    const onSqlite = await measure(sqlite, 'sqlite', SQLITE_NETWORKS);
    const rewrite = await rewriteCost(sqlite, file);
    await sqlite.close();
    return [...memory, '', ...onSqlite, '', ...rewrite, ''].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function measure(store: Store, label: 'memory' | 'sqlite', networks: number): Promise<string[]> {
  const start = new Date('2027-01-04T08:00:00Z');
  const clock = new SimulatedClock(start);
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('silent'), store });
  const adapter = new NullAdapter();
  app.bot.attach(adapter);
  const command = (user: string, channel: string, text: string, mentions: string[] = []) =>
    app.bot.handle(
      {
        type: 'command',
        platform: 'bench',
        actor: { userId: user, displayName: user },
        conversation: { kind: 'channel', id: channel },
        text,
        mentions: mentions.map((id) => ({ token: `<@${id}>`, userId: id, displayName: id })),
      },
      responder,
    );
  // Every network holds a session first: a pulse asks about the latest one.
  for (let n = 0; n < networks; n++) {
    const participants = Array.from({ length: PARTICIPANTS }, (_, i) => `p${n}-${i}`);
    await command(`lead-${n}`, `c${n}`, `start Netwerk ${n}`);
    await command(`lead-${n}`, `c${n}`, `rol deelnemer ${participants.map((p) => `<@${p}>`).join(' ')}`, participants);
    await command(`lead-${n}`, `c${n}`, 'sessie 2027-01-04 10:00');
  }
  clock.set(new Date(start.getTime() + 2 * 3_600_000));
  const pulses: Array<{ pulseId: string; participants: string[] }> = [];
  const startTimes: number[] = [];
  for (let n = 0; n < networks; n++) {
    const before = performance.now();
    await command(`lead-${n}`, `c${n}`, 'pulse');
    startTimes.push(performance.now() - before);
    const network = await app.directory.byChannel('bench', `c${n}`);
    const pulseId = await store.get<string>(`pulse:network:${network!.id}:open`);
    if (!pulseId) throw new Error(`pulse bench: no pulse started in network ${n}`);
    pulses.push({ pulseId, participants: Array.from({ length: PARTICIPANTS }, (_, i) => `p${n}-${i}`) });
  }
  const voteTimes: number[] = [];
  for (const { pulseId, participants } of pulses.slice(0, 50)) {
    for (const person of participants) {
      for (const question of ['sessie', 'samenwerking', 'betrokkenheid', 'leren', 'gefaciliteerd', 'opbrengst']) {
        const before = performance.now();
        await app.bot.handle(
          { type: 'action', platform: 'bench', actor: { userId: person, displayName: person }, conversation: { kind: 'direct', id: person }, actionId: 'pulse.vote', value: `${pulseId}:${adapter.tokens.get(person)}:${question}:${1 + (person.length % 5)}` },
          responder,
        );
        voteTimes.push(performance.now() - before);
      }
    }
  }
  voteTimes.sort((a, b) => a - b);
  startTimes.sort((a, b) => a - b);
  clock.set(new Date(start.getTime() + DAY));
  let before = performance.now();
  await app.bot.tick(clock.now());
  const idleTick = performance.now() - before;
  before = performance.now();
  await app.bot.nextDue(clock.now());
  const nextDue = performance.now() - before;
  clock.set(new Date(start.getTime() + 8 * DAY));
  const memoryBefore = process.memoryUsage().rss;
  before = performance.now();
  await app.bot.tick(clock.now());
  const closeAll = performance.now() - before;
  const counted = (await store.get<{ respondents: number }>(`pulse:${pulses[0]!.pulseId}:result`))?.respondents ?? 0;
  if (counted !== PARTICIPANTS) throw new Error(`pulse bench: expected ${PARTICIPANTS} respondents, counted ${counted}`);
  const where = label === 'memory' ? 'in-memory store' : 'SQLite file (every ballot change checkpoints the WAL twice; a close checkpoints once)';
  return [
    `## Pulse (${label})`,
    '',
    `${networks} networks with ${PARTICIPANTS} participants each, one open pulse per network, ${where}, null adapter.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| start a pulse (12 invitations, a ballot each), p50 / p99 | ${ms(percentile(startTimes, 0.5))} / ${ms(percentile(startTimes, 0.99))} |`,
    `| one vote (button press through the bot), p50 / p99 over ${voteTimes.length} | ${ms(percentile(voteTimes, 0.5))} / ${ms(percentile(voteTimes, 0.99))} |`,
    `| tick with ${networks} open pulses, nothing due (day 1) | ${ms(idleTick)} |`,
    `| nextDue over ${networks} open pulses | ${ms(nextDue)} |`,
    `| tick closing all ${networks} pulses (aggregate, erase, event, results to the trekker) | ${ms(closeAll)} (${ms(closeAll / networks)} per pulse) |`,
    `| RSS at close | ${Math.round(memoryBefore / 2 ** 20)} MB |`,
  ];
}

/** One rewrite (VACUUM + checkpoint) of a SQLite file grown to a realistic size with filler records. */
async function rewriteCost(store: SqliteStore, file: string): Promise<string[]> {
  const FILLER = 60_000;
  const value = { summary: 'Voorbereiding: agenda delen', state: 'sent', target: { kind: 'direct', platform: 'bench', userId: 'U0123456789' }, note: 'x'.repeat(600) };
  for (let at = 0; at < FILLER; at += 1_000) {
    await store.commit(Array.from({ length: 1_000 }, (_, i) => ({ op: 'set' as const, key: `delivery:filler:${at + i}`, value })));
  }
  await store.eraseHistory();
  const size = (await stat(file)).size;
  const before = performance.now();
  await store.eraseHistory({ rewrite: true });
  const rewrite = performance.now() - before;
  return [
    '### Rewriting the SQLite file (after a forget-me, and daily)',
    '',
    '| file | VACUUM + checkpoint |',
    '|---|---|',
    `| ${(size / 2 ** 20).toFixed(1)} MB (${FILLER.toLocaleString('en')} filler records besides the pulses) | ${ms(rewrite)} |`,
  ];
}
