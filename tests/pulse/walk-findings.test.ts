// What an outside walk through a network's first quarter found in the pulse, through the real app:
// who is asked after saying "Ik kan niet", honest results with few or no answers, the results
// command while a pulse is open, a short invitation, and `/liso pulse` typed by a deelnemer.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../fakes/test-app.ts';
import { createTestApp } from '../fakes/test-app.ts';
import { DAY, MINUTE, advanceTo, buttonsOf, holdSession, inviteOf, networkWith, openAnswer, participantIds, press, vote } from './pulse-helpers.ts';

const START = new Date('2027-01-04T08:00:00Z');

/** Plans a session an hour from now, lets `decliners` press "Ik kan niet", and moves the clock past its start. */
async function sessionDeclinedBy(t: TestApp, decliners: string[]): Promise<void> {
  const start = new Date(t.clock.now().getTime() + 60 * MINUTE);
  await t.command('anna', `sessie ${DateTime.fromJSDate(start, { zone: 'Europe/Amsterdam' }).toFormat('yyyy-MM-dd HH:mm')} bevestig`);
  const network = (await t.app.directory.byChannel('test', 'kanaal-1'))!;
  const session = (await t.app.sessions.list(network.id)).find((s) => s.startsAt.getTime() === start.getTime())!;
  for (const person of decliners) await press(t, person, 'session.rsvp.no', `${session.id}:${start.getTime()}`);
  t.clock.set(new Date(start.getTime() + MINUTE));
  await t.app.bot.tick(t.clock.now());
  t.adapter.take();
}

function textTo(t: TestApp, user: string): string {
  return t.adapter
    .take()
    .filter((s) => s.to === user)
    .map((s) => s.text)
    .join('\n');
}

describe('pulse: who said "Ik kan niet"', () => {
  it('is not asked about a session they did not come to; the count and the rate are of those asked, and the leads hear why', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(5);
    await networkWith(t, people, { held: false });
    await sessionDeclinedBy(t, [people[0]!]);
    await t.command('anna', 'pulse');
    const sent = t.adapter.take();
    expect(sent.filter((s) => s.kind === 'direct').map((s) => s.to).sort()).toEqual(people.slice(1));
    const reply = sent.find((s) => s.kind === 'reply' && s.to === 'anna')!.text;
    expect(reply).toMatch(/4 mensen kregen een privébericht/);
    expect(reply).toMatch(/1 persoon die aangaf niet te kunnen komen, kreeg geen uitnodiging/);
    await t.command('anna', 'pulse resultaten');
    expect(t.adapter.take()[0]!.text).toMatch(/0 van 4 hebben gereageerd/);
  });

  it('agrees the note on those not invited with their number', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(5);
    await networkWith(t, people, { held: false });
    await sessionDeclinedBy(t, people.slice(0, 2));
    await t.command('anna', 'pulse');
    const reply = t.adapter.take().find((s) => s.kind === 'reply' && s.to === 'anna')!.text;
    expect(reply).toMatch(/2 mensen die aangaven niet te kunnen komen, kregen geen uitnodiging/);
  });

  it('can still answer after coming anyway: `/liso pulse` offers the questions, and the count grows by one', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(4);
    await networkWith(t, people, { held: false });
    await sessionDeclinedBy(t, [people[0]!]);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[1]!);
    await t.command(people[0]!, 'pulse', null);
    const offer = t.adapter.take().find((s) => s.to === people[0])!;
    expect(offer.text).toMatch(/Je gaf aan dat je niet kon komen/);
    expect(offer.text).not.toMatch(/Alleen de trekker of procesbegeleider/);
    const join = buttonsOf(offer).find((b) => b.actionId === 'pulse.join')!;
    expect(join.label).toBe('Ik was er toch bij');
    await press(t, people[0]!, join.actionId, join.value);
    const sent = t.adapter.take();
    expect(inviteOf(sent, people[0]!).pulseId).toBe(pulseId);
    await vote(t, people[0]!, pulseId, 'sessie', 4);
    t.adapter.take();
    // Pressed again: no second invitation (a second ballot would be a second vote).
    await press(t, people[0]!, join.actionId, join.value);
    const again = t.adapter.take();
    expect(again.filter((s) => buttonsOf(s).some((b) => b.actionId === 'pulse.vote'))).toEqual([]);
    expect(again.map((s) => s.text).join('\n')).toMatch(/staat eerder in dit gesprek/);
    await t.command('anna', 'pulse resultaten');
    expect(t.adapter.take()[0]!.text).toMatch(/1 van 4 heeft gereageerd/);
    // Coming after all is their attendance now: their data no longer say they could not come.
    await t.command(people[0]!, 'mijn-gegevens', null);
    const data = t.adapter.take().map((s) => s.text).join('\n');
    expect(data).not.toMatch(/Je kunt niet naar de sessie/);
    expect(data).toMatch(/Je komt naar de sessie van/);
    // Someone who did not say "Ik kan niet" (here: given a role after the start) is not offered a way in.
    await t.command('anna', 'rol deelnemer <@vera>');
    t.adapter.take();
    await t.command('vera', 'pulse', null);
    expect(t.adapter.take().map((s) => s.text).join('\n')).not.toMatch(/Ik was er toch bij/);
  });
});

