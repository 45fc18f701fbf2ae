// Which command a typo meant: close enough to be a slip of the keys, never another word.
import { describe, expect, it } from 'vitest';
import { closestCommand } from '../../src/core/standard-messages.ts';

const names = ['help', 'start', 'netwerk', 'rol', 'sessie', 'sessies', 'taal', 'vier', 'win', 'wins', 'successen', 'pulse', 'mijn-gegevens', 'vergeet-mij', 'tijdlijn'];

describe('closestCommand', () => {
  it.each([
    ['hepl', 'help'],
    ['rool', 'rol'],
    ['sesie', 'sessie'],
    ['sucesen', 'successen'],
    ['puls', 'pulse'],
    ['tijdljin', 'tijdlijn'],
  ])('%s is a typo of %s', (typed, meant) => {
    expect(closestCommand(typed, names)).toBe(meant);
  });

  it.each(['mijn', 'wat', 'hoe', 'taken', 'xqzvbnmlkj', 'a'.repeat(500)])('%s suggests nothing', (typed) => {
    // "mijn" is two letters from "win" and "taken" two from "taal": words of their own, not typos.
    expect(closestCommand(typed, names)).toBeUndefined();
  });
});
