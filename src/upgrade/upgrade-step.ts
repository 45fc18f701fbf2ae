// What an upgrade step is given and what it is.
import type { Clock } from '../core/clock.ts';
import type { Lang } from '../core/i18n.ts';
import type { Store } from '../store/port.ts';

/** What every line of steps is given: the store and the time. */
export interface UpgradeBase {
  store: Store;
  clock: Clock;
}

/** What the core's steps are given. */
export interface UpgradeContext extends UpgradeBase {
  /** LISO_TIMEZONE: the day a person is seen in. */
  defaultTimeZone: string;
  /** LISO_PULSE_RETENTION_MONTHS: how long a closed pulse is kept. */
  pulseRetentionMonths: number;
  /** LISO_LANG: the language of a network whose starter chose none. */
  defaultLang: Lang;
}

/**
 * One change of stored shapes, from the version before it to `version`. It must be idempotent: a
 * crash halfway leaves the store version where it was, and the next start runs the step again from
 * the beginning over records it partly rewrote.
 */
export interface UpgradeStep<C extends UpgradeBase = UpgradeContext> {
  version: number;
  /** Logged once, when the step has run. */
  name: string;
  /** What it changed, counted, for the log. */
  run(context: C): Promise<Record<string, number>>;
}