describe('pulse: results with few or no answers', () => {
  it('says in one short message that nobody took part, instead of a block per statement', async () => {
    const t = await createTestApp({ start: START });
    await networkWith(t, participantIds(5));
    await t.command('anna', 'pulse');
    t.adapter.take();
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    const result = t.adapter.take().find((s) => s.kind === 'direct' && s.to === 'anna')!;
    expect(result.text).toMatch(/Niemand deed mee \(0 van de 5 genodigden\)/);
    expect(result.text).not.toMatch(/Niemand beantwoordde/);
    expect(result.text).not.toMatch(/tellen mee bij de volgende pulse/);
    expect(result.message!.blocks.length).toBeLessThanOrEqual(3);
  });

  it('says once, not under every statement, that a pulse too small shows no scores', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(5);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    for (const person of people.slice(0, 2)) await vote(t, person, pulseId, 'sessie', 4);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    const result = textTo(t, 'anna');
    expect(result).toMatch(/Met 2 deelnemers is deze pulse te klein om scores te tonen/);
    expect(result).not.toMatch(/Te weinig antwoorden om te tonen/);
  });

  it('keeps counting open answers carried forward through a pulse without open answers, says so, and shows them once there are enough', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(6);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    let { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    await openAnswer(t, people[0]!, pulseId, 'Meer tijd voor de casus.');
    await openAnswer(t, people[1]!, pulseId, 'Minder slides.');
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    expect(textTo(t, 'anna')).toMatch(/2 open antwoorden; ze worden pas getoond bij minimaal 5 en tellen mee bij de volgende pulse/);

    await holdSession(t);
    await t.command('anna', 'pulse');
    ({ pulseId } = inviteOf(t.adapter.take(), people[0]!));
    for (const person of people.slice(0, 3)) await vote(t, person, pulseId, 'sessie', 4);
    await advanceTo(t, new Date(START.getTime() + 16 * DAY));
    const second = textTo(t, 'anna');
    expect(second).not.toMatch(/Niemand beantwoordde de open vraag/);
    expect(second).toMatch(/Deze keer geen open antwoorden\. 2 eerdere open antwoorden wachten nog tot er minimaal 5 zijn/);

    await holdSession(t);
    await t.command('anna', 'pulse');
    ({ pulseId } = inviteOf(t.adapter.take(), people[0]!));
    for (const [i, answer] of ['Een pauze.', 'Koffie.', 'Casus eerder.'].entries()) await openAnswer(t, people[i]!, pulseId, answer);
    await advanceTo(t, new Date(START.getTime() + 24 * DAY));
    const third = textTo(t, 'anna');
    for (const answer of ['Meer tijd voor de casus.', 'Minder slides.', 'Een pauze.', 'Koffie.', 'Casus eerder.']) expect(third).toContain(answer);
    expect(third).toMatch(/Samengenomen met 2 eerdere pulses/);
  });
});

