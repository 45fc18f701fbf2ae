// The `liso` command line: start the bot, open the console, and the tools later issues add.
import { loadConfig, envDocs } from '../src/config/schema.ts';
import { createLogger } from '../src/core/logger.ts';
import { parseArgs } from './args.ts';
import { askCommand } from './ask-command.ts';
import { consoleCommand } from './console-command.ts';
import { discordRegisterCommand } from './discord-register-command.ts';
import { evalCommand } from './eval-command.ts';
import { healthCommand } from './health-command.ts';
import { startCommand } from './start-command.ts';
import { TEAMS_PACKAGE_FLAGS, teamsPackageCommand } from './teams-package-command.ts';
import { timelineCommand } from './timeline-command.ts';
import { describeStartupError, isStartupError, UsageError } from './startup-errors.ts';

const USAGE = `liso — chat companion for LISO learning networks

Usage:
  liso start                      run the bot (Slack/Discord/Teams when configured, else the console)
  liso console [--simulated-clock [ISO-instant]] [--script file]
                                  chat with the bot in the terminal
  liso health                     exit 0 when the bot on this host ticked in the last 3 minutes
  liso ask [--json] [--lang nl|en] ["vraag"]
                                  answer a question from the handbook (or each line of stdin)
  liso eval [file] [--misses]     measure the advice engine on labelled questions
  liso timeline --session 2027-04-08T14:00 [--tz zone] [--time 09:00] [--lang nl|en] [--json]
                                  the preparation plan of a session (default timeline)
  liso discord:register           register /liso with Discord (globally, or DISCORD_GUILD_ID)
  liso teams:package --website https://… [--privacy URL] [--terms URL] [--out file.zip]
                                  write the Teams app package for the bot in TEAMS_CLIENT_ID
  liso help                       this text

Environment (defaults in brackets):
${envDocs.map((v) => `  ${v.name.padEnd(24)} ${v.about} [${v.default}]`).join('\n')}
`;

async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  const args = parseArgs(rest, ['script', 'simulated-clock', ...TEAMS_PACKAGE_FLAGS]);
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  // The handbook tools need no store or platform, so they run without any configuration.
  if (command === 'ask') return askCommand(rest);
  if (command === 'eval') return evalCommand(rest);
  if (command === 'timeline') return timelineCommand(rest);
  const config = loadConfig(process.env);
  const consoleMode = command === 'console' || (command === 'start' && !config.slack && !config.discord && !config.teams);
  // In the console, logs would interleave with the chat: only warnings and worse, on stderr.
  const log = createLogger(consoleMode && !process.env['LOG_LEVEL'] ? 'warn' : config.logLevel);
  switch (command) {
    case 'console':
      await consoleCommand(args, config, log);
      return 0;
    case 'start':
      await startCommand(args, config, log);
      return 0;
    case 'health':
      return healthCommand(config);
    case 'teams:package':
      return teamsPackageCommand(args, config, log, (text) => void process.stdout.write(text));
    case 'discord:register':
      return discordRegisterCommand(config, log, (text) => void process.stdout.write(text));
    default:
      throw new UsageError(`onbekend commando / unknown command "${command}"; try "liso help"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isStartupError(error)) {
      process.stderr.write(`${describeStartupError(error)}\n`);
    } else {
      process.stderr.write(`liso-bot stopte door een onverwachte fout / stopped on an unexpected error:\n${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exitCode = 1;
  },
);
