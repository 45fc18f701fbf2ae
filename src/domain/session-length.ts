// How long a session lasts: as planned, or the half-day block most networks book.
import type { Session } from './types.ts';

/** Sessions planned without a length (and those planned before lengths were kept) last this long. */
export const DEFAULT_SESSION_MINUTES = 180;
/** A session is at most a long day; anything longer is a typing error. */
export const MAX_SESSION_MINUTES = 12 * 60;

export function sessionMinutes(session: Pick<Session, 'durationMinutes'>): number {
  return session.durationMinutes ?? DEFAULT_SESSION_MINUTES;
}

/** The instant the session ends. */
export function sessionEnd(session: Pick<Session, 'startsAt' | 'durationMinutes'>): Date {
  return new Date(session.startsAt.getTime() + sessionMinutes(session) * 60_000);
}
