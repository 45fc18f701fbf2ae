// Cron only ticks: every minute the bot computes what is due from stored state.
import cron from 'node-cron';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';

export interface Ticker {
  stop(): Promise<void>;
}

/**
 * Calls `tick` every minute with the clock's time. A tick that is still running when the next
 * one fires is skipped (noOverlap); missed ticks need no catch-up because due work is derived
 * from the store, not from the ticks.
 */
export function startMinuteTicker(tick: (now: Date) => Promise<void>, clock: Clock, log: Logger): Ticker {
  const task = cron.schedule(
    '* * * * *',
    async () => {
      try {
        await tick(clock.now());
      } catch (error) {
        log.error({ err: error }, 'tick failed');
      }
    },
    { name: 'liso-tick', noOverlap: true },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
