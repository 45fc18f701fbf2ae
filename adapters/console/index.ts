// The console adapter: a terminal chat with the real core, for trying liso-bot without any account.
export { ConsoleAdapter, CONSOLE_PLATFORM } from './console-adapter.ts';
export { ConsoleSession } from './console-session.ts';
export { ConsoleUsers } from './console-users.ts';
export { runConsole } from './run-console.ts';
export type { ConsoleOptions } from './run-console.ts';
