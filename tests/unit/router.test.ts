// The command router and the network/role/session commands, driven through the real core.
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';

let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});

async function startNetwork(): Promise<void> {
  await t.command('anna', 'start Jeugd Leiden');
  t.adapter.take();
}

describe('router', () => {
  it.each([
    ['help', /Wat liso-bot voor jullie leernetwerk doet/],
    ['hulp', /Wat liso-bot/],
    ['HELP', /Wat liso-bot/],
  ])('answers %j with the help text in Dutch', async (text, expected) => {
    await t.command('anna', text);
    const [answer] = t.adapter.take();
    expect(answer?.kind).toBe('reply');
    expect(answer?.text).toMatch(expected);
    expect(answer?.text).toContain('/liso sessie');
  });

  it.each(['', '   '])('answers %j with the stumbling-block menu, pointing at help', async (text) => {
    await t.command('anna', text);
    const [answer] = t.adapter.take();
    expect(answer?.kind).toBe('reply');
    expect(answer?.text).toMatch(/Waar lopen jullie tegenaan/);
    expect(answer?.text).toContain('/liso help');
  });

  it('lists every registered command in help', async () => {
    await t.command('anna', 'help');
    const text = t.adapter.take()[0]!.text;
    for (const command of t.app.bot.commands()) expect(text).toContain(`/liso ${command.name}`);
  });

  it.each([
    ['blah', /Het commando blah ken ik niet/],
    ['hepl', /Bedoelde je \/liso help\?/],
    ['rool deelnemer', /Bedoelde je \/liso rol\?/],
    ['sesie 2027-03-11', /Bedoelde je \/liso sessie 2027-03-11\?/],
    ['🎉🎉🎉', /Ik zie geen woorden in je vraag/],
    ['\u0000\u0007rol', /Ik herken|De rol|ken ik niet|Alleen de trekker|Dit kanaal|Er mist de rol/],
  ])('answers unknown input %j helpfully', async (text, expected) => {
    await t.command('anna', text);
    const answers = t.adapter.take();
    expect(answers).toHaveLength(1);
    expect(answers[0]!.text).toMatch(expected);
  });

  it.each([
    ['export', /Bedoelde je \/liso successen export\?/],
    ['verplaats 2027-03-11 2027-03-18', /Bedoelde je \/liso sessie verplaats 2027-03-11 2027-03-18\?/],
    ['annuleer 2027-03-11', /Bedoelde je \/liso sessie annuleer 2027-03-11\?/],
  ])('points %j, a word of another command, at that command instead of the handbook', async (text, expected) => {
    await t.command('anna', text);
    const answers = t.adapter.take();
    expect(answers).toHaveLength(1);
    expect(answers[0]!.text).toMatch(expected);
  });

  it.each([
    ['mijn gegevens', /Wat liso-bot over jou bewaart/],
    ['Mijn Gegevens', /Wat liso-bot over jou bewaart/],
    ['my data', /Wat liso-bot over jou bewaart/],
    // The digest says "Je voorbereiding voor vandaag: 2 taken": people then ask for their tasks (the timeline, which
    // needs a network: there is none in this channel yet).
    ['taken', /Dit kanaal hoort nog niet bij een leernetwerk/],
    ['mijn taken', /Dit kanaal hoort nog niet bij een leernetwerk/],
  ])('runs %j, a command typed in words', async (text, expected) => {
    await t.command('anna', text);
    const answers = t.adapter.take();
    expect(answers).toHaveLength(1);
    expect(answers[0]!.text).toMatch(expected);
  });

  it.each([
    'verzet tegen verandering bij de gemeente, hoe ga je daarmee om?',
    'afzeggen op het laatste moment, wat doe je als deelnemers dat steeds doen?',
  ])('answers %j, a question that starts with a command\'s word, from the handbook', async (text) => {
    await t.command('anna', text);
    const answers = t.adapter.take();
    expect(answers[0]!.text).not.toMatch(/Bedoelde je/);
    expect(answers[0]!.text).toMatch(/Bron:|handboek/);
  });

  it('names the command the English way for English readers', async () => {
    await t.command('anna', 'taal en');
    t.adapter.take();
    await t.command('anna', 'export');
    expect(t.adapter.take()[0]!.text).toMatch(/\/liso wins export\?/);
  });

  it('survives 10,000 characters and echoes only a short, cleaned part', async () => {
    await t.command('anna', `x${'a'.repeat(9_999)}`);
    const [answer] = t.adapter.take();
    expect(answer?.text).toMatch(/ken ik niet/);
    expect(answer!.text.length).toBeLessThan(300);
  });

  it('does not turn mention markup in unknown input into a mention', async () => {
    await t.command('anna', '<!channel> @everyone');
    const [answer] = t.adapter.take();
    const spans = answer!.message!.blocks.flatMap((b) => (b.type === 'section' ? b.text : []));
    expect(spans.some((s) => s.type === 'mention')).toBe(false);
    // Markup alone asks nothing: answered as emoji alone are, with a request for words.
    expect(answer?.text).toMatch(/Ik zie geen woorden in je vraag/);
  });

  it('answers in English after /liso taal en, and back', async () => {
    await t.command('anna', 'taal en');
    expect(t.adapter.take()[0]!.text).toMatch(/in English/);
    await t.command('anna', 'help');
    expect(t.adapter.take()[0]!.text).toMatch(/What liso-bot does/);
    await t.command('anna', 'language nl');
    await t.command('anna', 'blah');
    expect(t.adapter.take()[1]!.text).toMatch(/ken ik niet/);
  });

  it('drops a repeated platform event id', async () => {
    const event = {
      type: 'command' as const,
      platform: 'test',
      actor: { userId: 'anna', displayName: 'Anna' },
      conversation: { kind: 'channel' as const, id: 'c' },
      text: 'help',
      mentions: [],
      eventId: 'Ev123',
    };
    await t.app.bot.handle(event, t.adapter.responder('anna'));
    await t.app.bot.handle(event, t.adapter.responder('anna'));
    expect(t.adapter.take()).toHaveLength(1);
  });

  it('answers a failing handler with an apology and logs it', async () => {
    t.app.bot.use({
      name: 'broken',
      commands: [{ name: 'kapot', summary: 'help.summary', usage: 'help.usage', run: async () => { throw new Error('boom'); } }],
    });
    await t.command('anna', 'kapot');
    expect(t.adapter.take()[0]!.text).toMatch(/ging iets mis/);
    expect(t.logLines.join('')).toMatch(/handler failed.*boom|boom.*handler failed/s);
  });
});

