// The minute ticker as every process runs it: one replica per minute (elected through the store)
// runs the bot's tick, and every replica writes its own heartbeat for `liso health` and reads
// ahead for coming ticks (whichever replica is elected then finds it done). While the store is
// unreachable nothing runs and nothing more is logged: its watcher logged the outage once.
import type { App } from '../src/app.ts';
import type { Clock } from '../src/core/clock.ts';
import type { Logger } from '../src/core/logger.ts';
import { createStoreRunCoordinator } from '../src/core/run-coordinator.ts';
import type { Ticker } from '../src/core/scheduler.ts';
import { startMinuteTicker } from '../src/core/scheduler.ts';
import { removeHeartbeat, writeHeartbeat } from '../src/features/health/heartbeat-feature.ts';
import { StoreUnavailableError } from '../src/store/port.ts';

export function startReplicaTicker(app: App, clock: Clock, log: Logger): Ticker {
  const coordinator = createStoreRunCoordinator(app.store, app.instanceId);
  const ticker = startMinuteTicker((now) => app.bot.tick(now), clock, log, {
    coordinator: { shouldRun: async (key, ttlMs) => Promise.resolve(coordinator.shouldRun(key, ttlMs)).catch(skipWhileUnreachable(false)) },
    everyProcess: async (now) => {
      await writeHeartbeat(app.store, app.instanceId, now).catch(skipWhileUnreachable(undefined));
      await app.bot.readAhead(now);
    },
  });
  return {
    async stop() {
      await ticker.stop();
      // A clean stop leaves no beat behind to be taken for a hung process.
      await removeHeartbeat(app.store, app.instanceId).catch((error: unknown) => log.debug({ err: error }, 'heartbeat not removed'));
    },
  };
}

function skipWhileUnreachable<T>(value: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof StoreUnavailableError) return value;
    throw error;
  };
}
