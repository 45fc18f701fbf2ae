// An open answer typed where no form can open (`/liso pulse antwoord <code> <text>`), longer than
// the 500 characters an answer keeps: kept up to a sentence end, and the person hears so.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';
import { inviteOf, networkWith, participantIds } from './pulse-helpers.ts';

const SENTENCE = 'Meer tijd voor casussen in kleine groepen, want dan leren we echt van elkaars praktijk. ';

/** What the first of three invited participants hears after typing `answer` with their code. */
async function replyToTyped(answer: string): Promise<string> {
  const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
  const people = participantIds(3);
  await networkWith(t, people);
  await t.command('anna', 'pulse');
  const { ballot } = inviteOf(t.adapter.take(), people[0]!);
  await t.command(people[0]!, `pulse antwoord ${ballot} ${answer}`, null);
  return t.adapter.take().filter((s) => s.to === people[0]).map((s) => s.text).join('\n');
}

describe('a typed open answer of 900 characters', () => {
  it('is kept up to the end of a sentence, and the person hears how much was kept', async () => {
    const answer = SENTENCE.repeat(10).trim();
    const reply = await replyToTyped(answer);
    expect(reply).toContain('opgeslagen');
    // Before: cut at 500 in the middle of a word, and nothing said.
    expect(reply).toContain(`${answer.length}`);
    const kept = Math.floor(500 / SENTENCE.length) * SENTENCE.length - 1;
    expect(reply).toContain(`${kept}`);
  });

  it('is counted in characters: 322 with 300 emoji are kept whole, and nobody hears it was cut', async () => {
    // Before: kept up to "Meer tijd." and told the answer had 622 characters.
    const reply = await replyToTyped(`Meer tijd. Echt ${'🙂'.repeat(300)} waar.`);
    expect(reply).toContain('opgeslagen');
    expect(reply).not.toMatch(/tekens/);
  });
});
