// A member asks the bot about their own next session, in a direct message or with /liso: the
// network's stored session answers (when, where, their answer, the buttons), not the handbook.
import { describe, expect, it } from 'vitest';
import { buttonsOf, createSessionsHarness } from './sessions-harness.ts';
import type { SessionsHarness } from './sessions-harness.ts';
import { runConsoleLines } from '../console/console-helpers.ts';

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

  it('asked by mentioning the bot in the channel, shows everyone the session, not the asker\'s answer nor the leads\' count', async () => {
    const run = await runConsoleLines([
      '/liso start Jeugd Leiden',
      '/liso rol deelnemer @Ahmed @Sanne',
      '/liso sessie 11-3 14:00 Buurthuis',
      ':als Sanne',
      ':privé',
      'wanneer is de volgende sessie?',
      ':knop 1',
      ':knop 2',
      ':als Ahmed',
      ':privé',
      'ik kan niet komen',
      ':knop 2',
      ':kanaal leernetwerk',
      '@liso-bot waar is de sessie?',
      ':als Anna',
      '@liso-bot hoeveel mensen komen er?',
      '/liso hoeveel mensen komen er?',
    ]);
    const after = (marker: string) => run.text.slice(run.text.indexOf(`> ${marker}\n`)).split(/\n\S+ in \S+ > /)[0]!;
    const ahmed = after('@liso-bot waar is de sessie?');
    expect(ahmed).toMatch(/── kanaal #leernetwerk ──\n# Sessie van Jeugd Leiden\nWanneer: donderdag 11 maart 2027/);
    // Before: 'Je kunt er deze keer niet bij.' for the whole channel to read.
    expect(ahmed).not.toMatch(/Je kunt er deze keer niet bij/);
    const anna = after('@liso-bot hoeveel mensen komen er?');
    expect(anna).toMatch(/── kanaal #leernetwerk ──\n# Sessie van Jeugd Leiden/);
    // Before: 'Aanmeldingen: 1 komt, 1 kan niet, … Met naam: Sanne.' posted in the channel, for everyone.
    expect(anna).not.toMatch(/Aanmeldingen|Sanne|kan niet,/);
    expect(anna).toContain('Hoeveel mensen er komen, zie je als trekker of procesbegeleider alleen voor jezelf: typ `/liso netwerk`.');
    // Asked with /liso, the answer is hers alone and carries the count.
    expect(after('/liso hoeveel mensen komen er?')).toMatch(/── alleen zichtbaar voor Anna ──[\s\S]*Aanmeldingen: 1 komt, 1 kan niet, 1 heeft nog niet gereageerd\. Met naam: Sanne\./);
  });

  it('answers the session questions as the outside walk typed them on a phone, with the card and its buttons', async () => {
    const run = await runConsoleLines([
      '/liso start Jeugd Leiden',
      '/liso rol deelnemer @Fatima @Tom',
      '/liso sessie 11-3 14:00 Buurthuis',
      ':als Fatima',
      ':privé',
      'wnr is de bijeenkomst',
      'hoe laat moet ik er zijn',
      'wanneer is het nou',
      ':als Tom',
      ':privé',
      '/liso taal en',
      "I can't come",
      ':knop 2',
      'Actually I can come after all. Can I still change my answer?',
      ':als Anna',
      ':kanaal leernetwerk',
      '/liso sessie 18-3 14:00 bevestig',
      '/liso sessie afgelast 11-3',
      ':als Fatima',
      ':privé',
      'gaat het niet door??',
    ]);
    const after = (marker: string) => run.text.slice(run.text.indexOf(`> ${marker}\n`)).split(/\n\S+ (?:in|gesprek met) \S+ > /)[0]!;
    for (const asked of ['wnr is de bijeenkomst', 'hoe laat moet ik er zijn', 'wanneer is het nou']) {
      const answer = after(asked);
      // Before: the handbook answered (a work form, "Bron: …").
      expect(answer).toMatch(/# Sessie van Jeugd Leiden\nWanneer: donderdag 11 maart 2027, 14:00–17:00\nWaar: Buurthuis/);
      expect(answer).toMatch(/\[1\] Ik kom\s+\[2\] Ik kan niet/);
      expect(answer).not.toMatch(/Bron:/);
    }
    // Tom said he cannot come; his two sentences are one session question, answered with the button that changes it.
    const tom = after('Actually I can come after all. Can I still change my answer?');
    expect(tom).toMatch(/# Session of Jeugd Leiden\nGreat! Press I'll come after all below/);
    expect(tom).toMatch(/\[1\] I'll come after all/);
    expect(tom).not.toMatch(/Source:/);
    // Cancelled, with a later session planned: the cancellation first, then the session that is still on.
    const cancelled = after('gaat het niet door??');
    expect(cancelled).toMatch(/# Sessie van Jeugd Leiden\nDe sessie van Jeugd Leiden op donderdag 11 maart 2027, 14:00 gaat niet door\.\nWanneer: donderdag 18 maart 2027, 14:00–17:00/);
  });

  it('answers a chatty message whose session part is clear, keeps its answer, and tells a participant how many come', async () => {
    const run = await runConsoleLines([
      '/liso start Deventer',
      '/liso rol deelnemer @Mies @Joost',
      '/liso sessie 4-3 14:00 Buurthuis',
      ':als Mies',
      ':privé',
      'ja hoor ik kom zeker! moet ik nog wat meenemen? koekjes ofzo haha',
      ':knop 1',
      'hoeveel mensen komen er?',
      'ik kan toch niet, sorry',
      'is het nog steeds om 2 uur? en is er koffie',
      ':kanaal leernetwerk',
      '@liso-bot hoeveel mensen komen er?',
    ]);
    const after = (marker: string) => run.text.slice(run.text.indexOf(`> ${marker}\n`)).split(/\n\S+ (?:in|gesprek met) \S+ > /)[0]!;
    const yes = after('ja hoor ik kom zeker! moet ik nog wat meenemen? koekjes ofzo haha');
    // Before: a handbook entry, and the press on [1] opened one of its topics.
    expect(yes).toMatch(/# Sessie van Deventer\nFijn! Druk hieronder op Ik kom/);
    expect(yes).toMatch(/Wat je meeneemt, of er koffie is en waar je kunt parkeren, weet ik niet/);
    expect(yes).not.toMatch(/Bron:/);
    expect(after(':knop 1')).toMatch(/✅ Je komt\. Fijn!/);
    // Before: the card without an answer to the question.
    expect(after('hoeveel mensen komen er?')).toMatch(/Tot nu toe komt er 1 persoon\./);
    expect(after('ik kan toch niet, sorry')).toMatch(/Kun je er toch niet bij zijn\? Druk hieronder op Ik kan toch niet/);
    expect(after('is het nog steeds om 2 uur? en is er koffie')).toMatch(/Wanneer: donderdag 4 maart 2027, 14:00–17:00[\s\S]*of er koffie is/);
    const channel = after('@liso-bot hoeveel mensen komen er?');
    expect(channel).toMatch(/vertel ik je in een privébericht/);
    expect(channel).not.toMatch(/Tot nu toe/);
  });

  it('says a session still to come was cancelled also when none is planned after it', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.run('anna', 'sessie annuleer 11 maart');
    await h.type('sanne', 'gaat het nog door?');
    expect(h.lastReply('sanne')).toMatch(/^De sessie van Jeugd op donderdag 11 maart 2027, 14:00 gaat niet door\.\nEr is nog geen volgende sessie gepland \(Jeugd\)/);
  });

  it('leaves questions about sessions in general to the handbook', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.type('sanne', 'hoe bereid ik de volgende sessie voor?');
    expect(h.lastReply('sanne')).toMatch(/Bron:/);
  });
});
