// /liso mijn-gegevens and /liso vergeet-mij through the real app.
import { describe, expect, it } from 'vitest';
import type { Feature, PersonRef } from '../../src/core/feature.ts';
import type { PulseResult } from '../../src/features/pulse/pulse-types.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { DAY, advanceTo, ballotOf, buttonsOf, inviteOf, networkWith, openAnswer, participantIds, press, recordEvents, vote } from '../pulse/pulse-helpers.ts';

const START = new Date('2027-01-04T08:00:00Z');

async function confirmForget(t: TestApp, user: string): Promise<void> {
  await t.command(user, 'vergeet-mij', null);
  const confirm = buttonsOf(t.adapter.take().find((s) => s.kind === 'reply' && s.to === user)).find((b) => b.actionId === 'privacy.forget')!;
  await press(t, user, confirm.actionId, confirm.value);
}

describe('/liso mijn-gegevens', () => {
  it('shows the person record, roles and what every feature keeps, privately', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    const asked: PersonRef[] = [];
    const broken: Feature = {
      name: 'broken-part',
      personalData: async (person) => {
        asked.push(person);
        throw new Error('store down');
      },
    };
    t.app.bot.use(broken);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    await vote(t, people[0]!, pulseId, 'sessie', 4);
    await vote(t, people[0]!, pulseId, 'leren', 2);
    t.adapter.take();
    await t.command(people[0]!, 'my-data', 'kanaal-1');
    const reply = t.adapter.take();
    expect(reply).toHaveLength(1);
    expect(reply[0]!.kind).toBe('reply');
    const text = reply[0]!.text;
    expect(text).toMatch(/Platform en gebruikers-id: test \/ deelnemer-01/);
    expect(text).toMatch(/Weergavenaam: Deelnemer-01/);
    expect(text).toMatch(/Jeugd Leiden: deelnemer/);
    expect(text).toMatch(/Uitgenodigd voor de lopende pulse van Jeugd Leiden \(open tot maandag 11 januari 2027\)\./);
    // What she answered is under a ballot the bot cannot link to her, so it is not listed.
    expect(text).toMatch(/staat onder een stembiljet waarvan alleen jouw uitnodiging de code kent/);
    expect(text).not.toMatch(/stellingen beantwoord/);
    expect(text).toMatch(/Dit onderdeel kon ik nu niet opvragen/);
    expect(asked).toEqual([{ platform: 'test', userId: 'deelnemer-01' }]);
    // After the close only anonymous counts remain: nothing about the pulse is listed any more.
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    t.adapter.take();
    await t.command(people[0]!, 'mijn-gegevens', null);
    expect(t.adapter.take()[0]!.text).not.toMatch(/lopende pulse van Jeugd Leiden/);
  });
});

describe('/liso mijn-gegevens, the language', () => {
  it('names the chosen language in words, in the reader\'s language', async () => {
    const t = await createTestApp({ start: START });
    await t.command('liam', 'taal en', null);
    await t.command('anna', 'taal nl', null);
    t.adapter.take();
    await t.command('liam', 'my-data', null);
    expect(t.adapter.take()[0]!.text).toMatch(/Language: English\n/);
    await t.command('anna', 'mijn-gegevens', null);
    expect(t.adapter.take()[0]!.text).toMatch(/Taal: Nederlands\n/);
  });
});

describe('/liso mijn-gegevens, a long report', () => {
  it('comes whole as a file as well, since the platforms cut long messages; a short one has no file', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(2);
    await networkWith(t, people);
    await t.command(people[0]!, 'mijn-gegevens', null);
    expect(t.adapter.take()[0]!.message?.attachments).toBeUndefined();
    const lines = Array.from({ length: 80 }, (_, i) => `Succes ${i + 1}: we hebben het gehaald`);
    t.app.bot.use({ name: 'many-wins', personalData: async () => [{ title: 'Successen', lines }] });
    await t.command(people[0]!, 'mijn-gegevens', null);
    const [reply] = t.adapter.take();
    expect(reply!.text).toMatch(/alles staat ook in het bestand \*?\*?mijn-gegevens\.txt/);
    const [file] = reply!.message!.attachments!;
    expect(file).toMatchObject({ filename: 'mijn-gegevens.txt', mimeType: 'text/plain' });
    for (const line of lines) expect(file!.content).toContain(`- ${line}`);
    expect(file!.content).toMatch(/Weergavenaam: Deelnemer-01/);
  });
});

