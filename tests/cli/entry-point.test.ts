// bin/liso.js runs the compiled CLI only while it is at least as new as every TypeScript source,
// so an edit after `npm run build` never runs old code. Tried on a copy of the package layout.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
let dir: string;

async function ranFrom(): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(dir, 'bin/liso.js')], { cwd: dir });
  return stdout.trim();
}

async function setTime(file: string, at: Date): Promise<void> {
  await utimes(path.join(dir, file), at, at);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'liso-entry-'));
  await mkdir(path.join(dir, 'bin'));
  await mkdir(path.join(dir, 'cli'));
  await mkdir(path.join(dir, 'src/core'), { recursive: true });
  await mkdir(path.join(dir, 'dist/cli'), { recursive: true });
  await copyFile(path.join(root, 'bin/liso.js'), path.join(dir, 'bin/liso.js'));
  await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  await writeFile(path.join(dir, 'package.json'), '{"type":"module"}');
  await writeFile(path.join(dir, 'cli/main.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
  await writeFile(path.join(dir, 'src/core/thing.ts'), 'export const thing = 1;\n');
  await writeFile(path.join(dir, 'dist/cli/main.js'), "console.log('compiled');\n");
  await writeFile(path.join(dir, 'dist/build-started'), 'stamp\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bin/liso.js', () => {
  it('runs the compiled CLI when no source changed after the build started', async () => {
    await setTime('cli/main.ts', new Date('2026-12-01T10:00:00Z'));
    await setTime('src/core/thing.ts', new Date('2026-12-01T10:00:00Z'));
    await setTime('dist/build-started', new Date('2026-12-01T11:00:00Z'));
    expect(await ranFrom()).toBe('compiled');
  });

  it('runs the sources when any of them was saved after the build started', async () => {
    await setTime('src/core/thing.ts', new Date('2026-12-01T11:00:01Z'));
    expect(await ranFrom()).toBe('sources');
  });

  it('runs the sources when there is no build, or a build without its stamp', async () => {
    await setTime('src/core/thing.ts', new Date('2026-12-01T10:00:00Z'));
    await rm(path.join(dir, 'dist/build-started'));
    expect(await ranFrom()).toBe('sources');
    await rm(path.join(dir, 'dist'), { recursive: true });
    expect(await ranFrom()).toBe('sources');
  });

  it('runs the compiled CLI where no sources are shipped (the Docker image)', async () => {
    await mkdir(path.join(dir, 'dist/cli'), { recursive: true });
    await writeFile(path.join(dir, 'dist/cli/main.js'), "console.log('compiled');\n");
    await writeFile(path.join(dir, 'dist/build-started'), 'stamp\n');
    await rm(path.join(dir, 'cli'), { recursive: true });
    await rm(path.join(dir, 'src'), { recursive: true });
    expect(await ranFrom()).toBe('compiled');
  });
});
