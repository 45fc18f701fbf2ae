// `/liso sessie` as a new trekker types it: "om 14:00", "van 14:00 tot 17:00", "14.00-17.00 uur", a
// full stop at the end, the verb as an infinitive ("plannen", "verplaatsen", "annuleren"), "naar"
// between the dates, and a typo or the words in another order.
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../fakes/test-app.ts';
import { firstLinesAfter, startedNetwork } from '../fakes/started-network.ts';

let t: TestApp;
beforeEach(async () => {
  t = await startedNetwork();
});

const after = (text: string) => firstLinesAfter(t, text);

const PLANNED = 'channel: Nieuwe sessie van Jeugd Leiden: donderdag 11 maart 2027, 14:00–17:00.';

describe('planning a session as people write it', () => {
  it.each([
    'sessie 11 maart om 14:00',
    'sessie 11-03 van 14:00 tot 17:00',
    'sessie 11 maart 14.00-17.00 uur',
    'sessie 11 maart 14:00.',
    'sessie plannen 11 maart 14:00',
    'sessie plan 11 maart om 14:00 tot 17:00',
  ])('%j plans it', async (command) => {
    expect(await after(command)).toEqual([PLANNED]);
    const place = await after('sessies');
    expect(place[0]).toBe('reply: Geplande sessies van Jeugd Leiden');
    expect(t.adapter.sent).toEqual([]);
  });

  it('"uur" after the time is no place', async () => {
    await t.command('anna', 'sessie 11 maart 14.00-17.00 uur');
    t.adapter.take();
    await t.command('anna', 'sessies');
    expect(t.adapter.take()[0]!.text).not.toContain('uur');
  });
});

describe('"volgende week donderdag": a day as people say it', () => {
  // The test clock reads Monday 4 January 2027.
  it.each([
    ['sessie volgende week donderdag 14:00', 'donderdag 14 januari 2027'],
    ['sessie donderdag volgende week 14:00', 'donderdag 14 januari 2027'],
    ['session next week Thursday 14:00', 'donderdag 14 januari 2027'],
    ['sessie volgende donderdag 14:00', 'donderdag 7 januari 2027'],
    ['sessie komende dinsdag om 14:00', 'dinsdag 5 januari 2027'],
  ])('%j plans it on %s', async (command, day) => {
    expect(await after(command)).toEqual([`channel: Nieuwe sessie van Jeugd Leiden: ${day}, 14:00–17:00.`]);
  });
});

describe('"2 uur": an hour as people say it', () => {
  it.each(['sessie 11 maart 2 uur \'s middags', 'sessie 11 maart 2 uur s middags', 'sessie 11 maart 2pm'])('%j plans it at 14:00', async (command) => {
    expect(await after(command)).toEqual([PLANNED]);
  });

  it.each(['sessie 11 maart 2 uur', 'sessie 11 maart 2', 'sessie 11 maart 2u'])('%j is not planned in the night: the bot asks whether 14:00 was meant', async (command) => {
    const answers = await after(command);
    expect(answers).toEqual([expect.stringMatching(/^reply: .*14:00/)]);
    expect(answers[0]).toContain('02:00');
    expect(await t.app.sessions.list((await t.app.directory.byChannel('test', 'kanaal-1'))!.id)).toEqual([]);
  });

  it('02:00 with its minutes is taken as written', async () => {
    expect(await after('sessie 11 maart 02:00')).toEqual([expect.stringMatching(/^channel: Nieuwe sessie van Jeugd Leiden: donderdag 11 maart 2027, 02:00/)]);
  });
});

describe('planning close to another session', () => {
  it('the question whether to plan it anyway names the session as the bot read it', async () => {
    await t.command('anna', 'sessie 11 maart 14:00');
    t.adapter.take();
    await t.command('anna', 'sessie 25 maart 2 uur \'s middags');
    const [question] = t.adapter.take();
    expect(question!.text.split('\n')[0]).toMatch(/donderdag 25 maart 2027, 14:00/);
  });
});

