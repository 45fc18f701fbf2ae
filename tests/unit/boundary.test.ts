// The core knows no platform: nothing under src/ imports a Slack or Discord SDK.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

describe('core boundary', () => {
  it('src/ imports no platform SDK and nothing from adapters/', () => {
    const offenders = files(src)
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => {
        const text = readFileSync(file, 'utf8');
        return /from\s+['"](@slack\/|discord\.js|@discordjs\/|@microsoft\/teams)/.test(text) || /from\s+['"][./]*adapters\//.test(text) || /import\(['"](@slack\/|discord\.js|@microsoft\/teams)/.test(text);
      })
      .map((file) => path.relative(src, file));
    expect(offenders).toEqual([]);
  });

  it('src/ reads no environment variables except through the config', () => {
    const offenders = files(src)
      .filter((file) => file.endsWith('.ts') && !file.includes(`${path.sep}config${path.sep}`))
      .filter((file) => /process\.env/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(src, file));
    expect(offenders).toEqual([]);
  });
});
