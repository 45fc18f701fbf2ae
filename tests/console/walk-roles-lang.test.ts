// What an outside walk of a network's first quarter found about roles and languages, fed as console
// scripts: a language is each person's own and the channel's is the network's; a plural role word
// before people gives them the role; a shared lead role is told as shared; a first "English please"
// is answered in English only; `/liso start` is offered only where it can be the next step.
import { describe, expect, it } from 'vitest';
import { answerTo, runConsoleLines } from './console-helpers.ts';

const START = [':als Marieke', '/liso start Armoede'];

describe('languages: a person chooses their own, the network keeps the channel its own', () => {
  it('refuses "/liso taal en @Tom" with how Tom chooses, and changes nobody\'s language', async () => {
    const { text, app } = await runConsoleLines([...START, '/liso taal en @Tom']);
    const answer = answerTo(text, '/liso taal en @Tom');
    expect(answer).toContain('Iedereen kiest zelf in welke taal ik praat');
    expect(answer).toContain('@Tom typt zelf `/liso taal en`');
    expect(answer).not.toContain("I'll talk to you in English");
    expect((await app.people.get('console', 'marieke'))?.lang).toBeUndefined();
    expect((await app.people.get('console', 'tom'))?.lang).toBeUndefined();
    await app.close();
  });

  it('keeps a Dutch channel Dutch when its starter chooses English for herself', async () => {
    const { text, app } = await runConsoleLines([...START, '/liso taal en', '/liso sessie 2027-03-11 14:00']);
    const post = answerTo(text, '/liso sessie 2027-03-11 14:00');
    expect(post).toContain('Nieuwe sessie van Armoede');
    expect(post).not.toContain('New session');
    await app.close();
  });

  it('changes the channel\'s language with "/liso netwerk taal en", for the leads only', async () => {
    const lines = [...START, '/liso rol deelnemer @Tom', ':als Tom', '/liso netwerk taal en', ':als Marieke', '/liso netwerk taal en', '/liso netwerk taal engels', '/liso sessie 2027-03-11 14:00'];
    const { text, app } = await runConsoleLines(lines);
    const [tom, marieke, again] = text.split('> /liso netwerk taal').slice(1);
    expect(tom).toContain('Alleen de trekker of procesbegeleider');
    expect(marieke).toContain('── kanaal #leernetwerk ──\nFrom now on the bot posts in this channel in English (changed by @Marieke).');
    expect(again).toContain('De bot post in het kanaal van dit netwerk al in het Engels.');
    expect(answerTo(text, '/liso sessie 2027-03-11 14:00')).toContain('New session of Armoede');
    // Marieke herself still reads Dutch.
    expect((await app.people.get('console', 'marieke'))?.lang).toBeUndefined();
    await app.close();
  });
});

describe('a plural role word before people is the role command', () => {
  it('gives the role to a list typed with commas and "en", for every role\'s plural, Dutch and English', async () => {
    const lines = [
      ...START,
      '/liso deelnemers @Fatima, @Tom, @Bram, @Lotte en @Kees',
      '/liso procesbegeleiders @Joost en @Noor',
      '/liso verbindingsfunctionarissen @Sanne, @Wim',
      '/liso communicatieadviseurs @Ahmed',
      '/liso projectassistenten @Pim',
      '/liso participants @Eva, @Ed and @Ida',
      '/liso leden @Jan',
    ];
    const { text, app } = await runConsoleLines(lines);
    expect(answerTo(text, lines[2]!)).toContain('@Fatima, @Tom, @Bram, @Lotte en @Kees zijn nu deelnemer in Armoede.');
    const [network] = await app.directory.all();
    const holders = (role: Parameters<typeof app.directory.holders>[1]) => app.directory.holders(network!.id, role);
    expect(await holders('deelnemer')).toEqual(['bram', 'ed', 'eva', 'fatima', 'ida', 'jan', 'kees', 'lotte', 'tom']);
    expect(await holders('procesbegeleider')).toEqual(['joost', 'noor']);
    expect(await holders('verbindingsfunctionaris')).toEqual(['sanne', 'wim']);
    expect(await holders('communicatieadviseur')).toEqual(['ahmed']);
    expect(await holders('projectassistent')).toEqual(['pim']);
    expect(text).not.toContain('Bron:');
    await app.close();
  });

  it('leaves a question that starts with a plural role word to the handbook', async () => {
    const { text, app } = await runConsoleLines([...START, '/liso deelnemers motiveren?']);
    expect(answerTo(text, '/liso deelnemers motiveren?')).toContain('Bron:');
    const [network] = await app.directory.all();
    expect(await app.directory.holders(network!.id, 'deelnemer')).toEqual([]);
    await app.close();
  });
});

