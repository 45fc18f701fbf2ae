// Benchmark of the pulse feature on the in-memory store: vote latency, the idle tick over many
// open pulses, and closing them (aggregation, erasure, results).
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.ts';
import type { ChatAdapter, MessageRef, Responder } from '../src/core/chat-adapter.ts';
import { SimulatedClock } from '../src/core/clock.ts';
import { createLogger } from '../src/core/logger.ts';
import { loadConfig } from '../src/config/schema.ts';
import { MemoryStore } from '../src/store/memory-store.ts';

const NETWORKS = 300;
const PARTICIPANTS = 12;
const DAY = 24 * 60 * 60 * 1000;

/** Accepts every message and keeps nothing: the bench measures the bot, not an adapter. */
class NullAdapter implements ChatAdapter {
  readonly platform = 'bench';
  private counter = 0;
  async sendDirect(userId: string): Promise<MessageRef> {
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
  const start = new Date('2027-01-04T08:00:00Z');
  const clock = new SimulatedClock(start);
  const store = new MemoryStore();
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('silent'), store });
  app.bot.attach(new NullAdapter());
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
  const pulses: Array<{ pulseId: string; participants: string[] }> = [];
  const startTimes: number[] = [];
  for (let n = 0; n < NETWORKS; n++) {
    const channel = `c${n}`;
    const lead = `lead-${n}`;
    const participants = Array.from({ length: PARTICIPANTS }, (_, i) => `p${n}-${i}`);
    await command(lead, channel, `start Netwerk ${n}`);
    await command(lead, channel, `rol deelnemer ${participants.map((p) => `<@${p}>`).join(' ')}`, participants);
    const before = performance.now();
    await command(lead, channel, 'pulse');
    startTimes.push(performance.now() - before);
    const network = await app.directory.byChannel('bench', channel);
    const pulseId = (await store.get<string>(`pulse:network:${network!.id}:open`))!;
    pulses.push({ pulseId, participants });
  }
  const voteTimes: number[] = [];
  for (const { pulseId, participants } of pulses.slice(0, 50)) {
    for (const person of participants) {
      for (const question of ['sessie', 'samenwerking', 'betrokkenheid', 'leren', 'gefaciliteerd', 'opbrengst']) {
        const before = performance.now();
        await app.bot.handle(
          { type: 'action', platform: 'bench', actor: { userId: person, displayName: person }, conversation: { kind: 'direct', id: person }, actionId: 'pulse.vote', value: `${pulseId}:${question}:${1 + (person.length % 5)}` },
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
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  return [
    '## Pulse',
    '',
    `${NETWORKS} networks with ${PARTICIPANTS} participants each, one open pulse per network, in-memory store, null adapter.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| start a pulse (12 invitations), p50 / p99 | ${ms(percentile(startTimes, 0.5))} / ${ms(percentile(startTimes, 0.99))} |`,
    `| one vote (button press through the bot), p50 / p99 over ${voteTimes.length} | ${ms(percentile(voteTimes, 0.5))} / ${ms(percentile(voteTimes, 0.99))} |`,
    `| tick with ${NETWORKS} open pulses, nothing due (day 1) | ${ms(idleTick)} |`,
    `| nextDue over ${NETWORKS} open pulses | ${ms(nextDue)} |`,
    `| tick closing all ${NETWORKS} pulses (aggregate, erase, event, results to the trekker) | ${ms(closeAll)} (${ms(closeAll / NETWORKS)} per pulse) |`,
    `| RSS at close | ${Math.round(memoryBefore / 2 ** 20)} MB |`,
    '',
  ].join('\n');
}
