// The pulse scenario in the console: five participants answer, the trekker sees nothing until
// the pulse closes, then the results with bars, the open answers and the handbook advice.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

const script = path.resolve(import.meta.dirname, '../fixtures/console/pulse.txt');

async function transcript(): Promise<{ text: string; store: MemoryStore }> {
  const store = new MemoryStore();
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock: new SimulatedClock(new Date('2027-01-04T08:00:00Z')), log: createLogger('silent'), store });
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  const lines = readFileSync(script, 'utf8').split('\n');
  await runConsole({ app, input: Readable.from(lines.map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  return { text: chunks.join(''), store };
}

describe('console: a pulse from start to results', () => {
  it('shows nothing until close, then results and advice', async () => {
    const { text, store } = await transcript();
    const [beforeClose, afterClose] = text.split(':klok +8d');
    expect(beforeClose).toMatch(/── privébericht aan Noor ──\n# Pulse van Jeugd Leiden/);
    expect(beforeClose).toMatch(/── alleen zichtbaar voor Anna ──\nEr loopt een pulse tot maandag 11 januari 2027: 5 van 5 hebben gereageerd/);
    expect(beforeClose).not.toMatch(/█/);
    // A press in one's own conversation marks the choice on the invitation itself.
    expect(beforeClose).toMatch(/── bijgewerkt \(dm:noor\) ──[\s\S]*\[5\] 4 {3}\[6\] 5 ✓/);
    expect(beforeClose).not.toMatch(/privébericht aan (Anna|Bram) ──\n# Uitslag/);
    expect(afterClose).toMatch(/── privébericht aan Anna ──\n# Uitslag pulse Jeugd Leiden/);
    expect(afterClose).toMatch(/── privébericht aan Bram ──\n# Uitslag pulse Jeugd Leiden/);
    expect(afterClose).toMatch(/5 van de 5 genodigden deden mee \(100%\)/);
    // Statement 1: Sanne 4, Ahmed 5, Fleur 4, Joris 3, Noor 4 then changed to 5.
    expect(afterClose).toMatch(/Sessie de moeite waard\n {2}• `5 ████░░░░░░` 2\n {2}• `4 ████░░░░░░` 2\n {2}• `3 ██░░░░░░░░` 1/);
    expect(afterClose).toMatch(/gemiddeld 4,2 \(5 antwoorden\) · eerste meting/);
    // Commitment: 3, 2, 2, 4, 1 → mean 2.4, below 3.5: the participation advice.
    expect(afterClose).toMatch(/gemiddeld 2,4 \(5 antwoorden\)/);
    expect(afterClose).toMatch(/het gemiddelde ligt onder 3,5\. Wie tevreden en betrokken is, doet vollediger mee/);
    expect(afterClose).toMatch(/\[\d+\] Handboek: Deelnemers haken af na een sterke start/);
    expect(afterClose).toMatch(/• Een kortere agenda\n {2}• Eerder de stukken rondsturen\n {2}• Meer tijd voor de casus\n {2}• Minder presentaties, meer gesprek\n {2}• Samen lunchen/);
    // Nothing in the store ties a console user to an answer.
    const pulseEntries = JSON.stringify(store.dump().filter((e) => e.key.startsWith('pulse:')));
    for (const name of ['sanne', 'ahmed', 'fleur', 'joris', 'noor']) expect(pulseEntries.toLowerCase()).not.toContain(name);
  });
});
