// "/liso reisverslag": the leads or the communicatieadviseur get the journey document privately.
import type { CommandContext } from '../../core/feature.ts';
import { networkOf } from '../networks/network-context.ts';
import type { UnansweredQuestion } from './journey-report.ts';
import { journeyDocument } from './journey-report.ts';
import { heldSessions } from './milestone-rules.ts';
import { sessionEnd } from '../../domain/session-length.ts';
import type { Session } from '../../domain/types.ts';
import { shownNames } from './shown-names.ts';
import type { WinsContext } from './wins-deps.ts';
import { requireRole } from './wins-deps.ts';
import { peopleIn } from './win-text.ts';
import { wholePeriod } from './wins-period.ts';

export async function runJourneyCommand(ctx: CommandContext, deps: WinsContext): Promise<void> {
  const network = await networkOf(ctx, deps.directory);
  await requireRole(deps, network, ctx.actor.userId, ['trekker', 'procesbegeleider', 'communicatieadviseur'], 'wins.journey.notAllowed');
  const sessions = await deps.sessions.list(network.id);
  const period = await wholePeriod(deps.book, deps.sessions, network, ctx.now);
  const { pulseTrend, unansweredQuestions } = deps.journey;
  const document = journeyDocument(
    {
      network,
      now: ctx.now,
      held: heldSessions(sessions, ctx.now).filter((s) => ended(s, ctx.now)),
      next: nextSession(sessions, ctx.now),
      wins: period.wins,
      milestones: period.milestones,
      names: await shownNames(deps.book, deps.people, network.platform, peopleIn(period.wins)),
      sessionsById: new Map(sessions.map((s) => [s.id, s])),
      pulseTrend: pulseTrend ? await pulseTrend.call(deps.journey, network.id, ctx.lang) : undefined,
      unanswered: unansweredQuestions ? oldestFirst(await unansweredQuestions.call(deps.journey, network.id)) : undefined,
      hasPulseSource: pulseTrend !== undefined,
      hasQuestionSource: unansweredQuestions !== undefined,
    },
    ctx.t,
  );
  ctx.log.info({ network: network.id, wins: period.wins.length, milestones: period.milestones.length }, 'journey document made');
  await ctx.reply({
    summary: ctx.t.text('wins.journey.title', { network: network.name }),
    blocks: [{ type: 'section', text: ctx.t.rich('wins.journey.ready', { network: network.name, filename: document.filename }) }],
    attachments: [{ filename: document.filename, mimeType: 'text/markdown', content: document.content }],
  });
}

function oldestFirst(questions: UnansweredQuestion[] | undefined): UnansweredQuestion[] | undefined {
  return questions && [...questions].sort((a, b) => a.askedAt.getTime() - b.askedAt.getTime());
}

/** A session counts as held in the document once it is over, not while it is going on. */
function ended(session: Session, now: Date): boolean {
  return sessionEnd(session).getTime() <= now.getTime();
}

/** The planned session going on at `now`, or else the first one after it. */
function nextSession(sessions: readonly Session[], now: Date): Session | undefined {
  return sessions
    .filter((s) => s.status === 'planned' && !ended(s, now))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
}
