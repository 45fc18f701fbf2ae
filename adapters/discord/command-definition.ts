// The /liso slash command, derived from the core's registered commands, in Dutch and English.
import type { CommandSpec } from '../../src/core/feature.ts';
import type { Lang, PromptKey, Translator } from '../../src/core/i18n.ts';
import type { PromptCatalog } from '../../src/core/prompt-files.ts';
import { discordLimits as L, fit } from './discord-limits.ts';

export const COMMAND_NAME = 'liso';
/**
 * Free text exactly as typed after /liso, for commands beyond Discord's 25 subcommands (or with a
 * name Discord refuses). Only registered when such commands exist.
 */
export const PASSTHROUGH_SUBCOMMAND = 'commando';
export const TEXT_OPTION = 'tekst';
export const PERSON_OPTIONS = ['persoon', 'persoon2', 'persoon3', 'persoon4', 'persoon5'] as const;
const NAME_PATTERN = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;

const enum OptionType {
  Subcommand = 1,
  String = 3,
  User = 6,
}

type Localized = Partial<Record<'nl' | 'en-US' | 'en-GB', string>>;

export interface CommandOption {
  type: OptionType;
  name: string;
  name_localizations?: Localized;
  description: string;
  description_localizations: Localized;
  required?: boolean;
  max_length?: number;
  options?: CommandOption[];
}

export interface SlashCommand {
  name: string;
  type: 1;
  description: string;
  description_localizations: Localized;
  options: CommandOption[];
  /**
   * Where the command may be used: guilds (0) and the bot's DMs (1). Global commands only:
   * Discord refuses these fields on a guild command, which exists in its guild alone.
   */
  contexts?: number[];
  /** Installed to a guild (0). Global commands only, like `contexts`. */
  integration_types?: number[];
}

export interface BuiltCommand {
  command: SlashCommand;
  /** Core commands that could not become subcommands (a name Discord refuses, or over 25). */
  skipped: string[];
}

/**
 * One subcommand per core command (Dutch name, so it matches `/liso help`), each with a free
 * `tekst` option and, when its usage names people (@), user options. Questions for the handbook
 * go through the core's own `vraag` command like any other.
 */
export function buildLisoCommand(commands: readonly CommandSpec[], prompts: PromptCatalog, defaultLang: Lang, scope: { guild?: boolean } = {}): BuiltCommand {
  const nl = prompts.translator('nl');
  const en = prompts.translator('en');
  const base = defaultLang === 'nl' ? nl : en;
  const describe = (key: PromptKey, vars?: Record<string, string>) => localized(base, nl, en, (t) => t.text(key, vars));
  const skipped: string[] = [];
  const subcommands: CommandOption[] = [];
  const taken = new Set<string>();
  const valid = commands.filter((spec) => NAME_PATTERN.test(spec.name) && spec.name !== PASSTHROUGH_SUBCOMMAND);
  const overflow = new Set(valid.length > L.subcommands ? valid.slice(L.subcommands - 1) : []);
  for (const spec of commands) {
    const name = spec.name;
    if (!valid.includes(spec) || overflow.has(spec) || taken.has(name)) {
      skipped.push(spec.name);
      continue;
    }
    taken.add(name);
    const usage = { nl: nl.text(spec.usage), en: en.text(spec.usage) };
    const textDescription =
      usage.nl.length <= L.commandDescription && usage.en.length <= L.commandDescription
        ? localized(base, nl, en, (t) => t.text(spec.usage))
        : describe('discord.option.text', { command: name });
    const options: CommandOption[] = [
      { type: OptionType.String, name: TEXT_OPTION, name_localizations: english('text'), ...textDescription, required: false, max_length: 4_000 },
    ];
    if (usage.nl.includes('@')) {
      PERSON_OPTIONS.forEach((option, index) => {
        options.push({ type: OptionType.User, name: option, name_localizations: english(index === 0 ? 'person' : `person${index + 1}`), ...describe('discord.option.person'), required: false });
      });
    }
    subcommands.push({ type: OptionType.Subcommand, name, ...localized(base, nl, en, (t) => t.text(spec.summary)), options });
  }
  if (skipped.length > 0) {
    subcommands.push({
      type: OptionType.Subcommand,
      name: PASSTHROUGH_SUBCOMMAND,
      name_localizations: english('command'),
      ...describe('discord.command.passthrough'),
      options: [{ type: OptionType.String, name: TEXT_OPTION, name_localizations: english('text'), ...describe('discord.option.passthrough'), required: true, max_length: 4_000 }],
    });
  }
  return {
    command: {
      name: COMMAND_NAME,
      type: 1,
      ...describe('discord.command.liso'),
      options: subcommands,
      ...(scope.guild ? {} : { contexts: [0, 1], integration_types: [0] }),
    },
    skipped,
  };
}

function english(name: string): Localized {
  return { 'en-US': name, 'en-GB': name };
}

function localized(base: Translator, nl: Translator, en: Translator, text: (t: Translator) => string): { description: string; description_localizations: Localized } {
  const cut = (t: Translator) => fit(text(t).replace(/\s+/g, ' ').trim(), L.commandDescription);
  const english = cut(en);
  return { description: cut(base), description_localizations: { nl: cut(nl), 'en-US': english, 'en-GB': english } };
}
