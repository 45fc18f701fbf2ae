#!/usr/bin/env node
// Entry point of `npx liso`: runs the compiled CLI in dist/ (built by `npm install` through
// `prepare`, and in the Docker image). In a source checkout whose TypeScript changed after that
// build, it runs the sources through tsx (a development dependency) instead, so an edit never
// runs old code; `npm run build` makes it compiled again.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = `${root}dist/cli/main.js`;
const stamp = `${root}dist/build-started`;
const SOURCE_DIRS = ['src', 'adapters', 'cli'];

/** Whether a TypeScript source was saved after the build started (a stat per file, a few ms). */
function sourcesNewerThan(builtAt) {
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(`${root}${dir}`)) continue;
    for (const file of readdirSync(`${root}${dir}`, { recursive: true })) {
      if (file.endsWith('.ts') && statSync(`${root}${dir}/${file}`).mtimeMs > builtAt) return true;
    }
  }
  return false;
}

const built = existsSync(compiled) && existsSync(stamp);
if (built && !sourcesNewerThan(statSync(stamp).mtimeMs)) {
  await import(pathToFileURL(compiled).href);
} else {
  if (built && process.stderr.isTTY) process.stderr.write('liso: dist/ is older than the sources; running the sources (npm run build compiles them)\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
