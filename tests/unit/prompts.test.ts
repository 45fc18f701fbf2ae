// Every user-facing text exists in Dutch and English, and every key the code uses exists.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import { renderTemplate } from '../../src/core/i18n.ts';
import { DataFileError } from '../../src/core/data-file.ts';
import { readLanguage, repoRoot } from '../fakes/prompt-tables.ts';

const root = repoRoot;
const nl = readLanguage('nl');
const en = readLanguage('en');
const enCore = JSON.parse(readFileSync(path.join(root, 'prompts/en/core.json'), 'utf8')) as Record<string, string>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const DUTCH_ROLE = /\b(trekkers?|procesbegeleiders?|verbindingsfunctionaris(sen)?|communicatieadviseurs?|projectassistent(en)?|deelnemers?)\b/i;
const ENGLISH_ROLE = /\b(network leads?|facilitators?|liaison officers?|communications advisers?|project assistants?|participants?)\b/i;
/** Prose only: command examples in backticks are commands, and a Dutch name in brackets glosses the English one. */
const prose = (text: string) => text.replace(/`[^`]*`/g, '').replace(/\((trekker|procesbegeleider|verbindingsfunctionaris|communicatieadviseur|projectassistent|deelnemer)(, ?(trekker|procesbegeleider|verbindingsfunctionaris|communicatieadviseur|projectassistent|deelnemer))*\)/gi, '');

describe('English prompts', () => {
  it('name every command by its English name, as /liso help shows them to English readers', async () => {
    // Before: "plans one with `/liso sessie <date> <time>`", "(or `/liso vraag <your question>`)".
    const { createTestApp } = await import('../fakes/test-app.ts');
    const t = await createTestApp();
    const dutchOnly = t.app.bot.commands().filter((c) => c.english && c.english !== c.name).map((c) => c.name);
    await t.app.close();
    expect(dutchOnly).toEqual(expect.arrayContaining(['sessie', 'rol', 'vraag', 'vragen', 'netwerk', 'taal', 'sessies']));
    // The one Dutch sentence in English text: how to switch to Dutch.
    const dutchOnPurpose = 'Typ `/liso taal nl` voor Nederlands.';
    const found = Object.entries(en).flatMap(([key, text]) =>
      dutchOnly.filter((name) => text.replace(dutchOnPurpose, '').includes(`/liso ${name} `) || text.replace(dutchOnPurpose, '').includes(`/liso ${name}\``)).map((name) => `${key}: /liso ${name}`),
    );
    expect(found).toEqual([]);
  });
});

describe('prompt files', () => {
  it('cite handbook sections in English in English texts, as the advice answers do', () => {
    const sources = JSON.parse(readFileSync(path.join(root, 'data/sources.json'), 'utf8')).sections as Array<{ nl: string; en: string }>;
    const dutchTitles = sources.filter((s) => s.nl !== s.en && s.nl.split(' ').length >= 2).map((s) => s.nl);
    expect(Object.entries(en).flatMap(([key, text]) => dutchTitles.filter((title) => text.includes(title)).map((title) => `${key}: ${title}`))).toEqual([]);
  });

  it('name roles in the reader\'s language: no Dutch role name in English prose, no English one in Dutch', () => {
    expect(Object.entries(en).filter(([, text]) => DUTCH_ROLE.test(prose(text))).map(([key]) => key)).toEqual([]);
    expect(Object.entries(nl).filter(([, text]) => ENGLISH_ROLE.test(prose(text))).map(([key]) => key)).toEqual([]);
  });

  it('load and agree with each other', () => {
    const catalog = loadPrompts(path.join(root, 'prompts'));
    expect(catalog.keys().length).toBeGreaterThan(50);
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });

  it('contain every prompt key the code refers to', () => {
    const used = new Set<string>();
    const pattern = /(?:rich|text|UserError|say|summary:|usage:)\(?\s*'([a-z][a-zA-Z]*(?:\.[a-zA-Z0-9-]+)+)'/g;
    for (const file of [...sourceFiles(path.join(root, 'src')), ...sourceFiles(path.join(root, 'adapters'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(pattern)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((key) => !(key in nl) || !(key in en));
    expect(missing).toEqual([]);
  });

  it('write Dutch in nl.json and English in en.json (spot check)', () => {
    expect(nl['help.title']).toMatch(/leernetwerk/);
    expect(en['help.title']).toMatch(/learning network/);
  });

  it('stop the start naming the file and the field when a translation is missing', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-prompts-'));
    cpSync(path.join(root, 'prompts'), dir, { recursive: true });
    const broken = { ...enCore };
    delete broken['help.title'];
    writeFileSync(path.join(dir, 'en/core.json'), JSON.stringify(broken));
    expect(() => loadPrompts(dir)).toThrow(DataFileError);
    expect(() => loadPrompts(dir)).toThrow(/en\/core\.json.*help\.title/);
  });

  it('stop the start when placeholders differ between languages', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-prompts-'));
    cpSync(path.join(root, 'prompts'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'en/core.json'), JSON.stringify({ ...enCore, 'network.show.title': 'Network {naam}' }));
    expect(() => loadPrompts(dir)).toThrow(/network\.show\.title.*placeholders/);
  });

  it('stop the start when a file is not JSON', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-prompts-'));
    cpSync(path.join(root, 'prompts'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'nl/core.json'), '{ "help.title": ');
    expect(() => loadPrompts(dir)).toThrow(/nl\/core\.json.*JSON/);
  });

  it('stop the start when a key is defined in two files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-prompts-'));
    cpSync(path.join(root, 'prompts'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'nl/extra.json'), JSON.stringify({ 'help.title': 'Dubbel' }));
    writeFileSync(path.join(dir, 'en/extra.json'), JSON.stringify({ 'help.title': 'Double' }));
    expect(() => loadPrompts(dir)).toThrow(/extra\.json.*help\.title.*core\.json/);
  });

  it('stop the start when a language lacks a file the Dutch folder has', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-prompts-'));
    cpSync(path.join(root, 'prompts'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'nl/extra.json'), JSON.stringify({ 'extra.one': 'Een' }));
    expect(() => loadPrompts(dir)).toThrow(/en\/extra\.json.*ontbreekt/);
  });
});

