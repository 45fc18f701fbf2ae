// Every prompt of one language as one table, read straight from prompts/<lang>/*.json (for tests on the texts).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export function readLanguage(lang: string): Record<string, string> {
  const dir = path.join(repoRoot, 'prompts', lang);
  return Object.assign({}, ...readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8'))));
}
