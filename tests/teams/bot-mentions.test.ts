// Bots are no members: a role given to liso-bot itself (its own mention entity) or to another bot (Teams bot
// ids start with 28:) is refused through the real Teams adapter, while the people named with them get their role.
import { describe, expect, it } from 'vitest';
import { BOT_ID } from './fake-bot-connector.ts';
import { cardText, people, useTeamsHarness } from './teams-harness.ts';
import type { Person, TeamsHarness } from './teams-harness.ts';

let h: TeamsHarness;
useTeamsHarness((harness) => (h = harness));

const channel = { kind: 'channel' } as const;
const ourBot: Person = { id: BOT_ID, name: 'liso-bot' };
const polly: Person = { id: '28:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Polly' };
const everythingSent = () => h.fake.cards().map(cardText).join('\n');

/** Anna has the app in a personal chat, where the bot answers her privately. */
async function startNetwork(): Promise<void> {
  await h.deliver(h.personalInstall(people.anna));
  await h.deliver(h.message('start Jeugd', people.anna, channel));
}

async function participants(): Promise<string[]> {
  const [network] = await h.t.app.directory.all();
  return h.t.app.directory.holders(network!.id, 'deelnemer');
}

describe('roles refused to bots on Teams', () => {
  it('refuses liso-bot itself, named after the mention that addresses it, and gives it no role', async () => {
    await startNetwork();
    await h.deliver(h.message('rol deelnemer <at>liso-bot</at>', people.anna, channel, [ourBot]));
    expect(everythingSent()).toContain('**liso-bot** is een bot of app');
    expect(await participants()).toEqual([]);
  });

  it('refuses another bot (a 28: id) named with a person, while the person gets the role', async () => {
    await startNetwork();
    await h.deliver(h.message('rol deelnemer <at>Sanne Bakker</at> en <at>Polly</at>', people.anna, channel, [people.sanne, polly]));
    expect(everythingSent()).toContain('**Polly** is een bot of app');
    expect(await participants()).toEqual([people.sanne.id]);
  });
});

describe('messages written by bots on Teams', () => {
  it('a message from another bot (a 28: id) that mentions liso-bot reaches no command', async () => {
    await h.deliver(h.message('start Jeugd', polly, channel));
    expect(await h.t.app.directory.all()).toEqual([]);
    expect(h.fake.sent()).toEqual([]);
  });
});
