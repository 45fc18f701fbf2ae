// Shared by the eval-set tests: reading a labelled set and checking its labels against data/knowledge.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const evalDir = path.join(root, 'tests', 'fixtures', 'eval');

export interface LabelledQuestion {
  q: string;
  lang: 'nl' | 'en';
  topics: string[];
  persona: string;
  kind: number[];
  near?: string[];
  source?: string;
}

export function readSet(name: string): LabelledQuestion[] {
  return JSON.parse(readFileSync(path.join(evalDir, name), 'utf8')) as LabelledQuestion[];
}

/** Entry ids straight from the data files, not through the engine, so a renamed entry fails here. */
export function knowledgeIds(): Set<string> {
  const dir = path.join(root, 'data', 'knowledge');
  const ids = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    for (const entry of JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { id: string }[]) ids.add(entry.id);
  }
  return ids;
}

export const isOutOfScope = (question: LabelledQuestion) => question.topics.includes('none');

/** Every label names an existing entry, "none" stands alone, near misses carry kind 5; one line per problem. */
export function labelProblems(set: readonly LabelledQuestion[], ids: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const question of set) {
    const where = `"${question.q.slice(0, 50)}"`;
    if (!question.q.trim()) problems.push(`${where}: empty question`);
    if (question.lang !== 'nl' && question.lang !== 'en') problems.push(`${where}: lang ${String(question.lang)}`);
    if (!question.persona) problems.push(`${where}: no persona`);
    if (question.topics.length === 0) problems.push(`${where}: no topics`);
    if (isOutOfScope(question) && question.topics.length > 1) problems.push(`${where}: "none" mixed with ids`);
    for (const id of [...question.topics.filter((t) => t !== 'none'), ...(question.near ?? [])]) {
      if (!ids.has(id)) problems.push(`${where}: unknown entry ${id}`);
    }
    if (question.kind.some((k) => !Number.isInteger(k) || k < 1 || k > 6)) problems.push(`${where}: kind ${question.kind.join(',')}`);
    if (question.near && !isOutOfScope(question)) problems.push(`${where}: near on an in-scope question`);
    if (question.kind.includes(5) !== Boolean(question.near)) problems.push(`${where}: kind 5 and near disagree`);
  }
  return problems;
}
