// Upgrade step 4: records the 2026-12-06 release blanked when it forgot someone, but kept under a
// key holding that person's key, go with their index entries, as this code's forgetting does.
import { DeliveryPersonIndex } from '../core/delivery-person-index.ts';
import { leaseKey, recordKey } from '../core/delivery-records.ts';
import type { DeliveryRecord } from '../core/delivery-records.ts';
import { PersonKeys } from '../core/person-keys.ts';
import type { Person } from '../domain/types.ts';
import type { UpgradeContext } from './upgrade-step.ts';
import { eachRecord } from './scan.ts';

/**
 * A trekker's record of a report that someone could not be reached is keyed
 * `delivery-problem:<network>:user:<their person key>:…`. That release's forgetting emptied its
 * summary and kept it 800 days; the person key can be recomputed from the id with the secret in the
 * same store, so the record still said whom the report was about. A blanked record naming a person
 * key that belongs to nobody the bot knows any more is erased.
 */
export async function forgottenKeys(context: UpgradeContext): Promise<Record<string, number>> {
  const { store } = context;
  const personKeys = await PersonKeys.open(store);
  const index = new DeliveryPersonIndex(store, personKeys);
  const known = new Set<string>();
  await eachRecord<Person>(store, 'person:', async (records) => {
    for (const { value } of records) known.add(personKeys.of(value.platform, value.userId));
  });
  let erased = 0;
  await eachRecord<DeliveryRecord>(store, recordKey(''), async (records) => {
    for (const { key, value: record } of records) {
      if (record.summary !== '') continue;
      const parts = record.key.split(':');
      const named = parts.filter((_part, i) => parts[i - 1] === 'user');
      if (named.length === 0 || named.every((person) => known.has(person))) continue;
      await store.commit([
        { op: 'delete', key },
        { op: 'delete', key: leaseKey(record.key) },
      ]);
      if (record.target.kind === 'direct') await index.remove(record.target.platform, record.target.userId, [record.key]);
      erased++;
    }
  });
  return { erased };
}
