// /liso rol: assigning and removing the roles of a network (leads only).
import { randomBytes } from 'node:crypto';
import type { CommandContext, Feature } from '../../core/feature.ts';
import type { MentionedUser } from '../../core/events.ts';
import type { RichText } from '../../core/rich-text.ts';
import { joinAsList, mention } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { RoleName } from '../../domain/roles.ts';
import { leadRoles, parseRole, roleAliases, roleWord, roleWords } from '../../domain/roles.ts';
import { managedNetworkOf } from '../networks/network-context.ts';
import type { AnnouncerDeps } from '../networks/channel-announcement.ts';
import { channelVoice, networkAnnouncementKeys, networkAnnouncer } from '../networks/channel-announcement.ts';
import type { People } from '../../domain/people.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import { truncate } from '../../core/sanitize.ts';
import { textMessage } from '../../core/standard-messages.ts';
import type { Message } from '../../core/message.ts';
import { keywordOf } from '../../core/command-words.ts';

const REMOVE_WORDS = new Set(['weg', 'verwijder', 'remove', 'ontneem', 'uit']);
// "@Sanne, @Ahmed en @Joe", "@Bram is procesbegeleider": words between names and role that name neither.
const LIST_WORDS = new Set(['en', 'and', '&', '+', 'is', 'als', 'as', 'wordt', 'becomes']);
const ROLE_LIST_WORDS = new Set(['rollen', 'roles']);
const NETWORK_COMMAND = 'netwerk';
// A network has 5-20 core members; a generous cap keeps one command from flooding the store.
const MAX_PEOPLE_PER_COMMAND = 25;

export function createRoleFeature(deps: { directory: NetworkDirectory; people: People; defaultLang: Lang; delivery: AnnouncerDeps['delivery'] }): Feature {
  return {
    name: 'roles',
    commands: [
      {
        name: 'rol',
        forLeads: true,
        aliases: ['role', 'rollen', 'roles'],
        // "/liso deelnemer @Sanne": the role first, without "rol".
        leadWords: new Set(roleAliases()),
        english: 'role',
        examples: 'role.examples',
        summary: 'role.summary',
        usage: 'role.usage',
        async run(ctx) {
          // "/liso rollen" alone asks who holds which role, which the network overview shows.
          if (ctx.args.length === 0 && ROLE_LIST_WORDS.has(ctx.subcommand)) return ctx.runCommand(NETWORK_COMMAND, ctx.scope);
          const removing = REMOVE_WORDS.has(keywordOf(ctx.args[0]));
          const words = listedWords(removing ? ctx.args.slice(1) : ctx.args);
          if (words.length === 0) throw new UserError(removing ? 'role.needsRoleToRemove' : 'role.needsRole', { roles: roleWords(ctx.lang) });
          // "/liso rol @Bram procesbegeleider": the person first, the role after ("Bram" without @ is then refused as a name).
          const roleAt = Math.max(0, words.findIndex((word) => parseRole(word)));
          const role = parseRole(words[roleAt]!);
          if (!role) {
            throw new UserError('role.unknownRole', { typed: truncate(words[0] ?? '', 40), roles: roleWords(ctx.lang) });
          }
          const named = resolvePeople(ctx, words.filter((_, i) => i !== roleAt), removing, role);
          // A bot or app (this bot, a Jira or poll bot) holding a role would be sent reminders and pulse
          // invitations it cannot answer and be counted as a member. Giving it a role is refused; taking one
          // away is not, so a bot that got a role before this check can still lose it.
          const bots = removing ? [] : named.filter((p) => p.isBot === true);
          const people = named.filter((p) => !bots.includes(p));
          // Only bots named: nothing to do but say why. Bots among people: the people get their role, as a
          // mature chat tool adds the members it can and names those it cannot, rather than making the lead
          // retype the whole list for one wrong pick.
          if (people.length === 0) throw botRefusal(bots);
          const network = await managedNetworkOf(ctx, deps.directory);
          if (bots.length > 0) {
            const refusal = botRefusal(bots);
            await ctx.reply(textMessage(ctx.t, refusal.key, refusal.vars));
          }
          // Who already holds the role (or, removing, does not): nothing changes for them, and the channel hears
          // only of what changed ("@sanne is nu deelnemer" again for someone who was one is noise).
          const holders = new Set(await deps.directory.holders(network.id, role));
          const changing = people.filter((p) => holders.has(p.userId) === removing);
          const unchanged = people.filter((p) => holders.has(p.userId) !== removing);
          // A lead role given while others hold it is shared, not handed over: the channel reads who holds it beside
          // the new holders ("@Sanne is nu ook trekker, naast @Marieke"), not that it moved.
          const alongside = !removing && leadRoles.includes(role) ? await holdersAsPeople(deps.people, network.platform, [...holders]) : [];
          // One post per command, in the channel's language whoever gave it, owed in the commit that changes the roles.
          const userIds = changing.map((p) => p.userId);
          const many = changing.length !== 1;
          const told = removing ? (many ? 'role.removedMany' : 'role.removed') : alongside.length > 0 ? (many ? 'role.assignedAlongsideMany' : 'role.assignedAlongside') : many ? 'role.assignedMany' : 'role.assigned';
          const tag = randomBytes(6).toString('hex');
          const post = networkAnnouncer(ctx, network, await channelVoice(ctx, network, deps), deps, () => networkAnnouncementKeys.roles(network.id, ctx.now, { role, removing, tag }), (t) => [
            { type: 'section', text: t.rich(told, { role: t.text(`role.${role}`), people: namesOf(changing, t), network: network.name, others: namesOf(alongside, t) }) },
          ]);
          if (removing) {
            await refuseRemovingLastTrekker(deps.directory, network.id, role, changing);
            if (changing.length > 0) await deps.directory.unassign(network, role, userIds, post.owed);
          } else {
            for (const person of people) await deps.people.remember(ctx.platform, person);
            if (changing.length > 0) await deps.directory.assign(network, role, userIds, post.owed);
          }
          if (unchanged.length > 0) {
            const many = unchanged.length > 1;
            const key = removing ? (many ? 'role.notHeldMany' : 'role.notHeld') : many ? 'role.alreadyHeldMany' : 'role.alreadyHeld';
            await ctx.reply(textMessage(ctx.t, key, { people: namesOf(unchanged, ctx.t), role: ctx.t.text(`role.${role}`), network: network.name }));
          }
          if (changing.length > 0) await post.send(network);
          if (changing.length > 0 && alongside.length > 0) await ctx.reply(handOverHint(ctx, role, alongside));
        },
      },
    ],
  };
}

