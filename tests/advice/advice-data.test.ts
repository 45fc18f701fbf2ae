// The engine's own data files validate at load time, and a bad one names the file and the field.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdviceData } from '../../src/advice/advice-data.ts';
import { createAdviceEngine } from '../../src/advice/advice-engine.ts';
import { root, sharedEngine } from './engine-fixture.ts';

function copyOfData(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-advice-'));
  cpSync(path.join(root, 'data'), dir, { recursive: true });
  return dir;
}

describe('advice data', () => {
  it('loads the synonyms and stopwords shipped in data/advice', () => {
    const data = loadAdviceData(path.join(root, 'data'));
    expect(data.synonyms.nl.length).toBeGreaterThan(20);
    expect(data.synonyms.en.length).toBeGreaterThan(20);
    expect(data.stopwords.nl.stop).toContain('eigenlijk');
  });

  it('stops on a bad synonyms file, naming the file and the field', () => {
    const dir = copyOfData();
    const file = path.join(dir, 'advice/synonyms.json');
    const synonyms = JSON.parse(readFileSync(file, 'utf8')) as { nl: Array<{ when: unknown }> };
    synonyms.nl[3]!.when = [];
    writeFileSync(file, JSON.stringify(synonyms));
    expect(() => loadAdviceData(dir)).toThrow(/synonyms\.json.*nl\.3\.when/);
  });

  it('loads 10-20 situations per language for every entry', () => {
    const { situations } = loadAdviceData(path.join(root, 'data'));
    const { kb } = sharedEngine();
    expect([...situations.keys()].sort()).toEqual(kb.entries.map((e) => e.id).sort());
    for (const texts of situations.values()) {
      for (const lang of ['nl', 'en'] as const) expect(texts[lang].length).toBeGreaterThanOrEqual(10);
    }
  });

  it('stops on an entry without situations, and on situations of an unknown entry', () => {
    const dir = copyOfData();
    const file = path.join(dir, 'knowledge/situations/handbook-struikelblokken.json');
    const original = readFileSync(file, 'utf8');
    const parsed = JSON.parse(original) as { situations: Record<string, unknown> };
    const { vieren, ...rest } = parsed.situations;
    writeFileSync(file, JSON.stringify({ situations: rest }));
    expect(() => createAdviceEngine(sharedEngine().kb, { dataDir: dir })).toThrow(/situations\.vieren.*missing/);
    writeFileSync(file, JSON.stringify({ situations: { ...parsed.situations, 'bestaat-niet': vieren } }));
    expect(() => createAdviceEngine(sharedEngine().kb, { dataDir: dir })).toThrow(/bestaat-niet.*unknown entry/);
  });

  it('stops on an entry with too few situations, naming the file and the field', () => {
    const dir = copyOfData();
    const file = path.join(dir, 'knowledge/situations/framework-en-onderzoek.json');
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { situations: Record<string, { nl: string[] }> };
    parsed.situations['reflectie']!.nl = parsed.situations['reflectie']!.nl.slice(0, 3);
    writeFileSync(file, JSON.stringify(parsed));
    expect(() => loadAdviceData(dir)).toThrow(/framework-en-onderzoek\.json.*situations\.reflectie\.nl/);
  });

  it('stops on a stopwords file that is not JSON', () => {
    const dir = copyOfData();
    writeFileSync(path.join(dir, 'advice/stopwords.json'), '{ not json');
    expect(() => createAdviceEngine(sharedEngine().kb, { dataDir: dir })).toThrow(/stopwords\.json/);
  });
});
