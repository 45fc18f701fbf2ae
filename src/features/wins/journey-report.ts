// "/liso reisverslag": the network's journey as a Markdown document (LISO-handboek h7, Goed afsluiten).
import type { Lang, Translator } from '../../core/i18n.ts';
import { cleanOneLine } from '../../core/sanitize.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Network, Session } from '../../domain/types.ts';
import { slug } from '../../core/sanitize.ts';
import { escapeMarkdown, richToMarkdown } from './markdown.ts';
import type { RichText } from '../../core/rich-text.ts';
import { plain } from '../../core/rich-text.ts';
import { isLink } from '../sessions/session-text.ts';
import { milestoneLabel } from './milestone-messages.ts';
import type { ShownNames } from './win-text.ts';
import type { MilestoneRecord, WinRecord } from './win-types.ts';
import { formatDate } from '../../core/i18n.ts';
import { formatMonth } from '../../core/coarse-time.ts';
import { isoDay, winLine } from './wins-period.ts';

/** A question someone asked in the network that got no answer. */
export interface UnansweredQuestion {
  askedAt: Date;
  /** The question as asked (user text: shown literally, escaped). */
  text: string;
}

/**
 * What other features contribute to the journey document. Each member is optional: a section
 * appears only when the feature that owns its data is wired in, so nothing is ever made up.
 */
export interface JourneySources {
  /** One line per closed pulse, oldest first, already written in `lang`; undefined or empty when there was none. */
  pulseTrend?(networkId: string, lang: Lang): Promise<string[] | undefined>;
  /** Questions asked in the network that were not answered, oldest first; undefined or empty when there are none. */
  unansweredQuestions?(networkId: string): Promise<UnansweredQuestion[] | undefined>;
}

export interface JourneyInput {
  network: Network;
  now: Date;
  /** Sessions that have ended by `now`, oldest first: one still going on is not held yet. */
  held: Session[];
  /** The session going on at `now` or the first one planned after it, if any. */
  next?: Session | undefined;
  wins: WinRecord[];
  milestones: MilestoneRecord[];
  names: ShownNames;
  sessionsById: ReadonlyMap<string, Session>;
  /** Present only when the pulse feature is wired in. */
  pulseTrend?: string[] | undefined;
  /** Present only when the advice feature is wired in. */
  unanswered?: UnansweredQuestion[] | undefined;
  hasPulseSource: boolean;
  hasQuestionSource: boolean;
}

export function journeyDocument(input: JourneyInput, t: Translator): { filename: string; content: string } {
  const { network } = input;
  const day = (at: Date) => formatDate(at, t.lang, network.timeZone);
  const md = (key: Parameters<Translator['rich']>[0], vars?: Parameters<Translator['rich']>[1]) => richToMarkdown(t.rich(key, vars));
  const heading = (key: Parameters<Translator['rich']>[0], vars?: Parameters<Translator['rich']>[1]) => richToMarkdown(t.rich(key, vars), { heading: true });
  const lines: string[] = [`# ${heading('wins.journey.title', { network: network.name })}`, ''];
  lines.push(md('wins.journey.intro', { from: day(network.createdAt), until: day(input.now) }), '');

  lines.push(`## ${heading('wins.journey.sessionsHeading', { count: input.held.length })}`, '');
  if (input.held.length === 0) lines.push(md('wins.journey.sessionsNone'));
  input.held.forEach((s, i) => lines.push(`${i + 1}. ${richToMarkdown(heldSessionLine(s, network, t))}`));
  if (input.next) lines.push('', md(input.next.startsAt.getTime() <= input.now.getTime() ? 'wins.journey.sessionNow' : 'wins.journey.sessionNext', { when: formatSessionMoment(input.next, t.lang, network.timeZone) }));
  lines.push('');

  lines.push(`## ${heading('wins.journey.milestonesHeading')}`, '');
  if (input.milestones.length === 0) lines.push(md('wins.journey.milestonesNone'));
  for (const m of input.milestones) {
    const session = m.sessionId ? input.sessionsById.get(m.sessionId) : undefined;
    const label = milestoneLabel(m, session ? formatSessionMoment(session, t.lang, network.timeZone) : undefined, t);
    lines.push(`- ${md('wins.list.dated', { date: day(m.reachedAt), label })}`);
  }
  lines.push('');

  lines.push(`## ${heading('wins.journey.winsHeading', { count: input.wins.length })}`, '');
  if (input.wins.length === 0) lines.push(md('wins.journey.winsNone'));
  for (const win of input.wins) lines.push(`- ${richToMarkdown(winLine(win, input.names, network.timeZone, t))}`);
  lines.push('');

  if (input.hasPulseSource) {
    lines.push(`## ${heading('wins.journey.pulseHeading')}`, '');
    const trend = input.pulseTrend ?? [];
    if (trend.length === 0) lines.push(md('wins.journey.pulseNone'));
    for (const line of trend) lines.push(`- ${escapeMarkdown(cleanOneLine(line, 500))}`);
    lines.push('');
  }

  if (input.hasQuestionSource) {
    lines.push(`## ${heading('wins.journey.questionsHeading')}`, '');
    const questions = input.unanswered ?? [];
    if (questions.length === 0) lines.push(md('wins.journey.questionsNone'));
    // Only the month: a question is kept without a name, and its time is kept as a month (README, "Questions without a name").
    const month = (at: Date) => formatMonth(at, network.timeZone, t.lang);
    for (const q of questions) lines.push(`- ${md('wins.list.dated', { date: month(q.askedAt), label: cleanOneLine(q.text, 500) })}`);
    lines.push('');
  }

  lines.push(`## ${heading('wins.journey.reflectHeading')}`, '');
  for (const key of ['wins.journey.reflect1', 'wins.journey.reflect2', 'wins.journey.reflect3', 'wins.journey.reflect4', 'wins.journey.reflect5'] as const) {
    lines.push(`- ${md(key)}`);
  }
  lines.push('', '---', '', md('wins.journey.footer'), '');
  return { filename: `${t.text('wins.journey.filePrefix')}-${slug(network.name)}-${isoDay(input.now, network.timeZone)}.md`, content: lines.join('\n') };
}

/**
 * A held session: when and where. An online session says "online" instead of its link: a join
 * link can carry a meeting code, and the document may travel beyond the people invited.
 */
function heldSessionLine(session: Session, network: Network, t: Translator): RichText {
  const when = formatSessionMoment(session, t.lang, network.timeZone);
  if (!session.place) return plain(when);
  if (isLink(session.place)) return t.rich('wins.journey.sessionOnline', { when });
  return t.rich('wins.journey.sessionAt', { when, place: session.place });
}
