// /liso help: every command with its one-line summary, in the reader's language (English readers
// see the English names); /liso help <command> shows that command's usage and examples.
import type { Bot } from '../../core/bot.ts';
import type { CommandContext, CommandSpec, Feature } from '../../core/feature.ts';
import type { RichText } from '../../core/rich-text.ts';
import { toPlainString } from '../../core/rich-text.ts';
import { closestCommand, shownName } from '../../core/standard-messages.ts';
import { UserError } from '../../core/user-error.ts';
import { truncate } from '../../core/sanitize.ts';
import { commandWord } from '../../core/command-words.ts';

// "help sessie plannen" asks how a command works; three words or more that name no command are a problem.
const MIN_WORDS_OF_A_PROBLEM = 3;
const ASK_COMMAND = 'vraag';

export interface HelpDeps {
  /** Whether a channel has a network (running or closed): only in one without is starting one the next step. */
  channelHasNetwork(platform: string, channelId: string): Promise<boolean>;
}

export function createHelpFeature(bot: Bot, deps: HelpDeps): Feature {
  return {
    name: 'help',
    commands: [
      {
        name: 'help',
        aliases: ['hulp', '?'],
        summary: 'help.summary',
        usage: 'help.usage',
        async run(ctx) {
          const commands = bot.commands().filter((command) => command.name !== '');
          if (ctx.args.length > 0) return showCommand(ctx, commands, ctx.args[0]!);
          const items = (forLeads: boolean): RichText[] =>
            commands
              .filter((command) => (command.forLeads === true) === forLeads)
              .map((command) => [{ type: 'text', text: `/liso ${shownName(command, ctx.lang)}`, style: 'code' }, { type: 'text', text: ' — ' }, ...ctx.t.rich(command.summary)]);
          // `/liso start` is the next step only in a channel without a network; to people in one it is noise.
          const startHere = ctx.conversation.kind === 'channel' && !(await deps.channelHasNetwork(ctx.platform, ctx.conversation.id));
          // What everyone uses first; a participant reads no further than they need.
          await ctx.reply({
            summary: ctx.t.text('help.title'),
            blocks: [
              { type: 'heading', text: ctx.t.text('help.title') },
              { type: 'section', text: ctx.t.rich('help.intro') },
              { type: 'list', items: items(false) },
              { type: 'section', text: ctx.t.rich('help.leads') },
              { type: 'list', items: items(true) },
              { type: 'context', text: ctx.t.rich(startHere ? 'help.footerStart' : 'help.footer') },
            ],
          });
        },
      },
    ],
  };
}

async function showCommand(ctx: CommandContext, commands: readonly CommandSpec[], typed: string): Promise<void> {
  const word = commandWord(typed.replace(/^\/?(liso\s+)?/i, ''));
  const command = commands.find((c) => c.name === word || (c.aliases ?? []).includes(word));
  if (!command) {
    const suggestion = closestCommand(word, commands.flatMap((c) => [c.name, ...(c.aliases ?? []).filter((a) => a !== '')]));
    // "help niemand komt meer opdagen …": a cry for help with a problem, which the handbook answers.
    if (!suggestion && ctx.args.length >= MIN_WORDS_OF_A_PROBLEM) return ctx.runCommand([ASK_COMMAND, ...ctx.args].join(' '), ctx.scope);
    throw new UserError(suggestion ? 'help.unknownWithSuggestion' : 'help.unknown', { typed: truncate(typed, 40), suggestion: `/liso help ${suggestion ?? ''}` });
  }
  const name = shownName(command, ctx.lang);
  const others = [command.name, ...(command.aliases ?? [])].filter((n) => n !== name && n !== '' && n !== '?');
  const heading = `/liso ${name}`;
  await ctx.reply({
    summary: heading,
    blocks: [
      { type: 'heading', text: heading },
      { type: 'section', text: ctx.t.rich(command.summary) },
      { type: 'section', text: usageText(ctx, command) },
      ...(command.examples ? [{ type: 'section' as const, text: ctx.t.rich(command.examples) }] : []),
      ...(others.length > 0 ? [{ type: 'context' as const, text: ctx.t.rich('help.otherNames', { names: others.map((n) => `/liso ${n}`).join(', ') }) }] : []),
    ],
  });
}

/** The usage with its label; some usage texts (shown alone as errors) carry the label already. */
function usageText(ctx: CommandContext, command: CommandSpec): RichText {
  const usage = ctx.t.rich(command.usage);
  const label = ctx.t.text('help.usageLabel');
  return toPlainString(usage).startsWith(label) ? usage : [{ type: 'text', text: label, style: 'bold' }, { type: 'text', text: ' ' }, ...usage];
}
