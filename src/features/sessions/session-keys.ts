// Store keys of the sessions feature (reminders and attendance), in one place.
import { createHash } from 'node:crypto';

export const sessionKeys = {
  /** Hash per session: `<userId>` → "yes|<start ms>" or "no|<start ms>"; `share:<userId>` → true. */
  attendance: (sessionId: string) => `sessions:attendance:${sessionId}`,
  /** Set per person: the sessions they answered, for privacy requests. */
  answeredBy: (platform: string, userId: string) => `sessions:answered-by:${platform}:${userId}`,
  /** Set per hour (epoch hours): sessions with a reminder due in that hour. */
  reminderBucket: (hour: number) => `sessions:reminders:${hour}`,
  /** Set of the hours that have a bucket. */
  reminderHours: () => 'sessions:reminder-hours',
  /** Set per session: the Delivery keys of its channel posts (a text's key cannot be made again), for deleting its network. */
  announcements: (sessionId: string) => `sessions:announcements:${sessionId}`,
};

export const sessionDeliveryKeys = {
  /** A reminder to one person (by person key) about one moment of a session; a move (new start) reminds again. */
  reminder: (sessionId: string, kind: string, startsAt: Date, person: string) => `session-reminder:${sessionId}:${kind}:${startsAt.getTime()}:${person}`,
  /** The notice to one person who was reminded of a session that was then cancelled. */
  cancelled: (sessionId: string, startsAt: Date, person: string) => `session-cancelled:${sessionId}:${startsAt.getTime()}:${person}`,
  /** The notice to one person who was reminded of a session's old moment that it then moved from. */
  moved: (sessionId: string, from: Date, to: Date, person: string) => `session-moved:${sessionId}:${from.getTime()}:${to.getTime()}:${person}`,
  /** The channel's post that a session was planned or cancelled. */
  announced: (sessionId: string, change: 'planned' | 'cancelled') => `session-announcement:${sessionId}:${change}`,
  /** The channel's post of a session's nth move (to a start): moving back and forth posts each move. */
  announcedMove: (sessionId: string, nth: number, to: Date) => `session-announcement:${sessionId}:moved:${nth}:${to.getTime()}`,
  /** The channel's post of a new place or agenda: one per change from one text to another. */
  announcedText: (sessionId: string, field: string, from: string, to: string) =>
    `session-announcement:${sessionId}:${field}:${createHash('sha256').update(`${from}\n${to}`).digest('hex').slice(0, 16)}`,
};
