// Cron only ticks: every minute the bot computes what is due from stored state.
import cron from 'node-cron';
import type { RunCoordinator } from 'node-cron';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';

export interface Ticker {
  /**
   * Starts no more ticks and waits up to `deadlineMs` (default: without limit) for a running one
   * to finish; true when nothing was left running.
   */
  stop(deadlineMs?: number): Promise<boolean>;
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
  const running = new Set<Promise<void>>();
  const guarded = (name: string, work: (now: Date) => Promise<void>) => async () => {
    const run = work(clock.now()).catch((error: unknown) => log.error({ err: error, task: name }, 'tick failed'));
    running.add(run);
    try {
      await run;
    } finally {
      running.delete(run);
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
    async stop(deadlineMs) {
      for (const task of tasks) {
        await task.stop();
        await task.destroy();
      }
      const finished = Promise.allSettled([...running]).then(() => true);
      if (deadlineMs === undefined) return finished;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs)));
      const done = await Promise.race([finished, late]);
      clearTimeout(timer);
      return done;
    },
  };
}
