// The chaos run starts the compiled bot, as production does: dist/ is rebuilt first when a
// source is newer than its build (bin/liso.js would otherwise run the sources through tsx).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/core/paths.ts';

const SOURCE_DIRS = ['src', 'adapters', 'cli'];

export function isBuildFresh(): boolean {
  const root = packageRoot();
  const stamp = path.join(root, 'dist/build-started');
  if (!existsSync(path.join(root, 'dist/cli/main.js')) || !existsSync(stamp)) return false;
  const builtAt = statSync(stamp).mtimeMs;
  for (const dir of SOURCE_DIRS) {
    for (const file of readdirSync(path.join(root, dir), { recursive: true }) as string[]) {
      if (file.endsWith('.ts') && statSync(path.join(root, dir, file)).mtimeMs > builtAt) return false;
    }
  }
  return true;
}

export function ensureBuilt(say: (line: string) => void): void {
  if (isBuildFresh()) return;
  say('chaos: compiling the bot (npm run build) so the real process runs compiled');
  const build = spawnSync(process.execPath, [path.join(packageRoot(), 'scripts/build.js')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}
