// A pulse answer leaves no trace of its own in the store. Before, every press wrote a dedupe claim
// (`event:discord:<interaction id>`, whose snowflake is the press's time to the millisecond, kept an
// hour) and could refresh the voter's "last seen": a copy taken within the hour showed how many
// presses came when, and who became active then, next to ballots whose number of answers differs.
// Through the real discord.js against the local Discord fake, store read as an attacker would.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordHarness, people } from '../discord/discord-harness.ts';
import type { RecordedCall } from '../discord/fake-discord.ts';
import type { MemoryStore } from '../../src/store/memory-store.ts';

let h: DiscordHarness;
beforeEach(async () => {
  h = await DiscordHarness.start();
  await h.inject(h.slash('start', [{ name: 'tekst', type: 3, value: 'Jongerenraad' }]));
  await h.inject(h.slash('rol', [{ name: 'tekst', type: 3, value: 'deelnemer' }, { name: 'persoon', type: 6, value: people.bram.id }, { name: 'persoon2', type: 6, value: people.sanne.id }]));
  await h.holdSession();
  h.fake.take();
});
afterEach(async () => {
  await h.close();
});

const dmChannelOf = (id: string) => `7${id}`.slice(0, 19);
const buttonsIn = (components: any[]) => components.flatMap((row) => row.components);
const dump = () => (h.t.backend as MemoryStore).dump();

describe('pulse presses leave no trace of their own', () => {
  it('three answers by Bram: no dedupe claim, no "last seen" refresh, only the ballots change', async () => {
    await h.inject(h.slash('pulse'));
    const parts: RecordedCall[] = h.fake.callsTo('POST', new RegExp(`^/channels/${dmChannelOf(people.bram.id)}/messages$`));
    const [first] = parts.map((p) => p.body);
    const lastSeenBefore = dump().find((e) => e.key === `person:discord:${people.bram.id}`)!.value;
    // The next day: a press would refresh "last seen" (kept as a day) if it could.
    h.t.clock.advance(24 * 60 * 60 * 1000);

    const othersBefore = JSON.stringify(dump().filter((e) => !e.key.endsWith(':ballots')));
    const pressIds: string[] = [];
    for (const index of [3, 7, 12]) {
      const button = buttonsIn(first.components)[index];
      const press = h.press(button.custom_id, people.bram, { id: parts[0]!.result.id, components: first.components, dmChannel: dmChannelOf(people.bram.id) });
      pressIds.push(press.id);
      await h.inject(press);
    }

    const ballots = dump().find((e) => e.key.endsWith(':ballots'))!.value as Record<string, Record<string, number>>;
    expect(Object.values(ballots).map((answers) => Object.keys(answers).length).sort()).toEqual([0, 3]);
    expect(dump().filter((e) => pressIds.some((id) => e.key.includes(id) || JSON.stringify(e.value).includes(id)))).toEqual([]);
    expect(dump().find((e) => e.key === `person:discord:${people.bram.id}`)!.value).toEqual(lastSeenBefore);
    // Nothing else was written either: the store differs only in the ballots.
    expect(JSON.stringify(dump().filter((e) => !e.key.endsWith(':ballots')))).toBe(othersBefore);
  });

  it('a press of another kind is still claimed once (a repeat is dropped)', async () => {
    const raw = h.slash('netwerk');
    await h.inject(raw);
    expect(dump().some((e) => e.key === `event:discord:${raw.id}`)).toBe(true);
  });
});
