// An outside attacker with copies of the SQLite file (and its write-ahead log) looks for who asked a
// question kept without a name and who passed one on anonymously: people active on different days,
// the asker of each the only one active on theirs, one of them sharing a win a minute after. From
// the copies alone, neither asker may be the only person whose times match the question's.
import { rm } from 'node:fs/promises';
import { DateTime } from 'luxon';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import type { Feature } from '../../src/core/feature.ts';
import { candidatesFor, grainOf, passRecordVersions, personEvidence, questionEvidence } from './asker-matching.ts';
import { consoleAppOnFile } from './console-app.ts';
import type { StoreImage } from './store-audit.ts';
import { imageOfSqliteFile } from './store-audit.ts';

const ZONE = 'Europe/Amsterdam';
const PASSED = 'wat zijn de subsidieregels van het Oranjefonds voor 2027?';
const KEPT = 'welke therapie helpt bij angst bij jongeren?';

// Eva passes a question on anonymously on Tuesday and shares a win a minute later; Cees keeps one
// without a name on Wednesday; the others are active on other days. `/liso kopie <label>` copies the file.
const SCRIPT = `
/liso start Jeugd Leiden
/liso rol procesbegeleider @Gijs
/liso rol deelnemer @Bram @Cees @Dirk @Eva @Fleur
:klok 2027-01-05T13:07
:als Eva
:privé
${PASSED}
:klok +2m
:knop 6
/liso kopie after-pass
:klok +1m
:kanaal leernetwerk
/liso vier de casus van vandaag is rond
:klok 2027-01-06T09:30
:als Cees
:privé
${KEPT}
:klok +3m
ja
:klok 2027-01-07T11:00
:als Dirk
:kanaal leernetwerk
/liso vier het verslag is klaar
:klok 2027-01-08T10:15
:als Bram
/liso vier de flyer is gedrukt
:als Fleur
/liso wat doet een procesbegeleider?
:klok 2027-01-09T10:00
:als Anna
/liso vragen
/liso kopie days-later
`;

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function run(): Promise<{ transcript: string; copies: Map<string, { image: StoreImage; at: Date }> }> {
  const { dir, file, store, app, clock } = await consoleAppOnFile('liso-anonymous-asker-', 'info');
  dirs.push(dir);
  const copies = new Map<string, { image: StoreImage; at: Date }>();
  const tools: Feature = {
    name: 'attacker',
    commands: [{ name: 'kopie', summary: 'help.summary', usage: 'help.usage', run: async (ctx) => void copies.set(ctx.args[0]!, { image: await imageOfSqliteFile(file, ctx.args[0]), at: clock.now() }) }],
  };
  app.bot.use(tools);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await runConsole({ app, input: Readable.from(SCRIPT.split('\n').map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: ZONE });
  await store.close();
  return { transcript: chunks.join(''), copies };
}

/** The id of the kept question whose text is `text`. */
function questionId(image: StoreImage, text: string): string {
  const entry = image.entries.find((e) => e.key.startsWith('advice:question:') && e.text.includes(text));
  expect(entry, text).toBeDefined();
  return entry!.key.slice('advice:question:'.length);
}

describe('the asker of a question kept without a name or passed on anonymously, from copies of the file', { timeout: 120_000 }, async () => {
  const { transcript, copies } = await run();
  const later = copies.get('days-later')!;

  it('ran the scenario: one question passed on anonymously, one kept without a name, both in the leads’ report', () => {
    expect(transcript).toContain('Je vraag is anoniem doorgestuurd naar Gijs');
    expect(transcript).toContain('Bewaard, zonder je naam');
    const report = transcript.slice(transcript.lastIndexOf('/liso vragen'));
    expect(report).toContain(PASSED);
    expect(report).toContain(KEPT);
  });

  for (const [asker, text] of [
    ['eva', PASSED],
    ['cees', KEPT],
  ] as const) {
    it(`${asker} is not the only person matching ${asker === 'eva' ? 'the question passed on anonymously' : 'the question kept without a name'} by day or by moment`, () => {
      const id = questionId(later.image, text);
      const question = questionEvidence(later.image, id, ZONE, later.at);
      const people = personEvidence(later.image, 'console', ZONE);
      const candidates = candidatesFor(question, people);
      const why = question.map((e) => `${e.from}: ${e.at.toISO()} (${e.grain})`).join('\n');
      expect(candidates, why).not.toEqual([asker]);
      // Everyone active in the network that month shares the question's times.
      expect(candidates, why).toEqual(['anna', 'bram', 'cees', 'dirk', 'eva', 'fleur', 'gijs']);
      // Nothing tied to the question is finer than its month.
      expect(question.filter((e) => e.grain !== 'month').map((e) => `${e.from}: ${e.at.toISO()}`)).toEqual([]);
    });
  }

  it('a copy taken a minute after the pass-on holds no version of its delivery record with the moment, in the file or its log', () => {
    const versions = passRecordVersions(copies.get('after-pass')!.image);
    expect(versions.length).toBeGreaterThan(0);
    const fine = versions.filter((v) => v.times.some((iso) => grainOf(DateTime.fromISO(iso, { zone: ZONE })) !== 'month'));
    expect(fine).toEqual([]);
  });

  it('shows the leads the month each question was asked', () => {
    const report = transcript.slice(transcript.lastIndexOf('/liso vragen'));
    expect(report).toMatch(/januari 2027: “wat zijn de subsidieregels/);
  });
});
