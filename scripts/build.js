#!/usr/bin/env node
// `npm run build` (also run by `npm install` through `prepare`): compiles the TypeScript into
// dist/ from scratch and stamps when the build started, so bin/liso.js can tell a source edited
// since then (and run the sources instead of stale JavaScript). A failed build leaves no dist/.
// Then it stores the advice engine's handbook index (dist/advice-index.json), so a start reads it
// instead of analysing the handbook (src/advice/prebuilt-index.ts; used only while fresh).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

// From scratch: JavaScript of a deleted source must not linger and still be importable.
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// Written before compiling: a source saved while tsc runs is newer than the stamp, hence stale.
writeFileSync(`${dist}build-started`, `${new Date().toISOString()}\n`);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.stderr.write('build failed: dist/ removed, so `npx liso` runs the sources through tsx until the next build\n');
  process.exit(result.status ?? 1);
}

// With the compiled code itself, so the index is what this build's engine computes.
const compiled = (file) => import(pathToFileURL(`${dist}src/${file}`).href);
const [{ loadKnowledgeBase }, { loadAdviceData }, { analyseHandbook }, { writePrebuiltIndex }] = await Promise.all([
  compiled('knowledge/knowledge-base.js'),
  compiled('advice/advice-data.js'),
  compiled('advice/handbook-index.js'),
  compiled('advice/prebuilt-index.js'),
]);
const dataDir = `${root}data`;
try {
  const kb = loadKnowledgeBase(dataDir);
  writePrebuiltIndex(analyseHandbook(kb, loadAdviceData(dataDir)), kb, dataDir);
} catch (error) {
  // A bad data file stops every start with its name and field anyway; the code is still built.
  process.stderr.write(`advice index not stored (each start builds it): ${error?.message ?? error}\n`);
}
