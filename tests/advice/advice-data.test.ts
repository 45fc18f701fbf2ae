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

  it('stops on a stopwords file that is not JSON', () => {
    const dir = copyOfData();
    writeFileSync(path.join(dir, 'advice/stopwords.json'), '{ not json');
    expect(() => createAdviceEngine(sharedEngine().kb, { dataDir: dir })).toThrow(/stopwords\.json/);
  });
});
