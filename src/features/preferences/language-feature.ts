// /liso taal: each person chooses Dutch or English, for themselves only.
import type { CommandContext, Feature } from '../../core/feature.ts';
import { languageOf } from '../../core/language-words.ts';
import { UserError } from '../../core/user-error.ts';
import type { People } from '../../domain/people.ts';

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
        // "English please" as someone's first message: the introduction follows in English, nothing Dutch first.
        answersBeforeIntroduction: true,
        async run(ctx) {
          const choice = languageOf(ctx.args[0]);
          if (!choice) throw new UserError('language.usage');
          // "/liso taal en @Tom": a language is each person's own choice. Setting the typist's instead, as
          // before, turned the wrong person English and ignored Tom; refused, with how Tom chooses.
          const others = othersNamed(ctx);
          if (others.length > 0) {
            throw new UserError(others.length === 1 ? 'language.notForOthers' : 'language.notForOthersMany', {
              people: others.join(', '),
              command: `/liso ${ctx.lang === 'en' ? 'language' : 'taal'} ${choice}`,
            });
          }
          await deps.people.setLang(ctx.platform, ctx.actor.userId, choice);
          const t = ctx.translator(choice);
          await ctx.reply({ summary: t.text('language.set'), blocks: [{ type: 'section', text: t.rich('language.set') }] });
        },
      },
    ],
  };
}

/** The people other than the typist a language command names (by mention, or as a typed @name). */
function othersNamed(ctx: CommandContext): string[] {
  const names = new Set<string>();
  for (const word of ctx.args.slice(1).flatMap((w) => w.split(','))) {
    const person = ctx.mentionFor(word) ?? ctx.mentionFor(word.replace(/[.!?;:]+$/u, ''));
    if (person) {
      if (person.userId !== ctx.actor.userId) names.add(`@${person.displayName}`);
    } else if (/^@\S/u.test(word)) {
      names.add(word.replace(/[.!?;:]+$/u, ''));
    }
  }
  return [...names];
}
