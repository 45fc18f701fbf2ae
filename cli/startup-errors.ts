// Turns the known start-up failures into one clear line instead of a stack trace.
import { ConfigError } from '../src/config/config-error.ts';
import { DataFileError } from '../src/core/data-file.ts';
import { StoreOpenError } from '../src/store/port.ts';

export function isStartupError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof StoreOpenError || error instanceof DataFileError || error instanceof UsageError;
}

/** A mistake in the command line itself. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function describeStartupError(error: Error): string {
  if (error instanceof DataFileError) return `liso-bot kan niet starten: bestand ongeldig / invalid file: ${error.message}`;
  return `liso-bot kan niet starten / cannot start: ${error.message}`;
}
