// Runs a console chat on a stream of lines: a terminal, a pipe or a script file.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../src/app.ts';
import { CONSOLE_PLATFORM, ConsoleAdapter } from './console-adapter.ts';
import { ConsoleSession } from './console-session.ts';
import { ConsoleUsers } from './console-users.ts';

export interface ConsoleOptions {
  app: App;
  input: Readable;
  output: Writable;
  /** Interactive terminal: shows a prompt and uses colour. */
  interactive: boolean;
  /** Echo each input line (scripts and pipes), so the transcript reads as a conversation. */
  echo: boolean;
  lang: 'nl' | 'en';
  timeZone: string;
}

/** Resolves when the input ends or the person types `:stop`. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const write = (text: string) => void options.output.write(text);
  const t = options.app.prompts.translator(options.lang);
  const style = { color: options.interactive, choiceLabel: (n: number) => t.text('console.choiceLabel', { n }) };
  // People met in an earlier run keep the name (and its case) the bot stored for them.
  const users = new ConsoleUsers(async (userId) => (await options.app.people.get(CONSOLE_PLATFORM, userId))?.displayName);
  let session: ConsoleSession | undefined;
  const adapter = new ConsoleAdapter(write, t, style, users, (userId, form) => session?.startForm(userId, form));
  options.app.bot.attach(adapter);
  session = await ConsoleSession.open({ bot: options.app.bot, adapter, users, clock: options.app.clock, t, style, write, timeZone: options.timeZone });
  session.welcome();
  const lines = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
  if (options.interactive) write(session.prompt());
  for await (const line of lines) {
    if (options.echo) write(`${session.prompt()}${line}\n`);
    const goOn = await session.handleLine(line);
    if (!goOn) break;
    if (options.interactive) write(session.prompt());
  }
  lines.close();
}
