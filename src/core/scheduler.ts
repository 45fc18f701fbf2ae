// Cron only ticks: every minute the bot computes what is due from stored state.
import cron from 'node-cron';
import type { RunCoordinator } from 'node-cron';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';

export interface Ticker {
  stop(): Promise<void>;
}

export interface TickerOptions {
  /**
   * Elects one process per minute among replicas (node-cron's `distributed` mode); without it
   * every process ticks. Either way due work is claimed per item, so correctness never depends on it.
   */
  coordinator?: RunCoordinator;
  /** Runs every minute in every process, elected or not (this host's liveness heartbeat). */
  everyProcess?: (now: Date) => Promise<void>;
}

/**
 * Calls `tick` every minute with the clock's time. A tick that is still running when the next
 * one fires is skipped (noOverlap); missed ticks need no catch-up because due work is derived
 * from the store, not from the ticks.
 */
export function startMinuteTicker(tick: (now: Date) => Promise<void>, clock: Clock, log: Logger, options: TickerOptions = {}): Ticker {
  const guarded = (name: string, work: (now: Date) => Promise<void>) => async () => {
    try {
      await work(clock.now());
    } catch (error) {
      log.error({ err: error, task: name }, 'tick failed');
    }
  };
  const tasks = [
    cron.schedule('* * * * *', guarded('liso-tick', tick), {
      name: 'liso-tick',
      noOverlap: true,
      ...(options.coordinator ? { distributed: true, runCoordinator: options.coordinator } : {}),
    }),
  ];
  if (options.everyProcess) tasks.push(cron.schedule('* * * * *', guarded('liso-alive', options.everyProcess), { name: 'liso-alive', noOverlap: true }));
  return {
    async stop() {
      for (const task of tasks) {
        await task.stop();
        await task.destroy();
      }
    },
  };
}
