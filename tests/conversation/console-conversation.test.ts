// The console as a conversation partner: typed lines in `:privé` and `@liso-bot` mentions reach
// the core as free messages, through the real console adapter.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

async function transcript(lines: string[]): Promise<string> {
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock: new SimulatedClock(new Date('2027-01-04T08:00:00Z')), log: createLogger('silent'), store: new MemoryStore() });
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await runConsole({ app, input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  await app.close();
  return chunks.join('');
}

describe('console conversation', () => {
  it('answers typed questions and follow-ups in the direct conversation, and a mention in the channel for everyone', async () => {
    const text = await transcript([':privé', 'na de kick-off komt niemand meer', 'meer tips', 'help', ':kanaal leernetwerk', '@liso-bot wat doet een procesbegeleider?', 'zomaar wat tekst']);
    expect(text).toMatch(/── privébericht aan Anna ──\nHoi Anna! Ik ben liso-bot/);
    expect(text).toMatch(/── privébericht aan Anna ──\n# Deelnemers haken af na een sterke start/);
    expect(text).toMatch(/> meer tips\n\n── privébericht aan Anna ──\n# Meer over: Deelnemers haken af na een sterke start/);
    // A command word works without /liso; in the direct conversation its answer is a direct message.
    expect(text).toMatch(/> help\n\n── privébericht aan Anna ──\n# Wat liso-bot voor jullie leernetwerk doet/);
    expect(text).toMatch(/> @liso-bot wat doet een procesbegeleider\?\n\n── kanaal #leernetwerk ──\n# Rollen in een leernetwerk/);
    // In a channel, text without a mention is not for the bot.
    expect(text).toMatch(/> zomaar wat tekst\nBerichten voor de bot beginnen met `\/liso`/);
  });
});
