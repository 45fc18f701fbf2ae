// Who comes to a session: each role holder's "Ik kom" / "Ik kan niet", and whether their name may
// be shown to the leads. Answers count only for the day they were given for: after a move to another
// day everyone is asked again; a new start time on the same day keeps them (who no longer fits says so).
import { DateTime } from 'luxon';
import { clearHash } from '../../store/clear.ts';
import type { Store } from '../../store/port.ts';
import type { Session } from '../../domain/types.ts';
import { sessionKeys } from './session-keys.ts';

export type AttendanceAnswer = 'yes' | 'no';

export interface AttendanceSummary {
  yes: number;
  no: number;
  /** Coming and agreed to be named, in no particular order. */
  namedYes: string[];
}

const SHARE = 'share:';

export class Attendance {
  constructor(private readonly store: Store) {}

  /** The person's current answer for the session's current day, if any. */
  async answerOf(session: Session, userId: string): Promise<{ answer: AttendanceAnswer; share: boolean } | undefined> {
    const [[stored, share]] = (await this.store.hashGetMany<string | boolean>([sessionKeys.attendance(session.id)], [userId, SHARE + userId])) as [[string | undefined, boolean | undefined]];
    const answer = decode(stored, session);
    return answer ? { answer, share: share === true } : undefined;
  }

  /** Records an answer; 'unchanged' when it was already the person's answer (nothing written). */
  async answer(platform: string, session: Session, userId: string, answer: AttendanceAnswer): Promise<'recorded' | 'unchanged'> {
    if ((await this.answerOf(session, userId))?.answer === answer) return 'unchanged';
    await this.store.setAdd(sessionKeys.answeredBy(platform, userId), [session.id]);
    await this.store.hashSet(sessionKeys.attendance(session.id), userId, `${answer}|${session.startsAt.getTime()}`);
    return 'recorded';
  }

  /** Whether the leads may see the person's name among those coming. */
  async share(session: Session, userId: string, share: boolean): Promise<void> {
    if (share) await this.store.hashSet(sessionKeys.attendance(session.id), SHARE + userId, true);
    else await this.store.hashDelete(sessionKeys.attendance(session.id), [SHARE + userId]);
  }

  /** Counts of the answers for the session's current day, from the people in `holders` only. */
  async summary(session: Session, holders: readonly string[]): Promise<AttendanceSummary> {
    const [answers] = await this.store.hashGetAllMany<string | boolean>([sessionKeys.attendance(session.id)]);
    const summary: AttendanceSummary = { yes: 0, no: 0, namedYes: [] };
    for (const userId of new Set(holders)) {
      const answer = decode(answers!.get(userId) as string | undefined, session);
      if (answer === 'yes') {
        summary.yes++;
        if (answers!.get(SHARE + userId) === true) summary.namedYes.push(userId);
      } else if (answer === 'no') summary.no++;
    }
    return summary;
  }

  /** The sessions a person answered, for `/liso mijn-gegevens`. */
  async answeredBy(platform: string, userId: string): Promise<string[]> {
    return this.store.setMembers(sessionKeys.answeredBy(platform, userId));
  }

  /** Erases a person's answers and consents. */
  async forget(platform: string, userId: string): Promise<void> {
    const sessionIds = await this.answeredBy(platform, userId);
    for (const sessionId of sessionIds) await this.store.hashDelete(sessionKeys.attendance(sessionId), [userId, SHARE + userId]);
    await this.store.setRemove(sessionKeys.answeredBy(platform, userId), sessionIds);
  }

  /** Erases every answer to a deleted network's sessions, and those sessions from its members' lists. */
  async forgetSessions(platform: string, sessionIds: readonly string[], members: readonly string[]): Promise<void> {
    for (const sessionId of sessionIds) await clearHash(this.store, sessionKeys.attendance(sessionId));
    for (const userId of members) await this.store.setRemove(sessionKeys.answeredBy(platform, userId), sessionIds);
  }
}

function decode(stored: string | undefined, session: Session): AttendanceAnswer | undefined {
  if (typeof stored !== 'string') return undefined;
  const [answer, startMs] = stored.split('|');
  if (!sameDay(Number(startMs), session)) return undefined;
  return answer === 'yes' || answer === 'no' ? answer : undefined;
}

/** Whether an answer given for the start `startMs` was for the session's current day (in the session's zone). */
export function sameDay(startMs: number, session: Session): boolean {
  return Number.isFinite(startMs) && DateTime.fromMillis(startMs, { zone: session.timeZone }).toISODate() === session.date;
}
