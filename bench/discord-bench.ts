// Benchmark of the Discord adapter: rendering cost and the interaction round trip against a local fake Discord.
import { performance } from 'node:perf_hooks';
import { renderMessage } from '../adapters/discord/discord-renderer.ts';
import type { Message } from '../src/core/message.ts';
import { microsPerCall, percentile } from './measure.ts';
import { mention } from '../src/core/rich-text.ts';
import { DiscordHarness } from '../tests/discord/discord-harness.ts';

const RENDER_RUNS = 5_000;
const ROUND_TRIPS = 300;

function typical(): Message {
  return {
    summary: 'Leernetwerk',
    blocks: [
      { type: 'heading', text: 'Leernetwerk Jeugdzorg Leiden' },
      { type: 'list', items: Array.from({ length: 6 }, (_, i) => [{ type: 'text', text: `Rol ${i}: ` }, mention(`10000000000000000${i}`, `Persoon ${i}`)]) },
      { type: 'section', text: [{ type: 'text', text: 'Volgende sessie: donderdag 11 maart 2027 14:00 <@everyone>' }] },
      { type: 'actions', buttons: [{ actionId: 'advice.topic', value: 'sb-betrokkenheid', label: 'Betrokkenheid' }] },
    ],
  };
}

function oversized(): Message {
  return {
    summary: 'Groot',
    blocks: [
      { type: 'section', text: [{ type: 'text', text: 'woord *vet* <@1> @here '.repeat(600) }] },
      { type: 'actions', buttons: Array.from({ length: 30 }, (_, i) => ({ actionId: `x.${i}`, value: 'v'.repeat(60), label: 'Knop'.repeat(30) })) },
      { type: 'choices', choice: { actionId: 'x.pick', placeholder: 'Kies', options: Array.from({ length: 60 }, (_, i) => ({ label: `Optie ${i}`, value: `o${i}` })) } },
    ],
  };
}

function perCall(make: () => Message): number {
  const message = make();
  return microsPerCall(() => renderMessage(message), RENDER_RUNS);
}

export async function runDiscordBench(): Promise<string> {
  const typicalUs = perCall(typical);
  const oversizedUs = perCall(oversized);
  const h = await DiscordHarness.start();
  const times: number[] = [];
  try {
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const start = performance.now();
      await h.inject(h.slash('help'));
      times.push(performance.now() - start);
      h.fake.take();
    }
  } finally {
    await h.close();
  }
  times.sort((a, b) => a - b);
  return [
    '## Discord adapter',
    '',
    '| measure | value |',
    '|---|---|',
    `| render a typical message (heading, 6 mentions, button) | ${typicalUs.toFixed(1)} µs |`,
    `| render an oversized message (14 kB text, 30 buttons, 60 options → split) | ${oversizedUs.toFixed(1)} µs |`,
    `| /liso help round trip (raw interaction → core → callback on a local fake REST), p50 | ${percentile(times, 50).toFixed(2)} ms |`,
    `| same, p95 | ${percentile(times, 95).toFixed(2)} ms |`,
    `| same, max | ${times.at(-1)!.toFixed(2)} ms |`,
    '',
    `${RENDER_RUNS} renders each; ${ROUND_TRIPS} round trips. Discord allows 3,000 ms for the first answer; the adapter defers at 2,000 ms.`,
    '',
  ].join('\n');
}
