// "/liso successen": the wins since the last session, as a private message or a Markdown export.
import type { Translator } from '../../core/i18n.ts';
import type { Block, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Network } from '../../domain/types.ts';
import { slug } from '../../core/sanitize.ts';
import { richToMarkdown } from './markdown.ts';
import { milestoneLabel } from './milestone-messages.ts';
import type { ShownNames } from './win-text.ts';
import type { WinsPeriod } from './wins-period.ts';
import { formatDate } from '../../core/i18n.ts';
import { isoDay, sessionMomentOf, winLine } from './wins-period.ts';

/** The knowledge entry on celebrating (shared contract: advice.topic shows it privately). */
export const CELEBRATING_ENTRY = 'vieren';

export function periodTitle(period: WinsPeriod, network: Network, t: Translator): string {
  return period.since
    ? t.text('wins.since.title', { network: network.name, when: formatSessionMoment(period.since, t.lang, network.timeZone) })
    : t.text('wins.since.titleAll', { network: network.name });
}

export function digestMessage(period: WinsPeriod, network: Network, names: ShownNames, t: Translator): Message {
  const title = periodTitle(period, network, t);
  const blocks: Block[] = [{ type: 'heading', text: title }];
  if (period.wins.length > 0) {
    blocks.push({ type: 'list', items: period.wins.map((win) => winLine(win, names, network.timeZone, t)) });
  } else {
    blocks.push({ type: 'section', text: t.rich('wins.since.none') });
  }
  if (period.milestones.length > 0) {
    blocks.push({ type: 'context', text: t.rich('wins.since.milestones') });
    blocks.push({ type: 'list', items: period.milestones.map((m) => dated(milestoneLabel(m, sessionMomentOf(period, m.sessionId, t.lang, network.timeZone), t), m.reachedAt, network, t)) });
  }
  blocks.push({ type: 'context', text: t.rich('wins.since.footer') });
  blocks.push({ type: 'actions', buttons: [{ actionId: 'advice.topic', value: CELEBRATING_ENTRY, label: t.text('wins.since.adviceButton') }] });
  return { summary: title, blocks };
}

const HEADING = { heading: true };

/**
 * A Markdown summary to share outside the network (the Delphi study's advice to share small
 * successes with the outside world). Names appear only of people who did not opt out; the caller
 * leaves out the wins that name someone else (`namesSomeoneElse`).
 */
export function exportDocument(period: WinsPeriod, network: Network, names: ShownNames, t: Translator): { filename: string; content: string } {
  const lines: string[] = [`# ${richToMarkdown([{ type: 'text', text: periodTitle(period, network, t) }], HEADING)}`, ''];
  const until = formatDate(period.until, t.lang, network.timeZone);
  lines.push(
    richToMarkdown(
      period.since
        ? t.rich('wins.export.period', { from: formatDate(period.since.startsAt, t.lang, network.timeZone), until })
        : t.rich('wins.export.periodAll', { from: formatDate(network.createdAt, t.lang, network.timeZone), until }),
    ),
    '',
  );
  // Read outside the network, an empty section (and its nudge to members) says nothing: left out.
  if (period.wins.length > 0) {
    lines.push(`## ${richToMarkdown(t.rich('wins.export.winsHeading', { count: period.wins.length }), HEADING)}`, '');
    for (const win of period.wins) lines.push(`- ${richToMarkdown(winLine(win, names, network.timeZone, t))}`);
    lines.push('');
  }
  if (period.milestones.length > 0) {
    lines.push(`## ${richToMarkdown(t.rich('wins.export.milestonesHeading'), HEADING)}`, '');
    for (const m of period.milestones) lines.push(`- ${richToMarkdown(dated(milestoneLabel(m, sessionMomentOf(period, m.sessionId, t.lang, network.timeZone), t), m.reachedAt, network, t))}`);
    lines.push('');
  }
  lines.push('---', '', richToMarkdown(t.rich('wins.export.footer')), '');
  return { filename: `${t.text('wins.export.filePrefix')}-${slug(network.name)}-${isoDay(period.until, network.timeZone)}.md`, content: lines.join('\n') };
}

function dated(label: RichText, at: Date, network: Network, t: Translator): RichText {
  return t.rich('wins.list.dated', { date: formatDate(at, t.lang, network.timeZone), label });
}
