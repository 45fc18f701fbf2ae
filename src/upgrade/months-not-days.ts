// Upgrade step 5: what an earlier release kept as days or moments next to questions without a
// name, and of people, now keeps calendar months, as this code writes them (src/core/coarse-time.ts).
import { endOfNextDay, expiryFromMonth, monthStart } from '../core/coarse-time.ts';
import { DeliveryPersonIndex } from '../core/delivery-person-index.ts';
import type { DeliveryRecord } from '../core/delivery-records.ts';
import { expiryOf, leaseKey, recordKey, storedForm } from '../core/delivery-records.ts';
import { PersonKeys } from '../core/person-keys.ts';
import type { Feedback, StoredAnswer, UnansweredQuestion } from '../features/advice/advice-store.ts';
import { ADVICE_RETENTION_MS } from '../features/advice/advice-store.ts';
import type { Person } from '../domain/types.ts';
import type { UpgradeContext } from './upgrade-step.ts';
import { eachRecord } from './scan.ts';
import { networkZones } from './network-zones.ts';

/**
 * A person's first and last seen were days; a kept question kept the day it was asked and passed
 * on, and with the claims beside it an expiry counted from the moment of the press; an answer and
 * its rating kept their moment; the record of a question passed on kept the moment it was queued
 * and sent, and so did its expiry and the day it is filed under in the recipient's index. Each
 * now keeps the month, and expires counted from its start (a record whose time is up goes now).
 * A question still held (a day at most) keeps the month too, until the end of the day after the
 * one it was asked on, as this code holds it.
 */
export async function monthsNotDays(context: UpgradeContext): Promise<Record<string, number>> {
  const { store, clock, defaultTimeZone } = context;
  const now = clock.now();
  const zoneOf = networkZones(store, defaultTimeZone);
  const counts = { people: 0, questions: 0, held: 0, answers: 0, ratings: 0, messages: 0, erased: 0 };
  /** Writes `value` to live until the retention after the month of `at`; deletes it when that has passed. */
  const keep = async (key: string, value: unknown, at: Date, zone: string): Promise<boolean> => {
    const ttlMs = expiryFromMonth(at, zone, ADVICE_RETENTION_MS).getTime() - now.getTime();
    if (ttlMs <= 0) {
      await store.delete(key);
      counts.erased++;
      return false;
    }
    await store.set(key, value, ttlMs);
    return true;
  };

  await eachRecord<Person>(store, 'person:', async (records) => {
    for (const { key, value } of records) {
      if (!(value.firstSeen instanceof Date) || !(value.lastSeen instanceof Date)) continue;
      const firstSeen = monthStart(value.firstSeen, defaultTimeZone);
      const lastSeen = monthStart(value.lastSeen, defaultTimeZone);
      if (firstSeen.getTime() === value.firstSeen.getTime() && lastSeen.getTime() === value.lastSeen.getTime()) continue;
      await store.set(key, { ...value, firstSeen, lastSeen });
      counts.people++;
    }
  });

  await eachRecord<UnansweredQuestion>(store, 'advice:question:', async (records) => {
    for (const { key, value } of records) {
      const zone = await zoneOf(value.networkId);
      const askedAt = monthStart(value.askedAt, zone);
      const passed = value.passed ? { ...value.passed, at: monthStart(value.passed.at, zone) } : undefined;
      // Rewritten even when its times are months already: its expiry may still count from the press.
      const kept = await keep(key, { ...value, askedAt, ...(passed ? { passed } : {}) }, askedAt, zone);
      for (const claim of [`advice:kept:${value.id}`, `advice:pass:${value.id}`]) {
        if ((await store.get(claim)) === undefined) continue;
        if (kept) await keep(claim, 1, askedAt, zone);
        else await store.delete(claim);
      }
      if (kept) counts.questions++;
    }
  });

  await eachRecord<UnansweredQuestion>(store, 'advice:held:', async (records) => {
    for (const { key, value } of records) {
      const zone = await zoneOf(value.networkId);
      const askedAt = monthStart(value.askedAt, zone);
      // Rewritten already (a rerun), or asked on the first, whose day is its month: as this code keeps it.
      if (askedAt.getTime() === value.askedAt.getTime()) continue;
      const until = endOfNextDay(value.askedAt, zone);
      if (until <= now) await store.delete(key);
      else await store.set(key, { ...value, askedAt }, until.getTime() - now.getTime());
      counts.held++;
    }
  });

  await eachRecord<StoredAnswer>(store, 'advice:answer:', async (records) => {
    for (const { key, value } of records) {
      const zone = await zoneOf(value.networkId);
      const at = monthStart(value.at, zone);
      if (await keep(key, { ...value, at }, at, zone)) counts.answers++;
    }
  });

  await eachRecord<Feedback>(store, 'advice:feedback:', async (records) => {
    for (const { key, value } of records) {
      const zone = await zoneOf((await store.get<StoredAnswer>(`advice:answer:${value.answerId}`))?.networkId);
      const at = monthStart(value.at, zone);
      if (await keep(key, { ...value, at }, at, zone)) counts.ratings++;
    }
  });

  const personKeys = await PersonKeys.open(store);
  const index = new DeliveryPersonIndex(store, personKeys);
  await eachRecord<DeliveryRecord>(store, recordKey('advice-pass:'), async (records) => {
    for (const { key, value: record } of records) {
      // advice-pass:<question>:<recipient's person key>
      const [, questionId = '', recipient = ''] = record.key.split(':');
      const question = await store.get<UnansweredQuestion>(`advice:question:${questionId}`);
      const coarse: DeliveryRecord = { ...record, coarseTimesIn: await zoneOf(question?.networkId) };
      const stored = storedForm(coarse);
      const expiresAt = expiryOf(coarse, now);
      // Indexed under the recipient, and for a question passed on with a name under the asker it names.
      const named = question?.passed?.platform && question.passed.userId ? [personKeys.of(question.passed.platform, question.passed.userId)] : [];
      if (expiresAt <= now) {
        await store.delete(key);
        await store.delete(leaseKey(record.key));
        if (record.target.kind === 'direct') await index.remove(record.target.platform, record.target.userId, [record.key]);
        counts.erased++;
        continue;
      }
      await store.set(key, stored, expiresAt.getTime() - now.getTime());
      for (const person of [recipient, ...named]) await index.refile(person, record.key, expiresAt);
      counts.messages++;
    }
  });
  return counts;
}