/** The holders of a role as the people a post names. */
async function holdersAsPeople(people: People, platform: string, userIds: readonly string[]): Promise<Named[]> {
  return Promise.all([...userIds].sort().map(async (userId) => ({ userId, displayName: await people.displayName(platform, userId) })));
}

/** For the lead who shared a lead role: how to hand it over instead, by taking it from who held it. */
function handOverHint(ctx: CommandContext, role: RoleName, holders: readonly Named[]): Message {
  const command = `/liso ${ctx.lang === 'en' ? 'role remove' : 'rol weg'} ${roleWord(role, ctx.lang)} ${holders.map((p) => `@${p.displayName}`).join(' ')}`;
  const key = holders.length > 1 ? 'role.handOverMany' : holders[0]!.userId === ctx.actor.userId ? 'role.handOverSelf' : 'role.handOver';
  return textMessage(ctx.t, key, { others: namesOf(holders, ctx.t), role: ctx.t.text(`role.${role}`), command });
}

function botRefusal(bots: readonly MentionedUser[]): UserError {
  // By name as plain text: a bot needs no ping, and the lead sees which pick was wrong.
  return new UserError(bots.length === 1 ? 'role.botRefused' : 'role.botsRefused', { bots: bots.map((b) => b.displayName).join(', ') });
}

/** Someone a message names. */
type Named = Pick<MentionedUser, 'userId' | 'displayName'>;

function namesOf(people: readonly Named[], t: Translator): RichText {
  return joinAsList(people.map((p): RichText => [mention(p.userId, p.displayName)]), t.text('list.and'));
}

/** The words naming a role and people, as a list is typed: commas split, list words and closing punctuation go. */
function listedWords(args: readonly string[]): string[] {
  return args
    .flatMap((word) => word.split(','))
    .map((word) => word.replace(/[.;:!?]+$/, ''))
    .filter((word) => word !== '' && !LIST_WORDS.has(word.toLowerCase()));
}

function resolvePeople(ctx: CommandContext, words: string[], removing: boolean, role: RoleName): MentionedUser[] {
  if (words.length === 0) throw new UserError(removing ? 'role.needsPersonToRemove' : 'role.needsPerson', { role });
  if (words.length > MAX_PEOPLE_PER_COMMAND) throw new UserError('role.tooMany', { max: MAX_PEOPLE_PER_COMMAND });
  const people = new Map<string, MentionedUser>();
  for (const word of words) {
    const person = ctx.mentionFor(word);
    if (!person) throw new UserError('role.notAPerson', { typed: truncate(word, 40) });
    people.set(person.userId, person);
  }
  return [...people.values()];
}

async function refuseRemovingLastTrekker(directory: NetworkDirectory, networkId: string, role: RoleName, people: MentionedUser[]): Promise<void> {
  if (role !== 'trekker') return;
  const leaving = new Set(people.map((p) => p.userId));
  const remaining = (await directory.holders(networkId, 'trekker')).filter((id) => !leaving.has(id));
  if (remaining.length === 0) throw new UserError('role.lastTrekker');
}
