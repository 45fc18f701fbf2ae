// A "question" of chat markup alone, asked with /liso, in a direct message or by mentioning the bot: it has no
// words of its own, so it is answered as an empty (emoji-only) question is. An outside walk got the handbook's
// "Conflicten en wrijving" for it (its `code` matched "code of conduct").
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';

const MARKUP = '<!channel> <!here> <@U123> *bold* `code` <http://evil.example|klik hier> <!subteam^S123>';
const MARKDOWN = '[klik](http://evil.example) ||spoiler|| _schuin_ ~weg~ @everyone #algemeen';
const EMOJI = '🎉😀';

async function answerTo(t: TestApp, ask: () => Promise<void>): Promise<string> {
  t.adapter.take();
  await ask();
  return t.adapter
    .take()
    .map((s) => s.text)
    .join('\n');
}

describe('a question of markup only', () => {
  it('gets the answer an emoji-only question gets, by /liso, in a direct message and by mention', async () => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd Leiden');
    await t.message('anna', 'hoi');
    const paths: Array<[string, (text: string) => Promise<void>]> = [
      ['/liso', (text) => t.command('anna', text)],
      ['direct message', (text) => t.message('anna', text)],
      ['mention', (text) => t.message('anna', text, { channel: 'kanaal-1' })],
    ];
    for (const [path, ask] of paths) {
      const empty = await answerTo(t, () => ask(EMOJI));
      expect(empty, path).not.toBe('');
      // Before: "Conflicten en wrijving in het leernetwerk" with tips, for every path.
      expect(await answerTo(t, () => ask(MARKUP)), path).toBe(empty);
      expect(await answerTo(t, () => ask(MARKDOWN)), path).toBe(empty);
    }
  });

  it('keeps a question that has words besides its markup', async () => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd Leiden');
    const answer = await answerTo(t, () => t.command('anna', '<!here> *hoe* houden we `deelnemers` betrokken na de kick-off?'));
    expect(answer).not.toMatch(/geen woorden/);
    expect(answer).toMatch(/Bron: /);
  });
});
