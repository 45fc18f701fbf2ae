// What a second outside walk found about advice and free text, fed as console scripts: a question asked by mentioning
// the bot in the channel is not quoted there and its keep choice goes to the asker alone; a self-introduction's name
// is no subject the handbook lacks; a leaving message with a date or a follow-up question still gets how to leave.
import { describe, expect, it } from 'vitest';
import { answerTo, runConsoleLines } from './console-helpers.ts';

const START = [':als priya', '/liso start Eenzaamheid', '/liso rol deelnemer @mies', '/liso rol procesbegeleider @henk'];

/** The part of an answer posted in `heading`'s window ("── kanaal #leernetwerk ──"), up to the next window. */
function window(answer: string, heading: string): string {
  return answer
    .split(/\n(?=── )/)
    .filter((part) => part.startsWith(heading))
    .join('\n');
}

describe('a question asked by mentioning the bot in the channel', () => {
  const question = '@liso-bot goedemorgen allemaal ik heb gisteren met mevrouw de boer gesproken van de flat aan de amstellaan die zit echt heel erg alleen, wat kunnen wij als netwerk doen voor zulke mensen';

  it('is not quoted in the channel, and the offer to keep it goes to the asker alone', async () => {
    const { text, app } = await runConsoleLines([...START, ':als mies', question]);
    const answer = answerTo(text, question);
    const channel = window(answer, '── kanaal #leernetwerk ──');
    expect(channel).toContain('Daar geeft het handboek geen antwoord op');
    expect(channel).not.toContain('mevrouw de boer');
    expect(channel).not.toContain('Mag ik je vraag');
    const own = window(answer, '── alleen zichtbaar voor mies ──');
    expect(own).toContain('Je vroeg in het kanaal: “goedemorgen allemaal');
    expect(own).toContain('Mag ik je vraag zonder je naam bewaren?');
    expect(own).toContain('Bewaar zonder naam');
    await app.close();
  });

  it('is kept from the private offer, in English too', async () => {
    const asked = '@liso-bot my neighbour Mrs Smith is very lonely, how do we arrange transport to the day centre?';
    const { text, app } = await runConsoleLines([...START, ':als mies', '/liso taal en', asked, ':knop 1']);
    const answer = answerTo(text, asked);
    expect(window(answer, '── kanaal #leernetwerk ──')).not.toContain('Mrs Smith');
    expect(window(answer, '── alleen zichtbaar voor mies ──')).toContain('You asked in the channel: “my neighbour Mrs Smith');
    expect(answerTo(text, ':knop 1')).toContain('Kept, without your name');
    await app.close();
  });
});

describe('a name in a greeting', () => {
  it('is who asks, not a subject the handbook lacks ("hoi, ik ben Henk. …")', async () => {
    const asked = 'hoi, ik ben Henk. Wat moet ik als procesbegeleider voor de eerste sessie doen?';
    const { text, app } = await runConsoleLines([...START, ':als henk', ':privé', asked]);
    const answer = answerTo(text, asked);
    expect(answer).toContain('De eerste sessie: meteen het nut laten zien');
    expect(answer).not.toContain('Over Henk');
    expect(answer).not.toContain('Mag ik je vraag');
    await app.close();
  });

  it('is who asks in English too, and the asker\'s own name is never missing', async () => {
    const intro = "Hi, I'm Anouk. What should I do as facilitator for the first session?";
    const own = 'Wat moet henk als procesbegeleider voor de eerste sessie doen? Vraagt Henk.';
    const { text, app } = await runConsoleLines([...START, ':als henk', ':privé', intro, own]);
    expect(answerTo(text, intro)).not.toContain('Anouk');
    expect(answerTo(text, intro)).toContain('The first session');
    expect(answerTo(text, own)).not.toContain('Over Henk');
    await app.close();
  });
});

describe('someone saying they leave', () => {
  it('gets how to leave and how to hand over a role, also with a date and a question after it', async () => {
    const asked = 'Ik stop per 1 april bij de gemeente en dus ook met dit netwerk. Wat moet ik nog regelen?';
    const { text, app } = await runConsoleLines([...START, ':als henk', ':privé', asked, 'overdracht van mijn rol']);
    const answer = answerTo(text, asked);
    expect(answer).toContain('Wil je uit het netwerk? Vraag de trekker of procesbegeleider je rol af te nemen.');
    expect(answer).toContain('“overdracht van mijn rol”');
    expect(answer).not.toContain('Een kwartaalsessie voorbereiden');
    // The phrase the answer offers reaches the handbook's advice on handing over.
    expect(answerTo(text, 'overdracht van mijn rol')).toContain('zorgvuldige overdracht');
    await app.close();
  });

  it('gets how to leave in English, and a question about stopping a session is still a question', async () => {
    const leaving = "I'm leaving the network on 1 April. What should I still arrange?";
    const session = 'ik stop met de opening van de sessie, wat dan?';
    const { text, app } = await runConsoleLines([...START, ':als henk', ':privé', 'language en', leaving, session]);
    expect(answerTo(text, leaving)).toContain('Want to leave the network?');
    expect(answerTo(text, leaving)).toContain('“how do I hand over my role?”');
    expect(answerTo(text, session)).not.toContain('Wil je uit het netwerk?');
    expect(answerTo(text, session)).not.toContain('Want to leave the network?');
    await app.close();
  });
});
