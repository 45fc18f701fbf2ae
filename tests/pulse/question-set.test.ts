// The pulse question set: grounded in Delphi principles, linked to handbook entries, validated at start.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { DataFileError } from '../../src/core/data-file.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { loadQuestionSet } from '../../src/features/pulse/question-set.ts';
import { loadKnowledgeBase } from '../../src/knowledge/knowledge-base.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('data/pulse-questions.json', () => {
  const knowledge = loadKnowledgeBase(path.join(root, 'data'));
  const prompts = loadPrompts(path.join(root, 'prompts'));
  const set = loadQuestionSet(path.join(root, 'data'), knowledge, prompts);

  it('has 4-6 statements, each grounded in a Delphi principle rated at least 4 and linked to existing handbook entries', () => {
    expect(set.statements.length).toBeGreaterThanOrEqual(4);
    expect(set.statements.length).toBeLessThanOrEqual(6);
    for (const statement of set.statements) {
      expect(set.importance.get(statement.id)).toBeGreaterThanOrEqual(4);
      for (const entry of statement.advice) expect(knowledge.byId.has(entry)).toBe(true);
    }
    expect(set.statements.find((s) => s.id === 'betrokkenheid')!.advice[0]).toBe('sb-betrokkenheid');
    expect(set.statements.find((s) => s.id === 'sessie')!.advice[0]).toBe('sb-overvolle-sessies');
  });

  it('keeps its texts in the prompt files, in both languages', () => {
    for (const lang of ['nl', 'en'] as const) {
      const t = prompts.translator(lang);
      for (const statement of set.statements) {
        expect(t.text(statement.text as never).length).toBeGreaterThan(20);
        expect(t.text(statement.why as never, { importance: '4,6' })).toMatch(/4,6/);
      }
    }
    expect(prompts.translator('nl').text(set.open.text as never)).toBe('Wat zou de volgende sessie beter maken?');
  });

  it.each([
    ['an unknown Delphi principle', (d: Record<string, any>) => void (d.statements[0].delphi = 'delphi-bestaat-niet'), 'statements.0.delphi'],
    ['an unknown handbook entry', (d: Record<string, any>) => void (d.statements[2].advice = ['bestaat-niet']), 'statements.2.advice.0'],
    ['a prompt key that does not exist', (d: Record<string, any>) => void (d.statements[1].text = 'pulse.q.nergens'), 'statements.1.text'],
    ['a duplicate id', (d: Record<string, any>) => void (d.statements[1].id = d.statements[0].id), 'statements.1.id'],
    ['too few statements', (d: Record<string, any>) => void (d.statements = d.statements.slice(0, 3)), 'statements'],
  ])('stops the start naming the field on %s', async (_name, spoil, field) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-pulse-q-'));
    cpSync(path.join(root, 'data'), path.join(dir, 'data'), { recursive: true });
    cpSync(path.join(root, 'prompts'), path.join(dir, 'prompts'), { recursive: true });
    const file = path.join(dir, 'data/pulse-questions.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    spoil(data);
    writeFileSync(file, JSON.stringify(data));
    const start = createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock: new SimulatedClock(new Date()), log: createLogger('silent'), store: new MemoryStore(), root: dir });
    await expect(start).rejects.toThrow(DataFileError);
    await expect(start).rejects.toMatchObject({ field });
  });
});
