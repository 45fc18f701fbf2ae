// The index stored by `npm run build` answers exactly as one built fresh, and is never used when stale.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAdviceData } from '../../src/advice/advice-data.ts';
import type { AdviceEngine, AskOptions } from '../../src/advice/advice-engine.ts';
import { createAdviceEngine } from '../../src/advice/advice-engine.ts';
import { deferredAdviceEngine } from '../../src/advice/deferred-engine.ts';
import { analyseHandbook } from '../../src/advice/handbook-index.ts';
import { CODE_DIRS, indexFingerprint, parseHandbookIndex, readPrebuiltIndex, serialiseHandbookIndex, writePrebuiltIndex } from '../../src/advice/prebuilt-index.ts';
import { loadKnowledgeBase } from '../../src/knowledge/knowledge-base.ts';
import { root } from './engine-fixture.ts';

const dataDir = path.join(root, 'data');
const kb = loadKnowledgeBase(dataDir);
const data = loadAdviceData(dataDir);
const stored = serialiseHandbookIndex(analyseHandbook(kb, data), kb, dataDir);

const questionsOf = (set: string) =>
  (JSON.parse(readFileSync(path.join(root, `tests/fixtures/eval/questions.${set}.json`), 'utf8')) as Array<{ q: string }>).map((item) => item.q);

// Typos, word beginnings, compounds, separable verbs, shorthand, mixed languages, subjects the handbook lacks, two topics.
const crafted = [
  'hoe hou ik de betrokkenheit van deelnemrs vast',
  'ons netwrok valt uit elkaar',
  'de kwartaalbijeenkomst loopt altijd uit',
  'iedereen meldt zich steeds af',
  'de pb heeft geen tijd',
  'how do we handle no-shows bij onze sessies',
  'mogen we de deelnemerslijst delen onder de AVG?',
  'hoe vraag ik subsidie aan bij het Oranje Fonds',
  'veel verloop, en daardoor overvolle sessies',
  'wie wint het WK?',
  'ervar',
  '',
];

describe('the stored handbook index', () => {
  const fresh = createAdviceEngine(kb, { data });
  const prebuilt = parseHandbookIndex(stored, kb, dataDir);
  const loaded = createAdviceEngine(kb, { data, prebuilt: prebuilt!.load()! });

  it('is read back when built from these data files and this code', () => {
    expect(prebuilt).toBeDefined();
  });

  const questions = [...questionsOf('tune'), ...questionsOf('dev'), ...crafted];
  const compare = (engine: AdviceEngine, question: string, opts: AskOptions) => ({ ask: engine.ask(question, opts), explain: engine.explain(question, opts) });

  it(`ranks ${questions.length} questions exactly as a freshly built index (scores, credits, abstentions, answers)`, () => {
    expect(questions.length).toBeGreaterThan(300);
    for (const question of questions) {
      expect(compare(loaded, question, {}), question).toEqual(compare(fresh, question, {}));
    }
  });

  it('gives the same answers when the language is forced', () => {
    for (const question of questions.slice(0, 100)) {
      expect(compare(loaded, question, { lang: 'en' }), question).toEqual(compare(fresh, question, { lang: 'en' }));
    }
  });
});

