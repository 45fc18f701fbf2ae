// /liso start and /liso netwerk: creating a network in a channel, showing it, and (network-lifecycle.ts)
// renaming, closing and reopening it.
import type { CommandContext, Feature } from '../../core/feature.ts';
import type { Block, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { joinRich, mention } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import { roleNames } from '../../domain/roles.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import { formatSessionMoment } from '../../domain/session-time.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { Translator } from '../../core/i18n.ts';
import { networkOf } from './network-context.ts';
import type { LifecycleDeps } from './network-lifecycle.ts';
import { closeActions, deletionDay, finishClosings, networkName, renamesNetwork, runLifecycleCommand, tellIfShortened } from './network-lifecycle.ts';
import { networkTitleCapitalised } from './network-title.ts';
import { networkAnnouncementKeys, networkAnnouncer } from './channel-announcement.ts';
import { CHOOSE_NETWORK, chooseNetworkAction, scopeByName, typedNetworkChoice } from './network-choice.ts';

export interface NetworkFeatureDeps extends LifecycleDeps {
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  people: People;
  defaultTimeZone: string;
  /** The attendance line of a session, shown to the leads under the next session. */
  attendance?: { line(network: Network, session: Session, t: Translator): Promise<RichText> };
}

export function createNetworkFeature(deps: NetworkFeatureDeps): Feature {
  return {
    name: 'networks',
    actions: [chooseNetworkAction, closeActions(deps)],
    typedChoices: [CHOOSE_NETWORK],
    scopeCommand: (ctx) => scopeByName(ctx, deps.directory),
    onMessage: typedNetworkChoice,
    commands: [
      {
        name: 'start',
        forLeads: true,
        keepsWords: true,
        aliases: ['create'],
        summary: 'network.start.summary',
        usage: 'network.start.usage',
        async run(ctx) {
          if (ctx.conversation.kind !== 'channel') throw new UserError('network.start.needsChannel');
          const name = networkName(ctx.rest, 'network.start.needsName');
          const place = { name, platform: ctx.platform, channelId: ctx.conversation.id };
          const created = (t: Translator, title: string) => t.rich('network.start.created', { title, user: mention(ctx.actor.userId, ctx.actor.displayName) });
          // In the language of the person who starts it: the channel's language is theirs from now on.
          const post = networkAnnouncer(ctx, place, { t: ctx.t, lang: ctx.lang }, deps, (n) => networkAnnouncementKeys.started(n.id), (t, lang, n) => [
            { type: 'section', text: created(t, networkTitleCapitalised(t, n.name)) },
            { type: 'context', text: t.rich('network.start.next') },
            // The starter's language became the channel's, which a mixed group would not guess: say so, and how to change it.
            { type: 'context', text: t.rich('network.start.language', { language: t.text(`language.name.${lang}`) }) },
          ]);
          const network = await deps.directory.create({ ...place, timeZone: deps.defaultTimeZone, createdBy: ctx.actor.userId, lang: ctx.lang }, post.owed);
          if (!network) {
            const existing = await deps.directory.byChannel(ctx.platform, ctx.conversation.id);
            if (existing?.closedAt) throw new UserError('network.start.existsClosed', { name: existing.name, date: deletionDay(existing, ctx.t) });
            throw new UserError('network.start.exists', { name: existing?.name ?? '?' });
          }
          ctx.log.info({ network: network.id }, 'network created');
          ctx.setTimeZone(network.timeZone);
          await post.send(network);
          await tellIfShortened(ctx, ctx.rest, name);
        },
      },
      {
        name: 'netwerk',
        aliases: ['network', 'info'],
        english: 'network',
        // A new name is taken as typed: "naam Jeugd en Wonen Leiden" renamed the network "Wonen Leiden" to "Jeugd en".
        keepsWords: renamesNetwork,
        summary: 'network.show.summary',
        usage: 'network.show.usage',
        examples: 'network.show.examples',
        async run(ctx) {
          if (await runLifecycleCommand(ctx, deps)) return;
          const network = await networkOf(ctx, deps.directory);
          await ctx.reply(await describeNetwork(ctx, network, deps));
        },
      },
    ],
    tick: (now) => finishClosings(now, deps),
    async homeBlocks(person, t) {
      const networks = (await deps.directory.ofPerson(person.platform, person.userId)).filter((n) => n.platform === person.platform);
      const blocks: Block[] = [];
      for (const network of networks) {
        const roles = await deps.directory.rolesOf(network.id, person.userId);
        const next = await deps.sessions.next(network.id);
        blocks.push(
          { type: 'section', text: t.rich('home.network', { name: network.name, roles: roles.map((r) => t.text(`role.${r}`)).join(', ') }) },
          {
            type: 'context',
            text: network.closedAt
              ? t.rich('network.show.closed', { date: deletionDay(network, t) })
              : next
                ? t.rich('network.show.nextSession', { when: formatSessionMoment(next, t.lang, network.timeZone) })
                : t.rich('home.noSession'),
          },
        );
      }
      return blocks;
    },
  };
}

async function describeNetwork(ctx: CommandContext, network: Network, deps: NetworkFeatureDeps): Promise<Message> {
  const assignments = await deps.directory.assignments(network.id);
  const roleLines: RichText[] = [];
  for (const role of roleNames) {
    const holders = assignments.filter((a) => a.role === role).map((a) => a.userId).sort();
    const names: RichText[] = await Promise.all(
      holders.map(async (userId) => [mention(userId, await deps.people.displayName(network.platform, userId))]),
    );
    roleLines.push(
      ctx.t.rich('network.show.roleLine', {
        // Role names are lower case mid-sentence; this one starts its line.
        role: capitalized(ctx.t.text(`role.${role}`)),
        holders: names.length > 0 ? joinRich(names, ', ') : ctx.t.text('network.show.nobody'),
      }),
    );
  }
  const next = await deps.sessions.next(network.id);
  const blocks: Block[] = [
    { type: 'heading', text: ctx.t.text('network.show.title', { title: networkTitleCapitalised(ctx.t, network.name) }) },
    ...(network.closedAt ? [{ type: 'section' as const, text: ctx.t.rich('network.show.closed', { date: deletionDay(network, ctx.t) }) }] : []),
    { type: 'list', items: roleLines },
    {
      type: 'section',
      text: next ? ctx.t.rich('network.show.nextSession', { when: formatSessionMoment(next, ctx.lang, network.timeZone) }) : ctx.t.rich('network.show.noSession'),
    },
  ];
  // Only the leads see how many come: the count is theirs to plan with.
  if (next && deps.attendance && (await deps.directory.canManage(network.id, ctx.actor.userId))) {
    blocks.push({ type: 'context', text: await deps.attendance.line(network, next, ctx.t) });
  }
  return { summary: network.name, blocks };
}

function capitalized(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
