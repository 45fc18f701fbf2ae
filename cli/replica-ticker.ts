// The minute ticker and the delivery worker as every process runs them: one replica per minute
// (elected through the store) runs the bot's tick, every replica writes its own heartbeat for
// `liso health`, and (in `liso start`) sends queued messages in the background. While the store is
// unreachable nothing runs and nothing more is logged: its watcher logged the outage once.
import type { App } from '../src/app.ts';
import type { Clock } from '../src/core/clock.ts';
import type { Logger } from '../src/core/logger.ts';
import { createStoreRunCoordinator } from '../src/core/run-coordinator.ts';
import { startMinuteTicker } from '../src/core/scheduler.ts';
import { removeHeartbeat, writeHeartbeat } from '../src/features/health/heartbeat-feature.ts';
import { StoreUnavailableError } from '../src/store/port.ts';

export interface ReplicaWork {
  /**
   * Takes no new work (ticks, queued sends), then waits up to `deadlineMs` in all for the running
   * tick and the sends in flight to finish. Returns how many sends were still in flight then.
   */
  stop(deadlineMs: number): Promise<number>;
}

export function startReplicaTicker(app: App, clock: Clock, log: Logger, options: { sendInBackground?: boolean } = {}): ReplicaWork {
  const coordinator = createStoreRunCoordinator(app.store, app.instanceId);
  const ticker = startMinuteTicker((now) => app.bot.tick(now), clock, log, {
    coordinator: { shouldRun: async (key, ttlMs) => Promise.resolve(coordinator.shouldRun(key, ttlMs)).catch(skipWhileUnreachable(false)) },
    everyProcess: (now) => writeHeartbeat(app.store, app.instanceId, now).catch(skipWhileUnreachable(undefined)),
  });
  if (options.sendInBackground) app.delivery.startWorker();
  return {
    async stop(deadlineMs) {
      const started = performance.now();
      // Both at once: the worker stops taking queued sends while the tick finishes its own.
      const [tickDone, left] = await Promise.all([ticker.stop(deadlineMs), options.sendInBackground ? app.delivery.stopWorker(deadlineMs) : Promise.resolve(0)]);
      const inFlight = left + app.delivery.sendsInFlight;
      const waitedMs = Math.round(performance.now() - started);
      if (tickDone && inFlight === 0) log.info({ waitedMs }, 'running work finished');
      else log.warn({ waitedMs, tickRunning: !tickDone, sendsInFlight: inFlight }, 'stopping with work still running; unfinished sends stay queued and go out after their lease');
      // A clean stop leaves no beat behind to be taken for a hung process.
      await removeHeartbeat(app.store, app.instanceId).catch((error: unknown) => log.debug({ err: error }, 'heartbeat not removed'));
      return inFlight;
    },
  };
}

function skipWhileUnreachable<T>(value: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof StoreUnavailableError) return value;
    throw error;
  };
}
