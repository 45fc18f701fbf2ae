// Benchmark of the per-person rate limit: one hostile person floods the bot with long questions
// (slash commands and direct messages, through real Bolt over HTTP on 127.0.0.1) while another
// person types `/liso help`; reports the ordinary person's ack and answer times, with the limit
// on (as `liso start` runs) and off.
import { createHmac, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startSlack } from '../adapters/slack/start-slack.ts';
import { createApp } from '../src/app.ts';
import { systemClock } from '../src/core/clock.ts';
import { createLogger } from '../src/core/logger.ts';
import type { RateLimit } from '../src/core/rate-limiter.ts';
import { loadConfig } from '../src/config/schema.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import type { FakeSlack } from '../tests/slack/fake-slack-api.ts';
import { fixture, startFakeSlack } from '../tests/slack/fake-slack-api.ts';

const SECRET = 'bench-signing-secret';
const ORDINARY_COMMANDS = 150;
const HOSTILE_CONCURRENCY = 1;
const PAUSE_MS = 20;
const SENTENCE = 'Na de kick-off komt bijna niemand meer naar de sessies van ons netwerk en de partners haken af. ';
// Long, ordinary words: what a hostile sender costs per message is the advice engine's business;
// what the rate limit bounds is how many of them one person gets handled.
const LONG_QUESTION = SENTENCE.repeat(40).slice(0, 3_900);

interface Outcome {
  ackMs: number[];
  answerMs: number[];
  hostileSent: number;
  hostileAnswered: number;
  hostileNotices: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function signedPost(url: string, body: string, contentType: string): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }, body });
}

function slashCommand(fake: FakeSlack, user: string, text: string): { body: string; target: string } {
  const responseUrl = fake.responseUrl();
  const body = new URLSearchParams({ ...fixture<Record<string, string>>('slash-command.json'), user_id: user, text, trigger_id: `bench-${randomUUID()}`, response_url: responseUrl }).toString();
  return { body, target: responseUrl.split('/').pop()! };
}

function directMessage(user: string, channel: string, text: string, n: number): string {
  const payload = fixture('message-im.json');
  const ts = `1800000000.${String(n).padStart(6, '0')}`;
  return JSON.stringify({ ...payload, event_id: `Ev${randomUUID()}`, event: { ...(payload['event'] as object), user, channel, text, ts, event_ts: ts } });
}

async function scenario(rateLimit: RateLimit | undefined, attack = true): Promise<Outcome> {
  const fake = await startFakeSlack();
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock: systemClock, log: createLogger('silent'), store: new MemoryStore(), ...(rateLimit ? { rateLimit } : {}) });
  const slack = await startSlack(app, { botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0 }, createLogger('silent'), { host: '127.0.0.1' });
  const url = `http://127.0.0.1:${slack.port}/slack/events`;
  const outcome: Outcome = { ackMs: [], answerMs: [], hostileSent: 0, hostileAnswered: 0, hostileNotices: 0 };
  let attacking = attack;
  const hostileTargets = new Set<string>();
  const hostile = async () => {
    while (attacking) {
      const n = ++outcome.hostileSent;
      if (n % 2 === 0) {
        const command = slashCommand(fake, 'U0HOSTILE1', LONG_QUESTION);
        hostileTargets.add(command.target);
        await (await signedPost(url, command.body, 'application/x-www-form-urlencoded')).text();
      } else {
        await (await signedPost(url, directMessage('U0HOSTILE1', 'D0HOSTILE1', LONG_QUESTION, n), 'application/json')).text();
      }
    }
  };
  try {
    // Without an attack the same ordinary commands measure a quiet bot, for comparison.
    const attackers = Array.from({ length: HOSTILE_CONCURRENCY }, hostile);
    for (let i = 0; i < ORDINARY_COMMANDS; i++) {
      const command = slashCommand(fake, 'U0ORDINARY', 'help');
      const start = performance.now();
      await (await signedPost(url, command.body, 'application/x-www-form-urlencoded')).text();
      outcome.ackMs.push(performance.now() - start);
      while (!fake.calls.some((c) => c.method === 'response_url' && c.target === command.target)) await new Promise((resolve) => setImmediate(resolve));
      outcome.answerMs.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    attacking = false;
    await Promise.all(attackers);
    // Let the last hostile events finish before counting what they got.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const hostileAnswers = [
      ...fake.calls.filter((c) => c.method === 'response_url' && hostileTargets.has(c.target)),
      ...fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'D0HOSTILE1'),
    ];
    const notices = hostileAnswers.filter((c) => JSON.stringify(c.body['blocks'] ?? '').includes('Je stuurt me veel berichten'));
    outcome.hostileNotices = notices.length;
    outcome.hostileAnswered = hostileAnswers.length - notices.length;
  } finally {
    await slack.stop();
    await app.close();
    await fake.stop();
  }
  return outcome;
}

export async function runConversationBench(): Promise<string> {
  const limit = loadConfig({}).rateLimit!;
  const quiet = await scenario(limit, false);
  const limited = await scenario(limit);
  const open = await scenario(undefined);
  const fmt = (n: number) => n.toFixed(1);
  const row = (name: string, o: Outcome) =>
    `| ${name} | ${fmt(percentile(o.ackMs, 50))} / ${fmt(percentile(o.ackMs, 99))} ms | ${fmt(percentile(o.answerMs, 50))} / ${fmt(percentile(o.answerMs, 99))} ms | ${o.hostileSent} | ${o.hostileAnswered} | ${o.hostileNotices} |`;
  return [
    '## Conversation: one person flooding, everyone else typing',
    '',
    `Real Bolt over HTTP on 127.0.0.1, memory store, real clock. A hostile person sends requests without pause (${HOSTILE_CONCURRENCY} at a time), alternating \`/liso <question>\` and a direct message, each a question of ${LONG_QUESTION.length.toLocaleString('en')} characters, while an ordinary person sends \`/liso help\` ${ORDINARY_COMMANDS} times, ${PAUSE_MS} ms apart. Ack: the HTTP answer to Slack; answer: the reply at the response URL. With the limit of \`liso start\` (${limit.perMinute} a minute, ${limit.burst} at once) and without it.`,
    '',
    '| per-person rate limit | ordinary ack p50 / p99 | ordinary answer p50 / p99 | hostile requests | hostile answered | hostile told "te veel" |',
    '|---|---|---|---:|---:|---:|',
    row(`no attack (limit on)`, quiet),
    row(`on (${limit.perMinute}/min, burst ${limit.burst})`, limited),
    row('off', open),
    '',
  ].join('\n');
}
