// Bots are no members: in the console, @liso-bot (as a channel message addresses the bot) names the bot, and
// `/liso rol` refuses it a role while the people named with it get theirs.
import { describe, expect, it } from 'vitest';
import { runConsoleLines } from './console-helpers.ts';

describe('roles refused to the bot in the console', () => {
  it('refuses @liso-bot by name, gives Sanne the role and creates no person called liso-bot', async () => {
    const { text, app } = await runConsoleLines(['/liso start Jeugd', '/liso rol deelnemer @Sanne @liso-bot']);
    expect(text).toContain('liso-bot is een bot of app');
    const [network] = await app.directory.all();
    expect(await app.directory.holders(network!.id, 'deelnemer')).toEqual(['sanne']);
    await app.close();
  });

  it('refuses @liso alone with nothing given', async () => {
    const { text, app } = await runConsoleLines(['/liso start Jeugd', '/liso rol deelnemer @liso']);
    expect(text).toContain('is een bot of app');
    const [network] = await app.directory.all();
    expect(await app.directory.holders(network!.id, 'deelnemer')).toEqual([]);
    await app.close();
  });
});
