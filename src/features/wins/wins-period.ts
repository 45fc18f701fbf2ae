// The wins and milestones of a period: since the last held session, or the network's whole life.
import { DateTime } from 'luxon';
import type { Lang, Translator } from '../../core/i18n.ts';
import { formatDate } from '../../core/i18n.ts';
import type { RichText } from '../../core/rich-text.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Network, Session } from '../../domain/types.ts';
import { heldSessions } from './milestone-rules.ts';
import type { WinBook } from './win-book.ts';
import type { ShownNames } from './win-text.ts';
import { winRichText } from './win-text.ts';
import type { MilestoneRecord, WinRecord } from './win-types.ts';

export interface WinsPeriod {
  /** Every session of the network, to name the session a milestone is about. */
  sessions: Session[];
  /** The last session held before `until`; absent when none was held yet (the period is the network's life). */
  since?: Session;
  until: Date;
  wins: WinRecord[];
  milestones: MilestoneRecord[];
}

/** Everything after the last session that started by `now` (a session today counts as held). */
export async function periodSinceLastSession(book: WinBook, sessions: SessionPlanner, network: Network, now: Date): Promise<WinsPeriod> {
  const all = await sessions.list(network.id);
  const since = heldSessions(all, now).at(-1);
  const after = since?.startsAt.getTime() ?? Number.NEGATIVE_INFINITY;
  const inPeriod = (at: Date) => at.getTime() > after && at.getTime() <= now.getTime();
  return {
    sessions: all,
    ...(since ? { since } : {}),
    until: now,
    wins: (await book.ofNetwork(network.id)).filter((w) => inPeriod(w.createdAt)),
    milestones: (await book.milestones(network.id)).filter((m) => inPeriod(m.reachedAt) || m.sessionId === since?.id),
  };
}

/** The network's whole life up to `now`. */
export async function wholePeriod(book: WinBook, sessions: SessionPlanner, network: Network, now: Date): Promise<WinsPeriod> {
  return {
    sessions: await sessions.list(network.id),
    until: now,
    wins: (await book.ofNetwork(network.id)).filter((w) => w.createdAt.getTime() <= now.getTime()),
    milestones: (await book.milestones(network.id)).filter((m) => m.reachedAt.getTime() <= now.getTime()),
  };
}

/** The moment of the session a milestone is about, in the reader's language. */
export function sessionMomentOf(period: WinsPeriod, sessionId: string | undefined, lang: Lang, networkZone: string): string | undefined {
  const session = sessionId === undefined ? undefined : period.sessions.find((s) => s.id === sessionId);
  return session ? formatSessionMoment(session, lang, networkZone) : undefined;
}

/** 2027-03-12 in the network's time zone, for file names. */
export function isoDay(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
}

/** One line per win: its date, its text and (unless they opted out) who shared it. */
export function winLine(win: WinRecord, names: ShownNames, timeZone: string, t: Translator): RichText {
  const date = formatDate(win.createdAt, t.lang, timeZone);
  const text = winRichText(win.parts, names, t);
  const author = win.authorId !== undefined ? names.get(win.authorId) : undefined;
  return author !== undefined ? t.rich('wins.list.item', { date, win: text, author }) : t.rich('wins.list.itemAnonymous', { date, win: text });
}