describe('networks', () => {
  it('starts a network in a channel and makes the starter trekker', async () => {
    await t.command('anna', 'start Jeugd Leiden');
    const [post] = t.adapter.take();
    expect(post).toMatchObject({ kind: 'channel', to: 'kanaal-1' });
    expect(post!.text).toMatch(/Leernetwerk Jeugd Leiden is gestart\. @Anna is de trekker/);
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    expect(await t.app.directory.holders(network!.id, 'trekker')).toEqual(['anna']);
  });

  it('does not say "leernetwerk" twice when the name already does', async () => {
    await t.command('anna', 'start Leernetwerk Armoede Zwolle');
    expect(t.adapter.take()[0]!.text).toMatch(/^Leernetwerk Armoede Zwolle is gestart\./);
    await t.command('anna', 'netwerk');
    expect(t.adapter.take()[0]!.text).toMatch(/^Leernetwerk Armoede Zwolle\n/);
  });

  it.each([
    ['start', /Geef het netwerk een naam/],
    ['start   ', /Geef het netwerk een naam/],
    ['start 🎉', /Geef het netwerk een naam/],
  ])('refuses %j without a name', async (text, expected) => {
    await t.command('anna', text);
    expect(t.adapter.take()[0]!.text).toMatch(expected);
  });

  it('caps a very long name', async () => {
    await t.command('anna', `start ${'Netwerk '.repeat(100)}`);
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    expect(Array.from(network!.name).length).toBeLessThanOrEqual(80);
  });

  it('refuses a second network in the same channel, also when started at the same moment', async () => {
    await Promise.all([t.command('anna', 'start Een'), t.command('bram', 'start Twee')]);
    const sent = t.adapter.take();
    expect(sent.filter((s) => s.kind === 'channel')).toHaveLength(1);
    expect(sent.filter((s) => s.kind === 'reply')[0]!.text).toMatch(/hoort al bij het leernetwerk/);
    expect(await t.app.directory.all()).toHaveLength(1);
  });

  it('refuses to start a network in a direct conversation', async () => {
    await t.command('anna', 'start Jeugd', null);
    expect(t.adapter.take()[0]!.text).toMatch(/hoort bij een kanaal/);
  });

  it('shows the network with roles and the next session', async () => {
    await startNetwork();
    await t.command('anna', 'rol procesbegeleider <@bram>');
    await t.command('anna', 'sessie 2027-03-11 14:00');
    t.adapter.take();
    await t.command('sanne', 'netwerk');
    const text = t.adapter.take()[0]!.text;
    expect(text).toMatch(/Leernetwerk Jeugd Leiden/);
    expect(text).toMatch(/Trekker: @Anna/);
    expect(text).toMatch(/Procesbegeleider: @Bram/);
    expect(text).toMatch(/Deelnemer: nog niemand/);
    expect(text).toMatch(/Volgende sessie: donderdag 11 maart 2027, 14:00$/m);
  });

  it('finds the network from a direct conversation when the person has one', async () => {
    await startNetwork();
    await t.command('anna', 'netwerk', null);
    expect(t.adapter.take()[0]!.text).toMatch(/Leernetwerk Jeugd Leiden/);
    await t.command('zoe', 'netwerk', null);
    expect(t.adapter.take()[0]!.text).toMatch(/nog geen rol/);
  });

  it('says a channel without a network has none', async () => {
    await t.command('anna', 'netwerk', 'ander-kanaal');
    expect(t.adapter.take()[0]!.text).toMatch(/hoort nog niet bij een leernetwerk/);
  });
});

