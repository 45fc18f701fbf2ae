// `/liso help` is read on a phone, mostly in Teams: a screen or two, one short line per command.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';

// About two phone screens of text; a line longer than this wraps to three lines or more.
const MAX_HELP_CHARS = 1_250;
const MAX_LINE_CHARS = 90;

describe('the help list on a phone', () => {
  it.each(['nl', 'en'])('in %s it lists every command, each on one short line, in under two screens', async (lang) => {
    const t = await createTestApp();
    await t.command('anna', `taal ${lang}`, null);
    t.adapter.take();
    await t.command('anna', 'help');
    const [help] = t.adapter.take();
    const lines = help!.text.split('\n').filter((line) => line.startsWith('•'));
    expect(lines).toHaveLength(t.app.bot.commands().filter((command) => command.name !== '').length);
    expect(lines.filter((line) => line.length > MAX_LINE_CHARS)).toEqual([]);
    expect(help!.text.length).toBeLessThanOrEqual(MAX_HELP_CHARS);
  });
});
