// Brings a store written by an earlier release to the shapes this code reads and promises, once,
// at start-up, before any feature reads it: a store version key and the steps after it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../core/logger.ts';
import { channelLanguage } from './channel-language.ts';
import { daysNotMoments } from './days-not-moments.ts';
import { formerMembers } from './former-members.ts';
import { monthsNotDays } from './months-not-days.ts';
import { forgottenKeys } from './forgotten-keys.ts';
import { pulseResultsRetention } from './pulse-results.ts';
import type { UpgradeBase, UpgradeContext, UpgradeStep } from './upgrade-step.ts';

/**
 * The core's records, in order; a new step takes the next version. Version 0 is the 2026-12-06 release
 * (1fc1b8c) and before. An adapter upgrades its own records the same way, under a version of its own
 * (the Teams adapter: adapters/teams/store-upgrade.ts), since the core knows no platform's records.
 */
export const UPGRADE_STEPS: readonly UpgradeStep[] = [
  { version: 1, name: 'first/last seen and kept questions as days; answers indexed per network', run: daysNotMoments },
  { version: 2, name: 'people who lost their role noted as former members', run: formerMembers },
  { version: 3, name: 'records of pulse results messages kept as long as their pulse', run: pulseResultsRetention },
  { version: 4, name: 'blanked records still keyed by a forgotten person erased', run: forgottenKeys },
  { version: 5, name: 'first/last seen, kept questions, answers and anonymous pass-ons as months', run: monthsNotDays },
  { version: 6, name: "networks keep their channel's language", run: channelLanguage },
];

export const STORE_VERSION_KEY = 'store:version';
/** Where a line of steps keeps its version, and the lease one process upgrades under. */
export interface UpgradeKeys {
  version: string;
  lease: string;
}
const CORE_KEYS: UpgradeKeys = { version: STORE_VERSION_KEY, lease: 'store:upgrade-lease' };
/** One process upgrades; another one starting meanwhile waits this long at most, then runs the steps itself. */
const LEASE_MS = 5 * 60_000;
// Every store the bot ever opened has this; a store without it is new and has nothing to upgrade.
const EXISTING_STORE_KEY = 'privacy:person-key-secret';

/** Brings the core's records to this code's shapes (`UPGRADE_STEPS`, version under `store:version`). */
export function upgradeStore(context: UpgradeContext, log: Logger, steps: readonly UpgradeStep[] = UPGRADE_STEPS): Promise<void> {
  return runUpgradeSteps(context, log, steps, CORE_KEYS);
}

/** Runs the steps past the version under `keys.version`, one process at a time, writing each step's version after it. */
export async function runUpgradeSteps<C extends UpgradeBase>(context: C, log: Logger, steps: readonly UpgradeStep<C>[], keys: UpgradeKeys): Promise<void> {
  const { store } = context;
  const latest = steps.at(-1)?.version ?? 0;
  const current = (await store.get<number>(keys.version)) ?? 0;
  if (current >= latest) return;
  if (current === 0 && (await store.get(EXISTING_STORE_KEY)) === undefined) {
    await store.set(keys.version, latest);
    return;
  }
  if (!(await store.claim(keys.lease, true, LEASE_MS)) && (await waitForOther(store, keys, latest))) return;
  try {
    for (const step of steps) {
      // Read again: another process may have finished steps while this one waited.
      if (step.version <= ((await store.get<number>(keys.version)) ?? 0)) continue;
      const counts = await step.run(context);
      await store.set(keys.version, step.version);
      log.info({ version: step.version, ...counts }, `store upgraded: ${step.name}`);
    }
  } finally {
    await store.delete(keys.lease);
  }
}

/** True when another process brought the store to `latest` within the lease; false to run the steps here. */
async function waitForOther(store: UpgradeBase['store'], keys: UpgradeKeys, latest: number): Promise<boolean> {
  // Wall time, not the app's clock: a simulated clock would never let the lease pass.
  const until = Date.now() + LEASE_MS;
  while (Date.now() < until) {
    if (((await store.get<number>(keys.version)) ?? 0) >= latest) return true;
    if (await store.claim(keys.lease, true, LEASE_MS)) return false;
    await sleep(500);
  }
  return false;
}
