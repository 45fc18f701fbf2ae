// `/liso rol` as a new trekker types it: names in a list with commas and "en", the person before
// the role, a full stop at the end, or "rollen" to see who has which role.
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../fakes/test-app.ts';
import { firstLinesAfter, startedNetwork } from '../fakes/started-network.ts';
import { runConsoleLines } from '../console/console-helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await startedNetwork();
});

const channelPostAfter = (text: string) => firstLinesAfter(t, text);

describe('handing out roles as people type it', () => {
  it.each([
    ['rol deelnemer <@sanne>, <@ahmed> en <@joe>', 'channel: @Sanne, @Ahmed en @Joe zijn nu deelnemer in Jeugd Leiden.'],
    ['rol deelnemer <@sanne>,<@ahmed> & <@joe>.', 'channel: @Sanne, @Ahmed en @Joe zijn nu deelnemer in Jeugd Leiden.'],
    ['role participant <@sanne> and <@joe>', 'channel: @Sanne en @Joe zijn nu deelnemer in Jeugd Leiden.'],
    ['rol <@bram> procesbegeleider', 'channel: @Bram is nu procesbegeleider in Jeugd Leiden.'],
    ['rol <@bram> is procesbegeleider', 'channel: @Bram is nu procesbegeleider in Jeugd Leiden.'],
    ['Rol Procesbegeleider <@bram>.', 'channel: @Bram is nu procesbegeleider in Jeugd Leiden.'],
  ])('%j gives the role', async (command, posted) => {
    expect(await channelPostAfter(command)).toEqual([posted]);
  });

  it.each([
    ['deelnemer <@sanne> <@joe>', 'channel: @Sanne en @Joe zijn nu deelnemer in Jeugd Leiden.'],
    ['Procesbegeleider <@bram>', 'channel: @Bram is nu procesbegeleider in Jeugd Leiden.'],
  ])('%j, the role without "rol" before it, gives the role (not a handbook entry about the role)', async (command, posted) => {
    expect(await channelPostAfter(command)).toEqual([posted]);
  });

  it('"deelnemer <@sanne>" in a direct message gives the role too; "procesbegeleider" alone still asks the handbook', async () => {
    await t.message('anna', 'hoi');
    t.adapter.take();
    await t.message('anna', 'deelnemer <@sanne>');
    expect(t.adapter.take().map((sent) => `${sent.kind}: ${sent.text.split('\n')[0]}`)).toEqual(['channel: @Sanne is nu deelnemer in Jeugd Leiden.']);
    await t.command('anna', 'procesbegeleider');
    expect(t.adapter.take()[0]!.text).toMatch(/Bron: /);
  });

  it('a name typed without @ before the role is refused as a name, not as an unknown role', async () => {
    expect(await channelPostAfter('rol Bram procesbegeleider')).toEqual([expect.stringMatching(/^reply: Ik herken Bram niet als persoon. Noem iemand met @/)]);
  });

  it('a word that is neither a role nor a person is still refused, naming it', async () => {
    expect(await channelPostAfter('rol deelnemer <@sanne> Ahmed')).toEqual([expect.stringMatching(/^reply: Ik herken Ahmed niet als persoon/)]);
  });

  it.each(['rollen', 'roles'])('%j alone shows who holds which role', async (command) => {
    await t.command('anna', 'rol procesbegeleider <@bram>');
    t.adapter.take();
    expect(await channelPostAfter(command)).toEqual(['reply: Leernetwerk Jeugd Leiden']);
  });
});

describe('in the console', () => {
  it('"@Sanne, @Ahmed en @Joe." names three people, without the punctuation', async () => {
    const run = await runConsoleLines(['/liso start Jeugd Leiden', '/liso rol deelnemer @Sanne, @Ahmed en @Joe.']);
    expect(run.text).toContain('@Sanne, @Ahmed en @Joe zijn nu deelnemer in Jeugd Leiden.');
  });
});
