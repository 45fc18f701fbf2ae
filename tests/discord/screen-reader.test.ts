// liso-bot on Discord as a deelnemer with a screen reader: two pulses (invitation, results with their
// change), a win with its 🎉 button, an advice answer, help and vergeet-mij, through real discord.js
// against the fake REST API. Discord reads a message's `content` (its first line is the notification's
// preview) and a button by its label: it has no separate label for assistive technology, so what the
// content says must carry the meaning, in characters a screen reader reads as words.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHeldSession } from '../nudges/nudge-harness.ts';
import { advanceTo } from '../pulse/pulse-helpers.ts';
import { announcedProblems, CHANGE_IN_WORDS, READ_BY_NAME } from '../fakes/heard.ts';
import { DiscordHarness, people, str, user } from './discord-harness.ts';
import type { Person } from './discord-harness.ts';
import type { RecordedCall } from './fake-discord.ts';

const luuk: Person = { id: '100000000000000011', username: 'luuk', global_name: 'Luuk Luisteraar' };
const voters: Person[] = [people.bram, people.sanne, luuk];
const dmOf = (person: Person) => `7${person.id}`.slice(0, 19);
const buttonsIn = (body: any): any[] => (body?.components ?? []).flatMap((row: any) => row.components ?? []);

let h: DiscordHarness;

/** Every message body the bot sent or answered with, where it went. */
function messages(): Array<{ to: string; body: any; call: RecordedCall }> {
  return h.fake.calls.flatMap((call) => {
    if (call.method === 'POST' && /^\/channels\/\d+\/messages$/.test(call.path)) return [{ to: call.path.split('/')[2]!, body: call.body, call }];
    if (call.path.endsWith('/callback') && (call.body?.type === 4 || call.body?.type === 7)) return [{ to: 'answer', body: call.body.data, call }];
    if (/^\/webhooks\//.test(call.path) && call.body && 'content' in call.body) return [{ to: 'answer', body: call.body, call }];
    return [];
  });
}

/** A session held the next day, then a pulse every voter answers with `score`, closed a week later. */
async function pulse(score: (voter: number) => number): Promise<void> {
  const day = DateTime.fromJSDate(h.t.clock.now(), { zone: 'Europe/Amsterdam' }).plus({ days: 1 });
  await addHeldSession(h.t, (await h.t.app.directory.all())[0]!.id, day.toISODate()!);
  await advanceTo(h.t, day.set({ hour: 18 }).toJSDate());
  await h.inject(h.slash('pulse'));
  for (const [i, voter] of voters.entries()) {
    const parts = h.fake.callsTo('POST', new RegExp(`^/channels/${dmOf(voter)}/messages$`)).filter((c) => buttonsIn(c.body).some((b) => b.label === '1'));
    for (const part of parts.slice(-2)) {
      for (const button of buttonsIn(part.body).filter((b) => b.label === String(score(i)))) {
        await h.inject(h.press(button.custom_id, voter, { id: part.result.id, components: part.body.components, dmChannel: dmOf(voter) }));
      }
    }
  }
  await advanceTo(h.t, new Date(h.t.clock.now().getTime() + 8 * 24 * 3_600_000));
}

beforeAll(async () => {
  h = await DiscordHarness.start();
  h.fake.users.set(luuk.id, { ...luuk });
});

afterAll(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.close();
});

describe('Discord, heard through a screen reader', () => {
  it('previews every message by its gist and reads the pulse results in words', { timeout: 60_000 }, async () => {
    await h.inject(h.slash('start', [str('tekst', 'Luisteren')]));
    await h.inject(h.slash('rol', [str('tekst', 'deelnemer'), user('persoon', people.bram), user('persoon2', people.sanne), user('persoon3', luuk)]));
    await pulse(() => 3);
    await pulse((i) => (i === 0 ? 5 : 4));
    await h.inject(h.slash('vier', [str('tekst', 'de eerste casus is besproken')]));
    await h.inject(h.slash('vraag', [str('tekst', 'hoe houd ik deelnemers betrokken na de start?')], people.sanne));
    await h.inject(h.slash('help', [], people.sanne));
    await h.inject(h.slash('vergeet-mij', [], luuk));

    const heard: string[] = [];
    for (const { body } of messages()) {
      const content = String(body.content ?? '');
      if (content === '' && buttonsIn(body).length === 0) continue;
      // The preview: the first line, without Discord's Markdown marks.
      const preview = content.split('\n')[0]!.replace(/^(#+|-#)\s*/, '').replace(/[*_`\\]/g, '');
      for (const problem of announcedProblems(preview).filter((p) => !p.startsWith('emoji'))) heard.push(`preview of ${JSON.stringify(content.slice(0, 60))}: ${problem}`);
      // Box drawing (a divider) is read character by character; the results' bars are the one drawing left.
      for (const line of content.split('\n')) if (READ_BY_NAME.test(line) && !/`[1-5] [█░]{10}`/.test(line)) heard.push(`line read by name: ${JSON.stringify(line)}`);
    }
    expect(heard).toEqual([]);

    // The second results: the change since last time in words.
    const results = messages().filter((m) => m.to === dmOf(people.anna) && /^### Uitslag pulse Luisteren/.test(m.body.content ?? ''));
    expect(results.length).toBeGreaterThanOrEqual(2);
    const latest = messages().filter((m) => m.to === dmOf(people.anna)).slice(messages().filter((m) => m.to === dmOf(people.anna)).indexOf(results.at(-1)!));
    const stats = latest.flatMap((m) => String(m.body.content ?? '').split('\n')).filter((line) => line.includes('gemiddeld') && !line.includes('eerste meting'));
    expect(stats.length).toBeGreaterThan(0);
    for (const line of stats) {
      expect(line).toMatch(CHANGE_IN_WORDS);
      expect(line).not.toMatch(READ_BY_NAME);
    }
  });
});
