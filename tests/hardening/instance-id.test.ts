// Every process sharing a store has a name of its own: host, process id and a random part, and a
// process that asks for a name another live process holds is renamed instead of sharing it.
// Two apps on two connections to one SQLite file stand for two processes.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { proposeInstanceId } from '../../src/core/instance-id.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { readHeartbeats, writeHeartbeat } from '../../src/features/health/heartbeat-feature.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function twoProcesses(wanted?: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-instance-'));
  dirs.push(dir);
  const file = path.join(dir, 'shared.sqlite');
  const lines: string[] = [];
  const log = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  const clock = new SimulatedClock(new Date('2027-03-01T09:00:00Z'));
  const config = loadConfig({ LISO_STORE: `sqlite://${file}` });
  const open = async () => createApp({ config, clock, log, store: await SqliteStore.open(file), ...(wanted ? { instanceId: wanted } : {}) });
  const first = await open();
  const second = await open();
  return { first, second, lines, clock };
}

describe('instance ids', () => {
  it('are host:pid:random by default, different for every process even on one host with one pid', () => {
    const ids = new Set(Array.from({ length: 50 }, () => proposeInstanceId('bot-host', 1)));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^bot-host:1:[0-9a-f]{6}$/);
  });

  it('two processes started with the same instance id: the second is renamed and says so; both keep their own heartbeat', async () => {
    const { first, second, lines, clock } = await twoProcesses('web-1:1:abcdef');
    try {
      expect(first.instanceId).toBe('web-1:1:abcdef');
      expect(second.instanceId).toMatch(/^web-1:1:abcdef:[0-9a-f]{6}$/);
      const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg']?.toString().includes('already in use'));
      expect(warning).toMatchObject({ level: 40, wanted: 'web-1:1:abcdef', instance: second.instanceId });
      await writeHeartbeat(first.store, first.instanceId, clock.now());
      clock.advance(30_000);
      await writeHeartbeat(second.store, second.instanceId, clock.now());
      const beats = await readHeartbeats(first.store, 'web-1');
      expect([...beats.keys()].sort()).toEqual([first.instanceId, second.instanceId].sort());
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('processes left to choose get different names without any warning', async () => {
    const { first, second, lines } = await twoProcesses();
    try {
      expect(first.instanceId).not.toBe(second.instanceId);
      expect(first.instanceId.split(':')[0]).toBe(os.hostname());
      expect(lines.join('')).not.toContain('already in use');
    } finally {
      await first.close();
      await second.close();
    }
  });
});
