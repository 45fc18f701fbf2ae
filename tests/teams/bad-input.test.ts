// Hostile or odd input through the real endpoint: retried deliveries, tampered card data, 28 KB messages,
// names with card or HTML markup. Clear handling, nothing sent twice, nothing leaked.
import { describe, expect, it } from 'vitest';
import { personalConversationId } from './fake-bot-connector.ts';
import { CHANNEL, cardActions, cardText, people, useTeamsHarness } from './teams-harness.ts';
import type { Person, TeamsHarness } from './teams-harness.ts';

let h: TeamsHarness;
useTeamsHarness((harness) => (h = harness));

const personal = { kind: 'personal' } as const;
const channel = { kind: 'channel' } as const;

describe('bad input on Teams', () => {
  it('the same activity delivered twice (a Bot Connector retry) is handled once', async () => {
    await h.deliver(h.personalInstall(people.anna));
    const before = h.fake.sent().length;
    const activity = h.message('help', people.anna, personal);
    expect((await h.deliver(activity)).status).toBe(200);
    const once = h.fake.sent().length;
    expect(once).toBeGreaterThan(before);
    expect((await h.deliver(activity)).status).toBe(200);
    expect(h.fake.sent().length).toBe(once);
  });

  it('a validly signed body that is JSON but no activity (null, a number, a string, an array) gets 400 at once; the bot keeps serving', async () => {
    await h.deliver(h.personalInstall(people.anna));
    for (const body of ['null', '42', '"message"', 'true', '[]', JSON.stringify([h.message('help', people.anna, personal)])]) {
      const response = await fetch(h.runtime.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.fake.sign()}` },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      expect([body, response.status]).toEqual([body, 400]);
      expect(await response.text()).not.toMatch(/node_modules|at .*\.(js|ts)/);
    }
    const before = h.fake.sent().length;
    expect((await h.deliver(h.message('help', people.anna, personal))).status).toBe(200);
    expect(h.fake.sent().length).toBeGreaterThan(before);
    expect(h.t.logLines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });

  it('tampered card data is refused with an error card result, never routed, nothing sent or stored', async () => {
    await h.deliver(h.personalInstall(people.anna));
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    const sent = h.fake.sent().length;
    for (const data of [{ lisoAction: 'privacy.forget' }, { lisoAction: { $ne: 1 }, lisoValue: 'x' }, { lisoForm: 'x', lisoContext: 'y'.repeat(5_000) }, 'not an object', null]) {
      const response = await h.deliver(h.press(data as never, people.anna, channel));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
      expect(JSON.stringify(response.body)).not.toMatch(/stack|at .*\.ts/);
    }
    // A well-formed press on a button that does not exist is the core's "stale button", privately.
    const stale = await h.deliver(h.press({ lisoAction: 'nothing.here', lisoValue: '1' }, people.anna, channel));
    expect(stale.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(h.fake.sent().slice(sent).every((c) => c.path.includes(personalConversationId(people.anna.id)))).toBe(true);
  });

  it('a 28 KB message is read (cut by the core), answered once, and the answer stays under the limit', async () => {
    await h.deliver(h.personalInstall(people.anna));
    const before = h.fake.sent().length;
    const text = 'Hoe houden we deelnemers betrokken? '.repeat(800).slice(0, 28_000);
    const response = await h.deliver(h.message(text, people.anna, personal));
    expect(response.status).toBe(200);
    const answers = h.fake.sent().slice(before);
    expect(answers.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) expect(answer.bytes).toBeLessThan(28_000);
  });

  it('a name with card or HTML markup never becomes markup or a mention, also when the bot names that person', async () => {
    const mallory: Person = { id: '29:1mallory', name: '<at>Anna de Vries</at> **Baas** [x](https://evil.example) <img src=x onerror=alert(1)>' };
    await h.deliver(h.personalInstall(people.anna));
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    await h.deliver(h.message(`rol deelnemer <at>${mallory.name}</at>`, people.anna, channel, [mallory]));
    const announcement = h.fake.cards(CHANNEL).at(-1);
    const entities = announcement.msteams.entities ?? [];
    // Only Mallory herself is mentioned, under a cleaned name; Anna is not pinged by the trick.
    expect(entities.map((e: any) => e.mentioned.id)).toEqual([mallory.id]);
    for (const entity of entities) expect(entity.text).toMatch(/^<at>[\p{L}\p{N} .'-]+<\/at>$/u);
    const text = cardText(announcement);
    expect(text).not.toMatch(/<img|\]\(https:\/\/evil/);
    // Mallory's own message: her display name is cleaned before the core stores it.
    await h.deliver(h.message('mijn-gegevens', mallory, channel));
    const note = h.fake.cards(CHANNEL).at(-1);
    for (const entity of note.msteams.entities ?? []) expect(entity.text).toMatch(/^<at>[\p{L}\p{N} .'-]+<\/at>$/u);
    expect(cardText(note)).not.toMatch(/<at>Anna/);
    expect(cardActions(note)).toEqual([]);
  });

  it('a win with a family emoji keeps it whole in the card: only the joiners inside an emoji stay', async () => {
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    await h.deliver(h.message('vier 40 gezinnen 👨\u200D👩\u200D👧\u200D👦 bereikt, met de we\u200Dthouder', people.anna, channel));
    const text = cardText(h.fake.cards(CHANNEL).at(-1));
    expect(text).toContain('40 gezinnen 👨\u200D👩\u200D👧\u200D👦 bereikt, met de wethouder');
  });

  it('angle brackets a person typed are kept (Teams passes them on as typed); formatting tags still go', async () => {
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    await h.deliver(h.message('vier <p>we bereikten <b>jongeren</b> <18 en ouderen >65, zie <data> en </></p>', people.anna, channel));
    const text = cardText(h.fake.cards(CHANNEL).at(-1));
    expect(text).toContain('we bereikten jongeren <\u200B18 en ouderen >65, zie <\u200Bdata> en <\u200B/>');
  });
});
