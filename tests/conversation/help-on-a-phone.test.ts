// `/liso help` is read on a phone, mostly in Teams: a screen or two, one short line per command.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';

// About two phone screens of text; a line longer than this wraps to three lines or more.
const MAX_HELP_CHARS = 1_250;
const MAX_LINE_CHARS = 90;
// A usage answer: what to type, not every option (those are in `/liso help <commando>`).
const MAX_USAGE_CHARS = 300;

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

  it('lists what everyone uses first, then under their own heading the commands of the trekker and procesbegeleider', async () => {
    const t = await createTestApp();
    await t.command('sanne', 'help');
    const lines = t.adapter.take()[0]!.text.split('\n');
    const heading = lines.indexOf('Voor de trekker en procesbegeleider:');
    expect(heading).toBeGreaterThan(0);
    const leads = lines.slice(heading + 1).filter((line) => line.startsWith('•')).map((line) => line.split(' — ')[0]);
    expect(leads).toEqual(['• /liso start', '• /liso rol', '• /liso sessie', '• /liso vragen', '• /liso pulse', '• /liso tijdlijn']);
    const everyone = lines.slice(0, heading).filter((line) => line.startsWith('•')).map((line) => line.split(' — ')[0]);
    expect(everyone).toContain('• /liso sessies');
    expect(everyone).toContain('• /liso vier');
  });

  it.each(['nl', 'en'])('in %s a bare "/liso sessie" answers with its usage in a few phone lines, and help sessie keeps the details', async (lang) => {
    const t = await createTestApp();
    await t.command('anna', `taal ${lang}`, null);
    await t.command('anna', 'start Jeugd Leiden');
    t.adapter.take();
    await t.command('anna', 'sessie');
    const [usage] = t.adapter.take();
    expect(usage!.text.length).toBeLessThanOrEqual(MAX_USAGE_CHARS);
    await t.command('anna', 'help sessie');
    const [help] = t.adapter.take();
    expect(help!.text).toContain('Europe/London');
    expect(help!.text).toMatch(/3(u|h)/);
  });
});

describe('a command typed as a sentence', () => {
  it.each([
    ['help.', 'Wat liso-bot voor jullie leernetwerk doet'],
    ['Sessies.', 'Geplande sessies van Jeugd Leiden'],
    ['netwerk?', 'Leernetwerk Jeugd Leiden'],
    ['help sessie.', '/liso sessie'],
    ['taal EN.', "From now on I'll talk to you in English."],
  ])('"/liso %s" runs the command, the full stop or question mark no part of its word', async (command, firstLine) => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd Leiden');
    t.adapter.take();
    await t.command('anna', command);
    expect(t.adapter.take()[0]!.text.split('\n')[0]).toBe(firstLine);
  });

  it('"/liso ?" is still help', async () => {
    const t = await createTestApp();
    await t.command('anna', '?');
    expect(t.adapter.take()[0]!.text.split('\n')[0]).toBe('Wat liso-bot voor jullie leernetwerk doet');
  });
});
