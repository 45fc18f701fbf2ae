// Benchmark of the Slack adapter: Block Kit rendering, and /liso round trips through real Bolt over HTTP.
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { renderMessage } from '../adapters/slack/block-kit-renderer.ts';
import { startSlack } from '../adapters/slack/start-slack.ts';
import { createApp } from '../src/app.ts';
import { SimulatedClock } from '../src/core/clock.ts';
import { createLogger } from '../src/core/logger.ts';
import { loadConfig } from '../src/config/schema.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import { fixture, startFakeSlack } from '../tests/slack/fake-slack-api.ts';
import { oversizedMessage, taskMessage } from '../tests/slack/demo-feature.ts';

const RENDERS = 2_000;
const ROUND_TRIPS = 200;
const SECRET = 'bench-signing-secret';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function timeRenders(make: () => Parameters<typeof renderMessage>[0], maxMessages: number): number {
  const message = make();
  const start = performance.now();
  for (let i = 0; i < RENDERS; i++) renderMessage(message, { maxMessages });
  return ((performance.now() - start) * 1000) / RENDERS;
}

export async function runSlackBench(): Promise<string> {
  const small = timeRenders(taskMessage, 1);
  const huge = timeRenders(oversizedMessage, 3);

  const fake = await startFakeSlack();
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock: new SimulatedClock(new Date('2027-01-04T08:00:00Z')), log: createLogger('silent'), store: new MemoryStore() });
  const slack = await startSlack(app, { botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0 }, createLogger('silent'), { host: '127.0.0.1' });
  const url = `http://127.0.0.1:${slack.port}/slack/events`;
  const ackMs: number[] = [];
  const answerMs: number[] = [];
  try {
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const responseUrl = fake.responseUrl();
      const target = responseUrl.split('/').pop();
      const body = new URLSearchParams({ ...fixture<Record<string, string>>('slash-command.json'), text: 'help', trigger_id: `bench-${i}`, response_url: responseUrl }).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const start = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }, body });
      await response.text();
      ackMs.push(performance.now() - start);
      while (!fake.calls.some((c) => c.method === 'response_url' && c.target === target)) await new Promise((resolve) => setImmediate(resolve));
      answerMs.push(performance.now() - start);
    }
  } finally {
    await slack.stop();
    await app.close();
    await fake.stop();
  }
  ackMs.sort((a, b) => a - b);
  answerMs.sort((a, b) => a - b);
  const fmt = (n: number) => n.toFixed(1);
  return [
    '## Slack adapter',
    '',
    `Block Kit rendering (${RENDERS} runs each) and ${ROUND_TRIPS} sequential signed \`/liso help\` requests through real Bolt (HTTP, 127.0.0.1) against the local fake Web API, memory store.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| render a task message (3 blocks, 6 buttons) | ${fmt(small)} µs |`,
    `| render an oversized message (580 items, 60 buttons, split over 3 messages) | ${fmt(huge)} µs |`,
    `| /liso help: HTTP ack, p50 / p95 | ${fmt(percentile(ackMs, 50))} / ${fmt(percentile(ackMs, 95))} ms |`,
    `| /liso help: answer at the response_url, p50 / p95 | ${fmt(percentile(answerMs, 50))} / ${fmt(percentile(answerMs, 95))} ms |`,
    '',
  ].join('\n');
}