describe('/liso vergeet-mij', () => {
  it('someone without a role (they left the network) is told so in words, not with a dash for the list of networks, and not that their roles were erased', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(1);
    await networkWith(t, people);
    await t.command('anna', `rol weg deelnemer <@${people[0]!}>`);
    t.adapter.take();
    await t.command(people[0]!, 'vergeet-mij', null);
    const ask = t.adapter.take()[0]!;
    expect(ask.text).not.toMatch(/—/);
    expect(ask.text).toMatch(/een rol in een netwerk heb je niet/);
    const confirm = buttonsOf(ask).find((b) => b.actionId === 'privacy.forget')!;
    await press(t, people[0]!, confirm.actionId, confirm.value);
    const done = t.adapter.take().map((s) => s.text).join();
    expect(done).toMatch(/Klaar: je gegevens zijn gewist/);
    expect(done).not.toMatch(/rollen/);
  });

  it('asks first, then erases the record, the roles and every feature part, and emits person.forgotten; answers in an open pulse stay anonymous', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(4);
    const networkId = await networkWith(t, people);
    const forgotten: PersonRef[] = [];
    t.app.bot.use({ name: 'recorder', forgetPerson: async (person) => void forgotten.push(person) });
    const events = recordEvents(t, 'person.forgotten');
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    for (const person of people) await vote(t, person, pulseId, 'sessie', person === people[0] ? 1 : 4);
    t.adapter.take();

    await t.command(people[0]!, 'forget-me', null);
    const ask = t.adapter.take()[0]!;
    expect(ask.text).toMatch(/Alles over jou wissen\?/);
    expect(ask.text).toMatch(/je rollen in deze netwerken: Jeugd Leiden/);
    expect(ask.text).toMatch(/gebruik dan eerst 'Wis mijn antwoorden' in je uitnodiging/);
    expect(await t.app.people.get('test', people[0]!)).toBeDefined();
    const confirm = buttonsOf(ask).find((b) => b.actionId === 'privacy.forget')!;
    await press(t, people[1]!, confirm.actionId, confirm.value);
    // Before: "Deze knop is verlopen. Vraag het opnieuw met /liso vergeet-mij", which would erase the one who pressed.
    expect(t.adapter.take()[0]!.text).toMatch(/^Deze knop is van iemand anders: alleen wie vroeg om gewist te worden/);
    expect(await t.app.directory.rolesOf(networkId, people[0]!)).toEqual(['deelnemer']);

    await press(t, people[0]!, confirm.actionId, confirm.value);
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/Klaar: je gegevens en rollen zijn gewist/);
    expect(await t.app.people.get('test', people[0]!)).toBeUndefined();
    expect(await t.app.directory.rolesOf(networkId, people[0]!)).toEqual([]);
    expect(await t.app.directory.ofPerson('test', people[0]!)).toEqual([]);
    expect(forgotten).toEqual([{ platform: 'test', userId: people[0] }]);
    expect(events).toMatchObject([{ type: 'person.forgotten', platform: 'test', userId: people[0] }]);
    await press(t, people[0]!, confirm.actionId, confirm.value);
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/verlopen/);

    // She is no longer invited: her ballot takes no more answers. What she answered before cannot
    // be found (nothing links her ballot to her) and is counted anonymously at the close.
    await vote(t, people[0]!, pulseId, 'sessie', 5);
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/Je staat niet op de lijst/);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    const result = (await t.app.store.get<PulseResult>(`pulse:${pulseId}:result`))!;
    expect(result.respondents).toBe(4);
    expect(result.questions['sessie']!.own).toEqual([1, 0, 0, 3, 0]);
  });

  it('lets an invitee erase her answers from her invitation before she is forgotten', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    for (const person of people) await vote(t, person, pulseId, 'sessie', person === people[0] ? 1 : 4);
    await openAnswer(t, people[0]!, pulseId, 'Alleen van mij');
    const updated = t.adapter.take().filter((s) => s.kind === 'reply' || s.kind === 'update');
    expect(updated.length).toBeGreaterThan(0);
    await press(t, people[0]!, 'pulse.withdraw', ballotOf(pulseId, people[0]!));
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/Je antwoorden op deze pulse zijn gewist/);
    await confirmForget(t, people[0]!);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    const result = (await t.app.store.get<PulseResult>(`pulse:${pulseId}:result`))!;
    expect(result.respondents).toBe(2);
    expect(result.questions['sessie']!.own).toEqual([0, 0, 0, 2, 0]);
    expect(result.open?.ownCount).toBe(0);
  });

  it('lets the person change their mind', async () => {
    const t = await createTestApp({ start: START });
    await networkWith(t, participantIds(1));
    await t.command('deelnemer-01', 'vergeet-mij', null);
    const keep = buttonsOf(t.adapter.take()[0]).find((b) => b.actionId === 'privacy.keep')!;
    await press(t, 'deelnemer-01', keep.actionId, keep.value);
    expect(t.adapter.take()[0]!.text).toMatch(/er is niets gewist/);
    expect(await t.app.people.get('test', 'deelnemer-01')).toBeDefined();
  });

  it('tells the procesbegeleider in the channel, without naming anyone, when the only trekker leaves', async () => {
    const t = await createTestApp({ start: START });
    await networkWith(t, participantIds(2));
    await t.command('anna', 'vergeet-mij', null);
    const ask = t.adapter.take()[0]!;
    expect(ask.text).toMatch(/je bent de enige trekker van Jeugd Leiden/);
    const confirm = buttonsOf(ask).find((b) => b.actionId === 'privacy.forget')!;
    await press(t, 'anna', confirm.actionId, confirm.value);
    const channel = t.adapter.take().filter((s) => s.kind === 'channel');
    expect(channel).toHaveLength(1);
    expect(channel[0]!.text).toMatch(/Jeugd Leiden heeft geen trekker meer/);
    expect(channel[0]!.text).toMatch(/@Bram, wijs een nieuwe trekker aan/);
    expect(channel[0]!.text.toLowerCase()).not.toContain('anna');
    await t.command('bram', 'rol trekker <@deelnemer-01>');
    expect(await t.app.directory.rolesOf((await t.app.directory.byChannel('test', 'kanaal-1'))!.id, 'deelnemer-01')).toContain('trekker');
  });

  it('offers the trekker role to the network when its only lead leaves, first come first served', async () => {
    const t = await createTestApp({ start: START });
    await t.command('anna', 'start Klein netwerk');
    await t.command('anna', 'rol deelnemer <@sanne> <@ahmed>');
    t.adapter.take();
    await confirmForget(t, 'anna');
    const post = t.adapter.take().find((s) => s.kind === 'channel')!;
    expect(post.text).toMatch(/geen trekker en geen procesbegeleider meer/);
    const claim = buttonsOf(post).find((b) => b.actionId === 'privacy.lead')!;
    await press(t, 'buitenstaander', claim.actionId, claim.value);
    expect(t.adapter.take()[0]!.text).toMatch(/Alleen iemand met een rol in Klein netwerk/);
    await Promise.all([press(t, 'sanne', claim.actionId, claim.value), press(t, 'ahmed', claim.actionId, claim.value)]);
    const network = (await t.app.directory.byChannel('test', 'kanaal-1'))!;
    expect(await t.app.directory.holders(network.id, 'trekker')).toHaveLength(1);
    const sent = t.adapter.take();
    expect(sent.filter((s) => s.kind === 'channel').map((s) => s.text).join()).toMatch(/is nu trekker van Klein netwerk/);
    expect(sent.filter((s) => s.kind === 'reply').map((s) => s.text).join()).toMatch(/heeft al weer een trekker/);
  });
});
