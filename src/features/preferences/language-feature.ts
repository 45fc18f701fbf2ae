// /liso taal: each person chooses Dutch or English.
import type { Feature } from '../../core/feature.ts';
import { isLang } from '../../core/i18n.ts';
import { UserError } from '../../core/user-error.ts';
import type { People } from '../../domain/people.ts';
import { keywordOf } from '../../core/command-words.ts';

// A Map, so a typed `constructor` or `__proto__` finds nothing.
const WORDS = new Map<string, 'nl' | 'en'>(Object.entries({ nl: 'nl', nederlands: 'nl', dutch: 'nl', en: 'en', engels: 'en', english: 'en' } as const));

export function createLanguageFeature(deps: { people: People }): Feature {
  return {
    name: 'language',
    commands: [
      {
        name: 'taal',
        aliases: ['language', 'lang'],
        english: 'language',
        summary: 'language.summary',
        usage: 'language.usage',
        async run(ctx) {
          const choice = WORDS.get(keywordOf(ctx.args[0]));
          if (!choice || !isLang(choice)) throw new UserError('language.usage');
          await deps.people.setLang(ctx.platform, ctx.actor.userId, choice);
          const t = ctx.translator(choice);
          await ctx.reply({ summary: t.text('language.set'), blocks: [{ type: 'section', text: t.rich('language.set') }] });
        },
      },
    ],
  };
}
