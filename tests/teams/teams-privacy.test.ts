// What the Teams adapter keeps about a person shows in /liso mijn-gegevens and goes with /liso vergeet-mij.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { personalConversationId } from './fake-bot-connector.ts';
import { CHANNEL, TEAM_ID, cardActions, cardText, people, useTeamsHarness } from './teams-harness.ts';
import type { TeamsHarness } from './teams-harness.ts';

/** A memory store that notes the time to live each key was last written with. */
class TtlNotingStore extends MemoryStore {
  readonly ttls = new Map<string, number | undefined>();
  override async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    this.ttls.set(key, ttlMs);
    await super.set(key, value, ttlMs);
  }
}

let h: TeamsHarness;
let store: TtlNotingStore;
useTeamsHarness((harness) => (h = harness), { store: () => (store = new TtlNotingStore()) });

const personal = { kind: 'personal' } as const;
const lastCard = () => h.fake.cards(personalConversationId(people.bram.id)).at(-1);

/** Every store key that names the person, read as an attacker with the store file would. */
function keysNaming(store: MemoryStore, id: string): string[] {
  return store
    .dump()
    .filter(({ key, value }) => key.includes(id) || JSON.stringify(value).includes(id))
    .map(({ key }) => key);
}

describe('privacy on Teams', () => {
  it('shows the personal-chat record and erases it with the person', async () => {
    await h.deliver(h.personalInstall(people.bram));
    await h.deliver(h.message('mijn-gegevens', people.bram, personal));
    // Dated as the rest of the report, in the reader's language (it read 'laatst gezien 2027-01-04').
    expect(cardText(lastCard())).toContain('Je privéchat met de bot (om je herinneringen te sturen), laatst gezien 4 januari 2027.');
    expect(keysNaming(store, people.bram.id).filter((key) => key.startsWith('teams:'))).toEqual(expect.arrayContaining([`teams:person:${people.bram.id}`]));
    await h.deliver(h.message('vergeet-mij', people.bram, personal));
    const confirm = cardActions(lastCard()).find((a) => a.data.lisoAction === 'privacy.forget');
    expect(confirm).toBeDefined();
    await h.deliver(h.press(confirm!.data, people.bram, personal));
    expect(await h.runtime.registry.person(people.bram.id)).toBeUndefined();
    expect(await h.runtime.registry.conversation(personalConversationId(people.bram.id))).toBeUndefined();
    expect(keysNaming(store, people.bram.id).filter((key) => key.startsWith('teams:'))).toEqual([]);
  });

  it('keeps no time per activity: the personal-chat record holds the day, rewritten at most once a day, expiring at a day boundary', async () => {
    const startOfDay = (at: number) => at - (at % 86_400_000);
    await h.deliver(h.personalInstall(people.bram));
    await h.deliver(h.message('help', people.bram, personal));
    const first = await h.runtime.registry.person(people.bram.id);
    // The day, not the moment: the moment would match what was stored then without a name (a question kept anonymously).
    expect(first!.updatedAt.getTime()).toBe(startOfDay(h.t.clock.now().getTime()));
    const expiresAt = h.t.clock.now().getTime() + store.ttls.get(`teams:person:${people.bram.id}`)!;
    expect(expiresAt).toBe(startOfDay(expiresAt));
    h.t.clock.advance(7 * 3_600_000);
    await h.deliver(h.message('help', people.bram, personal));
    expect(await h.runtime.registry.person(people.bram.id)).toEqual(first);
    h.t.clock.advance(24 * 3_600_000);
    await h.deliver(h.message('help', people.bram, personal));
    expect((await h.runtime.registry.person(people.bram.id))!.updatedAt.getTime()).toBe(startOfDay(h.t.clock.now().getTime()));
  });

  it("a team's record holds the ids of its channels the bot heard from, no person, kept as long as one of them is active", async () => {
    const startOfDay = (at: number) => at - (at % 86_400_000);
    const key = `teams:team:${TEAM_ID}`;
    const otherChannel = '19:kanaal-ouders@thread.tacv2';
    await h.deliver(h.message('help', people.bram, { kind: 'channel' }));
    expect(await store.get(key)).toEqual({ teamId: TEAM_ID, channels: [CHANNEL], updatedAt: new Date(startOfDay(h.t.clock.now().getTime())) });
    const expiresAt = h.t.clock.now().getTime() + store.ttls.get(key)!;
    expect(expiresAt).toBe(startOfDay(expiresAt));
    h.t.clock.advance(3_600_000);
    await h.deliver(h.message('help', people.anna, { kind: 'channel', channel: otherChannel }));
    expect(await h.runtime.registry.channelsOfTeam(TEAM_ID)).toEqual([CHANNEL, otherChannel]);
    // Unchanged on the same day: not rewritten, so it keeps no time of each activity.
    store.ttls.delete(key);
    await h.deliver(h.message('help', people.bram, { kind: 'channel' }));
    expect(store.ttls.has(key)).toBe(false);
    expect(keysNaming(store, people.bram.id)).not.toContain(key);
    expect(keysNaming(store, people.anna.id)).not.toContain(key);
  });
});
