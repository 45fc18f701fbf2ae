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
