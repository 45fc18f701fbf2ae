// An open answer typed where no form can open (`/liso pulse antwoord <code> <text>`), longer than
// the 500 characters an answer keeps: kept up to a sentence end, and the person hears so.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';
import { inviteOf, networkWith, participantIds } from './pulse-helpers.ts';

const SENTENCE = 'Meer tijd voor casussen in kleine groepen, want dan leren we echt van elkaars praktijk. ';

describe('a typed open answer of 900 characters', () => {
  it('is kept up to the end of a sentence, and the person hears how much was kept', async () => {
    const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const { ballot } = inviteOf(t.adapter.take(), people[0]!);
    const answer = SENTENCE.repeat(10).trim();
    await t.command(people[0]!, `pulse antwoord ${ballot} ${answer}`, null);
    const reply = t.adapter.take().filter((s) => s.to === people[0]).map((s) => s.text).join('\n');
    expect(reply).toContain('opgeslagen');
    // Before: cut at 500 in the middle of a word, and nothing said.
    expect(reply).toContain(`${answer.length}`);
    const kept = Math.floor(500 / SENTENCE.length) * SENTENCE.length - 1;
    expect(reply).toContain(`${kept}`);
  });

  it('is counted in characters: 322 with 300 emoji are kept whole, and nobody hears it was cut', async () => {
    // Before: kept up to "Meer tijd." and told the answer had 622 characters.
    const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const { ballot } = inviteOf(t.adapter.take(), people[0]!);
    await t.command(people[0]!, `pulse antwoord ${ballot} Meer tijd. Echt ${'🙂'.repeat(300)} waar.`, null);
    const reply = t.adapter.take().filter((s) => s.to === people[0]).map((s) => s.text).join('\n');
    expect(reply).toContain('opgeslagen');
    expect(reply).not.toMatch(/tekens/);
  });
});
