// Process-wide safety nets of a long-running command: a promise rejected where nobody listened
// (a library's unawaited async work, a bug of ours) is logged and the process keeps serving;
// Node would otherwise end the process and every conversation with it.
import type { Logger } from '../src/core/logger.ts';

export function keepServingOnUnhandledRejections(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection; the process keeps serving');
  });
}
