// Escaping in the platform renderers for text the pure sweeps do not reach: line breaks where a line's markup starts.
import { describe, expect, it } from 'vitest';
import { escapeCardText } from '../../adapters/teams/card-text.ts';

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
