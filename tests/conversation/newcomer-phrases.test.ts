// What people new to the bot type in a direct message, the way they type it: their own data, what
// the bot is, "ok", and a short word about the next session. Each went to the handbook search before,
// which answered with an unrelated entry or offered to keep the "question" for the leads.
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.command('anna', 'start Jeugd Leiden');
  await t.command('anna', 'rol deelnemer <@sanne> <@joe>');
  await t.command('anna', 'sessie 11 maart 14:00-17:00 Buurthuis');
  await t.message('sanne', 'hoi');
  await t.message('joe', 'hi');
  await t.command('joe', 'language en', null);
  t.adapter.take();
});

/** The first line of every answer to one message. */
async function answersTo(user: string, text: string): Promise<string[]> {
  await t.message(user, text);
  return t.adapter.take().map((sent) => sent.text.split('\n')[0]!);
}

describe('asking for your own data in a direct message', () => {
  it.each([
    ['sanne', 'mijn gegevens', 'Wat liso-bot over jou bewaart'],
    ['sanne', 'Mijn gegevens?', 'Wat liso-bot over jou bewaart'],
    ['sanne', 'wat weet je over mij', 'Wat liso-bot over jou bewaart'],
    ['sanne', 'Wat weet jij van mij?', 'Wat liso-bot over jou bewaart'],
    ['sanne', 'welke gegevens heb je van mij?', 'Wat liso-bot over jou bewaart'],
    ['joe', 'my data', 'What liso-bot stores about you'],
    ['joe', 'What do you know about me?', 'What liso-bot stores about you'],
  ])('%s: %j shows what the bot keeps', async (user, text, title) => {
    expect(await answersTo(user, text)).toEqual([title]);
  });

  it('"forget me" typed as two words asks to erase, as the command does', async () => {
    await t.message('joe', 'forget me');
    const [answer] = t.adapter.take();
    expect(answer!.text).not.toMatch(/Approach/);
    await t.command('joe', 'forget-me', null);
    const [viaCommand] = t.adapter.take();
    expect(answer!.text).toBe(viaCommand!.text);
  });
});

describe('asking what the bot is', () => {
  it.each([
    ['joe', 'Hello! What can you do?', 'Hi Joe!'],
    ['sanne', 'hallo, wat kun je?', 'Hoi Sanne!'],
    ['sanne', 'wat is dit voor bot?', 'Hoi Sanne!'],
    ['sanne', 'ik snap het niet', 'Hoi Sanne!'],
    ['sanne', 'wat moet ik doen?', 'Hoi Sanne!'],
    ['joe', "I don't understand", 'Hi Joe!'],
  ])('%s: %j gets the introduction, not the handbook', async (user, text, greeting) => {
    const answers = await answersTo(user, text);
    expect(answers[0]).toMatch(new RegExp(`^${greeting}`));
  });
});

describe('"ok" after an answer', () => {
  it('"/liso ok" gets the same nod, not "Het commando ok ken ik niet"', async () => {
    await t.command('anna', 'ok');
    expect(t.adapter.take()[0]!.text).toMatch(/^👍/);
  });

  it.each(['ok', 'oké', 'Okay!', 'prima'])('%j is taken as an acknowledgement, not as a question nobody understood', async (text) => {
    const answers = await answersTo('sanne', text);
    expect(answers).toHaveLength(1);
    expect(answers[0]).not.toMatch(/begrijp ik niet|handboek/);
  });
});

describe('a short word about the next session', () => {
  it.each([
    ['sanne', 'ik kan niet', 'Sessie van Jeugd Leiden'],
    ['sanne', 'Ik kan niet op 11 maart.', 'Sessie van Jeugd Leiden'],
    ['sanne', 'sorry ik ben ziek die dag', 'Sessie van Jeugd Leiden'],
    ['sanne', 'ik ben verhinderd', 'Sessie van Jeugd Leiden'],
    ['sanne', 'ja ik kom', 'Sessie van Jeugd Leiden'],
    ['sanne', 'Ja, ik kom!', 'Sessie van Jeugd Leiden'],
    ['sanne', 'wanneer is het', 'Sessie van Jeugd Leiden'],
    ['sanne', 'wanneer is het?', 'Sessie van Jeugd Leiden'],
    ['joe', 'where is it?', 'Session of Jeugd Leiden'],
    ['joe', 'when is it?', 'Session of Jeugd Leiden'],
    ['joe', "I'm sick that day", 'Session of Jeugd Leiden'],
  ])('%s: %j gets the session with its buttons', async (user, text, title) => {
    expect(await answersTo(user, text)).toEqual([title]);
  });
});