describe('a lead role given while someone holds it is shared, and told so', () => {
  it('"/liso trekker @Sanne" posts that Sanne is trekker too, next to Marieke, and tells Marieke how to hand over', async () => {
    const { text, app } = await runConsoleLines([...START, '/liso trekker @Sanne']);
    const answer = answerTo(text, '/liso trekker @Sanne');
    expect(answer).toContain('── kanaal #leernetwerk ──\n@Sanne is nu ook trekker in Armoede, naast @Marieke.');
    expect(answer).toContain('── alleen zichtbaar voor Marieke ──\nJij blijft ook trekker');
    expect(answer).toContain('`/liso rol weg trekker @Marieke`');
    const [network] = await app.directory.all();
    expect(await app.directory.holders(network!.id, 'trekker')).toEqual(['marieke', 'sanne']);
    await app.close();
  });

  it('names the trekker to take it from when the procesbegeleider shares it; a first holder is told plainly', async () => {
    const lines = [...START, '/liso rol procesbegeleider @Joost', ':als Joost', '/liso rol trekker @Sanne'];
    const { text, app } = await runConsoleLines(lines);
    expect(answerTo(text, '/liso rol procesbegeleider @Joost')).toContain('@Joost is nu procesbegeleider in Armoede.');
    const answer = answerTo(text, '/liso rol trekker @Sanne');
    expect(answer).toContain('@Sanne is nu ook trekker in Armoede, naast @Marieke.');
    expect(answer).toContain('── alleen zichtbaar voor Joost ──\n@Marieke blijft ook trekker');
    await app.close();
  });
});

describe('a first direct message that chooses a language', () => {
  it('"English please" gets the choice, then the introduction and menu in English, nothing Dutch', async () => {
    const { text, app } = await runConsoleLines([':als Tom', ':privé', 'English please']);
    const answer = answerTo(text, 'English please');
    const chosen = answer.indexOf("From now on I'll talk to you in English.");
    expect(chosen).toBeGreaterThan(0);
    expect(answer).not.toContain('Ik ben liso-bot');
    expect(answer).not.toContain('Waar lopen jullie tegenaan?');
    expect(answer.indexOf("I'm liso-bot")).toBeGreaterThan(chosen);
    await app.close();
  });

  it('a first question is still answered after the introduction', async () => {
    const { text, app } = await runConsoleLines([':als Tom', ':privé', 'hoi']);
    expect(answerTo(text, 'hoi')).toContain('Ik ben liso-bot');
    await app.close();
  });
});

describe('the help offers /liso start only where it can be the next step', () => {
  it('in a channel without a network, not in the network\'s channel, not in a direct message', async () => {
    const lines = [':als Marieke', '/liso help', '/liso start Armoede', '/liso help', ':privé', 'help'];
    const { text, app } = await runConsoleLines(lines);
    const offer = 'Begin er een met `/liso start <naam>`';
    expect(answerTo(text, '/liso help')).toContain(offer);
    expect(answerTo(text.slice(text.indexOf('> /liso start Armoede')), '/liso help')).not.toContain(offer);
    expect(answerTo(text, 'help')).not.toContain(offer);
    expect(answerTo(text, 'help')).toContain('Prefer English? Type `/liso language en`.');
    await app.close();
  });
});
