// Upgrade step 1: records the 2026-12-06 release wrote with moments now keep days, as this code
// writes them, and answers of the handbook join the index a network's deletion reads.
import { DateTime } from 'luxon';
import { ADVICE_RETENTION_MS } from '../features/advice/advice-store.ts';
import type { UpgradeContext } from './upgrade-step.ts';
import { eachRecord } from './scan.ts';
import { networkZones } from './network-zones.ts';

/** The shapes as that release stored them (key prefixes and the fields that held moments). */
interface OldPerson {
  firstSeen: Date;
  lastSeen: Date;
}
interface OldQuestion {
  networkId: string;
  askedAt: Date;
  passed?: { at: Date };
}
interface OldAnswer {
  answerId: string;
  networkId?: string;
}

/**
 * A person's first and last seen were moments (refreshed every 6 hours), matching what was stored
 * without a name at that moment; this code keeps the start of the day in LISO_TIMEZONE. A question
 * kept without a name kept the moment it was asked (and passed on); now the day in the network's
 * zone. An answer given before the index existed is added to it, or a network's deletion misses it.
 */
export async function daysNotMoments(context: UpgradeContext): Promise<Record<string, number>> {
  const { store, clock, defaultTimeZone } = context;
  const counts = { people: 0, questions: 0, answers: 0 };
  await eachRecord<OldPerson>(store, 'person:', async (records) => {
    for (const { key, value } of records) {
      // "person:<platform>:<user>:…" keys are sets, never plain values; only the record itself is read here.
      const firstSeen = dayStart(value.firstSeen, defaultTimeZone);
      const lastSeen = dayStart(value.lastSeen, defaultTimeZone);
      if (sameTime(firstSeen, value.firstSeen) && sameTime(lastSeen, value.lastSeen)) continue;
      await store.set(key, { ...value, firstSeen, lastSeen });
      counts.people++;
    }
  });
  const zoneOf = networkZones(store, defaultTimeZone);
  await eachRecord<OldQuestion>(store, 'advice:question:', async (records) => {
    for (const { key, value } of records) {
      const zone = await zoneOf(value.networkId);
      const askedAt = dayStart(value.askedAt, zone);
      const passed = value.passed ? { ...value.passed, at: dayStart(value.passed.at, zone) } : undefined;
      if (sameTime(askedAt, value.askedAt) && (!passed || sameTime(passed.at, value.passed!.at))) continue;
      // Kept for the retention from the moment it was asked: it never outlives what it would have (the
      // expiry the old code set, counted from the keep a little later, cannot be read through the port).
      const ttlMs = value.askedAt.getTime() + ADVICE_RETENTION_MS - clock.now().getTime();
      if (ttlMs <= 0) {
        await store.delete(key);
        continue;
      }
      await store.set(key, { ...value, askedAt, ...(passed ? { passed } : {}) }, ttlMs);
      counts.questions++;
    }
  });
  await eachRecord<OldAnswer>(store, 'advice:answer:', async (records) => {
    for (const { value } of records) {
      if (!value.networkId) continue;
      await store.setAdd(`advice:answers:${value.networkId}`, [value.answerId]);
      counts.answers++;
    }
  });
  return counts;
}

function dayStart(date: Date, zone: string): Date {
  return DateTime.fromJSDate(date, { zone }).startOf('day').toJSDate();
}

function sameTime(a: Date, b: Date): boolean {
  return a.getTime() === b.getTime();
}
