// Benchmark: can one member's hostile text slow everyone else down? A real bot process (Slack over
// HTTP on 127.0.0.1, memory store) gets ordinary commands from one member while another sends new
// long words and 10,000-character questions; we report the ordinary members' ack and answer times.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHmac, randomInt } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fixture, startFakeSlack } from '../tests/slack/fake-slack-api.ts';
import type { FakeSlack } from '../tests/slack/fake-slack-api.ts';

const SECRET = 'bench-hostile-signing-secret';
/** Ordinary requests per phase, one every ORDINARY_INTERVAL_MS (an open loop: they do not wait for each other). */
const ORDINARY_REQUESTS = 150;
const ORDINARY_INTERVAL_MS = 60;
/** The pace of the attack in the issue that found the problem: a new 2,000-letter word every 0.7 s. */
const PACED_INTERVAL_MS = 700;
/** Hostile requests in flight at once during the flood phase (each sent as soon as the previous is acked). */
const FLOOD_CONCURRENCY = 4;
/** Ordinary members take turns, so a per-person rate limit never throttles them. */
const ORDINARY_MEMBERS = 60;
const ORDINARY_TEXTS = ['help', 'hoe houd ik deelnemers betrokken na de kick-off?', 'netwerk', 'how do we keep members engaged?'];

const letters = 'abcdefghijklmnopqrstuvwxyz';
const randomWord = (length: number) => Array.from({ length }, () => letters[randomInt(letters.length)]).join('');

/** What the attacker sends, in turn: new long words, 10,000-character questions, markup storms. */
const hostileTexts: Array<() => string> = [
  () => randomWord(2_000),
  () => Array.from({ length: 200 }, () => randomWord(49)).join(' ').slice(0, 10_000),
  () => Array.from({ length: 1_700 }, () => randomWord(5)).join(' ').slice(0, 10_000),
  () => `${randomWord(3)}@${'x@'.repeat(2_500)}${'a.'.repeat(2_500)}`,
  () => `${'a-'.repeat(4_000)}${randomWord(12)}`,
  () => `${'<#'.repeat(5_000)}${randomWord(8)}`,
];

