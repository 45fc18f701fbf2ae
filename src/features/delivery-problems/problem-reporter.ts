// Tells a network's trekker, once, when the bot cannot reach someone or the channel for a reason
// retrying will not fix, so a person can fix it (open DMs, invite the bot to the channel).
import type { Feature } from '../../core/feature.ts';
import type { DomainEvent, DomainEvents } from '../../core/domain-events.ts';
import type { Translator } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { Message } from '../../core/message.ts';
import type { Network } from '../../domain/types.ts';
import type { Store } from '../../store/port.ts';
import type { MessagingDeps } from '../messaging-deps.ts';

const KEY_PREFIX = 'delivery-problem';
/** Once per person (or channel) and reason for half a year: a reminder, not a stream of alarms. */
const REPORT_ONCE_MS = 183 * 24 * 3_600_000;

export interface ProblemReporterDeps extends MessagingDeps {
  events: DomainEvents;
  store: Store;
  log: Logger;
}

type Problem = Extract<DomainEvent, { type: 'delivery.problem' }>;

/** The "told once" claims about a person (a list with the claims' expiry), so forgetting them finds every one. */
const personClaims = (person: string) => `${KEY_PREFIX}:person:${person}`;

/**
 * Listens for delivery problems; the returned feature only forgets: the claims about a person
 * (the messages to the trekker naming them are blanked by Delivery).
 */
export function watchDeliveryProblems(deps: ProblemReporterDeps): Feature {
  deps.events.on('delivery.problem', (problem) => report(problem, deps));
  return {
    name: 'delivery-problems',
    async forgetPerson(person) {
      const index = personClaims(deps.personKeys.of(person.platform, person.userId));
      for (const claim of (await deps.store.get<string[]>(index)) ?? []) await deps.store.delete(claim);
      await deps.store.delete(index);
    },
  };
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
    const person = !channelProblem && problem.userId ? deps.personKeys.of(problem.platform, problem.userId) : undefined;
    const subject = person ? `user:${person}` : `channel:${network.channelId}`;
    const claim = `${KEY_PREFIX}:${network.id}:${subject}:${problem.reason}`;
    if (!(await deps.store.claim(claim, problem.at, REPORT_ONCE_MS))) continue;
    if (person) {
      // A list that expires with the claims it names (a set would outlive them).
      const listed = (await deps.store.get<string[]>(personClaims(person))) ?? [];
      await deps.store.set(personClaims(person), [...new Set([...listed, claim])], REPORT_ONCE_MS);
    }
    const trekkers = (await deps.directory.holders(network.id, 'trekker')).filter((id) => id !== problem.userId);
    for (const trekker of trekkers) {
      const t = deps.translator(await deps.langOf(network.platform, trekker));
      const name = problem.userId ? await deps.people.displayName(network.platform, problem.userId) : '';
      const message = channelProblem ? channelMessage(t, network, problem.reason) : directMessage(t, network, name, problem.reason, problem.fallbackChannelId !== undefined);
      // The trekker is told directly; a channel problem cannot be reported in that same channel.
      await deps.delivery.enqueue(
        `${claim}:${deps.personKeys.of(network.platform, trekker)}`,
        { kind: 'direct', platform: network.platform, userId: trekker, ...(channelProblem ? {} : { fallback: { channelId: network.channelId, message } }) },
        message,
        // The message names the person by display name: forgetting them blanks it.
        problem.userId ? { about: [problem.userId] } : {},
      );
    }
    deps.log.info({ network: network.id, subject: channelProblem ? 'channel' : 'user', reason: problem.reason, told: trekkers.length }, 'delivery problem reported to the trekker');
  }
}

function directMessage(t: Translator, network: Network, name: string, reason: string, viaChannel: boolean): Message {
  return {
    summary: t.text('delivery.problem.direct.title', { user: name }),
    blocks: [
      { type: 'heading', text: t.text('delivery.problem.direct.title', { user: name }) },
      { type: 'section', text: t.rich(viaChannel ? 'delivery.problem.direct.viaChannel' : 'delivery.problem.direct.lost', { user: name, network: network.name, reason, fix: fixFor(t, reason, name) }) },
      { type: 'context', text: t.rich('delivery.problem.once') },
    ],
  };
}

/**
 * What the person can do about it: a platform's reason may come with its own advice (on Teams,
 * `app-not-installed`: add the app for yourself; allowing direct messages is not a thing there).
 */
function fixFor(t: Translator, reason: string, user: string): string {
  const specific = `delivery.problem.fix.${reason}`;
  return t.has(specific) ? t.text(specific, { user }) : t.text('delivery.problem.fix.default', { user });
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
