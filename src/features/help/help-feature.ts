// /liso help: every command with its one-line summary, in the reader's language.
import type { Bot } from '../../core/bot.ts';
import type { Feature } from '../../core/feature.ts';
import type { RichText } from '../../core/rich-text.ts';

export function createHelpFeature(bot: Bot): Feature {
  return {
    name: 'help',
    commands: [
      {
        name: 'help',
        aliases: ['hulp', '?'],
        summary: 'help.summary',
        usage: 'help.usage',
        async run(ctx) {
          const items: RichText[] = bot
            .commands()
            .filter((command) => command.name !== '')
            .map((command) => [
              { type: 'text', text: `/liso ${command.name}`, style: 'code' },
              { type: 'text', text: ' — ' },
              ...ctx.t.rich(command.summary),
            ]);
          await ctx.reply({
            summary: ctx.t.text('help.title'),
            blocks: [
              { type: 'heading', text: ctx.t.text('help.title') },
              { type: 'section', text: ctx.t.rich('help.intro') },
              { type: 'list', items },
              { type: 'context', text: ctx.t.rich('help.footer') },
            ],
          });
        },
      },
    ],
  };
}
