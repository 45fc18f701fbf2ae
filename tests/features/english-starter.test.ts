// An English-speaking trekker starts a network for a Dutch group (the second outside walk): the
// start post says which language the channel got and how to change it, and her own preparation
// digest carries its calendar file in English, like her reminders.
import { describe, expect, it } from 'vitest';
import { runConsoleLines } from '../console/console-helpers.ts';

const START = [':als Priya', '/liso taal en', '/liso start Eenzaamheid ouderen Deventer', '/liso rol procesbegeleider @Henk', '/liso sessie 2027-03-04 14:00-16:30 Buurthuis De Hoven'];

describe('an English trekker of a Dutch group', () => {
  it('the start post names the channel language and the command to change it', async () => {
    const run = await runConsoleLines(START.slice(0, 3), { start: new Date('2027-02-01T08:00:00Z') });
    expect(run.text).toContain('The bot posts in this channel in English. Another language for the channel: `/liso network language nl` or `/liso network language en`.');
  });

  it('her digest\'s calendar invitation is in English', async () => {
    const run = await runConsoleLines([...START, ':klok +1d'], { start: new Date('2027-02-01T08:00:00Z') });
    const digest = run.text.slice(run.text.indexOf('── privébericht aan Priya ──'));
    expect(digest).toContain('# Your preparation for today');
    expect(digest).toMatch(/📎 session-eenzaamheid-ouderen-deventer-2027-03-04\.ics/);
    expect(digest).not.toMatch(/sessie-eenzaamheid|Sessie leernetwerk|gemaakt door liso-bot/);
  });

  it('her digest names others\' tasks with their role, not in brackets inside brackets', async () => {
    const lines = [...START.slice(0, -1), '/liso sessie 2027-02-12 14:00-16:30 Buurthuis De Hoven', ':klok +1d'];
    const run = await runConsoleLines(lines, { start: new Date('2027-02-01T08:00:00Z') });
    const digest = run.text.slice(run.text.indexOf('── privébericht aan Priya ──'));
    expect(digest).toMatch(/Also due for others in the network: [^\n]* – facilitator \(procesbegeleider\)/);
    expect(digest).not.toMatch(/\([^()\n]*\(procesbegeleider\)\)/);
  });
});
