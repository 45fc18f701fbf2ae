// A long win (someone pastes a whole story, 3,000 characters): celebrated up to a sentence end,
// and the author is told it was shortened.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';
import { CHANNEL, channelPosts, startNetwork } from './wins-fixture.ts';

const SENTENCE = 'Vandaag hebben we met twaalf organisaties uit de wijk voor het eerst samen een plan gemaakt voor jongeren die tussen wal en schip vallen. ';
const STORY = SENTENCE.repeat(22).trim();

describe('a win of 3,000 characters', () => {
  it('is celebrated up to the end of a sentence, and its author hears how much was kept', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    expect(STORY.length).toBeGreaterThan(2_900);
    await t.command('sanne', `vier ${STORY}`);
    const sent = t.adapter.take();
    const quoted = /“([^”]*)”/.exec(channelPosts(sent)[0]!.text)![1]!;
    // Before: cut in the middle of a word ("samen e…”) and nobody was told.
    expect(quoted.length).toBeLessThanOrEqual(500);
    expect(quoted.endsWith('schip vallen.')).toBe(true);
    expect(STORY.startsWith(quoted)).toBe(true);
    const note = sent.find((s) => s.kind === 'reply' && s.to === 'sanne');
    expect(note?.text).toContain(new Intl.NumberFormat('nl-NL').format(STORY.length));
    expect(note?.text).toContain(`${quoted.length}`);
    expect(sent.filter((s) => s.kind === 'channel').map((s) => s.to)).toEqual([CHANNEL]);
  });

  it('is left whole when it fits, and then its author gets no note', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('sanne', `vier ${SENTENCE.repeat(3).trim()}`);
    const sent = t.adapter.take();
    expect(channelPosts(sent)[0]!.text).toContain(`“${SENTENCE.repeat(3).trim()}”`);
    expect(sent.filter((s) => s.kind === 'reply')).toEqual([]);
  });

  it('is counted in characters: 341 with 300 emoji fit whole, though they take 641 UTF-16 units', async () => {
    // Before: cut to "Geweldige sessie gehad." and the author heard the win had 641 characters.
    const win = `Geweldige sessie gehad. Dank ${'🎉'.repeat(300)} jullie wel.`;
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('sanne', `vier ${win}`);
    const sent = t.adapter.take();
    expect(channelPosts(sent)[0]!.text).toContain(`“${win}”`);
    expect(sent.filter((s) => s.kind === 'reply')).toEqual([]);
  });
});
