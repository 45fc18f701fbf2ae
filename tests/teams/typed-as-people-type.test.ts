// Teams, where most networks live: commands in a channel reach the bot by @mention, typed the way
// people write, with names in a list and a full stop at the end.
import { describe, expect, it } from 'vitest';
import { CHANNEL, cardText, people, useTeamsHarness } from './teams-harness.ts';
import type { TeamsHarness } from './teams-harness.ts';

let h: TeamsHarness;
useTeamsHarness((harness) => (h = harness));

const channel = { kind: 'channel' } as const;
const channelTexts = () =>
  h.fake
    .sent(CHANNEL)
    .filter((c) => c.method === 'POST')
    .flatMap((c) => (c.body?.attachments ?? []).map((a: any) => cardText(a.content).replaceAll('**', '')));

describe('a trekker in a Teams channel', () => {
  it('"@liso-bot rol deelnemer @Bram, @Sanne." hands out both roles', async () => {
    await h.deliver(h.message('start Jeugd Leiden.', people.anna, channel));
    await h.deliver(h.message('rol deelnemer <at>Bram Jansen</at>, <at>Sanne Bakker</at>.', people.anna, channel, [people.bram, people.sanne]));
    const texts = channelTexts();
    expect(texts[0]).toMatch(/^Leernetwerk Jeugd Leiden is gestart/);
    expect(texts.at(-1)).toMatch(/Bram Jansen.*Sanne Bakker.* zijn nu deelnemer in Jeugd Leiden\./);
  });

  it('"@liso-bot sessie 11 maart om 14:00" plans the session', async () => {
    await h.deliver(h.message('start Jeugd Leiden', people.anna, channel));
    await h.deliver(h.message('sessie 11 maart om 14:00', people.anna, channel));
    expect(channelTexts().at(-1)).toMatch(/^Nieuwe sessie van Jeugd Leiden: donderdag 11 maart 2027, 14:00–17:00/);
  });
});
