// The `liso` command line: start the bot, open the console, and the tools later issues add.
// Each command's module (and with it a platform SDK, the store drivers, the advice engine) is
// imported only when that command runs, so `liso ask` never loads discord.js or Redis.
import { parseArgs } from './args.ts';
import { TEAMS_PACKAGE_FLAGS } from './teams-package-flags.ts';
import { describeStartupError, isStartupError, UsageError } from './startup-errors.ts';

const usage = (envDocs: ReadonlyArray<{ name: string; about: string; default: string }>) => `liso — chat companion for LISO learning networks

Usage:
  liso start                      run the bot (Slack/Discord/Teams when configured, else the console)
  liso console [--simulated-clock [ISO-instant]] [--script file]
                                  chat with the bot in the terminal
  liso health                     exit 0 when the store answers and a bot on this host beat in the last 3 minutes
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
    const { envDocs } = await import('../src/config/schema.ts');
    process.stdout.write(usage(envDocs));
    return 0;
  }
  // The handbook tools need no store or platform, so they run without any configuration.
  if (command === 'ask') return (await import('./ask-command.ts')).askCommand(rest);
  if (command === 'eval') return (await import('./eval-command.ts')).evalCommand(rest);
  if (command === 'timeline') return (await import('./timeline-command.ts')).timelineCommand(rest);
  if (!['console', 'start', 'health', 'discord:register', 'teams:package'].includes(command)) {
    throw new UsageError(`onbekend commando / unknown command "${command}"; try "liso help"`);
  }
  const [{ loadConfig }, { createLogger }] = await Promise.all([import('../src/config/schema.ts'), import('../src/core/logger.ts')]);
  const config = loadConfig(process.env);
  const consoleMode = command === 'console' || (command === 'start' && !config.slack && !config.discord && !config.teams);
  // In the console, logs would interleave with the chat: only warnings and worse, on stderr.
  const log = createLogger(consoleMode && !process.env['LOG_LEVEL'] ? 'warn' : config.logLevel);
  if (command === 'console' || command === 'start') (await import('./process-guards.ts')).keepServingOnUnhandledRejections(log);
  switch (command) {
    case 'console':
      await (await import('./console-command.ts')).consoleCommand(args, config, log);
      return 0;
    case 'start':
      await (await import('./start-command.ts')).startCommand(args, config, log);
      return 0;
    case 'health':
      return (await import('./health-command.ts')).healthCommand(config);
    case 'teams:package':
      return (await import('./teams-package-command.ts')).teamsPackageCommand(args, config, log, (text) => void process.stdout.write(text));
    default:
      return (await import('./discord-register-command.ts')).discordRegisterCommand(config, log, (text) => void process.stdout.write(text));
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
