// Where the package's own files (data/, prompts/) are, wherever the process was started from.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'prompts'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('liso-bot package root not found');
    dir = parent;
  }
  return dir;
}
