// Someone with a role is removed from the team (or group chat) a network lives in: Teams says so with a
// conversationUpdate in the team's General channel, and the network's other leads are told, as on Slack.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { StoreUnavailableError } from '../../src/store/port.ts';
import { BOT_ID, personalConversationId } from './fake-bot-connector.ts';
import { CHANNEL, GROUP_CHAT, TEAM_ID, cardText, people, useTeamsHarness } from './teams-harness.ts';
import type { Person, TeamsHarness, Where } from './teams-harness.ts';

/** A store whose claims fail while `down`: the store going away after the adapter looked the team's channels up. */
class ClaimFailingStore extends MemoryStore {
  down = false;
  override async claim(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    if (this.down) throw new StoreUnavailableError('store frozen by the test');
    return super.claim(key, value, ttlMs);
  }
}

let h: TeamsHarness;
let store: ClaimFailingStore;
// With the production default of the per-person limit (LISO_RATE_LIMIT_PER_MINUTE / _BURST).
useTeamsHarness((harness) => (h = harness), { store: () => (store = new ClaimFailingStore()), rateLimit: { perMinute: 20, burst: 10 } });

const kees: Person = { id: '29:1kees-visser', name: 'Kees Visser' };
const OTHER_TEAM = '19:team-sport@thread.tacv2';
const channel = { kind: 'channel' } as const;
const LEFT = /heeft het kanaal van Jeugd verlaten/;

/** Teams' activity as recorded: the team's General channel (its id is the team's) says who was removed. */
function teamMemberRemoved(removed: Person[], changes: { id?: string; team?: string } = {}): Record<string, any> {
  const recorded = JSON.parse(readFileSync(path.join(packageRoot(), 'tests/fixtures/teams/team-member-removed.json'), 'utf8'));
  const team = changes.team ?? recorded.channelData.team.id;
  return {
    ...recorded,
    ...(changes.id ? { id: changes.id } : {}),
    serviceUrl: h.fake.serviceUrl,
    membersRemoved: removed.map((person) => ({ id: person.id })),
    conversation: { ...recorded.conversation, id: team },
    channelData: { ...recorded.channelData, team: { ...recorded.channelData.team, id: team } },
  };
}

/** In a group chat Teams sends the same activity without a team (and often without an eventType). */
function groupChatMemberRemoved(removed: Person[]): Record<string, any> {
  const { channelData, ...activity } = teamMemberRemoved(removed);
  return { ...activity, id: 'f:groupchat-removal-1', conversation: { ...activity.conversation, conversationType: 'groupChat', id: GROUP_CHAT }, channelData: { tenant: channelData.tenant } };
}

/** The leave notices in a person's personal chat, once a tick has sent what was queued. */
async function noticesTo(person: Person): Promise<string[]> {
  await h.t.app.bot.tick(h.t.clock.now());
  return h.fake
    .sent(personalConversationId(person.id))
    .flatMap((call) => (call.body?.attachments ?? []).map((a: any) => cardText(a.content)))
    .filter((text) => LEFT.test(text));
}

/** How many leave notices went anywhere (personal chats and channels), once a tick has sent what was queued. */
async function leaveNoticesAnywhere(): Promise<number> {
  await h.t.app.bot.tick(h.t.clock.now());
  return h.fake.cards().filter((card) => LEFT.test(cardText(card))).length;
}

/** Anna starts Jeugd (she is its trekker), Bram is its procesbegeleider, Sanne a deelnemer; Kees only reads along. */
async function network(where: Where = channel): Promise<void> {
  // Installed in the team, the bot hears of it in the team's General channel.
  if (where.kind === 'channel') await h.deliver(h.teamInstall(people.anna));
  for (const person of [people.anna, people.bram]) await h.deliver(h.personalInstall(person));
  await h.deliver(h.message('start Jeugd', people.anna, where));
  await h.deliver(h.message('rol procesbegeleider <at>Bram Jansen</at>', people.anna, where, [people.bram]));
  await h.deliver(h.message('rol deelnemer <at>Sanne Bakker</at>', people.anna, where, [people.sanne]));
  await h.deliver(h.message('help', kees, where));
}

