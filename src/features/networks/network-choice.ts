// Someone in several networks gives a command in a direct message, where no channel says which
// network it is about: they name it after the command ("/liso sessies Wonen Leiden"), or choose it
// with a button (or by typing its name) and the command runs for that network.
import type { ActionSpec, CommandContext, MessageContext } from '../../core/feature.ts';
import type { Button } from '../../core/message.ts';
import { foldName, truncate } from '../../core/sanitize.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { Network } from '../../domain/types.ts';

export const CHOOSE_NETWORK = 'network.choose';
// A button's value is at most 60 characters: the network's id, a separator and the command as typed.
const MAX_VALUE = 60;
// The command quoted as the example of naming a network: enough to recognise it, never a wall of text.
const MAX_EXAMPLE = 60;

/**
 * The network named by the command's last words (its whole name, or a start of it in whole words
 * that fits one network only) or by its first words (its whole name), taken out of the command.
 * Only in a direct message and only for someone in more than one network: elsewhere the channel,
 * or the one network, tells.
 */
export async function scopeByName(ctx: CommandContext, directory: NetworkDirectory): Promise<CommandContext> {
  if (ctx.conversation.kind === 'channel' || ctx.args.length === 0 || ctx.wordsKept) return ctx;
  const mine = await directory.ofPerson(ctx.platform, ctx.actor.userId);
  if (mine.length < 2) return ctx;
  const words = ctx.args.map(foldName);
  const names = mine.map((network) => ({ network, words: foldName(network.name).split(' ') }));
  // Longest first: "Wonen Leiden Noord" before "Wonen Leiden".
  for (let k = Math.min(words.length, 12); k > 0; k--) {
    const tail = words.slice(-k).join(' ');
    const head = words.slice(0, k).join(' ');
    const whole = names.filter((n) => n.words.join(' ') === tail || n.words.join(' ') === head);
    // A start of a name ("sessies wonen") only as the command's only words: a free text's last word is no name.
    const started = k === words.length ? names.filter((n) => n.words.length > k && n.words.slice(0, k).join(' ') === tail) : [];
    const found = whole.length === 1 ? whole[0] : whole.length === 0 && started.length === 1 ? started[0] : undefined;
    if (!found) continue;
    const atEnd = found.words.slice(0, k).join(' ') === tail;
    return { ...ctx, scope: found.network.id, args: atEnd ? ctx.args.slice(0, -k) : ctx.args.slice(k), rest: atEnd ? dropLastWords(ctx.rest, k) : dropFirstWords(ctx.rest, k) };
  }
  return ctx;
}

function dropLastWords(text: string, k: number): string {
  const tokens = [...text.matchAll(/\S+/g)];
  const cut = tokens[tokens.length - k];
  return cut ? text.slice(0, cut.index).trimEnd() : '';
}

function dropFirstWords(text: string, k: number): string {
  const tokens = [...text.matchAll(/\S+/g)];
  const cut = tokens[k];
  return cut ? text.slice(cut.index).trimStart() : '';
}

/**
 * "Which network?" for a command in a direct message of someone in several: a button per network
 * that runs the command for it, and how to name it in the command. A command too long to ride on a
 * button gets the names only.
 */
export function chooseNetwork(ctx: CommandContext, mine: readonly Network[]): UserError {
  const typed = [ctx.subcommand, ctx.rest].filter((part) => part !== '').join(' ');
  const vars = { names: mine.map((n) => n.name).join(', '), example: truncate(typed, MAX_EXAMPLE), name: mine[0]!.name };
  const fits = mine.every((network) => `${network.id}|${typed}`.length <= MAX_VALUE);
  // A win or a session's place keeps every word: a name put after it is no choice, so the channel is the other way.
  if (!fits) return new UserError(ctx.wordsKept ? 'network.channelInDirect' : 'network.nameInDirect', vars);
  const buttons: Button[] = mine.map((network) => ({ actionId: CHOOSE_NETWORK, value: `${network.id}|${typed}`, label: network.name }));
  return new UserError(ctx.wordsKept ? 'network.chooseInDirectOrChannel' : 'network.chooseInDirect', vars, buttons);
}

/** A network button pressed: the command runs again, now about that network. */
export const chooseNetworkAction: ActionSpec = {
  prefix: CHOOSE_NETWORK,
  async run(ctx) {
    const [networkId = '', ...typed] = ctx.event.value.split('|');
    await ctx.runCommand(typed.join('|'), networkId);
  },
};

/** A network's name typed after "Over welk netwerk gaat het?" presses its button. */
export async function typedNetworkChoice(ctx: MessageContext): Promise<boolean> {
  const typed = foldName(ctx.text);
  const offered = ctx.offers.filter((offer) => offer.actionId === CHOOSE_NETWORK);
  const chosen = offered.filter((offer) => foldName(offer.label) === typed);
  const started = offered.filter((offer) => foldName(offer.label).startsWith(`${typed} `));
  const offer = chosen.length === 1 ? chosen[0] : chosen.length === 0 && started.length === 1 ? started[0] : undefined;
  if (!offer || typed === '') return false;
  await ctx.press(offer);
  return true;
}
