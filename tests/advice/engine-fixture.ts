// One knowledge base and engine shared by the advice tests (building the index takes a few hundred ms).
import path from 'node:path';
import { createAdviceEngine } from '../../src/advice/advice-engine.ts';
import type { AdviceEngine } from '../../src/advice/advice-engine.ts';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts';
import { loadKnowledgeBase } from '../../src/knowledge/knowledge-base.ts';

export const root = path.resolve(import.meta.dirname, '../..');

let cached: { kb: KnowledgeBase; engine: AdviceEngine } | undefined;

export function sharedEngine(): { kb: KnowledgeBase; engine: AdviceEngine } {
  if (!cached) {
    const kb = loadKnowledgeBase(path.join(root, 'data'));
    cached = { kb, engine: createAdviceEngine(kb, { dataDir: path.join(root, 'data') }) };
  }
  return cached;
}