describe('wanting out', () => {
  it.each([
    ['sanne', 'stop', /^Wil je uit het netwerk\?/],
    ['sanne', 'ik wil stoppen', /^Wil je uit het netwerk\?/],
    ['sanne', 'uitschrijven', /^Wil je uit het netwerk\?/],
    ['sanne', 'Hoe stap ik uit het netwerk?', /^Wil je uit het netwerk\?/],
    ['joe', 'leave', /^Want to leave the network\?/],
    ['joe', 'how do I leave this network?', /^Want to leave the network\?/],
  ])('%s: %j says how to leave, in their own language', async (user, text, expected) => {
    expect(await answersTo(user, text)).toEqual([expect.stringMatching(expected)]);
  });
});

describe('who is in the network', () => {
  it.each([
    ['sanne', 'wie zitten er in het netwerk?', 'Leernetwerk Jeugd Leiden'],
    ['sanne', 'wie is de trekker', 'Leernetwerk Jeugd Leiden'],
    ['joe', 'who is in our network?', 'Learning network Jeugd Leiden'],
    ['sanne', 'hoe gaat het met het netwerk?', 'Leernetwerk Jeugd Leiden'],
  ])('%s: %j shows the network with its roles', async (user, text, title) => {
    expect(await answersTo(user, text)).toEqual([title]);
  });
});

describe('"help" followed by a problem', () => {
  it('"help niemand komt meer opdagen sinds de kickoff wat nu" asks the handbook, not for the command "niemand"', async () => {
    await t.message('sanne', 'help niemand komt meer opdagen sinds de kickoff wat nu');
    const [answer] = t.adapter.take();
    expect(answer!.text).not.toMatch(/ken ik niet/);
    expect(answer!.text).toMatch(/Bron: /);
  });

  it('"help sesie" still suggests the command a letter off', async () => {
    await t.message('sanne', 'help sesie');
    expect(t.adapter.take()[0]!.text).toMatch(/Bedoelde je \/liso help sessie\?/);
  });
});

describe('asking for another language the way people ask', () => {
  it.each(['English please', 'in English?', 'Do you speak English?', 'engels'])('%j switches Sanne to English', async (text) => {
    expect(await answersTo('sanne', text)).toEqual(["From now on I'll talk to you in English."]);
  });

  it.each(['Nederlands graag', 'in het Nederlands', 'Dutch'])('%j switches Joe to Dutch', async (text) => {
    expect(await answersTo('joe', text)).toEqual(['Ik praat vanaf nu Nederlands met je.']);
  });
});

describe('"ja" typed under a question with buttons', () => {
  it('after "vergeet mij", "ja" and "ja graag" point at the buttons; nothing is erased, and no "question" is offered to be kept', async () => {
    await answersTo('sanne', 'vergeet mij');
    for (const typed of ['ja', 'ja graag']) {
      const [answer] = await answersTo('sanne', typed);
      expect(answer).toMatch(/knoppen/);
    }
    expect(await answersTo('sanne', 'mijn gegevens')).toEqual(['Wat liso-bot over jou bewaart']);
  });

  it('"/liso ja" after "/liso netwerk afsluiten" points at the buttons too, and the network stays open', async () => {
    await t.command('anna', 'netwerk afsluiten');
    t.adapter.take();
    await t.command('anna', 'ja');
    expect(t.adapter.take()[0]!.text).toMatch(/knoppen/);
    await t.command('anna', 'netwerk');
    expect(t.adapter.take()[0]!.text).not.toMatch(/afgesloten/);
  });
});

describe('the introduction', () => {
  it('tells a participant, who mostly wants the next session, that they can just ask for it', async () => {
    await t.command('anna', 'rol deelnemer <@noor>');
    await t.message('noor', 'hoi');
    const [intro] = t.adapter.take().filter((sent) => sent.to === 'noor');
    expect(intro!.text).toMatch(/wanneer is de volgende sessie\?/);
    expect(intro!.message!.blocks).toHaveLength(4);
  });
});
