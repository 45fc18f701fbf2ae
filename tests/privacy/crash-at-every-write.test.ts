// A process stopped at any write of a member's whole quarter (kill -9 between two writes), started
// again on the same data, then her /liso vergeet-mij: the store, read as an attacker with a copy
// reads it, holds nothing of her. A person-naming record written apart from the index her erasure
// finds it through is the gap this looks for (CI found one once: her network index after her role).
// Every kind of write (code site and key pattern) is stopped at once at least; so is every write
// that names her, and the write after it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { DeliveryRecord } from '../../src/core/delivery-records.ts';
import type { MemoryStore } from '../../src/store/memory-store.ts';
import type { StoppedImage, WriteRecord } from '../crash/crash-points.ts';
import { CrashingStore, consoleApp, runLines } from '../crash/crash-points.ts';
import { findPerson, imageOfMemory, linkingAttacks } from './store-audit.ts';

const SANNE = { ids: ['sanne'], names: ['Sanne'] };
const USERS = ['sanne', 'ahmed', 'bram', 'joris', 'anna'];
const FIXTURE = readFileSync(path.resolve(import.meta.dirname, '../fixtures/console/forget-me.txt'), 'utf8').split('\n');
/**
 * The audit's quarter (tests/fixtures/console/forget-me.txt) up to her data request, one more win she
 * is not named in but cheers (her cheer is then her only tie to it), and her erasure.
 */
const QUARTER = [
  ...FIXTURE.slice(0, FIXTURE.indexOf('/liso mijn-gegevens')),
  ':kanaal leernetwerk',
  ':als Joris',
  '/liso vier De flyers zijn gedrukt',
  ':als Sanne',
  ':knop 1',
  ':privé',
  '/liso vergeet-mij',
  ':knop 1',
];
/** After the restart: leases run out and pending work runs, then she asks again and confirms. */
const AFTER_RESTART = [':klok +10m', ':als Sanne', ':privé', '/liso vergeet-mij', ':knop 1', ':klok +10m'];
// Besides every kind of write and the writes around hers, one in this many is stopped at
// (LISO_CRASH_SWEEP_STRIDE=1: every write, about a minute).
const STRIDE = Number(process.env['LISO_CRASH_SWEEP_STRIDE'] ?? 40);

interface Outcome {
  write: WriteRecord;
  leftovers: string[];
  /** Messages owed that the restarted process left unsent, and domain events left unhandled. */
  owed: string[];
}

const kindOf = (write: WriteRecord) => `${write.site} ${write.pattern}`;

/** The quarter once, keeping a copy of the data before each write chosen to stop at. */
async function survey(): Promise<{ writes: WriteRecord[]; images: StoppedImage[] }> {
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const watched = ['sanne', 'Sanne'];
  const seen = new Set<string>();
  const store = new CrashingStore(clock, {
    users: USERS,
    watched,
    keepImageBefore(write, previous) {
      const first = !seen.has(kindOf(write));
      seen.add(kindOf(write));
      return first || write.names || previous?.names === true || write.n % STRIDE === 0;
    },
  });
  const app = await consoleApp(store, clock, []);
  // Keys stand in for people by a keyed hash: a write keyed by hers names her too.
  watched.push(app.personKeys.of('console', 'sanne'));
  await runLines(app, QUARTER);
  return { writes: store.writes, images: [...store.images.values()] };
}

/** Starts the app again on the data a stop left, lets it finish its work, erases her and audits. */
async function restartAndErase(image: StoppedImage, write: WriteRecord): Promise<Outcome> {
  const logs: string[] = [];
  const app = await consoleApp(image.store, image.clock, logs);
  await runLines(app, AFTER_RESTART);
  const copy = imageOfMemory(image.store);
  const leftovers = [
    ...findPerson(copy, SANNE).map((f) => f.where),
    ...linkingAttacks([copy], { platform: 'console', people: [SANNE] }).map((f) => `${f.kind}: ${f.what}`),
  ];
  return { write, leftovers, owed: owedIn(image.store) };
}

/** Delivery records still unsettled (at least once: they must have gone out by now) and events not handled. */
function owedIn(store: MemoryStore): string[] {
  const owed: string[] = [];
  for (const { key, value } of store.dump()) {
    if (key.startsWith('delivery:') && ['queued', 'sending'].includes((value as DeliveryRecord).state)) owed.push(`${key} ${(value as DeliveryRecord).state}`);
    if (key === 'domain-events:pending' && (value as string[]).length > 0) owed.push(`${key} ${(value as string[]).length}`);
  }
  return owed;
}

describe('a process stopped at any write, then her erasure', () => {
  it('leaves nothing of her in the store, wherever it stopped', { timeout: 120_000 }, async () => {
    const { writes, images } = await survey();
    const outcomes: Outcome[] = [];
    for (const image of images) outcomes.push(await restartAndErase(image, writes[image.n - 1]!));

    // Every kind of write the quarter makes was stopped at, at least once.
    const kinds = new Set(writes.map(kindOf));
    const stoppedAt = new Set(outcomes.map((o) => kindOf(o.write)));
    expect([...kinds].filter((kind) => !stoppedAt.has(kind))).toEqual([]);
    // She used every feature: writes naming her come from each of them.
    const herSites = new Set(writes.filter((w) => w.names).map((w) => w.site.split('/').slice(0, 3).join('/')));
    for (const area of ['src/features/wins', 'src/features/pulse', 'src/features/advice', 'src/features/nudges', 'src/features/sessions', 'src/domain/network-directory.ts', 'src/core/delivery-queue.ts']) {
      expect([...herSites].some((site) => site.startsWith(area)), area).toBe(true);
    }
    const report = (list: Outcome[], what: (o: Outcome) => string[]) => list.map((o) => `stopped before write ${o.write.n} (${kindOf(o.write)}): ${what(o).join('; ')}`);
    console.info(`crash sweep: ${writes.length} writes, ${kinds.size} kinds of write, ${outcomes.length} stops`);
    expect(report(outcomes.filter((o) => o.leftovers.length > 0), (o) => o.leftovers)).toEqual([]);
    // Nothing owed to others is lost: what was queued went out after the restart, events were handled.
    expect(report(outcomes.filter((o) => o.owed.length > 0), (o) => o.owed)).toEqual([]);
  });

  it('a real stop (the store throws, the process does nothing more) right after her win is written, then a restart on the same store', async () => {
    const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
    const store = new CrashingStore(clock, {
      users: USERS,
      watched: ['sanne', 'Sanne'],
      // Between a win that names her and the next write: once that was her list of wins.
      stopBefore: (_write, previous) => previous?.names === true && previous.site.startsWith('src/features/wins/'),
    });
    await runLines(await consoleApp(store, clock, []), QUARTER, () => store.stoppedAt !== undefined);
    expect(store.stoppedAt, 'the process stopped where the test meant').toBeDefined();
    store.restart();
    await runLines(await consoleApp(store, clock, []), AFTER_RESTART);
    const copy = imageOfMemory(store);
    expect(findPerson(copy, SANNE)).toEqual([]);
    // The win stays the network's, without her.
    expect(copy.entries.some((e) => e.key.startsWith('wins:win:') && e.text.includes('De zaal is geregeld met'))).toBe(true);
  });
});
