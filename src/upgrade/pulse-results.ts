// Upgrade step 3: the records of pulse results messages the 2026-12-06 release sent are kept as
// long as their pulse, as this code records them, not the 800 days of other messages.
import { DateTime } from 'luxon';
import { DeliveryPersonIndex } from '../core/delivery-person-index.ts';
import { recordKey } from '../core/delivery-records.ts';
import type { DeliveryRecord } from '../core/delivery-records.ts';
import { PersonKeys } from '../core/person-keys.ts';
import { pulseKeys } from '../features/pulse/pulse-keys.ts';
import type { PulseRecord } from '../features/pulse/pulse-types.ts';
import type { UpgradeContext } from './upgrade-step.ts';
import { eachRecord } from './scan.ts';

/**
 * A results message's record names the network and the day ("Uitslag pulse <netwerk>"). Written
 * before its retention followed the pulse, it outlived the pulse's deletion, and a later deletion
 * of the network no longer found it through the pulse. Now it ends when the pulse does (at once
 * when the pulse is gone), and the recipient's index entry with it.
 */
export async function pulseResultsRetention(context: UpgradeContext): Promise<Record<string, number>> {
  const { store, clock, pulseRetentionMonths } = context;
  const index = new DeliveryPersonIndex(store, await PersonKeys.open(store));
  const counts = { kept: 0, erased: 0 };
  await eachRecord<DeliveryRecord>(store, recordKey('pulse:'), async (records) => {
    for (const { key, value: record } of records) {
      // pulse:<pulse>:results:<person key or "channel">
      const [, pulseId, kind, recipient] = record.key.split(':');
      if (kind !== 'results' || !pulseId || !recipient) continue;
      const pulse = await store.get<PulseRecord>(pulseKeys.pulse(pulseId));
      const end = pulse ? DateTime.fromJSDate(pulse.closesAt, { zone: 'UTC' }).plus({ months: pulseRetentionMonths }).toJSDate() : clock.now();
      const ttlMs = end.getTime() - clock.now().getTime();
      const direct = record.target.kind === 'direct' ? record.target : undefined;
      if (ttlMs <= 0) {
        await store.delete(key);
        if (direct) await index.remove(direct.platform, direct.userId, [record.key]);
        counts.erased++;
        continue;
      }
      await store.set(key, { ...record, retentionMs: ttlMs }, ttlMs);
      if (direct) await index.refile(recipient, record.key, end);
      counts.kept++;
    }
  });
  return counts;
}
