// The logger port and its pino implementation with secrets redacted.
import { pino } from 'pino';
import type { DestinationStream } from 'pino';

/** What the core needs from a logger; pino satisfies it. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Paths that may hold secrets anywhere in a log line; pino replaces them. */
export const redactPaths = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'password',
  'secret',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.*.token',
  '*.*.botToken',
  '*.*.appToken',
  '*.*.signingSecret',
  'headers.authorization',
  '*.headers.authorization',
  'config.slack.botToken',
  'config.slack.appToken',
  'config.slack.signingSecret',
  'config.discord.token',
  'clientSecret',
  '*.clientSecret',
  'config.teams.clientSecret',
  'config.store',
  'store',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'liso-bot' },
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    destination ?? pino.destination(2),
  );
}
