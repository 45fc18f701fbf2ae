// A network Anna just started in kanaal-1, and what the bot says back to one command, for tests that
// type commands the way newcomers do.
import { createTestApp } from './test-app.ts';
import type { TestApp } from './test-app.ts';

/** The real app with "Jeugd Leiden" started by anna in kanaal-1, its announcement taken. */
export async function startedNetwork(): Promise<TestApp> {
  const t = await createTestApp();
  await t.command('anna', 'start Jeugd Leiden');
  t.adapter.take();
  return t;
}

/** What the bot said after anna's `/liso <text>`: where each message went, and its first line. */
export async function firstLinesAfter(t: TestApp, text: string): Promise<string[]> {
  await t.command('anna', text);
  return t.adapter.take().map((sent) => `${sent.kind}: ${sent.text.split('\n')[0]}`);
}
