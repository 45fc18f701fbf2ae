// A file Slack would not take as an upload is shown inline as code blocks, cut when huge.
import { describe, expect, it } from 'vitest';
import { inlineFilePayloads } from '../../adapters/slack/slack-adapter.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The code blocks' contents, in order. */
function shownPieces(content: string): string[] {
  const [page] = inlineFilePayloads({ filename: 'reisverslag.md', mimeType: 'text/markdown', content });
  return (page!.blocks as unknown as Array<{ text: { text: string } }>).map((b) => /```([\s\S]*)```/.exec(b.text.text)![1]!);
}

describe('a file of more than 9,000 characters shown inline', () => {
  it('ends after its last whole line that fits, marked with …, never in half an emoji', () => {
    // Before: cut at UTF-16 unit 9,000, inside a line ("…Een vraag die de groep deelde, me\n…"), or of an emoji.
    const line = 'Een vraag die de groep deelde, met een feestje 🎉🎉🎉 erbij!\n';
    const content = line.repeat(400);
    const pieces = shownPieces(content);
    for (const piece of pieces) expect(piece).not.toMatch(LONE_SURROGATE);
    expect(pieces.at(-1)!.endsWith(`${line}…`)).toBe(true);
    expect(pieces.join('').length).toBeGreaterThan(8_500);
  });
});
