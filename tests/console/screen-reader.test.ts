// The console as a terminal screen reader reads it: two pulses (the second results say the change in
// words) and a win, through the real app. Apart from the frame around each message and the results'
// bars and the mark on a chosen button, no line holds characters a screen reader reads by their names (a divider of box drawing, arrows).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANGE_IN_WORDS, READ_BY_NAME } from '../fakes/heard.ts';
import { runConsoleLines } from './console-helpers.ts';

const firstPulse = readFileSync(path.resolve(import.meta.dirname, '../fixtures/console/pulse.txt'), 'utf8').split('\n');
const secondPulse = [
  '/liso sessie 2027-01-13 09:30 bevestig',
  ':klok +1d',
  '/liso pulse',
  ...['Sanne', 'Ahmed', 'Fleur'].flatMap((name) => [`:als ${name}`, ':privé', ':knop 6', ':knop 11']),
  ':als Anna',
  ':klok +8d',
  '/liso pulse resultaten',
  '/liso vier de eerste casus is besproken',
];

describe('console, heard through a screen reader', () => {
  it('reads the results in words and draws no divider of box-drawing characters', async () => {
    const { text } = await runConsoleLines([...firstPulse, ...secondPulse]);
    // Left as they are: the frame, and the buttons' "✓" ("4 check mark" still says it was chosen).
    const body = text.split('\n').filter((line) => !/^── .* ──$/.test(line) && !/^ {2}\[\d+\] /.test(line));
    expect(body.filter((line) => READ_BY_NAME.test(line) && !/`[1-5] [█░]{10}`/.test(line))).toEqual([]);
    const latest = text.slice(text.lastIndexOf('# Uitslag pulse Jeugd Leiden'));
    // Statements asked for the first time say "eerste meting"; the others compare in words.
    const stats = latest.split('\n').filter((line) => line.includes('gemiddeld') && !line.includes('eerste meting'));
    expect(stats.length).toBeGreaterThan(0);
    for (const line of stats) expect(line).toMatch(CHANGE_IN_WORDS);
  });
});