function percentile(sorted: readonly number[], share: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `liso start` as its own process, compiled when this file is (npm run bench), else through tsx. */
function startBot(fake: FakeSlack, port: number, extraEnv: Record<string, string>): ChildProcess {
  const here = fileURLToPath(import.meta.url);
  const compiled = here.endsWith('.js');
  const main = path.join(path.dirname(here), '..', 'cli', compiled ? 'main.js' : 'main.ts');
  const args = [...(compiled ? [] : ['--import', 'tsx']), main, 'start'];
  const env: NodeJS.ProcessEnv = { ...process.env, LISO_STORE: 'memory://', LISO_ADAPTER: 'slack', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), LOG_LEVEL: 'fatal' };
  for (const name of ['SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'LISO_RATE_LIMIT_PER_MINUTE', 'LISO_RATE_LIMIT_BURST']) delete env[name];
  Object.assign(env, extraEnv);
  return spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitForPort(port: number, bot: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (bot.exitCode !== null) throw new Error(`the bot exited during start-up (code ${bot.exitCode})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the bot did not open its port within 30 s');
}

interface Timing {
  ackMs: number;
  answerMs: number;
}

class SlashClient {
  private counter = 0;
  constructor(private readonly url: string, private readonly fake: FakeSlack) {}

  /** Sends `/liso <text>` as `userId`; resolves with the HTTP ack time and the time until the answer reached the response_url. */
  async send(userId: string, text: string, waitForAnswer: boolean): Promise<Timing> {
    const responseUrl = this.fake.responseUrl();
    const target = responseUrl.split('/').pop();
    const body = new URLSearchParams({ ...fixture<Record<string, string>>('slash-command.json'), user_id: userId, user_name: userId, text, trigger_id: `hostile-bench-${++this.counter}`, response_url: responseUrl }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const start = performance.now();
    const response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }, body });
    await response.text();
    const ackMs = performance.now() - start;
    if (!waitForAnswer) return { ackMs, answerMs: Number.NaN };
    const deadline = start + 30_000;
    while (!this.fake.calls.some((c) => c.method === 'response_url' && c.target === target)) {
      if (performance.now() > deadline) return { ackMs, answerMs: Number.POSITIVE_INFINITY };
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return { ackMs, answerMs: performance.now() - start };
  }
}

interface PhaseResult {
  setup: string;
  name: string;
  ordinary: Timing[];
  hostileSent: number;
  hostileAckMs: number[];
}

/** Ordinary requests on a fixed schedule while `attack` runs; the attack stops when they are done. */
async function runPhase(setup: string, name: string, client: SlashClient, attack: ((stopped: () => boolean) => Promise<number[]>) | undefined): Promise<PhaseResult> {
  let done = false;
  const attacking = attack ? attack(() => done) : Promise.resolve([]);
  const ordinary: Array<Promise<Timing>> = [];
  const start = performance.now();
  for (let i = 0; i < ORDINARY_REQUESTS; i++) {
    const due = start + i * ORDINARY_INTERVAL_MS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    ordinary.push(client.send(`U0ORDINARY${i % ORDINARY_MEMBERS}`, ORDINARY_TEXTS[i % ORDINARY_TEXTS.length]!, true));
  }
  const timings = await Promise.all(ordinary);
  done = true;
  const hostileAckMs = await attacking;
  return { setup, name, ordinary: timings, hostileSent: hostileAckMs.length, hostileAckMs };
}

function pacedAttack(client: SlashClient): (stopped: () => boolean) => Promise<number[]> {
  return async (stopped) => {
    const acks: Array<Promise<Timing>> = [];
    for (let i = 0; !stopped(); i++) {
      acks.push(client.send('U0HOSTILE01', hostileTexts[i % hostileTexts.length]!(), false));
      await new Promise((resolve) => setTimeout(resolve, PACED_INTERVAL_MS));
    }
    return (await Promise.all(acks)).map((t) => t.ackMs);
  };
}

/** FLOOD_CONCURRENCY requests of one member always in flight, each sent as soon as the previous one is acked. */
function flood(client: SlashClient, texts: ReadonlyArray<() => string>): (stopped: () => boolean) => Promise<number[]> {
  return async (stopped) => {
    const acks: number[] = [];
    let next = 0;
    const worker = async () => {
      while (!stopped()) acks.push((await client.send('U0HOSTILE01', texts[next++ % texts.length]!(), false)).ackMs);
    };
    await Promise.all(Array.from({ length: FLOOD_CONCURRENCY }, worker));
    return acks;
  };
}

const fmt = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : value > 0 ? 'none in 30 s' : '–');

function row(result: PhaseResult): string {
  const acks = result.ordinary.map((t) => t.ackMs).sort((a, b) => a - b);
  const answers = result.ordinary.map((t) => t.answerMs).sort((a, b) => a - b);
  const late = acks.filter((ms) => ms > 3_000).length;
  return `| ${result.setup} | ${result.name} | ${result.hostileSent} | ${fmt(percentile(acks, 0.5))} / ${fmt(percentile(acks, 0.99))} / ${fmt(acks[acks.length - 1]!)} | ${fmt(percentile(answers, 0.5))} / ${fmt(percentile(answers, 0.99))} | ${late} of ${acks.length} |`;
}

/** The bot without the per-person rate limit shows what the text analysis costs; with it, what members get. */
const SETUPS: Array<{ name: string; env: Record<string, string> }> = [
  { name: 'no rate limit (the text analysis alone)', env: { LISO_RATE_LIMIT_PER_MINUTE: '0' } },
  { name: 'default per-person rate limit', env: {} },
];

async function runSetup(setup: (typeof SETUPS)[number]): Promise<PhaseResult[]> {
  const fake = await startFakeSlack();
  const port = await freePort();
  const bot = startBot(fake, port, setup.env);
  const results: PhaseResult[] = [];
  try {
    await waitForPort(port, bot);
    const client = new SlashClient(`http://127.0.0.1:${port}/slack/events`, fake);
    // Warm-up: the first answers compile code and build caches; that is start-up, not latency.
    for (let i = 0; i < 20; i++) await client.send(`U0WARMUP${i}`, ORDINARY_TEXTS[i % ORDINARY_TEXTS.length]!, true);
    results.push(await runPhase(setup.name, 'no attack', client, undefined));
    results.push(await runPhase(setup.name, `paced: one hostile text every ${PACED_INTERVAL_MS} ms`, client, pacedAttack(client)));
    // The control: the same flood of ordinary questions. What a flood of any text costs is the per-person
    // rate limit's to stop; what hostile text costs beyond that is the text analysis's.
    results.push(await runPhase(setup.name, `flood of ordinary questions: ${FLOOD_CONCURRENCY} always in flight`, client, flood(client, ORDINARY_TEXTS.slice(1).map((text) => () => text))));
    results.push(await runPhase(setup.name, `flood of hostile texts: ${FLOOD_CONCURRENCY} always in flight`, client, flood(client, hostileTexts)));
  } finally {
    bot.kill('SIGTERM');
    await new Promise((resolve) => (bot.exitCode !== null ? resolve(null) : bot.once('exit', resolve)));
    await fake.stop();
  }
  return results;
}

export async function runHostileInputBench(): Promise<string> {
  const results: PhaseResult[] = [];
  for (const setup of SETUPS) results.push(...(await runSetup(setup)));
  return [
    '## Hostile input: does one member slow the others?',
    '',
    `A real bot process (\`liso start\`, Slack over HTTP on 127.0.0.1, memory store) against the local fake Web API. ${ORDINARY_MEMBERS} members take turns sending ${ORDINARY_REQUESTS} ordinary commands, one every ${ORDINARY_INTERVAL_MS} ms (\`/liso help\` and three advice questions, in turn), while another member sends, in turn: a new random 2,000-letter word; 10,000 characters of new 49-letter words; 10,000 characters of new 5-letter words; 10,000 characters of \`x@x@…a.a.\`; an 8,000-character hyphen chain; 10,000 characters of \`<#<#…\` (Slack channel-link openings). Ack: the HTTP response Slack waits for (3 s limit); answer: the reply arriving at the response_url.`,
    '',
    '| bot | phase | requests from the attacker | ordinary ack p50 / p99 / max (ms) | ordinary answer p50 / p99 (ms) | acks past 3 s |',
    '|---|---|---:|---:|---:|---:|',
    ...results.map(row),
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await runHostileInputBench()}\n`);
}
