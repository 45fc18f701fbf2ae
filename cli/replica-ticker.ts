// The minute ticker as every process runs it: one replica per minute (elected through the store)
// runs the bot's tick, and every replica writes its own heartbeat for `liso health`.
import type { App } from '../src/app.ts';
import type { Clock } from '../src/core/clock.ts';
import type { Logger } from '../src/core/logger.ts';
import { createStoreRunCoordinator } from '../src/core/run-coordinator.ts';
import type { Ticker } from '../src/core/scheduler.ts';
import { startMinuteTicker } from '../src/core/scheduler.ts';
import { writeHeartbeat } from '../src/features/health/heartbeat-feature.ts';

export function startReplicaTicker(app: App, clock: Clock, log: Logger, instanceId: string): Ticker {
  return startMinuteTicker((now) => app.bot.tick(now), clock, log, {
    coordinator: createStoreRunCoordinator(app.store, instanceId),
    everyProcess: (now) => writeHeartbeat(app.store, instanceId, now),
  });
}
