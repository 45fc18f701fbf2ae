// Which free messages ask about the person's own next session (answered from the stored sessions),
// and which are questions about sessions in general (the handbook's).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionQuestionOf } from '../../src/features/sessions/session-question.ts';

describe('sessionQuestionOf', () => {
  it.each([
    ['wanneer is de volgende sessie?', 'when'],
    ['Wanneer is onze volgende bijeenkomst', 'when'],
    ['hoe laat begint de sessie?', 'when'],
    ['hoe laat begint het?', 'when'],
    ['op welke dag is de volgende sessie', 'when'],
    ['volgende sessie?', 'when'],
    ['wanneer is de volgende sessie van Jeugd Leiden?', 'when'],
    ['hoe laat begint de bijeenkomst morgen precies?', 'when'],
    ['what time does the meeting start tomorrow?', 'when'],
    ['wanneer is de volgende sessie gepland?', 'when'],
    ['hoe laat is de bijeenkomst afgelopen?', 'when'],
    ['waar is de sessie op donderdag?', 'where'],
    ['wanneer zien we elkaar weer?', 'when'],
    ['When is the next meeting?', 'when'],
    ['what time does the session start', 'when'],
    ['when do we meet again?', 'when'],
    ['waar is de sessie?', 'where'],
    ['Waar vindt de volgende bijeenkomst plaats?', 'where'],
    ['wat is de link van de sessie', 'where'],
    ['where is the next session?', 'where'],
    ["what's the address for our meeting", 'where'],
    ['wie komen er allemaal?', 'who'],
    ['hoeveel mensen komen er naar de sessie?', 'who'],
    ['who is coming?', 'who'],
    ['ik kan niet komen op 14 januari', 'absent'],
    ['Sorry, ik kan er donderdag niet bij zijn', 'absent'],
    ['ik ben er volgende week niet bij', 'absent'],
    ['ik moet me afmelden voor de sessie', 'absent'],
    ["I can't make it on Thursday", 'absent'],
    ['ik kom!', 'present'],
    ['ik ben erbij', 'present'],
    ["I'll be there", 'present'],
    ['ik kan niet', 'absent'],
    ['ik kan er helaas niet op 11 maart', 'absent'],
    ['sorry ik ben ziek die dag', 'absent'],
    ['ik ben verhinderd', 'absent'],
    ["I'm sick that day", 'absent'],
    ['ja, ik kom', 'present'],
    ['wanneer is het?', 'when'],
    ['where is it?', 'where'],
    // As people type on a phone (the outside walk: Fatima, Tom).
    ['wnr is de bijeenkomst', 'when'],
    ['wnr is het', 'when'],
    ['hoe laat moet ik er zijn', 'when'],
    ['hoe laat moeten we er zijn morgen?', 'when'],
    ['wanneer moet ik er zijn?', 'when'],
    ['wanneer is het nou', 'when'],
    ['wanneer is het nou?!', 'when'],
    ['what time should I be there?', 'when'],
    ['gaat het niet door??', 'status'],
    ['gaat het door?', 'status'],
    ['gaat de sessie morgen nog door?', 'status'],
    ['gaat het nog steeds door', 'status'],
    ['is het afgelast?', 'status'],
    ['is de bijeenkomst geannuleerd', 'status'],
    ['is het nog steeds op donderdag?', 'status'],
    ['is de sessie nog steeds om 14:00?', 'status'],
    ['is it still on?', 'status'],
    ['is the meeting cancelled?', 'status'],
    ['waar moet ik zijn?', 'where'],
    ['waar moet ik naartoe', 'where'],
    ['waar is het ook alweer?', 'where'],
    ['Actually I can come after all. Can I still change my answer?', 'present'],
    ['I can come after all', 'present'],
    ['ik kan toch komen!', 'present'],
    ['ik kom toch', 'present'],
    ['Sorry. Ik kan toch niet. Kan ik mijn antwoord nog veranderen?', 'absent'],
    ['kan ik mijn aanmelding nog wijzigen?', 'change'],
    ['can I still change my RSVP?', 'change'],
    ['kan ik me nog aanmelden voor de sessie?', 'present'],
    // The second walk: a clear session part beside small talk or the day's logistics.
    ['hoe laat begint de eerste sessie?', 'when'],
    ['ik kan toch niet, sorry', 'absent'],
    ['gaat het nog door op 4 maart?', 'status'],
    ['hoe laat moet ik er nu zijn dinsdag?', 'when'],
    ['ja hoor ik kom zeker! moet ik nog wat meenemen? koekjes ofzo haha', 'present'],
    ['is het nog steeds om 2 uur? en is er koffie', 'status'],
    ['gaat het nou door op 1 april of is dat een grapje haha, ik had het al op de kalender staan', 'status'],
    ['ik snap het niet meer hoor, wanneer is het nou', 'when'],
    ['wat was het adres ook alweer? en is er parkeergelegenheid', 'where'],
    [
      'goeiemorgen hoor! ik ben mies en ik ben 71 jaar en ik doe mee namens de zonnebloem, ik weet niet precies hoe dit werkt met die computer maar mijn kleindochter heeft het ingesteld. wanneer is die eerste bijeenkomst eigenlijk en waar moet ik zijn?? ik fiets niet meer zo goed dus het moet wel een beetje in de buurt zijn haha',
      'when',
    ],
    ['wanneer is de sessie? ik kan niet, sorry', 'absent'],
    // A greeting that introduces the writer changes nothing the answer says (the lead's own walk on the merged code).
    ['hallo, ik ben Mies. ja hoor ik kom zeker! moet ik nog wat meenemen? koekjes ofzo', 'present'],
    ["Hi, I'm Priya. When is the next session?", 'when'],
  ])('%s asks %s', (text, asked) => {
    expect(sessionQuestionOf(text)).toBe(asked);
  });

  it.each([
    'wanneer is een sessie geslaagd?',
    'wanneer is de sessie geslaagd?',
    'waar is de sessie voor bedoeld?',
    'waar is de sessie op gericht?',
    'wanneer is de volgende sessie nodig als het netwerk stilvalt?',
    'wat is de plek van de sessie in de cyclus?',
    'hoe laat begint het webinar over armoede?',
    'where is the meeting going wrong?',
    'hoe bereid ik de volgende sessie voor?',
    'wanneer moet ik de agenda van de sessie rondsturen?',
    'waar moet een goede sessie aan voldoen?',
    'ik kan er niet bij dat de gemeente niet meer komt',
    'ik kom er niet uit met de wethouder',
    'ik kan de partners niet aanwezig krijgen bij de sessie',
    'ik kan hem niet komen ophalen',
    'ik kan het niet',
    'ik kan niet goed samenwerken met de gemeente',
    'ik ben ziek van al die vergaderingen',
    'wanneer is het netwerk klaar?',
    'hoeveel mensen komen er idealiter naar een leernetwerk?',
    'How do I run a good first session?',
    'when is a community of practice the right choice?',
    `wanneer is de volgende sessie ${'x'.repeat(200)}`,
    // Near the new phrasings, but about something else.
    'gaat het netwerk door na de subsidie?',
    'gaat het door als de trekker stopt?',
    'is het nog steeds zinvol om een sessie te houden?',
    'is het netwerk afgelast als niemand komt?',
    'hoe laat moet ik de uitnodiging versturen?',
    'wanneer moet ik er zijn voor de gemeente?',
    'kan ik mijn antwoord in de pulse veranderen?',
    'can I still change my answer?',
    'waar moet ik naartoe met klachten?',
    'ik kan toch niet alles alleen doen',
    'I can come up with ideas. How do I get them heard?',
    'Ik kan niet. Hoe krijg ik de gemeente mee?',
    'Ik kom zeker. Hoe maak ik de sessie veilig voor iedereen?',
    'wanneer is de volgende sessie? en hoe zorg ik dat de partners blijven komen?',
    'ik kan niet, de partners haken af',
    'Onze partners haken af en de gemeente reageert niet. Hoe laat begint het? Wat moet ik doen?',
  ])('%s is a question for the handbook', (text) => {
    expect(sessionQuestionOf(text)).toBeUndefined();
  });

  it('takes none of the labelled handbook questions (the unsealed evaluation sets) for a question about the next session', () => {
    const dir = path.join(__dirname, '../fixtures/eval');
    const taken: string[] = [];
    for (const set of ['tune', 'dev', 'extra', 'outside-tune', 'outside-tune-2', 'blind-tune']) {
      const questions = JSON.parse(fs.readFileSync(path.join(dir, `questions.${set}.json`), 'utf8')) as Array<{ q: string }>;
      for (const { q } of questions) if (sessionQuestionOf(q) !== undefined) taken.push(q);
    }
    expect(taken).toEqual([]);
  });
});
