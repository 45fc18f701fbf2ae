// Pure reading of a free message: command words, thanks, greetings, follow-ups (tables).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { followUpOf, isAcknowledgement, isGreeting, isThanks, phraseCommandOf } from '../../src/core/conversation-words.ts';
import { intentOf, smallTalkOf } from '../../src/core/message-routing.ts';

const COMMANDS = new Set(['help', 'hulp', 'tijdlijn', 'vier', 'pulse', 'mijn-gegevens', 'sessie', 'rol', 'vraag', 'menu']);
const isCommand = (word: string) => COMMANDS.has(word);

describe('intentOf', () => {
  it.each([
    ['', { kind: 'empty' }],
    ['help', { kind: 'command', text: 'help' }],
    ['Help!', { kind: 'command', text: 'help' }],
    ['/help', { kind: 'command', text: 'help' }],
    ['/liso help', { kind: 'command', text: 'help' }],
    ['liso', { kind: 'command', text: '' }],
    ['LISO tijdlijn', { kind: 'command', text: 'tijdlijn' }],
    ['tijdlijn', { kind: 'command', text: 'tijdlijn' }],
    ['vier we hebben de eerste sessie gehad!', { kind: 'command', text: 'vier we hebben de eerste sessie gehad!' }],
    ['pulse resultaten', { kind: 'command', text: 'pulse resultaten' }],
    ['mijn-gegevens', { kind: 'command', text: 'mijn-gegevens' }],
    ['rol <@U1> deelnemer', { kind: 'command', text: 'rol <@U1> deelnemer' }],
    ['help?', { kind: 'command', text: 'help' }],
    ['rol van de trekker, wat is dat?', { kind: 'free' }],
    ['sessie verplaatsen, hoe doe ik dat?', { kind: 'free' }],
    ['liso-bot wat doet een procesbegeleider?', { kind: 'free' }],
    ['hoe krijg ik de partners weer mee?', { kind: 'free' }],
    ['dank je wel', { kind: 'thanks' }],
    ['👍', { kind: 'thanks' }],
    ['🎉🎉', { kind: 'no-words' }],
    ['?!', { kind: 'no-words' }],
    ['hoi', { kind: 'greeting' }],
    ['wat kun je allemaal?', { kind: 'about' }],
    ['liso-bot, wie ben jij?', { kind: 'about' }],
    ['What can you do?', { kind: 'about' }],
    ['wat kun je voor mij doen?', { kind: 'about' }],
    ['wat kun je doen als deelnemers afhaken?', { kind: 'free' }],
    ['hoe werkt dit leernetwerk eigenlijk?', { kind: 'free' }],
    ['meer tips', { kind: 'free' }],
    ['2', { kind: 'free' }],
    ['mijn gegevens', { kind: 'command', text: 'mijn-gegevens' }],
    ['Mijn gegevens?', { kind: 'command', text: 'mijn-gegevens' }],
    ['wat weet je eigenlijk over mij?', { kind: 'command', text: 'mijn-gegevens' }],
    ['mijn gegevens zijn veranderd, wat nu?', { kind: 'free' }],
    ['Hello! What can you do?', { kind: 'about' }],
    ['ik snap het niet', { kind: 'about' }],
    ['stop', { kind: 'leaving' }],
    ['hoe stop je een leernetwerk op een goede manier?', { kind: 'free' }],
    ['wie doen er allemaal mee?', { kind: 'command', text: 'netwerk' }],
    ['wie is de trekker en wat doet die?', { kind: 'free' }],
    ['ik snap het niet van die werkvormen', { kind: 'free' }],
    ['wat moet ik doen als de wethouder afhaakt?', { kind: 'free' }],
  ])('%j is %j', (text, expected) => {
    expect(intentOf(text, isCommand)).toEqual(expected);
  });

  it('takes none of the labelled handbook questions (the unsealed evaluation sets) for small talk, a command phrase or an acknowledgement', () => {
    const dir = path.join(__dirname, '../fixtures/eval');
    const taken: string[] = [];
    for (const set of ['tune', 'dev', 'extra', 'outside-tune', 'outside-tune-2', 'blind-tune']) {
      const questions = JSON.parse(fs.readFileSync(path.join(dir, `questions.${set}.json`), 'utf8')) as Array<{ q: string }>;
      for (const { q } of questions) if (smallTalkOf(q) !== undefined || phraseCommandOf(q) !== undefined || isAcknowledgement(q)) taken.push(q);
    }
    expect(taken).toEqual([]);
  });
});

describe('everyday phrases', () => {
  it.each([
    ['dank je', true],
    ['Dankjewel!', true],
    ['bedankt voor de tip', true],
    ['thanks', true],
    ['Thank you so much', true],
    ['👍🏽', true],
    ['🙏', true],
    ['top, dank je', true],
    ['dank je, maar hoe moet het dan?', false],
    ['dankbaarheid in een netwerk, hoe toon je dat', false],
    ['bedankt voor alles wat jullie deden in het netwerk vorig jaar toen we startten', false],
  ])('isThanks(%j) is %s', (text, expected) => {
    expect(isThanks(text)).toBe(expected);
  });

  it.each([
    ['hoi', true],
    ['Hallo daar!', true],
    ['goedemorgen', true],
    ['hoi, hoe krijg ik partners mee?', false],
    ['hallo ik heb een vraag over sessies', false],
  ])('isGreeting(%j) is %s', (text, expected) => {
    expect(isGreeting(text)).toBe(expected);
  });

  it.each([
    ['ok', true],
    ['Oké!', true],
    ['ok, top', true],
    ['prima dan', true],
    ['ok?', false],
    ['ok maar hoe plan ik een sessie', false],
  ])('isAcknowledgement(%j) is %s', (text, expected) => {
    expect(isAcknowledgement(text)).toBe(expected);
  });

  it.each([
    ['meer tips', { kind: 'more' }],
    ['Meer tips graag!', { kind: 'more' }],
    ['more', { kind: 'more' }],
    ['andere', { kind: 'other' }],
    ['iets anders?', { kind: 'other' }],
    ['something else', { kind: 'other' }],
    ['2', { kind: 'number', n: 2 }],
    ['2.', { kind: 'number', n: 2 }],
    ['nummer 3', { kind: 'number', n: 3 }],
    ['#1', { kind: 'number', n: 1 }],
    ['optie 12', { kind: 'number', n: 12 }],
    ['meer tips over afhakers', undefined],
    ['2027-03-11', undefined],
    ['123', undefined],
    ['anders nog iets dat ik moet weten over de rol van de trekker', undefined],
  ])('followUpOf(%j) is %j', (text, expected) => {
    expect(followUpOf(text)).toEqual(expected);
  });
});
