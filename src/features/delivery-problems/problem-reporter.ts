// Tells a network's trekker, once, when the bot cannot reach someone or the channel for a reason
// retrying will not fix, so a person can fix it (open DMs, invite the bot to the channel).
import type { Delivery } from '../../core/delivery.ts';
import type { DomainEvent, DomainEvents } from '../../core/domain-events.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { Message } from '../../core/message.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { Network } from '../../domain/types.ts';
import type { Store } from '../../store/port.ts';

const KEY_PREFIX = 'delivery-problem';
/** Once per person (or channel) and reason for half a year: a reminder, not a stream of alarms. */
const REPORT_ONCE_MS = 183 * 24 * 3_600_000;

export interface ProblemReporterDeps {
  events: DomainEvents;
  store: Store;
  directory: NetworkDirectory;
  people: People;
  delivery: Delivery;
  translator(lang: Lang): Translator;
  langOf(platform: string, userId: string): Promise<Lang>;
  log: Logger;
}

type Problem = Extract<DomainEvent, { type: 'delivery.problem' }>;

export function watchDeliveryProblems(deps: ProblemReporterDeps): void {
  deps.events.on('delivery.problem', (problem) => report(problem, deps));
}

async function report(problem: Problem, deps: ProblemReporterDeps): Promise<void> {
  // A report that cannot be delivered must not report itself.
  if (problem.key.startsWith(`${KEY_PREFIX}:`)) return;
  const channelProblem = problem.target === 'channel' || (problem.channelId !== undefined && problem.fallbackChannelId === undefined);
  const channelId = problem.channelId ?? problem.fallbackChannelId;
  const networks = channelId
    ? [await deps.directory.byChannel(problem.platform, channelId)].filter((n): n is Network => n !== undefined)
    : problem.userId
      ? (await deps.directory.ofPerson(problem.platform, problem.userId)).filter((n) => n.platform === problem.platform)
      : [];
  for (const network of networks) {
    const subject = channelProblem ? `channel:${network.channelId}` : `user:${problem.userId}`;
    const claim = `${KEY_PREFIX}:${network.id}:${subject}:${problem.reason}`;
    if (!(await deps.store.claim(claim, problem.at, REPORT_ONCE_MS))) continue;
    const trekkers = (await deps.directory.holders(network.id, 'trekker')).filter((id) => id !== problem.userId);
    for (const trekker of trekkers) {
      const t = deps.translator(await deps.langOf(network.platform, trekker));
      const name = problem.userId ? await deps.people.displayName(network.platform, problem.userId) : '';
      const message = channelProblem ? channelMessage(t, network, problem.reason) : directMessage(t, network, name, problem.reason, problem.fallbackChannelId !== undefined);
      // The trekker is told directly; a channel problem cannot be reported in that same channel.
      await deps.delivery.enqueue(`${claim}:${trekker}`, {
        kind: 'direct',
        platform: network.platform,
        userId: trekker,
        ...(channelProblem ? {} : { fallback: { channelId: network.channelId, message } }),
      }, message);
    }
    deps.log.info({ network: network.id, subject: channelProblem ? 'channel' : 'user', reason: problem.reason, told: trekkers.length }, 'delivery problem reported to the trekker');
  }
}

function directMessage(t: Translator, network: Network, name: string, reason: string, viaChannel: boolean): Message {
  return {
    summary: t.text('delivery.problem.direct.title', { user: name }),
    blocks: [
      { type: 'heading', text: t.text('delivery.problem.direct.title', { user: name }) },
      { type: 'section', text: t.rich(viaChannel ? 'delivery.problem.direct.viaChannel' : 'delivery.problem.direct.lost', { user: name, network: network.name, reason }) },
      { type: 'context', text: t.rich('delivery.problem.once') },
    ],
  };
}

function channelMessage(t: Translator, network: Network, reason: string): Message {
  return {
    summary: t.text('delivery.problem.channel.title', { network: network.name }),
    blocks: [
      { type: 'heading', text: t.text('delivery.problem.channel.title', { network: network.name }) },
      { type: 'section', text: t.rich('delivery.problem.channel.body', { network: network.name, reason }) },
      { type: 'context', text: t.rich('delivery.problem.once') },
    ],
  };
}
