// The anonymity rules in one place: keyed hashes for voters, and what may be shown after close.
import { createHmac, randomBytes } from 'node:crypto';

/** The floors the issue sets; configuration may raise them, never lower them. */
export const MIN_RESPONDENTS_FLOOR = 3;
export const MIN_OPEN_ANSWERS_FLOOR = 5;

export interface Thresholds {
  /** Least number of answers before a statement's scores are shown. */
  minRespondents: number;
  /** Least number of open answers before they are shown. */
  minOpenAnswers: number;
}

/** A fresh per-pulse secret; it lives only while the pulse is open. */
export function newPulseSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The voter key of one person in one pulse. Without the secret (deleted at close) nobody can tell
 * whose it is; with it the bot can refuse double votes and find who has not answered yet.
 */
export function voterKey(secret: string, platform: string, userId: string): string {
  return createHmac('sha256', secret).update(`${platform}:${userId}`).digest('base64url');
}

/** Whether scores based on `answers` answers may be shown. */
export function scoresVisible(answers: number, thresholds: Thresholds): boolean {
  return answers >= Math.max(MIN_RESPONDENTS_FLOOR, thresholds.minRespondents);
}

/** Whether `answers` open answers may be shown. */
export function openAnswersVisible(answers: number, thresholds: Thresholds): boolean {
  return answers >= Math.max(MIN_OPEN_ANSWERS_FLOOR, thresholds.minOpenAnswers);
}
