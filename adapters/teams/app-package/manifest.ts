// The Teams app manifest (v1.25) of liso-bot: the bot with its scopes and command menu, Dutch first, English as a localisation.
import type { CommandSpec } from '../../../src/core/feature.ts';
import type { Translator } from '../../../src/core/i18n.ts';
import { ACCENT_COLOR } from './icons.ts';

export const MANIFEST_VERSION = '1.25';
export const COLOR_ICON = 'color.png';
export const OUTLINE_ICON = 'outline.png';
export const ENGLISH_FILE = 'en-us.json';
// The command menu shows at most 10 commands a scope (the localisation file names at most 10).
const MENU_SIZE = 10;
/** The commands people reach for first; the menu is filled with these, in this order. */
const MENU_ORDER = ['help', 'start', 'netwerk', 'rol', 'sessie', 'tijdlijn', 'pulse', 'vier', 'successen', 'mijn-gegevens', 'vraag', 'taal'];

export interface ManifestOptions {
  /** The Microsoft App ID of the Azure bot (TEAMS_CLIENT_ID); also the app's id. */
  botId: string;
  version: string;
  websiteUrl: string;
  privacyUrl: string;
  termsOfUseUrl: string;
  developerName: string;
  commands: readonly CommandSpec[];
  nl: Translator;
  en: Translator;
}

export interface BuiltManifest {
  manifest: Record<string, unknown>;
  /** The English strings, keyed as Teams' localisation schema wants them. */
  english: Record<string, string>;
}

interface MenuCommand {
  title: { nl: string; en: string };
  description: { nl: string; en: string };
}

export function buildManifest(options: ManifestOptions): BuiltManifest {
  const menu = menuCommands(options);
  const strings = {
    nl: {
      short: 'liso-bot',
      full: 'liso-bot: jullie leernetwerk volgens de LISO-methode',
      descriptionShort: 'Leernetwerken op koers: voorbereiding, pulse, advies en successen',
      descriptionFull:
        'liso-bot helpt een leernetwerk in het sociaal domein dat werkt volgens de LISO-methode: herinneringen voor de voorbereiding van elke sessie, een anonieme pulse na een bijeenkomst, advies uit het LISO-handboek en het vieren van kleine successen. Noem @liso-bot in een kanaal of chat met de bot; typ help voor alle commando\'s.',
    },
    en: {
      short: 'liso-bot',
      full: 'liso-bot: your learning network the LISO way',
      descriptionShort: 'Learning networks on track: preparation, pulse, advice and small wins',
      descriptionFull:
        'liso-bot supports a learning network in the social domain that follows the LISO method: reminders to prepare every session, an anonymous pulse after a meeting, advice from the LISO handbook and celebrating small wins. Mention @liso-bot in a channel or chat with the bot; type help for every command.',
    },
  };
  const commandList = (lang: 'nl' | 'en') => menu.map((c) => ({ title: c.title[lang], description: c.description[lang] }));
  const manifest = {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: options.version,
    id: options.botId,
    developer: { name: options.developerName.slice(0, 32), websiteUrl: options.websiteUrl, privacyUrl: options.privacyUrl, termsOfUseUrl: options.termsOfUseUrl },
    name: { short: strings.nl.short, full: strings.nl.full },
    description: { short: strings.nl.descriptionShort, full: strings.nl.descriptionFull },
    icons: { color: COLOR_ICON, outline: OUTLINE_ICON },
    accentColor: ACCENT_COLOR,
    bots: [
      {
        botId: options.botId,
        scopes: ['personal', 'team', 'groupChat'],
        // Calendar invitations and exports reach a personal chat through the file consent flow.
        supportsFiles: true,
        isNotificationOnly: false,
        commandLists: [
          { scopes: ['personal'], commands: commandList('nl') },
          { scopes: ['team', 'groupChat'], commands: commandList('nl') },
        ],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [],
    localizationInfo: { defaultLanguageTag: 'nl-nl', additionalLanguages: [{ languageTag: 'en-us', file: ENGLISH_FILE }] },
  };
  const english: Record<string, string> = {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`,
    'name.short': strings.en.short,
    'name.full': strings.en.full,
    'description.short': strings.en.descriptionShort,
    'description.full': strings.en.descriptionFull,
  };
  for (const list of [0, 1]) {
    commandList('en').forEach((command, index) => {
      english[`bots[0].commandLists[${list}].commands[${index}].title`] = command.title;
      english[`bots[0].commandLists[${list}].commands[${index}].description`] = command.description;
    });
  }
  return { manifest, english };
}

/**
 * The menu: registered commands in MENU_ORDER, then any others, ten at most. Clicking one puts
 * its title in the compose box, so titles are words the router knows (the English alias where
 * a command has one).
 */
function menuCommands(options: ManifestOptions): MenuCommand[] {
  const byName = new Map(options.commands.map((c) => [c.name, c]));
  const ordered = [...MENU_ORDER.flatMap((name) => (byName.has(name) ? [byName.get(name)!] : [])), ...options.commands.filter((c) => !MENU_ORDER.includes(c.name))];
  return ordered.slice(0, MENU_SIZE).map((command) => ({
    title: { nl: command.name.slice(0, 32), en: (englishAlias(command) ?? command.name).slice(0, 32) },
    description: { nl: oneLine(options.nl.text(command.summary), 128), en: oneLine(options.en.text(command.summary), 128) },
  }));
}

function englishAlias(command: CommandSpec): string | undefined {
  // Aliases are English words or Dutch spellings without a hyphen; the first ASCII one that differs is the English name.
  return command.aliases?.find((alias) => /^[a-z-]+$/.test(alias) && !alias.startsWith(command.name.replace(/-/g, '')));
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').replace(/[*`]/g, '').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
