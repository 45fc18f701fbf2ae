// Hostile and clumsy text through the real core: what a member types, what the platform says their
// name is. Each answer is short and clear, whatever the size of what came in.
import { describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { CommandEvent, FormEvent } from '../../src/core/events.ts';
import { smallTalkOf } from '../../src/core/message-routing.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { countingStore } from './counting-store.ts';

/** The longest answer text any of these inputs may get: a few sentences, never the input itself. */
const SHORT_ANSWER = 600;
// Half of a character that takes two UTF-16 units: shown as a replacement sign, or refused by a platform's API.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

async function twoNetworksFor(user: string): Promise<TestApp> {
  const t = await createTestApp();
  await t.command('anna', 'start Jeugd', 'kanaal-1');
  await t.command('anna', `rol deelnemer <@${user}>`, 'kanaal-1');
  await t.command('dirk', 'start Wonen', 'kanaal-2');
  await t.command('dirk', `rol deelnemer <@${user}>`, 'kanaal-2');
  t.adapter.take();
  return t;
}

function textsOf(t: TestApp): string[] {
  return t.adapter.take().map((sent) => sent.text);
}

describe('what a member types is quoted back shortened', () => {
  it('a new date that is no date, 10,000 characters of "11-3-", is quoted in a short answer', async () => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd');
    await t.command('anna', 'sessie 2027-03-11 14:00-17:00 Buurthuis');
    t.adapter.take();
    await t.command('anna', `sessie verplaats 2027-03-11 ${'11-3-'.repeat(2_000)}`);
    const [answer] = textsOf(t);
    expect(answer).toMatch(/Er mist de nieuwe datum/);
    expect(answer!.length).toBeLessThan(SHORT_ANSWER);
  });

  it.each([
    ['a start time', `sessie 2027-03-11 ${'a'.repeat(39)}🎉`],
    ['an end time', `sessie 2027-03-11 14:00-${'a'.repeat(39)}🎉`],
    ['an end time after "tot"', `sessie 2027-03-11 14:00 tot ${'a'.repeat(39)}🎉`],
  ])('%s that is no time, with an emoji where the quote is cut, is quoted without half a character', async (_what, command) => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd');
    t.adapter.take();
    await t.command('anna', command);
    const [answer] = textsOf(t);
    expect(answer).toMatch(/aaaa/);
    expect(answer).not.toMatch(LONE_SURROGATE);
  });

  it.each([
    ['a command that takes a network name', 'netwerk'],
    ['a win, which keeps its words', 'vier'],
  ])('someone in two networks gives %s with 4,000 characters in a direct message: the example is short', async (_what, command) => {
    const t = await twoNetworksFor('carla');
    await t.command('carla', `${command} ${'a'.repeat(5_000)}`, null);
    const [answer] = textsOf(t);
    expect(answer).toMatch(/meer dan één netwerk/);
    expect(answer!.length).toBeLessThan(SHORT_ANSWER);
  });
});

describe('names the platform gives', () => {
  async function asNamed(t: TestApp, displayName: string, text: string, mentionName = displayName): Promise<void> {
    const event: CommandEvent = {
      type: 'command',
      platform: 'test',
      actor: { userId: 'anna', displayName },
      conversation: { kind: 'channel', id: 'kanaal-1' },
      text,
      mentions: [{ token: '<@bob>', userId: 'bob', displayName: mentionName }],
    };
    await t.app.bot.handle(event, t.adapter.responder('anna'));
  }

  it('a display name of 10,000 characters is shown cut, as it is stored', async () => {
    const t = await createTestApp();
    await asNamed(t, `Anna ${'x'.repeat(10_000)}`, 'start Jeugd');
    const texts = textsOf(t);
    expect(texts.join('\n')).toMatch(/Leernetwerk Jeugd is gestart/);
    for (const text of texts) expect(text.length).toBeLessThan(SHORT_ANSWER);
    expect((await t.app.people.get('test', 'anna'))!.displayName.length).toBeLessThanOrEqual(80);
  });

  it('a mentioned person named with 10,000 characters, newlines and a bidi override is named in one short line', async () => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd');
    t.adapter.take();
    await asNamed(t, 'Anna', 'rol deelnemer <@bob>', `Bob\n\u202E${'y'.repeat(10_000)}`);
    const texts = textsOf(t);
    expect(texts.join('\n')).toMatch(/deelnemer/);
    for (const text of texts) {
      expect(text.length).toBeLessThan(SHORT_ANSWER);
      expect(text).not.toMatch(/\u202E|Bob\n/);
    }
  });
});

