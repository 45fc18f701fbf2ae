// Brings a store written by an earlier release to the shapes this code reads and promises, once,
// at start-up, before any feature reads it: a store version key and the steps after it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../core/logger.ts';
import { daysNotMoments } from './days-not-moments.ts';
import { formerMembers } from './former-members.ts';
import { forgottenKeys } from './forgotten-keys.ts';
import { pulseResultsRetention } from './pulse-results.ts';
import { teamsDays } from './teams-days.ts';
import type { UpgradeContext, UpgradeStep } from './upgrade-step.ts';

/** In order; a new step takes the next version. Version 0 is the 2026-12-06 release (1fc1b8c) and before. */
export const UPGRADE_STEPS: readonly UpgradeStep[] = [
  { version: 1, name: 'first/last seen and kept questions as days; answers indexed per network', run: daysNotMoments },
  { version: 2, name: 'people who lost their role noted as former members', run: formerMembers },
  { version: 3, name: 'Teams conversation and personal-chat records as days; team channel index', run: teamsDays },
  { version: 4, name: 'records of pulse results messages kept as long as their pulse', run: pulseResultsRetention },
  { version: 5, name: 'blanked records still keyed by a forgotten person erased', run: forgottenKeys },
];

export const STORE_VERSION_KEY = 'store:version';
const LEASE_KEY = 'store:upgrade-lease';
/** One process upgrades; another one starting meanwhile waits this long at most, then runs the steps itself. */
const LEASE_MS = 5 * 60_000;
// Every store the bot ever opened has this; a store without it is new and has nothing to upgrade.
const EXISTING_STORE_KEY = 'privacy:person-key-secret';

export async function upgradeStore(context: UpgradeContext, log: Logger, steps: readonly UpgradeStep[] = UPGRADE_STEPS): Promise<void> {
  const { store } = context;
  const latest = steps.at(-1)?.version ?? 0;
  const current = (await store.get<number>(STORE_VERSION_KEY)) ?? 0;
  if (current >= latest) return;
  if (current === 0 && (await store.get(EXISTING_STORE_KEY)) === undefined) {
    await store.set(STORE_VERSION_KEY, latest);
    return;
  }
  if (!(await store.claim(LEASE_KEY, true, LEASE_MS)) && (await waitForOther(context, latest))) return;
  try {
    for (const step of steps) {
      // Read again: another process may have finished steps while this one waited.
      if (step.version <= ((await store.get<number>(STORE_VERSION_KEY)) ?? 0)) continue;
      const counts = await step.run(context);
      await store.set(STORE_VERSION_KEY, step.version);
      log.info({ version: step.version, ...counts }, `store upgraded: ${step.name}`);
    }
  } finally {
    await store.delete(LEASE_KEY);
  }
}

/** True when another process brought the store to `latest` within the lease; false to run the steps here. */
async function waitForOther({ store }: UpgradeContext, latest: number): Promise<boolean> {
  // Wall time, not the app's clock: a simulated clock would never let the lease pass.
  const until = Date.now() + LEASE_MS;
  while (Date.now() < until) {
    if (((await store.get<number>(STORE_VERSION_KEY)) ?? 0) >= latest) return true;
    if (await store.claim(LEASE_KEY, true, LEASE_MS)) return false;
    await sleep(500);
  }
  return false;
}
