// Escaping in the platform renderers for text the pure sweeps do not reach: line breaks where a line's markup starts.
import { describe, expect, it } from 'vitest';
import { escapeText } from '../../adapters/discord/discord-markdown.ts';
import { splitContent } from '../../adapters/discord/discord-renderer.ts';
import { splitText } from '../../adapters/teams/card-renderer.ts';
import { escapeCardText } from '../../adapters/teams/card-text.ts';
import { SENTENCE_BOUNDARY, sentenceEnds } from '../../src/core/sentences.ts';

describe('Teams card text', () => {
  it.each([
    ['a list marker', '\n- lijst', '\n\\- lijst'],
    ['a heading', '\n# kop', '\n\\# kop'],
    ['a numbered item', '\n\n1. een', '\n\n1\\. een'],
    ['a quote after spaces', '\n  > citaat', '\n  \\> citaat'],
  ])('%s on a new line of text that continues a line is escaped', (_what, text, escaped) => {
    expect(escapeCardText(text, { lineStart: false })).toBe(escaped);
  });

  it('a marker right at the start of text that continues a line needs no escape', () => {
    expect(escapeCardText('- 3 punten', { lineStart: false })).toBe('- 3 punten');
  });
});

const trailingBackslashes = (piece: string) => /\\*$/.exec(piece)![0].length;
// A long line is broken where it is cut: the pieces hold the text with line breaks added, and only those.
const rejoined = (pieces: string[]) => pieces.join('').replaceAll('\n', '');

describe('text split over blocks or messages', () => {
  it.each([
    ['Teams blocks', (text: string) => splitText(escapeCardText(text), 6_000), 12],
    ['Discord messages', (text: string) => splitContent(escapeText(text), 2_000), 5],
  ] as const)('a long line of escaped backslashes is split into a few %s, none ending inside an escape', (_where, split, most) => {
    const pieces = split('\\'.repeat(4_000));
    expect(rejoined(pieces)).toBe('\\'.repeat(8_000));
    expect(pieces.length).toBeLessThanOrEqual(most);
    for (const line of pieces.flatMap((piece) => piece.split('\n'))) expect(trailingBackslashes(line) % 2).toBe(0);
  });

  it('an escaping backslash stays with the character it escapes', () => {
    const escaped = escapeCardText(`${'a'.repeat(1_499)}*${'b'.repeat(3_000)}`);
    const pieces = splitText(escaped, 6_000);
    expect(rejoined(pieces)).toBe(escaped);
    for (const line of pieces.flatMap((piece) => piece.split('\n'))) expect(trailingBackslashes(line) % 2).toBe(0);
  });
});

describe('sentence ends in a long run of punctuation', () => {
  // A search that may start anywhere in a run of "!!!!…" reads the rest of the run again from every
  // position (4,000 exclamation marks in a win took 80 ms, 16,000 took 1.3 s): a sentence end starts where its run starts.
  it('is only looked for where a run of . ! ? begins', () => {
    const startingAt = (text: string, at: number) => {
      const sticky = new RegExp(SENTENCE_BOUNDARY.source, 'uy');
      sticky.lastIndex = at;
      return sticky.exec(text)?.index;
    };
    expect(startingAt('Hallo!!!! Daar', 5)).toBe(5);
    expect(startingAt('Hallo!!!! Daar', 7)).toBeUndefined();
  });

  it('still finds the same ends', () => {
    expect(sentenceEnds('Hallo!!! Daar ben ik. Nu?')).toEqual([8, 21, 25]);
    expect(sentenceEnds(`${'!'.repeat(4_000)} Einde`)).toEqual([4_000, 4_006]);
  });
});