describe('roles and permissions', () => {
  beforeEach(startNetwork);

  it('assigns several people at once and announces it in the channel', async () => {
    await t.command('anna', 'rol deelnemer <@sanne> <@ahmed>');
    const [post] = t.adapter.take();
    expect(post).toMatchObject({ kind: 'channel' });
    expect(post!.text).toMatch(/@Sanne en @Ahmed zijn nu deelnemer/);
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    expect(await t.app.directory.holders(network!.id, 'deelnemer')).toEqual(['ahmed', 'sanne']);
  });

  it('announces only what changed, and tells the lead privately who already held the role (or did not)', async () => {
    await t.command('anna', 'rol deelnemer <@sanne>');
    t.adapter.take();
    await t.command('anna', 'rol deelnemer <@sanne> <@ahmed>');
    const [reply, post] = t.adapter.take();
    expect(reply).toMatchObject({ kind: 'reply' });
    expect(reply!.text).toMatch(/^@Sanne is al deelnemer in Jeugd Leiden\.$/);
    expect(post).toMatchObject({ kind: 'channel' });
    expect(post!.text).toMatch(/^@Ahmed is nu deelnemer/);
    await t.command('anna', 'rol deelnemer <@sanne>');
    expect(t.adapter.take().map((m) => m.kind)).toEqual(['reply']);
    await t.command('anna', 'rol weg procesbegeleider <@sanne>');
    const removed = t.adapter.take();
    expect(removed.map((m) => m.kind)).toEqual(['reply']);
    expect(removed[0]!.text).toMatch(/@Sanne is geen procesbegeleider in Jeugd Leiden; er is niets weggehaald\./);
  });

  it('offers the role words in the reader\'s language, and they work', async () => {
    await t.command('anna', 'taal en');
    t.adapter.take();
    await t.command('anna', 'role');
    const answer = t.adapter.take()[0]!.text;
    expect(answer).toMatch(/lead, facilitator, liaison, communications, assistant, participant/);
    expect(answer).not.toMatch(/procesbegeleider/);
    await t.command('anna', 'role liaison <@sanne>');
    // The channel's post stays in the channel's language: Anna chose English for herself, not for the channel.
    expect(t.adapter.take()[0]!.text).toMatch(/@Sanne is nu verbindingsfunctionaris/);
  });

  it('mentions the assigned people on purpose (and only them)', async () => {
    await t.command('anna', 'rol deelnemer <@sanne>');
    const [post] = t.adapter.take();
    const mentions = post!.message!.blocks.flatMap((b) => (b.type === 'section' ? b.text.filter((s) => s.type === 'mention') : []));
    expect(mentions).toEqual([{ type: 'mention', userId: 'sanne', fallback: '@Sanne' }]);
  });

  it.each([
    ['rol lead <@bram>', 'trekker'],
    ['rol facilitator <@bram>', 'procesbegeleider'],
    ['role Participant <@bram>', 'deelnemer'],
    ['rol communicatieadviseur <@bram>', 'communicatieadviseur'],
  ])('understands %j', async (text, role) => {
    await t.command('anna', text);
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    expect(await t.app.directory.rolesOf(network!.id, 'bram')).toContain(role);
  });

  it.each([
    ['rol', /Er mist de rol\. Schrijf/],
    ['rol koning <@bram>', /De rol koning ken ik niet/],
    ['rol deelnemer', /Noem wie de rol krijgt/],
    ['rol deelnemer bram', /Ik herken bram niet als persoon/],
    ['rol deelnemer @everyone', /Ik herken @everyone niet als persoon/],
  ])('explains what is wrong with %j', async (text, expected) => {
    await t.command('anna', text);
    expect(t.adapter.take()[0]!.text).toMatch(expected);
  });

  it('lets only trekker and procesbegeleider change roles and sessions', async () => {
    await t.command('anna', 'rol deelnemer <@sanne>');
    t.adapter.take();
    for (const text of ['rol trekker <@sanne>', 'sessie 2027-03-11 14:00', 'sessie annuleer 2027-03-11', 'rol weg trekker <@anna>']) {
      await t.command('sanne', text);
      const [answer] = t.adapter.take();
      expect(answer?.kind).toBe('reply');
      expect(answer?.text).toMatch(/Alleen de trekker of procesbegeleider van Jeugd Leiden/);
    }
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    expect(await t.app.directory.holders(network!.id, 'trekker')).toEqual(['anna']);
    expect(await t.app.sessions.list(network!.id)).toEqual([]);
  });

  it('lets a procesbegeleider manage the network', async () => {
    await t.command('anna', 'rol procesbegeleider <@bram>');
    await t.command('bram', 'sessie 2027-03-11 14:00');
    expect(t.adapter.take()[1]!.text).toMatch(/Nieuwe sessie/);
  });

  it('removes a role, but never the last trekker', async () => {
    await t.command('anna', 'rol weg trekker <@anna>');
    expect(t.adapter.take()[0]!.text).toMatch(/altijd een trekker nodig/);
    await t.command('anna', 'rol trekker <@bram>');
    await t.command('anna', 'rol weg trekker <@anna>');
    const [shared, hint, removed] = t.adapter.take().map((m) => m.text);
    expect(shared).toMatch(/@Bram is nu ook trekker in .*, naast @Anna/);
    expect(hint).toMatch(/Neem hem jezelf dan af met \/liso rol weg trekker @Anna/);
    expect(removed).toMatch(/@Anna is geen trekker meer/);
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    expect(await t.app.directory.holders(network!.id, 'trekker')).toEqual(['bram']);
    expect(await t.app.directory.ofPerson('test', 'anna')).toEqual([]);
  });
});

