// Someone with a role removed from the team while the bot was not running (Teams does not send the
// removal again): after the start the bot reads the conversation's roster (paged to the end) and the
// leads hear it once, as for a removal heard live. A roster that fails tells nobody anything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { openStore } from '../../src/store/open-store.ts';
import { FakeBotConnector, personalConversationId } from './fake-bot-connector.ts';
import { CHANNEL, TeamsHarness, cardText, invalidCards, people } from './teams-harness.ts';
import type { Person } from './teams-harness.ts';

const LEFT = /Sanne Bakker heeft het kanaal van Jeugd verlaten/;
const kees: Person = { id: '29:1kees-visser', name: 'Kees Visser' };
const channel = { kind: 'channel' } as const;

let running: { h: TeamsHarness; fake: FakeBotConnector; clock: SimulatedClock; dir: string } | undefined;
afterEach(async () => {
  if (!running) return;
  expect(running.fake.violations).toEqual([]);
  expect(invalidCards(running.fake)).toEqual([]);
  await running.h.close();
  rmSync(running.dir, { recursive: true, force: true });
  running = undefined;
});

/** The bot on a store file, so a restart keeps what it knew. */
async function boot(fake: FakeBotConnector, clock: SimulatedClock, dir: string): Promise<TeamsHarness> {
  return TeamsHarness.start({ fake, clock, store: await openStore(`sqlite://${path.join(dir, 'liso.sqlite')}`, clock) });
}

/** Jeugd in the team's channel: Anna trekker, Bram procesbegeleider, Sanne deelnemer; all in the team, and the bot has looked. */
async function network(): Promise<NonNullable<typeof running>> {
  const fake = await new FakeBotConnector().start();
  // Two people a page: the roster is read to its last page.
  fake.rosterPageSize = 2;
  fake.rosters.set(CHANNEL, [people.anna.id, people.bram.id, people.sanne.id, kees.id]);
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const dir = mkdtempSync(path.join(tmpdir(), 'liso-teams-gone-'));
  const h = await boot(fake, clock, dir);
  running = { h, fake, clock, dir };
  await h.deliver(h.teamInstall(people.anna));
  for (const person of [people.anna, people.bram]) await h.deliver(h.personalInstall(person));
  await h.deliver(h.message('start Jeugd', people.anna, channel));
  await h.deliver(h.message('rol procesbegeleider <at>Bram Jansen</at>', people.anna, channel, [people.bram]));
  await h.deliver(h.message('rol deelnemer <at>Sanne Bakker</at>', people.anna, channel, [people.sanne]));
  await h.t.app.bot.tick(clock.now());
  return running;
}

/** The bot is stopped, `change` happens on Teams' side meanwhile, and it starts again at `at` and ticks once. */
async function downWhile(at: string, change: () => void): Promise<void> {
  const r = running!;
  await r.h.close({ keepFake: true });
  change();
  r.clock.set(new Date(at));
  r.h = await boot(r.fake, r.clock, r.dir);
  await r.h.t.app.bot.tick(r.clock.now());
}

function noticesTo(person: Person): string[] {
  return running!.fake
    .sent(personalConversationId(person.id))
    .flatMap((call) => (call.body?.attachments ?? []).map((a: any) => cardText(a.content)))
    .filter((text) => LEFT.test(text));
}

describe('someone with a role removed from the team while the bot was not running', () => {
  it('is told to each lead once after the start, and not again on a second start', async () => {
    const r = await network();
    await downWhile('2027-01-04T10:00:00Z', () => r.fake.rosters.set(CHANNEL, [people.anna.id, people.bram.id, kees.id]));
    expect(noticesTo(people.anna)).toHaveLength(1);
    expect(noticesTo(people.bram)).toHaveLength(1);
    expect(r.fake.calls.filter((c) => /pagedmembers/i.test(c.path)).length).toBeGreaterThan(1);

    await downWhile('2027-01-04T11:00:00Z', () => {});
    r.clock.set(new Date('2027-01-05T12:00:00Z'));
    await r.h.t.app.bot.tick(r.clock.now());
    expect(noticesTo(people.anna)).toHaveLength(1);
    expect(noticesTo(people.bram)).toHaveLength(1);
  });

  it('a roster Teams does not give (an outage) tells nobody; the next complete one tells the leads', async () => {
    const r = await network();
    await downWhile('2027-01-04T10:00:00Z', () => {
      r.fake.rosters.set(CHANNEL, [people.anna.id, people.bram.id, kees.id]);
      r.fake.failNext(/pagedmembers/i, 503, { method: 'GET' });
    });
    // Nothing at all about Sanne went anywhere (no personal chat, no channel).
    expect(r.fake.cards().filter((card) => LEFT.test(cardText(card)))).toEqual([]);
    r.clock.set(new Date('2027-01-05T10:00:00Z'));
    await r.h.t.app.bot.tick(r.clock.now());
    expect(noticesTo(people.anna)).toHaveLength(1);
  });

  it('a roster of a team the bot was removed from (403 BotNotInConversationRoster) tells nobody', async () => {
    const r = await network();
    await downWhile('2027-01-04T10:00:00Z', () => {
      r.fake.rosters.set(CHANNEL, [people.anna.id, people.bram.id, kees.id]);
      r.fake.removed.add(CHANNEL);
    });
    expect(r.fake.calls.filter((c) => /pagedmembers/i.test(c.path)).at(-1)?.status).toBe(403);
    expect(r.fake.cards().filter((card) => LEFT.test(cardText(card)))).toEqual([]);
  });
});