describe('someone removed from the team a network lives in', () => {
  it('the trekker removed: the procesbegeleider hears it once, also when Teams sends the activity twice', async () => {
    await network();
    // The network lives in a channel of the team, not in its General channel, where Teams reports the removal.
    expect(CHANNEL).not.toBe(TEAM_ID);
    const removal = teamMemberRemoved([people.anna]);
    expect((await h.deliver(removal)).status).toBe(200);
    expect((await h.deliver(removal)).status).toBe(200);
    // One leave per channel of the team the bot knows (General, where it was installed, and the network's):
    // those of the second delivery stop at the core's event claim, before any feature sees them.
    expect(await h.runtime.registry.channelsOfTeam(TEAM_ID)).toEqual([TEAM_ID, CHANNEL]);
    expect(h.t.logLines.filter((line) => line.includes('"event":"left"') && line.includes('duplicate event dropped'))).toHaveLength(2);
    const told = await noticesTo(people.bram);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Anna de Vries heeft het kanaal van Jeugd verlaten');
    expect(told[0]).toContain('trekker');
    expect(await noticesTo(people.anna)).toEqual([]);
    expect(await leaveNoticesAnywhere()).toBe(1);
  });

  it('a deelnemer removed together with someone without a role: both leads hear of the deelnemer alone', async () => {
    await network();
    await h.deliver(teamMemberRemoved([people.sanne, kees]));
    expect(await noticesTo(people.anna)).toEqual([expect.stringContaining('Sanne Bakker heeft het kanaal van Jeugd verlaten')]);
    expect(await noticesTo(people.bram)).toHaveLength(1);
    expect(await leaveNoticesAnywhere()).toBe(2);
  });

  it('nobody hears of someone without a role, of a removal from another team, or of another bot removed', async () => {
    await network();
    await h.deliver(teamMemberRemoved([kees]));
    await h.deliver(teamMemberRemoved([people.anna, people.bram], { team: OTHER_TEAM, id: 'f:other-team-1' }));
    await h.deliver(teamMemberRemoved([{ id: '28:5f1e2d3c-poll-bot', name: 'Poll' }], { id: 'f:poll-bot-1' }));
    expect(await leaveNoticesAnywhere()).toBe(0);
  });

  it('a team with more channels than the per-person rate limit lets through at once: the network in the last of them still hears', async () => {
    // Twelve channels of the team where someone once addressed the bot, before the network's own.
    for (let n = 1; n <= 12; n++) {
      await h.deliver(h.message('help', kees, { kind: 'channel', channel: `19:kanaal-${n}@thread.tacv2` }));
      h.t.clock.advance(5_000);
    }
    await network();
    expect((await h.runtime.registry.channelsOfTeam(TEAM_ID)).indexOf(CHANNEL)).toBeGreaterThan(10);
    await h.deliver(teamMemberRemoved([people.anna]));
    expect(await noticesTo(people.bram)).toHaveLength(1);
  });

  it("removed from a private or shared channel's own roster: that channel alone counts", async () => {
    await network();
    const fromChannel = (id: string, channelId: string) => {
      const removal = teamMemberRemoved([people.sanne], { id });
      return { ...removal, conversation: { ...removal.conversation, id: channelId }, channelData: { ...removal.channelData, eventType: 'channelMemberRemoved', channel: { id: channelId } } };
    };
    await h.deliver(fromChannel('f:private-channel-1', '19:kanaal-besloten@thread.tacv2'));
    expect(await leaveNoticesAnywhere()).toBe(0);
    await h.deliver(fromChannel('f:network-channel-1', CHANNEL));
    expect(await noticesTo(people.anna)).toEqual([expect.stringContaining('Sanne Bakker heeft het kanaal van Jeugd verlaten')]);
  });

  it('the bot itself removed from the team is still its own removal, and tells no lead anything', async () => {
    await network();
    await h.deliver(teamMemberRemoved([{ id: BOT_ID, name: 'liso-bot' }], { id: 'f:bot-removed-1' }));
    expect((await h.runtime.registry.conversation(TEAM_ID))?.removedAt).toBeInstanceOf(Date);
    expect(await leaveNoticesAnywhere()).toBe(0);
  });

  it('a network in a group chat: its procesbegeleider removed from the chat is told to the trekker', async () => {
    const chat = { kind: 'groupChat' } as const;
    await network(chat);
    expect(await h.t.app.directory.byChannel('teams', GROUP_CHAT)).toBeDefined();
    await h.deliver(groupChatMemberRemoved([people.bram]));
    await h.deliver(groupChatMemberRemoved([people.bram]));
    expect(await noticesTo(people.anna)).toEqual([expect.stringContaining('Bram Jansen heeft het kanaal van Jeugd verlaten')]);
    expect(await leaveNoticesAnywhere()).toBe(1);
  });

  it('the store gone once the leaves reached the core: they are parked and told on the first tick after it is back', async () => {
    await network();
    store.down = true;
    expect((await h.deliver(teamMemberRemoved([people.anna]))).status).toBe(200);
    expect(h.t.logLines.filter((line) => line.includes('"event":"left"') && line.includes('store unreachable'))).toHaveLength(2);
    expect(h.fake.cards().filter((card) => LEFT.test(cardText(card)))).toEqual([]);
    store.down = false;
    expect(await noticesTo(people.bram)).toEqual([expect.stringContaining('Anna de Vries heeft het kanaal van Jeugd verlaten')]);
    expect(await leaveNoticesAnywhere()).toBe(1);
  });
});
