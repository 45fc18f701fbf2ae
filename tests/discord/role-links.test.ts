// Optional Discord-role → network-role links: `/liso rol deelnemer @Rol`, applied when members act.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, DiscordHarness, people, str } from './discord-harness.ts';

const JONGEREN = '830000000000000001';
let h: DiscordHarness;
beforeEach(async () => {
  h = await DiscordHarness.start();
  h.fake.roles.push({ id: JONGEREN, name: 'Jongeren' });
  await h.inject(h.slash('start', [str('tekst', 'Jongerenraad')]));
  h.fake.take();
});
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.close();
});

const lastReply = () => h.fake.calls.filter((c) => c.path.endsWith('/callback')).at(-1)!.body.data.content as string;
const holders = async () => {
  const network = await h.t.app.directory.byChannel('discord', CHANNEL);
  return h.t.app.directory.holders(network!.id, 'deelnemer');
};

describe('Discord role links', () => {
  it('a lead links a Discord role; members with it become deelnemer when they act, and lose it with the role', async () => {
    await h.inject(h.slash('rol', [str('tekst', `deelnemer <@&${JONGEREN}>`)]));
    expect(lastReply()).toContain('Discord-rol **Jongeren**');
    expect(await holders()).toEqual([]);
    await h.inject(h.slash('help', [], people.bram, { roles: [JONGEREN] }));
    expect(await holders()).toEqual([people.bram.id]);
    await h.inject(h.slash('help', [], people.bram, { roles: [] }));
    expect(await holders()).toEqual([]);
  });

  it('a role given by hand is never taken back by the link', async () => {
    await h.inject(h.slash('rol', [str('tekst', `deelnemer <@${people.bram.id}>`)]));
    await h.inject(h.slash('rol', [str('tekst', `deelnemer <@&${JONGEREN}>`)]));
    await h.inject(h.slash('help', [], people.bram, { roles: [] }));
    expect(await holders()).toEqual([people.bram.id]);
  });

  it('unlinking takes back what the link gave', async () => {
    await h.inject(h.slash('rol', [str('tekst', `deelnemer <@&${JONGEREN}>`)]));
    await h.inject(h.slash('help', [], people.sanne, { roles: [JONGEREN] }));
    expect(await holders()).toEqual([people.sanne.id]);
    await h.inject(h.slash('rol', [str('tekst', `weg deelnemer <@&${JONGEREN}>`)]));
    expect(lastReply()).toContain('niet langer');
    expect(await holders()).toEqual([]);
  });

  it('only leads may link, and never the trekker role', async () => {
    await h.inject(h.slash('rol', [str('tekst', `deelnemer <@&${JONGEREN}>`)], people.sanne));
    expect(lastReply()).toContain('Alleen de trekker of procesbegeleider');
    await h.inject(h.slash('rol', [str('tekst', `trekker <@&${JONGEREN}>`)]));
    expect(lastReply()).toContain('persoonlijk door');
    await h.inject(h.slash('help', [], people.sanne, { roles: [JONGEREN] }));
    const network = await h.t.app.directory.byChannel('discord', CHANNEL);
    expect(await h.t.app.directory.rolesOf(network!.id, people.sanne.id)).toEqual([]);
  });
});
