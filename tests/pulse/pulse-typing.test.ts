// "/liso pulse starten": the usage text itself shows "(starten)", so people type it.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';

describe('starting a pulse as people type it', () => {
  it.each(['pulse starten', 'pulse start', 'Pulse versturen'])('%j does what "/liso pulse" does, not show the usage', async (command) => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd Leiden');
    t.adapter.take();
    await t.command('anna', 'pulse');
    const [plain] = t.adapter.take();
    await t.command('anna', command);
    const [typed] = t.adapter.take();
    expect(plain!.text).toMatch(/nog geen sessie gehouden/);
    expect(typed!.text).toBe(plain!.text);
  });
});
