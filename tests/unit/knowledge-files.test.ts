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

  describe('the cited sections (data/sources.json)', () => {
    /** A copy of data/ with `change` applied to data/sources.json, loaded. */
    function loadWithSources(change: (file: { sections: Array<Record<string, unknown>> }) => void) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-data-'));
      cpSync(path.join(root, 'data'), dir, { recursive: true });
      const file = path.join(dir, 'sources.json');
      const sources = JSON.parse(readFileSync(file, 'utf8')) as { sections: Array<Record<string, unknown>> };
      change(sources);
      writeFileSync(file, JSON.stringify(sources));
      return () => loadKnowledgeBase(dir);
    }

    it('cites each section once, under one name, and every section is cited', () => {
      const cited = new Set(kb.entries.flatMap((e) => e.sources));
      expect([...kb.sources.sections.keys()].filter((id) => !cited.has(id))).toEqual([]);
      for (const entry of kb.entries) expect(new Set(entry.sources).size, entry.id).toBe(entry.sources.length);
    });

    // Outside review: "Drie agenda's voor verandering; ... 3 agenda's" in one source line.
    it("stops on one section under two names (\"3 agenda's\" next to \"Drie agenda's voor verandering\")", () => {
      const load = loadWithSources((f) => f.sections.push({ id: 'handboek-h4-3-agendas', seed: '002', document: 'handboek', part: 'h4', nl: "3 agenda's", en: '3 agendas' }));
      expect(load).toThrow(new RegExp(`sources\\.json.*sections\\.${kb.sources.sections.size}\\.nl.*"3 agenda's" is ook "Drie agenda's voor verandering".*two names`));
    });

    it('stops on a part cited next to its whole, in English too', () => {
      const load = loadWithSources((f) => f.sections.push({ id: 'handboek-h7-afsluiten', seed: '002', document: 'handboek', part: 'h7', nl: 'Afronden', en: 'Closing' }));
      expect(load).toThrow(/sources\.json.*sections\.\d+\.en.*two names/);
    });

    it('stops on a section without its English name, naming file and field', () => {
      const load = loadWithSources((f) => delete f.sections[3]!.en);
      expect(load).toThrow(/sources\.json.*sections\.3\.en/);
    });

    it('stops on a part its document does not have', () => {
      const load = loadWithSources((f) => (f.sections[0]!.part = 'h9'));
      expect(load).toThrow(/sources\.json.*sections\.0\.part.*h9/);
    });

    it('stops on an entry citing a section that does not exist, or one twice', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-data-'));
      cpSync(path.join(root, 'data'), dir, { recursive: true });
      const file = path.join(dir, 'knowledge/handbook-struikelblokken.json');
      const entries = JSON.parse(readFileSync(file, 'utf8')) as Array<{ id: string; sources: string[] }>;
      entries[0]!.sources = ['handboek-h6-struikelblok-1', 'handboek-h6-struikelblok-12'];
      writeFileSync(file, JSON.stringify(entries));
      expect(() => loadKnowledgeBase(dir)).toThrow(/handbook-struikelblokken\.json.*sources\.1.*struikelblok-12/);
      entries[0]!.sources = ['handboek-h6-struikelblok-1', 'handboek-h6-struikelblok-1'];
      writeFileSync(file, JSON.stringify(entries));
      expect(() => loadKnowledgeBase(dir)).toThrow(/handbook-struikelblokken\.json.*sources\.1.*twice/);
    });
  });
});
