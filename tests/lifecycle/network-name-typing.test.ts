// "/liso start Jeugd Leiden." ends a sentence: the full stop is no part of the name, which every
// message repeats ("Jeugd Leiden.." before). An abbreviation keeps its own ("Leiden e.o.").
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';

describe('the name typed to start or rename a network', () => {
  it.each([
    ['start Jeugd Leiden.', 'Jeugd Leiden'],
    ['start Jeugd Leiden!', 'Jeugd Leiden'],
    ['start Zorg Katwijk e.o.', 'Zorg Katwijk e.o.'],
  ])('%j names the network %j', async (command, name) => {
    const t = await createTestApp();
    await t.command('anna', command);
    t.adapter.take();
    await t.command('anna', 'netwerk');
    expect(t.adapter.take()[0]!.text.split('\n')[0]).toBe(`Leernetwerk ${name}`);
  });

  it('a rename drops the full stop too', async () => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd Leiden');
    await t.command('anna', 'netwerk naam Jeugd Leiden-Noord.');
    t.adapter.take();
    await t.command('anna', 'netwerk');
    expect(t.adapter.take()[0]!.text.split('\n')[0]).toBe('Leernetwerk Jeugd Leiden-Noord');
  });
});