describe('forged presses and forms', () => {
  // No button or form the bot makes carries more than this (message.ts: 60 for a button's id and value).
  const OURS = 400;

  async function counted() {
    const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
    const { store, work } = countingStore(new MemoryStore(clock));
    const t = await createTestApp({ clock, store });
    await t.command('anna', 'start Jeugd');
    await t.command('anna', 'rol deelnemer <@carla>');
    t.adapter.take();
    work.reset();
    return { t, work };
  }

  it.each(['wins.cheer', 'advice.pass', 'pulse.vote', 'session.confirm', 'network.close.confirm', 'nothing.here'])(
    'a %s press with a 100,000-character value is a stale button, and the store never sees the value',
    async (actionId) => {
      const { t, work } = await counted();
      await t.pressButton('carla', { actionId, value: 'v'.repeat(100_000) });
      expect(textsOf(t)).toEqual([expect.stringMatching(/hoort bij iets dat niet meer bestaat/)]);
      expect(work.longestCall).toBeLessThan(OURS);
    },
  );

  it('a press with a 100,000-character action id is a stale button', async () => {
    const { t, work } = await counted();
    await t.pressButton('carla', { actionId: `wins.cheer${'x'.repeat(100_000)}`, value: '1' });
    expect(textsOf(t)).toEqual([expect.stringMatching(/hoort bij iets dat niet meer bestaat/)]);
    expect(work.longestCall).toBeLessThan(OURS);
  });

  it("the pulse's open-answer form with a 100,000-character context is refused, and the store never sees it", async () => {
    const { t, work } = await counted();
    const event: FormEvent = { type: 'form', platform: 'test', actor: { userId: 'carla', displayName: 'Carla' }, conversation: { kind: 'direct', id: 'dm-carla' }, formId: 'pulse.open-answer', context: `${'p'.repeat(100_000)}:token`, values: { answer: 'meer pauze' } };
    await t.app.bot.handle(event, t.adapter.responder('carla'));
    expect(textsOf(t)).toHaveLength(1);
    expect(work.longestCall).toBeLessThan(OURS);
  });
});

describe('reading small talk costs work in proportion to the text', () => {
  // Counted, not timed: how many words the reader puts together to compare with its phrases.
  const originalJoin = Array.prototype.join;
  function wordsJoinedBy(read: () => unknown): number {
    let words = 0;
    const join = vi.spyOn(Array.prototype, 'join').mockImplementation(function (this: unknown[], separator?: string) {
      words += this.length;
      return originalJoin.call(this, separator);
    });
    try {
      read();
    } finally {
      join.mockRestore();
    }
    return words;
  }

  it('"wat kun je" followed by a thousand trailing filler words is compared a few short phrases at a time', () => {
    const short = wordsJoinedBy(() => smallTalkOf(`wat kun je ${'me '.repeat(100)}`));
    const long = wordsJoinedBy(() => smallTalkOf(`wat kun je ${'me '.repeat(1_000)}`));
    expect(smallTalkOf(`wat kun je ${'me '.repeat(1_000)}`)).toBe('about');
    expect(long).toBeLessThanOrEqual(short + 100);
  });
});

describe('a command word typed with a full stop or an exclamation mark', () => {
  async function jeugd(): Promise<TestApp> {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd');
    await t.command('anna', 'sessie 2027-03-11 14:00-17:00 Buurthuis');
    await t.command('anna', 'sessie agenda 2027-03-11 Kennismaken');
    t.adapter.take();
    return t;
  }
  const sessionOn = async (t: TestApp, date: string) => {
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    return (await t.app.sessions.upcoming(network!.id)).find((s) => s.date === date);
  };

  it('"bevestig." plans a session close to another at once, without a place called "bevestig."', async () => {
    const t = await jeugd();
    await t.command('anna', 'sessie 2027-03-18 14:00 bevestig.');
    expect(textsOf(t).join('\n')).not.toMatch(/Toch plannen|valt 1 week na/);
    const planned = await sessionOn(t, '2027-03-18');
    expect(planned).toBeDefined();
    expect(planned!.place).toBeUndefined();
  });

  it.each([
    ['place', 'plek', 'weg.'],
    ['agenda', 'agenda', 'Geen!'],
  ] as const)('"%s … %s" clears it instead of announcing it as the new one', async (field, word, clear) => {
    const t = await jeugd();
    await t.command('anna', `sessie ${word} 2027-03-11 ${clear}`);
    expect(textsOf(t).join('\n')).not.toContain(clear);
    expect((await sessionOn(t, '2027-03-11'))![field]).toBeUndefined();
  });

  it.each([
    ['taal en.', /English|Engels/],
    ['successen export!', /geen succes om naar buiten te delen/],
    ['pulse resultaten.', /pulse|resultat/i],
    ['help sessie.', /sessie 2027|\/liso sessie/],
  ])('"%s" does what the word says', async (command, expected) => {
    const t = await jeugd();
    await t.command('anna', command);
    const answer = textsOf(t).join('\n');
    expect(answer).toMatch(expected);
    expect(answer).not.toMatch(/ken ik niet|Kies \/liso taal|^Gebruik:/);
  });

  it('"vier uit." switches celebrating off instead of celebrating the word "uit."', async () => {
    const t = await jeugd();
    await t.command('anna', 'vier uit.');
    expect(textsOf(t).join('\n')).not.toContain('“uit.”');
  });
});

