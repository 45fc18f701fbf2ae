// The Teams SDK's logger interface on top of the app's pino logger (the SDK's own chatter at debug).
import type { ILogger, ILoggerOptions, LogLevel } from '@microsoft/teams.common';
import type { Logger } from '../../src/core/logger.ts';

/**
 * The SDK logs free-form arguments (sometimes whole requests); they go out as one `detail` text,
 * cut short, with anything that looks like a bearer token removed. Its info lines are debug here:
 * the adapter logs what an operator needs itself.
 */
export function sdkLogger(log: Logger, name = 'teams-sdk'): ILogger {
  const write = (level: LogLevel, args: unknown[]) => {
    const detail = args.map(describe).join(' ').replace(/Bearer\s+[\w.~+/=-]+/gi, 'Bearer [redacted]').slice(0, 500);
    const target = log.child({ sdk: name });
    if (level === 'error') target.error({ detail }, 'teams sdk error');
    else if (level === 'warn') target.warn({ detail }, 'teams sdk warning');
    else target.debug({ detail }, 'teams sdk');
  };
  const logger: ILogger = {
    loggerOptions: { level: 'info' } satisfies ILoggerOptions,
    debug: (...msg) => write('debug', msg),
    info: (...msg) => write('info', msg),
    warn: (...msg) => write('warn', msg),
    error: (...msg) => write('error', msg),
    trace: (...msg) => write('trace', msg),
    log: (level, ...msg) => write(level, msg),
    child: (child) => sdkLogger(log, `${name}/${child}`),
  };
  return logger;
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value)?.slice(0, 300) ?? String(value);
  } catch {
    return String(value);
  }
}
