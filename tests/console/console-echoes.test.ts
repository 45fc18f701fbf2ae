// What someone types into the console and sees quoted back: shortened, never into half a character.
import { describe, expect, it } from 'vitest';
import { runConsoleLines } from './console-helpers.ts';

// Half of a character that takes two UTF-16 units: shown as a replacement sign.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('a button number that is none', () => {
  it('is quoted to a whole character, marked with … where it is cut', async () => {
    // Before: "Knop 123456789\uD83C bestaat niet", the first half of the emoji.
    const { text } = await runConsoleLines(['/liso vergeet-mij', `:knop 123456789🎉🎉🎉`]);
    expect(text).toMatch(/Knop 123456789… bestaat niet/);
    expect(text).not.toMatch(LONE_SURROGATE);
  });
});
