// The handbook knowledge base loads, covers every eval topic, and a bad file names file and field.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge/knowledge-base.ts';

const root = path.resolve(import.meta.dirname, '../..');
const topics = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/eval/topics.json'), 'utf8')) as { topics: Record<string, string> };

describe('knowledge base', () => {
  const kb = loadKnowledgeBase(path.join(root, 'data'));

  it('has an entry for every canonical topic id', () => {
    const missing = Object.keys(topics.topics).filter((id) => !kb.byId.has(id));
    expect(missing).toEqual([]);
  });

  it('has exactly the nine stumbling blocks that survived extraction', () => {
    expect(kb.entries.filter((e) => e.kind === 'struikelblok').map((e) => e.id).sort()).toEqual(
      Object.keys(topics.topics).filter((id) => id.startsWith('sb-')).sort(),
    );
  });

  it('cites a source for every entry and has both languages', () => {
    for (const entry of kb.entries) {
      expect(entry.sources.length, entry.id).toBeGreaterThan(0);
      expect(entry.nl.title, entry.id).not.toBe('');
      expect(entry.en.title, entry.id).not.toBe('');
    }
  });

  it('keeps the Delphi principles with their scores', () => {
    const principles = kb.delphi.kernelementen.flatMap((k) => k.principles);
    expect(principles.length).toBeGreaterThanOrEqual(40);
    for (const p of principles) expect(p.importance).toBeGreaterThanOrEqual(1);
  });

  it('stops on a bad file, naming the file and the field', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-data-'));
    cpSync(path.join(root, 'data'), dir, { recursive: true });
    const file = path.join(dir, 'knowledge/handbook-struikelblokken.json');
    const entries = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
    entries[2] = { ...entries[2], kind: 'raadsel' };
    writeFileSync(file, JSON.stringify(entries));
    expect(() => loadKnowledgeBase(dir)).toThrow(/handbook-struikelblokken\.json.*2\.kind/);
  });

  it('stops on a related id that does not exist', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-data-'));
    cpSync(path.join(root, 'data'), dir, { recursive: true });
    const file = path.join(dir, 'knowledge/handbook-struikelblokken.json');
    const entries = JSON.parse(readFileSync(file, 'utf8')) as Array<{ related: string[] }>;
    entries[0]!.related = ['bestaat-niet'];
    writeFileSync(file, JSON.stringify(entries));
    expect(() => loadKnowledgeBase(dir)).toThrow(/related\.0.*bestaat-niet/);
  });
});
