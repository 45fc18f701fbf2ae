// The words of every prompt: role names in lower case mid-sentence, singular and plural right,
// one name for the pulse, the time zone only where it differs, errors that say what is missing,
// help per command, and English for English readers.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/core/i18n.ts';
import type { PromptKey, PromptTable } from '../../src/core/i18n.ts';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import { roleNames } from '../../src/domain/roles.ts';
import { createSessionsHarness } from './sessions-harness.ts';
import { runConsoleLines } from '../console/console-helpers.ts';

const root = path.resolve(import.meta.dirname, '../..');
const catalog = loadPrompts(path.join(root, 'prompts'));
const nl = catalog.translator('nl');
const en = catalog.translator('en');
function table(lang: 'nl' | 'en'): Record<string, string> {
  const dir = path.join(root, 'prompts', lang);
  return Object.assign({}, ...readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8'))));
}

describe('plural forms in prompts', () => {
  const t = createTranslator('nl', { 'x.y': '{n|# week|# weken}, **{n|# open antwoord|# open antwoorden}**, {n} van 3 {n|heeft|hebben}' } as unknown as PromptTable);
  it.each([
    [1, '1 week, 1 open antwoord, 1 van 3 heeft'],
    [0, '0 weken, 0 open antwoorden, 0 van 3 hebben'],
    [2, '2 weken, 2 open antwoorden, 2 van 3 hebben'],
  ])('%i', (n, expected) => {
    expect(t.text('x.y' as PromptKey, { n })).toBe(expected);
  });

  it.each([
    ['timeline.changed.moved', { title: 'Agenda delen', network: 'Jeugd', weeks: 1 }, /valt nu 1 week voor/, /now falls 1 week before/],
    ['pulse.results.openPooledForward', { answers: 1, min: 5 }, /^1 open antwoord;/, /^1 open answer;/],
    ['pulse.results.pooledIn', { pulses: 1 }, /met 1 eerdere pulse die te weinig reacties had /, /with 1 earlier pulse that had too few responses to show on its own/],
    ['pulse.progress', { respondents: 1, invited: 4 }, /^1 van 4 heeft gereageerd$/, /^1 of 4 has responded$/],
    ['delivery.privacy.more', { count: 1 }, /1 ouder bericht\./, /1 older message\./],
    ['wins.cheer.counted', { count: 1 }, /1 persoon vindt dit mooi/, /1 person likes this/],
  ])('%s with one', (key, vars, dutch, english) => {
    expect(nl.text(key as PromptKey, vars)).toMatch(dutch);
    expect(en.text(key as PromptKey, vars)).toMatch(english);
  });

  it('leaves no "(en)" or "(s)" plural shortcuts in any prompt', () => {
    for (const lang of ['nl', 'en'] as const) {
      const shortcuts = Object.entries(table(lang)).filter(([, text]) => /\w\((en|s|n)\)/.test(text));
      expect(shortcuts).toEqual([]);
    }
  });
});

describe('role names', () => {
  it('are lower case mid-sentence in every prompt', () => {
    const capitalized = new RegExp(`(?<![.!?:*]\\s|^|\\*\\*|\\n)\\b(${roleNames.map((r) => r[0]!.toUpperCase() + r.slice(1)).join('|')})\\b`);
    const found = Object.entries(table('nl')).filter(([, text]) => capitalized.test(text));
    expect(found).toEqual([]);
    for (const role of roleNames) {
      expect(nl.text('role.assigned', { people: '@Bram', role: nl.text(`role.${role}` as PromptKey), network: 'Jeugd' })).toBe(`@Bram is nu ${role} in Jeugd.`);
    }
    expect(en.text('role.procesbegeleider' as PromptKey)).toBe('facilitator (procesbegeleider)');
  });
});

describe('one name for the pulse', () => {
  it('is "pulse" in every text and button', () => {
    for (const lang of ['nl', 'en'] as const) {
      expect(Object.entries(table(lang)).filter(([, text]) => /peiling|pulse ?check|enquête|survey/i.test(text))).toEqual([]);
    }
    expect(nl.text('nudge.button.pulse')).toBe('Start de pulse');
  });
});

describe('errors say what is missing', () => {
  it.each([
    ['sessie 2027-03-11', /Er mist nog een begintijd/],
    ['sessie verplaats 2027-03-11', /Er mist de nieuwe datum/],
    ['sessie verplaats', /Er missen de oude en de nieuwe datum/],
    ['sessie annuleer', /Er mist de datum/],
    ['sessie plek', /Er mist de datum van de sessie/],
    ['rol', /Er mist de rol\. Schrijf `?\/liso rol <rol> @naam/],
    ['rol weg', /Er mist de rol die je wilt afnemen/],
    ['rol weg deelnemer', /Er mist wie de rol kwijtraakt/],
    ['rol deelnemer', /Noem wie de rol krijgt/],
    ['tijdlijn rol agenda', /Er mist de rol\. Schrijf `?\/liso tijdlijn rol agenda <rol>/],
    ['tijdlijn gedaan', /Er mist de taak/],
    ['pulse antwoord', /Er missen de code en je antwoord/],
  ])('/liso %s', async (text, expected) => {
    const h = await createSessionsHarness();
    await h.run('anna', 'start Jeugd');
    await h.run('anna', 'sessie 2027-03-11 14:00');
    await h.run('anna', text);
    expect(h.lastReply('anna')).toMatch(expected);
  });
});

describe('help', () => {
  it('names /liso rol weg and shows one command\'s usage and examples', async () => {
    const h = await createSessionsHarness();
    await h.run('anna', 'help');
    expect(h.lastReply('anna')).toMatch(/\/liso rol weg <rol> @naam/);
    await h.run('anna', 'help sessie');
    // The harness clock reads Monday 4 January 2027: the examples plan four weeks ahead.
    expect(h.lastReply('anna')).toMatch(/^\/liso sessie\nplan, verplaats of annuleer een sessie\nGebruik: \/liso sessie 2027-02-01 14:00-17:00/);
    expect(h.lastReply('anna')).toMatch(/Voorbeelden: \/liso sessie 2027-02-01 14:00-17:00 Stadhuis Leiden · \/liso sessie 1-2-2027 9:30 2u/);
    expect(h.lastReply('anna')).toMatch(/\/liso sessie verplaats 2027-02-01 2027-02-08 ·/);
    await h.run('anna', 'help tijdlijn');
    expect(h.lastReply('anna')).toMatch(/\/liso tijdlijn verplaats Agenda delen 5/);
    await h.run('anna', 'help sesie');
    expect(h.lastReply('anna')).toMatch(/Bedoelde je \/liso help sessie\?/);
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toMatch(/`\/liso rol weg <rol> @naam` \(or `verwijder`\)/);
  });

  it('speaks English to English readers: English command names and examples, English console choices', async () => {
    const h = await createSessionsHarness();
    await h.run('anna', 'taal en');
    await h.run('anna', 'help');
    const help = h.lastReply('anna');
    for (const name of ['network', 'role', 'session', 'sessions', 'timeline', 'win', 'wins', 'journey', 'my-data', 'forget-me', 'language', 'ask']) expect(help).toContain(`/liso ${name} —`);
    for (const name of ['netwerk', 'rol', 'sessie', 'tijdlijn', 'vier', 'successen', 'reisverslag', 'taal']) expect(help).not.toContain(`/liso ${name} —`);
    await h.run('anna', 'help role');
    expect(h.lastReply('anna')).toMatch(/Examples: \/liso role facilitator @Bram/);
    // The console speaks its own language (LISO_LANG) around the bot's messages.
    const { text } = await runConsoleLines(['/liso taal en', '/liso'], { lang: 'en' });
    expect(text).toMatch(/Pick a stumbling block \(choice 1\):/);
  });
});

describe('time zones', () => {
  it('are shown only where a session\'s zone differs from the network\'s', async () => {
    const h = await createSessionsHarness();
    await h.run('anna', 'start Jeugd');
    await h.run('anna', 'sessie 2027-03-11 14:00');
    await h.run('anna', 'sessie 2027-04-08 14:00 Europe/London');
    await h.run('anna', 'sessies');
    expect(h.lastReply('anna')).toMatch(/donderdag 11 maart 2027, 14:00\n/);
    expect(h.lastReply('anna')).toMatch(/donderdag 8 april 2027, 14:00 \(Europe\/London\)/);
    await h.run('anna', 'netwerk');
    expect(h.lastReply('anna')).toMatch(/Volgende sessie: donderdag 11 maart 2027, 14:00\n/);
  });
});