describe('ambient values', () => {
  it('fill the prompts that use them, when rendered, in the zone asked for; a passed value wins', () => {
    const asked: Array<string | undefined> = [];
    const catalog = loadPrompts(path.join(root, 'prompts'), {
      names: ['exampleDate'],
      values: (zone) => {
        asked.push(zone);
        return { exampleDate: `D-${zone ?? 'default'}` };
      },
    });
    expect(catalog.translator('nl').text('help.title')).not.toMatch(/D-/);
    expect(asked).toEqual([]);
    expect(catalog.translator('nl').text('session.cancel.usage')).toMatch(/`?\/liso sessie annuleer D-default`?\.$/);
    let zone: string | undefined;
    const t = catalog.translator('en', () => zone);
    expect(t.text('session.cancel.usage')).toMatch(/cancel D-default/);
    zone = 'Pacific/Kiritimati';
    expect(t.text('session.cancel.usage')).toMatch(/cancel D-Pacific\/Kiritimati/);
    expect(t.text('session.cancel.usage', { exampleDate: 'given' })).toMatch(/cancel given/);
    expect(asked).toEqual([undefined, undefined, 'Pacific/Kiritimati', 'Pacific/Kiritimati']);
  });
});

describe('renderTemplate', () => {
  it.each([
    ['Hallo {name}', { name: 'Sanne' }, [{ type: 'text', text: 'Hallo ' }, { type: 'text', text: 'Sanne' }]],
    ['**{name}** komt', { name: 'Sanne' }, [{ type: 'text', text: 'Sanne', style: 'bold' }, { type: 'text', text: ' komt' }]],
    ['typ `/liso help`', {}, [{ type: 'text', text: 'typ ' }, { type: 'text', text: '/liso help', style: 'code' }]],
    ['{missing}', {}, [{ type: 'text', text: '{missing}' }]],
  ])('%j', (template, vars, expected) => {
    expect(renderTemplate(template, vars)).toEqual(expected);
  });

  it('never parses markup inside values', () => {
    const rich = renderTemplate('Naam: {name}', { name: '**<!channel>** {other} `x`' });
    expect(rich).toEqual([
      { type: 'text', text: 'Naam: ' },
      { type: 'text', text: '**<!channel>** {other} `x`' },
    ]);
  });

  it('keeps mentions given as values', () => {
    const rich = renderTemplate('{user} is trekker', { user: { type: 'mention', userId: 'U1', fallback: '@Anna' } });
    expect(rich[0]).toEqual({ type: 'mention', userId: 'U1', fallback: '@Anna' });
  });
});

describe('translated rich text', () => {
  it('joins neighbouring spans of one style, so adapters never print doubled markers', async () => {
    const { createTranslator } = await import('../../src/core/i18n.ts');
    const t = createTranslator('nl', { 'pulse.x': 'Reacties: **{respondents} van de {invited}** ({rate}%)' } as never);
    expect(t.rich('pulse.x' as never, { respondents: 5, invited: 5, rate: 100 })).toEqual([
      { type: 'text', text: 'Reacties: ' },
      { type: 'text', text: '5 van de 5', style: 'bold' },
      { type: 'text', text: ' (100%)' },
    ]);
  });
});