describe('sessions', () => {
  beforeEach(startNetwork);

  it.each([
    // The network's own zone is not repeated; a session elsewhere says where its clock is.
    ['sessie 2027-03-11 14:00', 'donderdag 11 maart 2027, 14:00–17:00.'],
    ['sessie 11-3-2027 9:30', 'donderdag 11 maart 2027, 09:30–12:30.'],
    ['sessie 11/03/2027 14u', 'donderdag 11 maart 2027, 14:00–17:00.'],
    ['session 2027-03-11 14.15 Europe/London', 'donderdag 11 maart 2027, 14:15–17:15 (Europe/London)'],
    // As people write a date in a chat: without a year it is the first such day to come.
    ['sessie 11 maart 14:00', 'donderdag 11 maart 2027, 14:00–17:00.'],
    ['sessie do 11-3 9:30 Stadhuis', 'donderdag 11 maart 2027, 09:30–12:30.'],
    ['session Thursday March 11 14:00', 'donderdag 11 maart 2027, 14:00–17:00.'],
  ])('plans %j', async (text, shown) => {
    await t.command('anna', text);
    expect(t.adapter.take()[0]!.text).toContain(shown);
  });

  it.each([
    ['sessie 2027-02-30 14:00', /2027-02-30 bestaat niet: februari 2027 heeft 28 dagen/],
    ['sessie 2027-13-01 14:00', /geen geldige datum/],
    ['sessie volgende week 14:00', /volgende is geen geldige datum/],
    ['sessie vr 14 januari 2027 14:00', /vr 14 januari 2027 klopt niet: die datum is donderdag 14 januari 2027/],
    ['sessie 2027-03-11', /Er mist nog een begintijd/],
    ['sessie 2027-03-11 25:00', /25:00 is geen geldige tijd/],
    ['sessie 2027-03-11 14:00 Mars/Olympus', /Mars\/Olympus is geen tijdzone/],
    ['sessie 2026-12-01 14:00', /ligt in het verleden/],
    ['sessie 2027-03-28 02:30', /Op zondag 28 maart 2027 bestaat 02:30 niet in Europe\/Amsterdam/],
    // The hour the clock turns back happens twice: refused, not planned at one of them unasked.
    ['sessie 2027-10-31 02:30', /Op zondag 31 oktober 2027 komt 02:30 twee keer voor in Europe\/Amsterdam/],
    ['sessie 2027-10-31 02:30 bevestig', /komt 02:30 twee keer voor in Europe\/Amsterdam/],
    ['sessie', /Gebruik: /],
  ])('refuses %j with a clear Dutch message', async (text, expected) => {
    await t.command('anna', text);
    const [answer] = t.adapter.take();
    expect(answer?.kind).toBe('reply');
    expect(answer?.text).toMatch(expected);
  });

  it('keeps the instant right across daylight saving time', async () => {
    await t.command('anna', 'sessie 2027-03-25 14:00');
    await t.command('anna', 'sessie 2027-04-01 14:00 bevestig'); // a week apart: confirmed
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    const [winter, summer] = await t.app.sessions.list(network!.id);
    expect(winter!.startsAt.toISOString()).toBe('2027-03-25T13:00:00.000Z');
    expect(summer!.startsAt.toISOString()).toBe('2027-04-01T12:00:00.000Z');
  });

  it('moves a session, keeping its id and history', async () => {
    await t.command('anna', 'sessie 2027-03-11 14:00');
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    const [before] = await t.app.sessions.list(network!.id);
    await t.command('anna', 'sessie verplaats 2027-03-11 2027-03-18 10:00');
    expect(t.adapter.take()[1]!.text).toMatch(/verplaatst naar donderdag 18 maart 2027, 10:00/);
    const [after] = await t.app.sessions.list(network!.id);
    expect(after!.id).toBe(before!.id);
    expect(after!.date).toBe('2027-03-18');
    expect(after!.movedFrom).toEqual([{ date: '2027-03-11', time: '14:00', timeZone: 'Europe/Amsterdam' }]);
  });

  it('suggests an end time after the start in its hint about the assumed length', async () => {
    await t.command('anna', 'sessie 11 maart 9:30');
    expect(t.adapter.take()[0]!.text).toContain('/liso sessie verplaats 2027-03-11 09:30-12:00');
    await t.command('anna', 'sessie 10 juni 22:00');
    expect(t.adapter.take()[0]!.text).toContain('/liso sessie verplaats 2027-06-10 22:00-23:00');
  });

  it('moves and cancels with dates written in words', async () => {
    await t.command('anna', 'sessie 11 maart 14:00');
    await t.command('anna', 'sessie verplaats 11 maart do 18 maart');
    expect(t.adapter.take()[1]!.text).toMatch(/verplaatst naar donderdag 18 maart 2027, 14:00/);
    await t.command('anna', 'sessie plek 18-3 Stadhuis Leiden');
    expect(t.adapter.take()[0]!.text).toMatch(/Stadhuis Leiden/);
    await t.command('anna', 'sessie annuleer 18 mrt');
    expect(t.adapter.take()[0]!.text).toMatch(/gaat niet door/);
  });

  it('cancels a session', async () => {
    await t.command('anna', 'sessie 2027-03-11 14:00');
    await t.command('anna', 'sessie annuleer 2027-03-11');
    expect(t.adapter.take()[1]!.text).toMatch(/gaat niet door/);
    const network = await t.app.directory.byChannel('test', 'kanaal-1');
    expect(await t.app.sessions.next(network!.id)).toBeUndefined();
    await t.command('anna', 'sessie annuleer 2027-03-11');
    expect(t.adapter.take()[0]!.text).toMatch(/staat geen sessie gepland/);
  });

  it('refuses two sessions on one day', async () => {
    await t.command('anna', 'sessie 2027-03-11 14:00');
    await t.command('anna', 'sessie 2027-03-11 16:00');
    expect(t.adapter.take()[1]!.text).toMatch(/Op donderdag 11 maart 2027 staat al een sessie/);
  });

  it('lists upcoming sessions in date order and drops past ones', async () => {
    await t.command('anna', 'sessie 2027-06-10 14:00');
    await t.command('anna', 'sessie 2027-03-11 14:00');
    t.adapter.take();
    await t.command('anna', 'sessies');
    expect(t.adapter.take()[0]!.text).toMatch(/11 maart 2027[\s\S]*10 juni 2027/);
    t.clock.set(new Date('2027-04-01T00:00:00Z'));
    await t.command('anna', 'sessies');
    const text = t.adapter.take()[0]!.text;
    expect(text).not.toMatch(/11 maart/);
    expect(text).toMatch(/10 juni 2027/);
  });
});

describe('home view', () => {
  it('lists the person\'s networks with their roles and next session, and says so when there are none', async () => {
    const { createTestApp } = await import('../fakes/test-app.ts');
    const { messageToPlainText } = await import('../../src/core/message.ts');
    const t = await createTestApp();
    expect(messageToPlainText(await t.app.bot.home('test', 'anna'))).toContain('nog in geen leernetwerk');
    await t.command('anna', 'start Jeugdzorg Leiden');
    await t.command('anna', 'sessie 2027-03-11 14:00');
    const home = messageToPlainText(await t.app.bot.home('test', 'anna'));
    expect(home).toContain('Jeugdzorg Leiden');
    expect(home).toContain('jouw rol is trekker');
    expect(home).toMatch(/11 maart 2027/);
  });
});
