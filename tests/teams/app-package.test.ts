// `npx liso teams:package` as an admin runs it: a zip Teams accepts (manifest valid against the v1.25 schema,
// icons of the right size and kind, Dutch and English strings, the command menu).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestErrors } from '../../adapters/teams/app-package/validate-manifest.ts';
import { packageRoot } from '../../src/core/paths.ts';
import { CLIENT_ID, CLIENT_SECRET, TENANT_ID } from './fake-bot-connector.ts';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(os.tmpdir(), 'liso-teams-package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), TEAMS_CLIENT_ID: CLIENT_ID, TEAMS_CLIENT_SECRET: CLIENT_SECRET, TEAMS_TENANT_ID: TENANT_ID, LISO_STORE: 'memory://', LOG_LEVEL: 'warn' };
const liso = (args: string[]) => run(process.execPath, [path.join(packageRoot(), 'bin/liso.js'), ...args], { env, cwd: dir, timeout: 120_000 });

/** Reads a zip's entries by their local headers (what this package writes: deflate, no data descriptors). */
function unzip(data: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (data.readUInt32LE(at) === 0x04034b50) {
    const method = data.readUInt16LE(at + 8);
    const size = data.readUInt32LE(at + 18);
    const nameLength = data.readUInt16LE(at + 26);
    const extra = data.readUInt16LE(at + 28);
    const name = data.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const body = data.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    files.set(name, method === 8 ? inflateRawSync(body) : Buffer.from(body));
    at += 30 + nameLength + extra + size;
  }
  return files;
}

/** Width, height and RGBA pixels of a PNG with colour type 6 and filter 0 rows (what the icons use). */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('ascii');
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, pixels };
}

describe('liso teams:package', () => {
  it('writes a zip with a valid manifest, both icons and the English strings', async () => {
    const out = path.join(dir, 'app.zip');
    const { stdout } = await liso(['teams:package', '--website', 'https://leernetwerk.example.nl/liso-bot', '--out', out]);
    expect(stdout).toContain(out);
    const files = unzip(readFileSync(out));
    expect([...files.keys()].sort()).toEqual(['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    const english = JSON.parse(files.get('en-us.json')!.toString('utf8'));
    expect(manifestErrors(manifest, english)).toEqual([]);
    expect(manifest.id).toBe(CLIENT_ID);
    expect(manifest.bots[0].botId).toBe(CLIENT_ID);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.developer.privacyUrl).toBe('https://leernetwerk.example.nl/liso-bot#privacy');
    const titles = manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title);
    expect(titles.slice(0, 4)).toEqual(['help', 'start', 'netwerk', 'rol']);
    expect(titles.length).toBeLessThanOrEqual(10);
    expect(manifest.description.short).toMatch(/Leernetwerken/);
    expect(english['description.short']).toMatch(/Learning networks/);
    expect(english['bots[0].commandLists[0].commands[0].description']).not.toBe(manifest.bots[0].commandLists[0].commands[0].description);
    // No resource-specific permissions: the bot reads only what is addressed to it.
    expect(manifest.authorization).toBeUndefined();

    const color = decodePng(files.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = decodePng(files.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // The outline is white on transparent only, and actually draws something.
    let drawn = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) continue;
      expect([r, g, b, a]).toEqual([255, 255, 255, 255]);
      drawn++;
    }
    expect(drawn).toBeGreaterThan(20);
    expect(drawn).toBeLessThan(32 * 32 / 2);
  }, 120_000);

  it('refuses without an https website and names what to give', async () => {
    await expect(liso(['teams:package', '--website', 'http://insecure.example'])).rejects.toMatchObject({ stderr: expect.stringContaining('--website https://') });
  }, 120_000);

  it('the schema check can fail: a manifest Teams would refuse is reported', () => {
    expect(manifestErrors({ manifestVersion: '1.25' }, {})).not.toEqual([]);
  });
});