describe('pulse: results asked for while a pulse is open', () => {
  it('leads with the open pulse, and points to the previous result instead of reprinting it', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    let { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    for (const person of people) await vote(t, person, pulseId, 'sessie', 4);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    await holdSession(t);
    await t.command('anna', 'pulse');
    ({ pulseId } = inviteOf(t.adapter.take(), people[0]!));
    await vote(t, people[0]!, pulseId, 'sessie', 2);
    t.adapter.take();
    await t.command('anna', 'pulse resultaten');
    const reply = t.adapter.take()[0]!;
    expect(reply.message!.blocks[0]).toMatchObject({ type: 'section' });
    expect(reply.text.split('\n')[0]).toMatch(/Er loopt een pulse tot .*: 1 van 3 heeft gereageerd/);
    expect(reply.text).not.toMatch(/█/);
    expect(reply.text).toMatch(/De uitslag van de vorige pulse \(gesloten .*2027\)/);
    const previous = buttonsOf(reply).find((b) => b.actionId === 'pulse.previous')!;
    await press(t, 'anna', previous.actionId, previous.value);
    const shown = t.adapter.take()[0]!.text;
    expect(shown).toMatch(/Uitslag pulse Jeugd Leiden/);
    expect(shown).toMatch(/█/);
    // The button obeys the same rule as the command: results are for the leads unless shared.
    await press(t, people[0]!, previous.actionId, previous.value);
    expect(t.adapter.take()[0]!.text).toMatch(/is voor de trekker en procesbegeleider/);
  });
});

describe('pulse: the invitation', () => {
  it('says what a participant needs before answering, once, with the details behind "Hoe anoniem is dit?"', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const sent = t.adapter.take();
    const invitation = sent.find((s) => s.to === people[0] && s.kind === 'direct')!;
    const beforeFirst = invitation.text.slice(0, invitation.text.indexOf('1. '));
    expect(beforeFirst.split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(90);
    expect(invitation.text).toMatch(/Anoniem: niemand ziet wat jij antwoordt, ook de trekker en procesbegeleider niet/);
    expect(invitation.text.match(/tot (zondag|maandag)/g) ?? []).toHaveLength(1);
    const how = buttonsOf(invitation).find((b) => b.actionId === 'pulse.anonymity')!;
    expect(how.label).toBe('Hoe anoniem is dit?');
    await press(t, people[0]!, how.actionId, how.value);
    const details = t.adapter.take()[0]!.text;
    expect(details).toMatch(/pas te zien bij minstens 3 antwoorden, open antwoorden pas bij minstens 5/);
    expect(details).toMatch(/stembiljet/);
  });
});

describe('pulse: `/liso pulse` typed by a deelnemer', () => {
  it('points to their open invitation, or says kindly that none is open; never a permissions error', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command(people[0]!, 'pulse', null);
    const none = textTo(t, people[0]!);
    expect(none).toMatch(/Er loopt nu geen pulse in Jeugd Leiden/);
    expect(none).not.toMatch(/Alleen de trekker of procesbegeleider/);
    await t.command('anna', 'pulse');
    t.adapter.take();
    await t.command(people[0]!, 'pulse', null);
    const pointer = textTo(t, people[0]!);
    expect(pointer).toMatch(/Je uitnodiging voor de pulse van Jeugd Leiden staat eerder in dit gesprek/);
    expect(pointer).not.toMatch(/Alleen de trekker of procesbegeleider/);
    // Typed in the channel, the answer is for her only and points to her direct conversation.
    await t.command(people[1]!, 'pulse');
    const inChannel = t.adapter.take();
    expect(inChannel.map((s) => `${s.kind} ${s.to}`)).toEqual([`reply ${people[1]}`]);
    expect(inChannel[0]!.text).toMatch(/staat in je privégesprek met mij/);
    // The leads keep what they have.
    await t.command('bram', 'pulse');
    expect(textTo(t, 'bram')).toMatch(/Er loopt al een pulse/);
  });
});
