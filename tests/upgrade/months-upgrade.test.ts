// The upgrade of a store the previous release (store version 4) wrote, on SQLite: the rows of a
// console walk in which Eva passed a question on anonymously and Cees left one held, with the day
// each was asked, "last seen" days, and the moments of the pass-on and of the answer pointing at the
// held question. After the upgrade, the attack that found each asker finds everyone of the month.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { monthsNotDays } from '../../src/upgrade/months-not-days.ts';
import { STORE_VERSION_KEY, UPGRADE_STEPS, upgradeStore } from '../../src/upgrade/store-upgrade.ts';
import { candidatesFor, grainOf, personEvidence, questionEvidence } from '../privacy/asker-matching.ts';
import { imageOfSqliteFile } from '../privacy/store-audit.ts';
import { loadOldRows, oldRows } from './old-store.ts';

const ZONE = 'Europe/Amsterdam';
const PASSED = 'acda3a767e28';
const HELD = '16ffdb0463a9';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function oldStore() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-months-upgrade-'));
  dirs.push(dir);
  const file = path.join(dir, 'liso.sqlite');
  // Half an hour after Cees's answer: the question he left held is still there.
  const clock = new SimulatedClock(new Date('2027-01-06T09:00:00Z'));
  const store = await SqliteStore.open(file, clock);
  await loadOldRows(store, oldRows('anonymous-store-v4.json'), clock);
  const context = { store, clock, defaultTimeZone: ZONE, pulseRetentionMonths: 24, defaultLang: 'nl' as const };
  const attack = async () => {
    await store.eraseHistory({});
    const image = await imageOfSqliteFile(file);
    const people = personEvidence(image, 'console', ZONE);
    return Object.fromEntries([PASSED, HELD].map((id) => {
      const question = questionEvidence(image, id, ZONE, clock.now());
      // A question still held (until the end of the next day) expires at a day's end, which says its day: no finer.
      const finer = question.filter((e) => e.grain !== 'month' && !(e.grain === 'day' && e.from.startsWith('advice:held:')));
      return [id, { candidates: candidatesFor(question, people), finer: finer.map((e) => `${e.from}: ${e.at.toISO()} (${e.grain})`) }];
    }));
  };
  return { store, clock, context, attack };
}

describe('upgrade of the previous release: months next to questions without a name', () => {
  it('the old rows single out Cees by the day his held question was asked; upgraded, everyone of the month matches, once', async () => {
    const { store, context, attack } = await oldStore();
    expect(await store.get(STORE_VERSION_KEY)).toBe(4);
    const before = await attack();
    expect(before[HELD]!.candidates).toEqual(['cees']);
    expect(before[PASSED]!.finer.length).toBeGreaterThan(0);

    const lines: string[] = [];
    await upgradeStore(context, createLogger('info', new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) })));
    expect(await store.get(STORE_VERSION_KEY)).toBe(UPGRADE_STEPS.at(-1)!.version);
    // One line per step run: this store was at version 4.
    expect(lines.filter((l) => l.includes('store upgraded'))).toHaveLength(UPGRADE_STEPS.length - 4);
    const after = await attack();
    for (const id of [PASSED, HELD]) {
      expect(after[id]!.finer, id).toEqual([]);
      expect(after[id]!.candidates, id).toEqual(['anna', 'bram', 'cees', 'eva', 'gijs']);
    }
    // Rerun (a crash before the version was written) changes nothing more.
    await monthsNotDays(context);
    expect(await attack()).toEqual(after);
    await store.close();
  });

  it('keeps the held question until the end of the day after it was asked, and the pass-on record sent, with its month', async () => {
    const { store, context } = await oldStore();
    await upgradeStore(context, createLogger('silent'));
    const held = await store.get<{ askedAt: Date }>(`advice:held:${HELD}`);
    expect(held?.askedAt).toEqual(DateTime.fromISO('2027-01-01', { zone: ZONE }).toJSDate());
    const record = await store.get<{ state: string; queuedAt: Date; updatedAt: Date; coarseTimesIn?: string }>(`delivery:advice-pass:${PASSED}:AW9LfXdgk6h0oxzcAXhZO5`);
    expect(record).toMatchObject({ state: 'sent', coarseTimesIn: ZONE });
    expect([record!.queuedAt, record!.updatedAt].map((d) => grainOf(DateTime.fromJSDate(d, { zone: ZONE })))).toEqual(['month', 'month']);
    // The recipient's mijn-gegevens still lists it, under its new expiry day.
    const entries = await store.setMembers('delivery-person:AW9LfXdgk6h0oxzcAXhZO5');
    expect(entries.filter((e) => e.endsWith(`advice-pass:${PASSED}:AW9LfXdgk6h0oxzcAXhZO5`))).toEqual([`2029-03-11\u001fadvice-pass:${PASSED}:AW9LfXdgk6h0oxzcAXhZO5`]);
    await store.close();
  });
});
