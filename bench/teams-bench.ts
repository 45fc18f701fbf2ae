// Benchmark of the Teams adapter: card rendering and the ack latency of the SDK's endpoint (token validation
// included) against the local fake Bot Connector, beside Slack's and Discord's.
import { performance } from 'node:perf_hooks';
import { renderMessage } from '../adapters/teams/card-renderer.ts';
import type { Message } from '../src/core/message.ts';
import { microsPerCall, percentile } from './measure.ts';
import { mention } from '../src/core/rich-text.ts';
import { TeamsHarness, people } from '../tests/teams/teams-harness.ts';

const RENDER_RUNS = 2_000;
const ROUND_TRIPS = 200;

function typical(): Message {
  return {
    summary: 'Leernetwerk',
    blocks: [
      { type: 'heading', text: 'Leernetwerk Jeugdzorg Leiden' },
      { type: 'list', items: Array.from({ length: 6 }, (_, i) => [{ type: 'text', text: `Rol ${i}: ` }, mention(`29:1persoon-${i}`, `Persoon ${i}`)]) },
      { type: 'section', text: [{ type: 'text', text: 'Volgende sessie: donderdag 11 maart 2027 14:00 <at>iedereen</at>' }] },
      { type: 'actions', buttons: [{ actionId: 'advice.topic', value: 'sb-betrokkenheid', label: 'Betrokkenheid' }] },
    ],
  };
}

function oversized(): Message {
  return {
    summary: 'Groot',
    blocks: [
      { type: 'section', text: [{ type: 'text', text: 'woord *vet* <at>x</at> [a](b) '.repeat(1_200) }] },
      { type: 'actions', buttons: Array.from({ length: 30 }, (_, i) => ({ actionId: `x.${i}`, value: 'v'.repeat(60), label: 'Knop'.repeat(30) })) },
      { type: 'choices', choice: { actionId: 'x.pick', placeholder: 'Kies', options: Array.from({ length: 60 }, (_, i) => ({ label: `Optie ${i}`, value: `o${i}` })) } },
    ],
  };
}

function perCall(make: () => Message): number {
  const message = make();
  return microsPerCall(() => renderMessage(message), RENDER_RUNS);
}

export async function runTeamsBench(): Promise<string> {
  const typicalUs = perCall(typical);
  const oversizedUs = perCall(oversized);
  const cards = renderMessage(oversized()).cards.length;
  const h = await TeamsHarness.start();
  const acks: number[] = [];
  const answers: number[] = [];
  const presses: number[] = [];
  try {
    await h.deliver(h.personalInstall(people.anna));
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const activity = h.message('help', people.anna, { kind: 'personal' });
      // Signed before the clock starts: the Bot Connector's signing is not the bot's latency.
      const authorization = `Bearer ${h.fake.sign()}`;
      const start = performance.now();
      const response = await h.fake.deliver(h.runtime.endpoint, activity, { authorization });
      acks.push(performance.now() - start);
      await h.runtime.handler.drain();
      answers.push(performance.now() - start);
      if (response.status !== 200) throw new Error(`ack ${response.status}`);
    }
    // A card action (the stale-button path: a full invoke through the core, answered in the response).
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const press = h.press({ lisoAction: 'bench.none', lisoValue: 'x' }, people.anna, { kind: 'personal' });
      const authorization = `Bearer ${h.fake.sign()}`;
      const start = performance.now();
      const response = await h.fake.deliver(h.runtime.endpoint, press, { authorization });
      presses.push(performance.now() - start);
      if (response.status !== 200) throw new Error(`invoke ${response.status}`);
    }
    await h.runtime.handler.drain();
  } finally {
    await h.close();
  }
  for (const list of [acks, answers, presses]) list.sort((a, b) => a - b);
  const row = (label: string, list: number[]) => `| ${label} | ${percentile(list, 50).toFixed(2)} ms | ${percentile(list, 95).toFixed(2)} ms | ${list.at(-1)!.toFixed(2)} ms |`;
  return [
    '## Teams adapter',
    '',
    `Command: \`npm run bench -- teams\`. Card rendering (${RENDER_RUNS} runs each) and ${ROUND_TRIPS} sequential requests of each kind through the Teams SDK's endpoint (HTTP on 127.0.0.1, every request's RS256 token checked against the local fake's published key) with the fake Bot Connector taking the answers; memory store.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| render a typical message (heading, 6 mentions, button) | ${typicalUs.toFixed(1)} µs |`,
    `| render an oversized message (36 kB text, 30 buttons, 60 options → ${cards} cards) | ${oversizedUs.toFixed(1)} µs |`,
    '',
    '| measure | p50 | p95 | max |',
    '|---|---:|---:|---:|',
    row('personal-chat `help`: HTTP ack (200 to the Bot Connector)', acks),
    row('same, until the answer card reached the Bot Connector', answers),
    row('card action (invoke) answered in the HTTP response', presses),
    '',
    'Teams gives a bot about 15 seconds to acknowledge a message and expects an invoke response within a few; the adapter acknowledges messages before handling them and answers card actions within 2.5 s.',
    '',
  ].join('\n');
}