describe('a stale stored index is not used', () => {
  const dirs: string[] = [];
  const copyOfData = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-index-'));
    dirs.push(dir);
    cpSync(dataDir, dir, { recursive: true });
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('is used for an identical copy of the data', () => {
    expect(parseHandbookIndex(stored, kb, copyOfData())).toBeDefined();
  });

  it('is not used once a data file changed', () => {
    const dir = copyOfData();
    const file = path.join(dir, 'advice/synonyms.json');
    const synonyms = JSON.parse(readFileSync(file, 'utf8')) as { nl: Array<{ when: string[] }> };
    synonyms.nl[0]!.when.push('een nieuwe uitdrukking');
    writeFileSync(file, JSON.stringify(synonyms));
    expect(parseHandbookIndex(stored, kb, dir)).toBeUndefined();
  });

  it('is not used once a data file was added', () => {
    const dir = copyOfData();
    writeFileSync(path.join(dir, 'knowledge/situations/extra.json'), '{}');
    expect(parseHandbookIndex(stored, kb, dir)).toBeUndefined();
  });

  it('is not used for another list of entries, an older layout or a damaged file', () => {
    expect(parseHandbookIndex(stored, { ...kb, entries: kb.entries.slice(1) }, dataDir)).toBeUndefined();
    expect(parseHandbookIndex(stored.replace(/"format":\d+/, '"format":0'), kb, dataDir)).toBeUndefined();
    expect(parseHandbookIndex(stored.slice(0, stored.indexOf('\n') + 100), kb, dataDir)).toBeUndefined();
    expect(parseHandbookIndex(stored.slice(0, stored.length / 2), kb, dataDir)).toBeUndefined();
  });

  it('is stamped with the engine code: an edit there changes the fingerprint', () => {
    const code = CODE_DIRS.map((dir) => {
      const copy = mkdtempSync(path.join(os.tmpdir(), 'liso-index-code-'));
      dirs.push(copy);
      cpSync(dir, copy, { recursive: true });
      return copy;
    });
    expect(indexFingerprint(dataDir, code)).toBe(indexFingerprint(dataDir));
    const scoring = path.join(code[0]!, 'entry-index.ts');
    writeFileSync(scoring, readFileSync(scoring, 'utf8').replace('title: 2.5', 'title: 2.4'));
    expect(indexFingerprint(dataDir, code)).not.toBe(indexFingerprint(dataDir));
  });

  it('is written and read back through a file, and a missing file means a fresh build', () => {
    const dir = copyOfData();
    const file = path.join(dir, 'advice-index.json');
    expect(readPrebuiltIndex(kb, dataDir, file)).toBeUndefined();
    writePrebuiltIndex(analyseHandbook(kb, data), kb, dataDir, file);
    expect(readPrebuiltIndex(kb, dataDir, file)).toBeDefined();
  });

  it('reads only the header and the last bytes when found, the body on load, and a file gone bad by then means a fresh build', () => {
    const dir = copyOfData();
    const file = path.join(dir, 'advice-index.json');
    writeFileSync(file, stored.slice(0, stored.length - 10));
    expect(readPrebuiltIndex(kb, dataDir, file)).toBeUndefined();
    writeFileSync(file, stored);
    const found = readPrebuiltIndex(kb, dataDir, file)!;
    expect(found.load()?.surface.entryIds).toEqual(kb.entries.map((entry) => entry.id));
    writeFileSync(file, stored.slice(0, stored.length / 2));
    expect(found.load()).toBeUndefined();
    rmSync(file);
    expect(found.load()).toBeUndefined();
    writeFileSync(file, `${'x'.repeat(2_000_000)}\n}\n`);
    expect(readPrebuiltIndex(kb, dataDir, file)).toBeUndefined();
  });
});

describe('an engine on the stored index, read on the first question', () => {
  it('checks the data files at once, before any question', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-index-'));
    try {
      cpSync(dataDir, dir, { recursive: true });
      const file = path.join(dir, 'knowledge/situations', readdirSync(path.join(dir, 'knowledge/situations'))[0]!);
      const situations = JSON.parse(readFileSync(file, 'utf8')) as { situations: Record<string, { nl: string[] }> };
      const first = Object.keys(situations.situations)[0]!;
      situations.situations[first]!.nl = ['te weinig'];
      writeFileSync(file, JSON.stringify(situations));
      let loads = 0;
      expect(() => deferredAdviceEngine(kb, dir, { load: () => (loads++, parseHandbookIndex(stored, kb, dataDir)!.load()) })).toThrow(
        new RegExp(`situations.*${first}\\.nl`),
      );
      expect(loads).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the index once, on the first question, and answers as a fresh engine', () => {
    let loads = 0;
    const index = parseHandbookIndex(stored, kb, dataDir)!;
    const engine = deferredAdviceEngine(kb, dataDir, { load: () => (loads++, index.load()) });
    expect(loads).toBe(0);
    const fresh = createAdviceEngine(kb, { data });
    for (const question of questionsOf('dev').slice(0, 20)) expect(engine.ask(question)).toEqual(fresh.ask(question));
    expect(engine.explain('opkomst')).toEqual(fresh.explain('opkomst'));
    expect(loads).toBe(1);
  });
});
