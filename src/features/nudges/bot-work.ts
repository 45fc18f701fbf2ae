// Preparation tasks the bot can see are done from what is stored, so no lead is asked for work
// that is visibly there: the agenda shared with `/liso sessie agenda`, a pulse started about the
// previous session, the session announced in the channel (date, time and place for everyone in it,
// with a calendar invitation to every role holder a week before). Read whenever a session's plan is
// read (a tick, a digest redraw, `/liso tijdlijn`), never from events, so every view agrees.
import type { Session } from '../../domain/types.ts';
import type { Store } from '../../store/port.ts';
import { pulseKeys } from '../pulse/pulse-keys.ts';
import { sessionDeliveryKeys, sessionKeys } from '../sessions/session-keys.ts';
import type { BotEvidence } from './timeline-data.ts';

/** What the bot did for one session's preparation. */
export type BotDone = ReadonlySet<BotEvidence>;

export interface BotWork {
  /** Per session (with the previous one's id, when there is one), what the bot can see done; one store read per kind. */
  doneFor(sessions: ReadonlyArray<{ session: Session; previousId?: string | undefined }>): Promise<BotDone[]>;
}

/** Reads the sessions feature's channel posts and the pulse feature's session index (their key layouts). */
export function storedBotWork(store: Store): BotWork {
  return {
    async doneFor(sessions) {
      if (sessions.length === 0) return [];
      const withPrevious = sessions.flatMap(({ previousId }) => (previousId ? [previousId] : []));
      const [pulses, posts] = await Promise.all([
        withPrevious.length > 0 ? store.getMany<string>(withPrevious.map(pulseKeys.ofSession)) : Promise.resolve([]),
        store.setMembersMany(sessions.map(({ session }) => sessionKeys.announcements(session.id))),
      ]);
      const pulsed = new Set(withPrevious.filter((_, i) => pulses[i] !== undefined));
      return sessions.map(({ session, previousId }, i) => {
        const done = new Set<BotEvidence>();
        if (session.agenda) done.add('agendaShared');
        if (previousId && pulsed.has(previousId)) done.add('pulseStarted');
        if (announcedAt(session, posts[i]!)) done.add('announced');
        return done;
      });
    },
  };
}

/** The channel was told the session's current start: when it was planned and never moved, or by its last move. */
function announcedAt(session: Session, posts: readonly string[]): boolean {
  // The post of a move is keyed by the session as moved (its count of earlier dates and its start).
  const latest = session.movedFrom.length === 0 ? sessionDeliveryKeys.announced(session.id, 'planned') : sessionDeliveryKeys.announcedMove(session.id, session.movedFrom.length, session.startsAt);
  return posts.includes(latest);
}