describe('moving and cancelling as people write it', () => {
  beforeEach(async () => {
    await t.command('anna', 'sessie 11 maart 14:00');
    t.adapter.take();
  });

  it.each(['sessie verplaatsen 11 maart 18 maart', 'sessie verplaats 11 maart naar 18 maart', 'session move 11 March to 18 March'])('%j moves it', async (command) => {
    expect(await after(command)).toEqual(['channel: De sessie van donderdag 11 maart 2027, 14:00 is verplaatst naar donderdag 18 maart 2027, 14:00–17:00.']);
  });

  it('"sessie verplaatsen naar 18 maart" moves the one session planned', async () => {
    expect(await after('sessie verplaatsen naar 18 maart')).toEqual(['channel: De sessie van donderdag 11 maart 2027, 14:00 is verplaatst naar donderdag 18 maart 2027, 14:00–17:00.']);
  });

  it('with two sessions planned, "naar 18 maart" asks which one', async () => {
    await t.command('anna', 'sessie 10 juni 14:00');
    t.adapter.take();
    expect(await after('sessie verplaats naar 18 maart')).toEqual([expect.stringMatching(/^reply: .*verplaats/)]);
    expect(t.adapter.sent).toEqual([]);
  });

  it.each([
    ['sessie verplaats 11 maart 14:00-16:30', '14:00–16:30'],
    ['sessie verplaats 11-3 om 15:00', '15:00–18:00'],
    ['sessie verplaats 11 maart 14:00 tot 16:30.', '14:00–16:30'],
    ['session move 11 March 10:00-12:00', '10:00–12:00'],
  ])('%j, one date and a time, keeps the day and sets the new time', async (command, span) => {
    expect(await after(command)).toEqual([expect.stringMatching(new RegExp(`^channel: De sessie van donderdag 11 maart 2027, 14:00 is verplaatst naar donderdag 11 maart 2027, ${span}\\.$`))]);
  });

  it('the end time the planned post suggests is accepted as shown', async () => {
    await t.command('anna', 'sessie 18 maart 14:00 bevestig');
    const post = t.adapter.take().map((m) => m.text).join('\n');
    const suggested = /\/liso (sessie verplaats [^`.]+)/.exec(post)?.[1];
    expect(suggested).toBe('sessie verplaats 2027-03-18 14:00-16:30');
    expect(await after(suggested!)).toEqual(['channel: De sessie van donderdag 18 maart 2027, 14:00 is verplaatst naar donderdag 18 maart 2027, 14:00–16:30.']);
  });

  it('a move to the moment the session already has changes nothing and says so', async () => {
    expect(await after('sessie verplaats 11 maart 14:00')).toEqual([expect.stringMatching(/^reply: De sessie staat al op donderdag 11 maart 2027, 14:00–17:00/)]);
    expect(t.adapter.sent).toEqual([]);
  });

  it.each(['sessie annuleren 11 maart', 'sessie afgelast 11 maart'])('%j cancels it', async (command) => {
    expect(await after(command)).toEqual([expect.stringMatching(/^channel: .*11 maart 2027.* gaat niet door/)]);
  });
});

describe('the agenda', () => {
  it('"/liso agenda <datum> <link>" shares the agenda of that session, as "/liso sessie agenda" does', async () => {
    await t.command('anna', 'sessie 11 maart 14:00');
    t.adapter.take();
    expect(await after('agenda 11 maart https://docs.example.org/agenda')).toEqual(['channel: De agenda van de sessie van donderdag 11 maart 2027, 14:00: https://docs.example.org/agenda']);
  });
});

describe('a command word mistyped or out of place', () => {
  it.each([
    ['sesie 25 maart 14:00', '/liso sessie 25 maart 14:00'],
    ['plan sessie 25 maart 14:00', '/liso sessie plan 25 maart 14:00'],
    ['verplaats sessie 11-3 18-3', '/liso sessie verplaats 11-3 18-3'],
  ])('%j is not a handbook question: the bot offers the command as it should be typed', async (command, meant) => {
    const [answer] = await after(command);
    expect(answer).toContain(meant);
    // The same typed in a direct message, where commands need no /liso (after the first meeting's introduction).
    await t.message('anna', 'hoi');
    t.adapter.take();
    await t.message('anna', command);
    expect(t.adapter.take().map((sent) => sent.text)).toEqual([expect.stringContaining(meant)]);
  });

  it('scores typed after /liso are no command typo', async () => {
    const [answer] = await after('4 4 3 5');
    expect(answer).not.toMatch(/Bedoelde je/);
  });
});