describe('a session time written as people write it', () => {
  it.each([
    ['sessie 2027-03-18 14:00. bevestig', '14:00', undefined],
    ['sessie 18 maart om 14:00 bevestig', '14:00', undefined],
    ['sessie 18 maart van 14:00 tot 17:00 uur bevestig', '14:00', 180],
    ['sessie 18-3 14.00-17.00 uur Buurthuis bevestig', '14:00', 180],
  ])('"%s" plans the session at %s, without a stray word as its place', async (command, time, minutes) => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd');
    await t.command('anna', 'sessie 2027-03-11 14:00-17:00 Buurthuis');
    t.adapter.take();
    await t.command('anna', command);
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    const planned = (await t.app.sessions.upcoming(network!.id)).find((s) => s.date === '2027-03-18');
    expect(planned, textsOf(t).join('\n')).toBeDefined();
    expect(planned!.time).toBe(time);
    expect(planned!.place ?? 'Buurthuis').toBe('Buurthuis');
    expect(planned!.durationMinutes).toBe(minutes);
  });
});

describe('characters that show nothing', () => {
  it.each([
    ['Hangul fillers', '\u3164'],
    ['half-width and jamo fillers', '\uFFA0 \u115F\u1160'],
    ['a braille blank between fillers', '\u3164\u3164 \u2800'],
  ])('a network named only with %s is asked for a name, not started blank', async (_what, blank) => {
    const t = await createTestApp();
    await t.command('anna', `start ${blank}`);
    expect(textsOf(t)).toEqual([expect.stringMatching(/Geef het netwerk een naam/)]);
    expect(await t.app.directory.byChannel('test', 'kanaal-1')).toBeUndefined();
  });

  it('hidden tag characters and interlinear annotations are taken out of a name; a flag made of tags stays', async () => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd\u{E0049}\u{E0047}\u{E004E} \uFFF9Leiden\uFFFA\uFFFB');
    await t.command('anna', 'vier 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} op bezoek\u3164');
    expect((await t.app.directory.byChannel('test', 'kanaal-1'))!.name).toBe('Jeugd Leiden');
    const win = textsOf(t).find((text) => text.includes('op bezoek'))!;
    expect(win).toContain('🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} op bezoek”');
  });
});

describe('stacked accents ("Zalgo" text)', () => {
  it('a name or win keeps at most a few accents on one letter, so it cannot spill over the lines around it', async () => {
    const t = await createTestApp();
    const zalgo = `J${'\u0301\u0316\u0334'.repeat(40)}eugd`;
    await t.command('anna', `start ${zalgo}`);
    await t.command('anna', `vier ${zalgo} gehaald`);
    const name = (await t.app.directory.byChannel('test', 'kanaal-1'))!.name;
    expect(name).toMatch(/^J\p{M}{1,4}eugd$/u);
    for (const text of textsOf(t)) expect(text).not.toMatch(/\p{M}{5}/u);
  });

  it('Vietnamese and Hindi keep their accents', async () => {
    const t = await createTestApp();
    await t.command('anna', 'start Người Việt हिन्दी');
    expect((await t.app.directory.byChannel('test', 'kanaal-1'))!.name).toBe('Người Việt हिन्दी'.normalize('NFKC'));
  });
});

describe('one stray character', () => {
  it.each(['x', 'a', 'é', '٣'])('"%s" is not taken for a typo of the "?" alias of help', async (typed) => {
    const t = await createTestApp();
    await t.command('anna', typed);
    await t.message('anna', typed, { eventId: `stray-${typed}` });
    const answers = textsOf(t).filter((text) => text.includes(typed));
    expect(answers.length).toBeGreaterThanOrEqual(2);
    for (const answer of answers) expect(answer).not.toMatch(/Bedoelde je (\/liso )?\?/);
  });
});

describe('a role command written as people write it', () => {
  it.each([
    ['rol deelnemer <@bob>, <@carla> en <@dirk>', ['Bob', 'Carla', 'Dirk']],
    ['rol deelnemer: <@bob> & <@carla>', ['Bob', 'Carla']],
    ['rol <@bob> deelnemer', ['Bob']],
    ['rol deelnemer <@bob>.', ['Bob']],
    ['rol deelnemer <@bob> and <@carla>!', ['Bob', 'Carla']],
  ])('"%s" gives the role to %j', async (command, names) => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd');
    t.adapter.take();
    await t.command('anna', command);
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    const holders = await t.app.directory.holders(network!.id, 'deelnemer');
    expect(holders.sort(), textsOf(t).join('\n')).toEqual(names.map((n) => n.toLowerCase()).sort());
  });

  it('"rol deelnemer bob" without the @ is still refused, naming what was not a person', async () => {
    const t = await createTestApp();
    await t.command('anna', 'start Jeugd');
    t.adapter.take();
    await t.command('anna', 'rol deelnemer bob');
    expect(textsOf(t)).toEqual([expect.stringMatching(/Ik herken bob niet als persoon/)]);
  });
});
