// Bolt's and the WebClient's log output through the bot's own logger (pino, secrets redacted).
import { LogLevel } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.ts';

export function createBoltLogger(log: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let named = log.child({ component: 'bolt' });
  const line = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : safeJson(p))).join(' ');
  return {
    debug: (...parts: unknown[]) => named.debug(line(parts)),
    info: (...parts: unknown[]) => named.info(line(parts)),
    warn: (...parts: unknown[]) => named.warn(line(parts)),
    error: (...parts: unknown[]) => named.error(line(parts)),
    // pino decides what is written; Bolt's own level only answers getLevel.
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (name: string) => {
      named = log.child({ component: name });
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 2_000) ?? String(value);
  } catch {
    return String(value);
  }
}
