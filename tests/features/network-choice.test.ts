// Someone in several networks gives a command in a direct message: they name the network after the
// command, or choose it with a button or by typing its name, and the command runs for that network.
// Before, every such command answered "Gebruik dit commando in het kanaal van het netwerk dat je bedoelt."
import { describe, expect, it } from 'vitest';
import { buttonsOf, createSessionsHarness } from '../sessions/sessions-harness.ts';
import type { SessionsHarness } from '../sessions/sessions-harness.ts';

async function threeNetworks(): Promise<SessionsHarness> {
  const h = await createSessionsHarness();
  await h.run('anna', 'start Jeugd Leiden', 'kanaal-jeugd');
  await h.run('anna', 'rol procesbegeleider <@bram>', 'kanaal-jeugd');
  await h.run('anna', 'sessie 2027-03-11 14:00 Stadhuis', 'kanaal-jeugd');
  await h.run('anna', 'start Wonen Leiden', 'kanaal-wonen');
  await h.run('anna', 'rol procesbegeleider <@bram>', 'kanaal-wonen');
  await h.run('anna', 'sessie 2027-03-18 09:30 Bibliotheek', 'kanaal-wonen');
  await h.run('joris', 'start Zorg Katwijk', 'kanaal-zorg');
  await h.run('joris', 'rol procesbegeleider <@bram>', 'kanaal-zorg');
  await h.run('anna', 'rol deelnemer <@sanne>', 'kanaal-jeugd');
  // Bram has talked with the bot before: its introduction is behind him.
  await h.type('bram', 'hoi');
  return h;
}

const lastReplyMessage = (h: SessionsHarness, user: string) => h.log.filter((m) => m.kind === 'reply' && m.to === user).at(-1)!;

describe('a command in a direct message, for someone in several networks', () => {
  it('asks which network with a button per network; a press runs the command for that one', async () => {
    const h = await threeNetworks();
    await h.run('bram', 'sessies', null);
    const question = lastReplyMessage(h, 'bram');
    expect(question.text).toMatch(/^Je zit in meer dan één netwerk\. Over welk netwerk gaat het\?/);
    expect(question.text).not.toMatch(/Gebruik dit commando in het kanaal/);
    const buttons = buttonsOf(question.message);
    expect(buttons.map((b) => b.label)).toEqual(['Jeugd Leiden', 'Wonen Leiden', 'Zorg Katwijk']);
    await h.press('bram', buttons[1]!);
    expect(h.log.filter((m) => m.to === 'bram').at(-1)!.text).toMatch(/^Geplande sessies van Wonen Leiden\n.*donderdag 18 maart 2027, 09:30 · Bibliotheek/);
  });

  it('takes the network\'s name (or the start of it) after the command, in any case', async () => {
    const h = await threeNetworks();
    await h.run('bram', 'sessies jeugd leiden', null);
    expect(h.lastReply('bram')).toMatch(/^Geplande sessies van Jeugd Leiden\n/);
    await h.run('bram', 'sessies Wonen', null);
    expect(h.lastReply('bram')).toMatch(/^Geplande sessies van Wonen Leiden\n/);
    await h.run('bram', 'tijdlijn Wonen Leiden', null);
    expect(h.lastReply('bram')).toMatch(/^Voorbereiding Wonen Leiden: sessie donderdag 18 maart 2027, 09:30\n/);
    await h.run('bram', 'netwerk Zorg Katwijk', null);
    expect(h.lastReply('bram')).toMatch(/^Leernetwerk Zorg Katwijk\n/);
  });

  it('starts the pulse of the network named, not of another one', async () => {
    const h = await threeNetworks();
    await h.walk(new Date('2027-03-12T09:00:00Z'));
    await h.run('anna', 'pulse Jeugd Leiden', null);
    expect(h.lastReply('anna')).toMatch(/^De pulse van Jeugd Leiden is gestart/);
  });

  it('accepts the network typed after the question, while the question is the latest', async () => {
    const h = await threeNetworks();
    await h.run('bram', 'sessies', null);
    await h.type('bram', 'zorg');
    expect(h.lastReply('bram')).toMatch(/^Geplande sessies van Zorg Katwijk\n/);
  });

  it('a free text is kept as typed: a question or a win ending in a network\'s name is no choice of network', async () => {
    const h = await threeNetworks();
    await h.run('bram', 'vier Tien partners aan tafel bij Wonen Leiden', null);
    const question = lastReplyMessage(h, 'bram');
    expect(buttonsOf(question.message).map((b) => b.value)).toContain(`${buttonsOf(question.message)[1]!.value.split('|')[0]}|vier Tien partners aan tafel bij Wonen Leiden`);
  });

  it('a command that keeps its words does not tell to put the name after it, which would only lengthen the win', async () => {
    const h = await threeNetworks();
    await h.run('bram', 'vier De wethouder komt', null);
    const question = lastReplyMessage(h, 'bram');
    expect(question.text).toMatch(/^Je zit in meer dan één netwerk\. Over welk netwerk gaat het\? Kies het hieronder, of geef het commando in het kanaal van het netwerk\./);
    expect(question.text).not.toMatch(/zet de naam achter het commando/);
    // Too long for a button: before, 'Zet de naam van het netwerk achter het commando', which asked the same again.
    await h.run('bram', 'vier De wethouder komt naar onze volgende sessie en neemt de ambtenaren mee', null);
    expect(h.lastReply('bram')).toBe('Je zit in meer dan één netwerk (Jeugd Leiden, Wonen Leiden, Zorg Katwijk). Geef dit commando in het kanaal van het netwerk waar het over gaat.');
    // A command that reads a name still says so.
    await h.run('bram', 'tijdlijn', null);
    expect(h.lastReply('bram')).toMatch(/zet de naam achter het commando: \/liso tijdlijn Jeugd Leiden\./);
  });

  it('a new name ending in another network\'s name renames the network chosen, not that one', async () => {
    const h = await threeNetworks();
    await h.run('bram', 'netwerk naam Jeugd en Wonen Leiden', null);
    // Before: 'Leernetwerk Wonen Leiden heet voortaan Jeugd en' in Wonen Leiden's channel.
    expect(h.log.filter((m) => m.kind === 'channel' && /heet voortaan/.test(m.text))).toEqual([]);
    const question = lastReplyMessage(h, 'bram');
    expect(question.text).toMatch(/^Je zit in meer dan één netwerk\. Over welk netwerk gaat het\? Kies het hieronder, of geef het commando in het kanaal van het netwerk\./);
    await h.press('bram', buttonsOf(question.message)[0]!);
    expect(h.log.filter((m) => m.kind === 'channel' && /heet voortaan/.test(m.text)).map((m) => `${m.to}: ${m.text}`)).toEqual([
      'kanaal-jeugd: Leernetwerk Jeugd Leiden heet voortaan Jeugd en Wonen Leiden (veranderd door @Bram).',
    ]);
    // Naming the network to show still works.
    await h.run('bram', 'netwerk Zorg Katwijk', null);
    expect(h.lastReply('bram')).toMatch(/^Leernetwerk Zorg Katwijk\n/);
  });

  it('someone in one network is not asked, and a channel\'s network is the channel\'s', async () => {
    const h = await threeNetworks();
    await h.run('joris', 'sessies', null);
    expect(h.lastReply('joris')).toMatch(/^Geplande sessies van Zorg Katwijk\n/);
    await h.run('bram', 'sessies Jeugd Leiden', 'kanaal-wonen');
    expect(h.lastReply('bram')).toMatch(/^Geplande sessies van Wonen Leiden\n/);
  });
});
