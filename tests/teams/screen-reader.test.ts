// liso-bot on Teams as a deelnemer with a screen reader, and as one who reads the lock screen: two
// pulses (invitation, results with their change), a win with its 🎉 button, an advice answer, help and
// vergeet-mij, through the real adapter against the fake Bot Connector. What is announced (the
// activity's summary, the card's speak and fallbackText, an action's tooltip) must say what the
// message or the button means, in words a screen reader can read.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addHeldSession } from '../nudges/nudge-harness.ts';
import { advanceTo } from '../pulse/pulse-helpers.ts';
import { announcedProblems, CHANGE_IN_WORDS, needsSpokenLabel, READ_BY_NAME } from '../fakes/heard.ts';
import type { RecordedCall } from './fake-bot-connector.ts';
import { personalConversationId } from './fake-bot-connector.ts';
import { cardText, people, useTeamsHarness } from './teams-harness.ts';
import type { Person, TeamsHarness } from './teams-harness.ts';

let h: TeamsHarness;
useTeamsHarness((harness) => (h = harness));

const personal = { kind: 'personal' } as const;
const channel = { kind: 'channel' } as const;
const voters: Person[] = Array.from({ length: 3 }, (_, i) => ({ id: `29:1luisteraar-${i + 1}`, name: `Luisteraar ${i + 1}` }));
const cardsOf = (call: RecordedCall): any[] => (call.body?.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a: any) => a.content);
const posts = () => h.fake.calls.filter((c) => c.method === 'POST' && /\/activities$/.test(c.path) && c.status < 300 && cardsOf(c).length > 0);
const personalPosts = (person: Person) => posts().filter((c) => c.path.includes(`/conversations/${encodeURIComponent(personalConversationId(person.id))}/`) || c.path.includes(`/conversations/${personalConversationId(person.id)}/`));

/** Every element of a card of a type (ActionSets' actions included), depth first. */
function elements(card: any, type: RegExp): any[] {
  const found: any[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node.type === 'string' && type.test(node.type)) found.push(node);
    Object.values(node).forEach(walk);
  };
  walk(card.body);
  return found;
}

async function walkDays(days: number): Promise<void> {
  await advanceTo(h.t, new Date(h.t.clock.now().getTime() + days * 24 * 3_600_000));
}

/** A session held the next day (the pulse asks about the latest one). */
async function holdSessionTomorrow(): Promise<void> {
  const day = DateTime.fromJSDate(h.t.clock.now(), { zone: 'Europe/Amsterdam' }).plus({ days: 1 });
  await addHeldSession(h.t, (await h.t.app.directory.all())[0]!.id, day.toISODate()!);
  await advanceTo(h.t, day.set({ hour: 18 }).toJSDate());
}

/** A pulse after a held session; every voter gives every statement `score`. */
async function pulse(score: (voter: number) => number): Promise<void> {
  await holdSessionTomorrow();
  const before = posts().length;
  await h.deliver(h.message('pulse', people.anna, channel));
  for (const [i, voter] of voters.entries()) {
    for (const call of posts().slice(before).filter((c) => personalPosts(voter).includes(c))) {
      for (const action of elements(cardsOf(call)[0], /^Action\.Execute$/).filter((a) => a.data?.lisoAction === 'pulse.vote')) {
        if (String(action.data.lisoValue).endsWith(`:${score(i)}`)) await h.deliver(h.press(action.data, voter, personal, call.response.id));
      }
    }
  }
  await walkDays(8);
}

describe('Teams, heard through a screen reader', () => {
  it('announces every message by its gist and names every button that shows only a number or an emoji', { timeout: 60_000 }, async () => {
    for (const person of [people.anna, people.bram, ...voters]) await h.deliver(h.personalInstall(person));
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    await h.deliver(h.message(`rol deelnemer ${voters.map((v) => `<at>${v.name}</at>`).join(' ')}`, people.anna, channel, voters));
    await pulse(() => 3);
    await pulse((i) => (i === 0 ? 5 : 4));
    await h.deliver(h.message('vier de eerste casus is besproken', people.anna, channel));
    await h.deliver(h.message('hoe houd ik deelnemers betrokken na de start?', voters[0]!, personal));
    await h.deliver(h.message('help', voters[0]!, personal));
    await h.deliver(h.message('vergeet-mij', voters[1]!, personal));

    const heard: string[] = [];
    const kinds = new Set<string>();
    for (const call of posts()) {
      const summary: string = call.body.summary;
      for (const problem of announcedProblems(summary)) heard.push(`summary: ${problem}`);
      for (const card of cardsOf(call)) {
        // What Teams reads for the whole card, and what a client that cannot draw it shows.
        for (const problem of announcedProblems(card.speak)) heard.push(`speak of "${summary}": ${problem}`);
        for (const problem of announcedProblems(card.fallbackText)) heard.push(`fallbackText of "${summary}": ${problem}`);
        for (const action of elements(card, /^Action\./)) {
          kinds.add(action.data?.lisoAction ?? action.type);
          if (needsSpokenLabel(action.title)) {
            if (!action.tooltip) heard.push(`button "${action.title}" in "${summary}" has no tooltip`);
            else for (const problem of announcedProblems(action.tooltip)) heard.push(`tooltip of "${action.title}": ${problem}`);
          }
        }
        for (const input of elements(card, /^Input\./)) if (!input.label) heard.push(`${input.type} in "${summary}" has no label`);
      }
    }
    expect(heard).toEqual([]);
    // The kinds of message a member meets were all heard.
    for (const kind of ['pulse.vote', 'wins.cheer', 'advice.feedback', 'advice.more', 'privacy.forget']) expect(kinds).toContain(kind);

    // A pulse score is heard with its meaning and its statement.
    const invitation = personalPosts(voters[2]!).find((c) => elements(cardsOf(c)[0], /^Action\.Execute$/).some((a) => a.data?.lisoAction === 'pulse.vote'))!;
    const tooltips = elements(cardsOf(invitation)[0], /^Action\.Execute$/).filter((a) => a.data?.lisoAction === 'pulse.vote').map((a) => a.tooltip);
    expect(tooltips.slice(0, 5)).toEqual(['Stelling 1: 1, helemaal oneens', 'Stelling 1: 2, oneens', 'Stelling 1: 3, neutraal', 'Stelling 1: 4, eens', 'Stelling 1: 5, helemaal eens']);

    // The second results: the change since last time in words, its gist on the lock screen.
    const results = personalPosts(people.anna).filter((c) => /^Uitslag pulse Jeugd/.test(c.body.summary));
    expect(results).toHaveLength(2);
    const latest = results.at(-1)!;
    expect(latest.body.summary).toBe('Uitslag pulse Jeugd: 3 van de 3 genodigden deden mee.');
    const stats = cardText(cardsOf(latest)[0]).split('\n').filter((line) => line.startsWith('gemiddeld') && !line.includes('eerste meting'));
    expect(stats.length).toBeGreaterThan(0);
    for (const line of stats) {
      expect(line).toMatch(CHANGE_IN_WORDS);
      expect(line).not.toMatch(READ_BY_NAME);
    }
  });
});
