// A pulse the 2026-12-06 release closed (its results sent to the leads) on an installation kept
// pulses one month: after the upgrade, the records of its results messages go with the pulse, as
// this code records them, instead of 800 days after they were sent.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageOfSqliteFile } from '../privacy/store-audit.ts';
import type { StoreImage } from '../privacy/store-audit.ts';
import type { UpgradedRun } from './upgraded-console.ts';
import { runUpgraded } from './upgraded-console.ts';

const PULSE = '441375f3';

describe('upgrading a store with a pulse the old release closed', { timeout: 60_000 }, () => {
  let run: UpgradedRun;
  let before: StoreImage;
  let after: StoreImage;
  beforeAll(async () => {
    // The old process stopped on 2027-01-20; the pulse closed on 2027-01-12 and is kept a month.
    run = await runUpgraded('closed-pulse-store-1206.json', new Date('2027-01-21T09:00:00Z'), ':klok 2027-01-21T10:00\n', { LISO_PULSE_RETENTION_MONTHS: '1' });
    before = await imageOfSqliteFile(run.file, 'after-upgrade');
    const later = await runUpgraded('closed-pulse-store-1206.json', new Date('2027-01-21T09:00:00Z'), ':klok 2027-03-01T10:00\n', { LISO_PULSE_RETENTION_MONTHS: '1' });
    after = await imageOfSqliteFile(later.file, 'after-retention');
    await rm(later.dir, { recursive: true, force: true });
  }, 60_000);
  afterAll(async () => {
    await rm(run.dir, { recursive: true, force: true });
  });

  const results = (image: StoreImage) => image.entries.filter((e) => e.key.startsWith(`delivery:pulse:${PULSE}:results:`));

  it('keeps the results records until the pulse is deleted', () => {
    expect(results(before)).toHaveLength(2);
    for (const entry of results(before)) {
      const expires = JSON.parse(entry.text).expires as number;
      expect(new Date(expires).toISOString().slice(0, 10), entry.key).toBe('2027-02-12');
    }
  });

  it('leaves nothing of the pulse once its retention has passed: no results message naming the network', () => {
    // The network's milestone of its first pulse ("pulse-<id>") is the network's, kept until its deletion.
    const milestone = (key: string) => key.includes(`milestone:631c23e6:pulse-${PULSE}`) || key.includes(`milestones\u001fpulse-${PULSE}`);
    const left = after.entries.filter((e) => !milestone(e.key) && (e.key.includes(PULSE) || e.text.includes(PULSE) || e.text.includes('Uitslag pulse')));
    expect(left.map((e) => e.key)).toEqual([]);
  });
});
