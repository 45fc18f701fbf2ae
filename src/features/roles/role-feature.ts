// /liso rol: assigning and removing the roles of a network (leads only).
import type { CommandContext, Feature } from '../../core/feature.ts';
import type { MentionedUser } from '../../core/events.ts';
import type { RichText } from '../../core/rich-text.ts';
import { joinRich, mention } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { RoleName } from '../../domain/roles.ts';
import { parseRole, roleWords } from '../../domain/roles.ts';
import { channelLang, managedNetworkOf } from '../networks/network-context.ts';
import type { People } from '../../domain/people.ts';
import type { Lang } from '../../core/i18n.ts';
import { truncate } from '../../core/sanitize.ts';

const REMOVE_WORDS = new Set(['weg', 'verwijder', 'remove', 'ontneem', 'uit']);
// A network has 5-20 core members; a generous cap keeps one command from flooding the store.
const MAX_PEOPLE_PER_COMMAND = 25;

export function createRoleFeature(deps: { directory: NetworkDirectory; people: People; defaultLang: Lang }): Feature {
  return {
    name: 'roles',
    commands: [
      {
        name: 'rol',
        aliases: ['role', 'rollen', 'roles'],
        english: 'role',
        examples: 'role.examples',
        summary: 'role.summary',
        usage: 'role.usage',
        async run(ctx) {
          const removing = REMOVE_WORDS.has((ctx.args[0] ?? '').toLowerCase());
          const words = removing ? ctx.args.slice(1) : ctx.args;
          if (words.length === 0) throw new UserError(removing ? 'role.needsRoleToRemove' : 'role.needsRole', { roles: roleWords(ctx.lang) });
          const role = parseRole(words[0] ?? '');
          if (!role) {
            throw new UserError('role.unknownRole', { typed: truncate(words[0] ?? '', 40), roles: roleWords(ctx.lang) });
          }
          const people = resolvePeople(ctx, words.slice(1), removing, role);
          const network = await managedNetworkOf(ctx, deps.directory);
          const names = joinRich(people.map((p): RichText => [mention(p.userId, p.displayName)]), ', ');
          if (removing) {
            await refuseRemovingLastTrekker(deps.directory, network.id, role, people);
            for (const person of people) await deps.directory.unassign(network, role, person.userId);
          } else {
            for (const person of people) {
              await deps.people.remember(ctx.platform, person);
              await deps.directory.assign(network, role, person.userId);
            }
          }
          // Announced in the channel's language, whoever gave the command.
          const lang = await channelLang(deps.people, network, deps.defaultLang);
          const t = lang === ctx.lang ? ctx.t : ctx.translator(lang);
          const key = removing ? (people.length === 1 ? 'role.removed' : 'role.removedMany') : people.length === 1 ? 'role.assigned' : 'role.assignedMany';
          const vars = { role: t.text(`role.${role}`), people: names, network: network.name };
          await ctx.adapter.postToChannel(network.channelId, { summary: t.text(key, vars), blocks: [{ type: 'section', text: t.rich(key, vars) }] });
        },
      },
    ],
  };
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
