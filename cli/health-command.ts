// `liso health`: exits 0 when the store answers and a bot process on this host ticked within the
// last minutes (Docker HEALTHCHECK); says which part is down otherwise.
import os from 'node:os';
import type { Config } from '../src/config/schema.ts';
import { systemClock } from '../src/core/clock.ts';
import { HEARTBEAT_FRESH_MS, readHeartbeats } from '../src/features/health/heartbeat-feature.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/port.ts';

export async function healthCommand(config: Config, now = systemClock.now(), host = os.hostname()): Promise<number> {
  let store: Store;
  try {
    store = await openStore(config.store, undefined, { redisPrefix: config.redisPrefix });
  } catch (error) {
    process.stderr.write(`opslag onbereikbaar / store down: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const beats = await readHeartbeats(store, host);
    process.stdout.write(`opslag bereikbaar / store up (${store.kind})\n`);
    let fresh = 0;
    for (const [instance, beat] of beats) {
      const ageS = Math.round((now.getTime() - beat.getTime()) / 1000);
      const alive = now.getTime() - beat.getTime() <= HEARTBEAT_FRESH_MS;
      if (alive) fresh++;
      process.stdout.write(`${alive ? 'ok' : 'stil / silent'} ${instance} ${beat.toISOString()} (${ageS} s)\n`);
    }
    if (fresh === 0) {
      process.stderr.write('geen recente heartbeat op deze host / no recent heartbeat on this host\n');
      return 1;
    }
    return 0;
  } catch (error) {
    process.stderr.write(`opslag onbereikbaar / store down: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await store.close().catch(() => undefined);
  }
}
