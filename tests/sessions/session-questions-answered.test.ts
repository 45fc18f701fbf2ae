// A member asks the bot about their own next session, in a direct message or with /liso: the
// network's stored session answers (when, where, their answer, the buttons), not the handbook.
import { describe, expect, it } from 'vitest';
import { buttonsOf, createSessionsHarness } from './sessions-harness.ts';
import type { SessionsHarness } from './sessions-harness.ts';

async function network(h: SessionsHarness): Promise<void> {
  await h.run('anna', 'start Jeugd');
  await h.run('anna', 'rol procesbegeleider <@bram>');
  await h.run('anna', 'rol deelnemer <@sanne>');
  await h.run('anna', 'sessie 11 maart 14:00-16:30');
}

const lastAnswer = (h: SessionsHarness, user: string) => h.log.filter((m) => m.kind === 'reply' && m.to === user).at(-1)!;

describe('questions about the next session', () => {
  it('answers "wanneer is de volgende sessie?" in a direct message with the session and the answer buttons', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.type('sanne', 'wanneer is de volgende sessie?');
    const answer = lastAnswer(h, 'sanne');
    expect(answer.text).toMatch(/^Sessie van Jeugd\nWanneer: donderdag 11 maart 2027, 14:00–16:30/);
    expect(answer.text).not.toMatch(/handboek|Bron:/);
    expect(buttonsOf(answer.message).map((b) => b.label)).toEqual(['Ik kom', 'Ik kan niet']);
    // The buttons work as the reminder's do.
    await h.press('sanne', buttonsOf(answer.message)[1]!);
    await h.run('sanne', 'waar is de sessie?');
    const where = lastAnswer(h, 'sanne');
    expect(where.text).toMatch(/Je kunt er deze keer niet bij\./);
    expect(where.text).toMatch(/De plek staat nog niet vast/);
  });

  it('shows the buttons for "ik kan niet komen" without answering for the person', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.type('sanne', 'ik kan niet komen op 11 maart');
    const answer = lastAnswer(h, 'sanne');
    expect(answer.text).toMatch(/Kun je er niet bij zijn\? Druk hieronder op Ik kan niet/);
    await h.run('anna', 'netwerk');
    expect(h.lastReply('anna')).not.toMatch(/1 kan niet/);
  });

  it('tells the leads how many come, and says when nothing is planned', async () => {
    const h = await createSessionsHarness();
    await h.run('anna', 'start Jeugd');
    await h.type('anna', 'wanneer is de volgende sessie?');
    expect(h.lastReply('anna')).toMatch(/Er is nog geen volgende sessie gepland \(Jeugd\)/);
    await h.run('anna', 'sessie 11 maart 14:00');
    await h.type('anna', 'hoeveel mensen komen er?');
    expect(h.lastReply('anna')).toMatch(/Aanmeldingen|komen|reageerd/);
    await h.run('joris', 'wanneer is de volgende sessie?', null);
    expect(h.lastReply('joris')).toMatch(/Je hebt nog geen rol in een leernetwerk, dus ik weet niet welke sessie je bedoelt/);
  });

  it('leaves questions about sessions in general to the handbook', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.type('sanne', 'hoe bereid ik de volgende sessie voor?');
    expect(h.lastReply('sanne')).toMatch(/Bron:/);
  });
});
