// Session reminders and attendance, lived on the simulated clock through the real app: every role
// holder is reminded a week before and on the morning, once each; answers, counts and names.
import { describe, expect, it } from 'vitest';
import { amsterdam, buttonsOf, createSessionsHarness, remindersTo } from './sessions-harness.ts';
import type { SessionsHarness } from './sessions-harness.ts';

const people = ['anna', 'bram', 'sanne', 'ahmed'];

async function network(h: SessionsHarness, session = 'sessie 2027-03-11 14:00-16:30 Stadhuis Leiden, zaal 2'): Promise<void> {
  await h.run('anna', 'start Jeugd');
  await h.run('anna', 'rol procesbegeleider <@bram>');
  await h.run('anna', 'rol deelnemer <@sanne> <@ahmed>');
  await h.run('anna', session);
}

/** The session of 11 March, reminded on 4 March, moved to 25 March on the 5th (Ahmed reads English); its move notices sent. */
async function movedAfterReminders(): Promise<SessionsHarness> {
  const h = await createSessionsHarness();
  await network(h);
  await h.walk(new Date('2027-03-05T09:00:00Z'));
  await h.run('ahmed', 'taal en');
  await h.run('anna', 'sessie verplaats 2027-03-11 2027-03-25');
  await h.walk(new Date('2027-03-05T09:01:00Z'));
  return h;
}

const button = (h: SessionsHarness, user: string, actionId: string) => {
  const found = buttonsOf(remindersTo(h, user).at(-1)!.message).find((b) => b.actionId === actionId);
  if (!found) throw new Error(`no ${actionId} for ${user}`);
  return found;
};

describe('session reminders', () => {
  it('reminds every role holder a week before and on the morning, each once, with where, when and an .ics', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.walk(new Date('2027-03-12T00:00:00Z'));
    for (const user of people) {
      const reminders = remindersTo(h, user);
      expect(reminders.map((r) => amsterdam(r.at))).toEqual(['2027-03-04 09:00', '2027-03-11 09:00']);
      expect(reminders[0]!.text).toMatch(/^Over een week: sessie van Jeugd\nWanneer: donderdag 11 maart 2027, 14:00–16:30\nWaar: Stadhuis Leiden, zaal 2/);
      expect(reminders[1]!.text).toMatch(/^Vandaag: sessie van Jeugd/);
      const ics = reminders[0]!.message.attachments?.[0];
      expect(ics?.filename).toBe('sessie-jeugd-2027-03-11.ics');
      expect(ics?.content).toContain('DTEND:20270311T153000Z');
      expect(ics?.content).toContain('LOCATION:Stadhuis Leiden\\, zaal 2');
      // The invitation goes once: on the morning it would be a second file (on Teams a second message) for nothing.
      expect(reminders[1]!.message.attachments).toBeUndefined();
      expect(reminders[1]!.text).not.toMatch(/agenda-uitnodiging/);
    }
    // The trekker's readiness overview goes out the morning the week-before reminders do: before anyone answered,
    // it says where the count will be instead of "0 komen, 0 kunnen niet, 4 hebben nog niet gereageerd".
    const overview = h.dms('anna').find((m) => m.text.includes('Nog een week tot de sessie van Jeugd'));
    expect(overview?.text).toMatch(/Aanmeldingen: nog niemand heeft op de herinnering gereageerd\. `?\/liso netwerk`? laat zien hoeveel mensen komen\./);
    expect(overview?.text).not.toMatch(/0 komen/);
  });

  it('reminds again for a moved session, with the new date, and asks again', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.walk(new Date('2027-03-04T10:00:00Z'));
    await h.press('sanne', button(h, 'sanne', 'session.rsvp.yes'));
    await h.run('anna', 'sessie verplaats 2027-03-11 2027-03-18');
    await h.walk(new Date('2027-03-19T00:00:00Z'));
    const shown = remindersTo(h, 'sanne').map((r) => `${amsterdam(r.at)} ${r.text.split('\n')[1]}`);
    expect(shown).toEqual([
      '2027-03-04 09:00 Wanneer: donderdag 11 maart 2027, 14:00–16:30',
      '2027-03-11 09:00 Wanneer: donderdag 18 maart 2027, 14:00–16:30',
      '2027-03-18 09:00 Wanneer: donderdag 18 maart 2027, 14:00–16:30',
    ]);
    // Her yes was for the 11th: for the 18th she is asked again.
    expect(buttonsOf(remindersTo(h, 'sanne').at(-1)!.message).map((b) => b.label)).toEqual(['Ik kom', 'Ik kan niet']);
  });

  it('keeps the answers when only the start time changes on the same day, and says whoever no longer fits can say so', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.walk(new Date('2027-03-04T10:00:00Z'));
    await h.press('sanne', button(h, 'sanne', 'session.rsvp.no'));
    await h.press('ahmed', button(h, 'ahmed', 'session.rsvp.yes'));
    // The day after the week reminder, as in the walk (Wednesday for a Tuesday session).
    await h.walk(new Date('2027-03-05T10:00:00Z'));
    await h.run('anna', 'sessie verplaats 2027-03-11 13:30');
    const notice = h.log.filter((m) => m.kind === 'channel').at(-1)!.text;
    // Before: 'eerdere aanmeldingen gelden niet meer', and the count dropped to 0.
    expect(notice).toMatch(/Alleen de tijd is veranderd: aanmeldingen blijven staan\. Wie op de nieuwe tijd niet kan, drukt in de herinnering op Ik kan niet\./);
    expect(notice).not.toMatch(/gelden niet meer/);
    await h.run('anna', 'netwerk', null);
    expect(h.lastReply('anna')).toMatch(/Aanmeldingen: 1 komt, 1 kan niet/);
    await h.walk(new Date('2027-03-06T00:00:00Z'));
    const moved = h.dms('sanne').filter((m) => m.text.startsWith('Verplaatst'));
    expect(moved).toHaveLength(1);
    expect(moved[0]!.text).toMatch(/Wanneer: donderdag 11 maart 2027, 13:30[\s\S]*je antwoord blijft staan[\s\S]*Je kunt er deze keer niet bij/);
    expect(moved[0]!.text).not.toMatch(/een week van tevoren/);
    expect(buttonsOf(moved[0]!.message).map((b) => b.label)).toEqual(['Ik kom toch']);
    // A press on the week reminder of 14:00 counts for 13:30 the same day, as the notice says.
    const weekReminder = remindersTo(h, 'ahmed').find((r) => r.text.startsWith('Over een week'))!;
    expect(weekReminder.text).toMatch(/14:00/);
    await h.press('ahmed', buttonsOf(weekReminder.message).find((b) => b.actionId === 'session.rsvp.no')!);
    await h.run('anna', 'netwerk', null);
    expect(h.lastReply('anna')).toMatch(/Aanmeldingen: 0 komen, 2 kunnen niet/);
    // Who said they cannot come is not asked again on the morning.
    await h.walk(new Date('2027-03-12T00:00:00Z'));
    expect(remindersTo(h, 'sanne').filter((r) => r.text.startsWith('Vandaag'))).toEqual([]);
    // Before: a second week reminder ("Over 3 dagen") on the next working morning, after the move notice.
    for (const user of ['sanne', 'ahmed']) expect(h.dms(user).filter((m) => /^Over /.test(m.text)).map((m) => amsterdam(m.at))).toEqual(['2027-03-04 09:00']);
  });

  it('tells the participants who were reminded of the old date, by direct message with the new invitation, when it moves', async () => {
    const h = await movedAfterReminders();
    const moved = h.dms('sanne').filter((m) => m.text.startsWith('Verplaatst'));
    expect(moved.map((m) => m.text.split('\n').slice(0, 3).join(' | '))).toEqual([
      'Verplaatst: sessie van Jeugd | Deze sessie stond op donderdag 11 maart 2027, 14:00 en is verplaatst. | Wanneer: donderdag 25 maart 2027, 14:00–16:30',
    ]);
    const ics = moved[0]!.message.attachments?.[0];
    expect(ics?.filename).toBe('sessie-jeugd-2027-03-25.ics');
    expect(ics?.content).toContain('SEQUENCE:1');
    expect(h.dms('ahmed').filter((m) => m.text.startsWith('Moved: session of Jeugd'))).toHaveLength(1);
    expect(h.dms('ahmed').find((m) => m.text.startsWith('Moved'))?.message.attachments?.[0]?.filename).toBe('session-jeugd-2027-03-25.ics');
    // The leads moved it themselves; told once, also when time goes on.
    expect(h.dms('bram').filter((m) => m.text.startsWith('Verplaatst'))).toEqual([]);
    await h.walk(new Date('2027-03-26T00:00:00Z'));
    expect(h.dms('sanne').filter((m) => m.text.startsWith('Verplaatst'))).toHaveLength(1);
    // The move notice carried the new moment's invitation: the week reminder and the morning's do not again
    // (the week reminder was a second .ics for 25 March, on Teams a second file offer).
    const after = remindersTo(h, 'sanne').filter((r) => r.at > new Date('2027-03-06T00:00:00Z'));
    expect(after.map((r) => amsterdam(r.at))).toEqual(['2027-03-18 09:00', '2027-03-25 09:00']);
    expect(after.map((r) => r.message.attachments?.length ?? 0)).toEqual([0, 0]);
  });

  it('does not message anyone about a session moved before its first reminder', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.run('anna', 'sessie verplaats 2027-03-11 2027-03-25');
    await h.walk(new Date('2027-03-26T00:00:00Z'));
    for (const user of people) expect(h.dms(user).filter((m) => /Verplaatst|Moved/.test(m.text))).toEqual([]);
  });

  it('sends nothing for a cancelled session', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.run('anna', 'sessie annuleer 2027-03-11');
    await h.walk(new Date('2027-03-12T00:00:00Z'));
    for (const user of people) expect(remindersTo(h, user)).toEqual([]);
  });

  it('tells the participants who were reminded of a session, by direct message, when it is cancelled afterwards', async () => {
    const h = await createSessionsHarness();
    await network(h);
    // The week reminder (with its .ics) went out on 4 March; on the 5th the session is cancelled.
    await h.walk(new Date('2027-03-05T09:00:00Z'));
    await h.run('ahmed', 'taal en');
    await h.run('anna', 'sessie annuleer 2027-03-11');
    // Queued at once; the next tick a minute later sends them.
    await h.walk(new Date('2027-03-05T09:01:00Z'));
    await h.walk(new Date('2027-03-12T00:00:00Z'));
    // The leads manage sessions (one of them cancelled it): the channel post is theirs.
    expect(h.dms('bram').filter((m) => m.text.startsWith('Gaat niet door'))).toEqual([]);
    for (const user of ['sanne']) {
      const cancelled = h.dms(user).filter((m) => m.text.startsWith('Gaat niet door'));
      expect(cancelled.map((m) => `${amsterdam(m.at)} ${m.text.split('\n').slice(0, 2).join(' | ')}`)).toEqual(['2027-03-05 10:01 Gaat niet door: sessie van Jeugd | Wanneer: donderdag 11 maart 2027, 14:00–16:30']);
    }
    expect(h.dms('ahmed').filter((m) => m.text.startsWith('Cancelled: session of Jeugd'))).toHaveLength(1);
    // With the calendar's cancellation of the week reminder's invitation (never moved: SEQUENCE 0, so 1).
    const cancel = h.dms('sanne').find((m) => m.text.startsWith('Gaat niet door'))!.message.attachments?.[0]?.content;
    expect(cancel).toMatch(/METHOD:CANCEL\r\n[\s\S]*SEQUENCE:1\r\nSTATUS:CANCELLED\r\n/);
    expect(/UID:\S+/.exec(cancel!)?.[0]).toBe(/UID:\S+/.exec(remindersTo(h, 'sanne')[0]!.message.attachments![0]!.content)?.[0]);
    // Told once; nothing more about it afterwards.
    expect(remindersTo(h, 'sanne').map((r) => amsterdam(r.at))).toEqual(['2027-03-04 09:00']);
  });

  it('tells who got a move notice when the moved session is cancelled before its new reminders, and again when it moves once more', async () => {
    // Reminded of 11 March on the 4th, told on the 5th that it moved to 25 March (with that date's .ics).
    const h = await movedAfterReminders();
    // Before the 25th's week reminder it moves again: who has the 25th in their calendar hears of it.
    await h.run('anna', 'sessie verplaats 2027-03-25 2027-04-01');
    await h.walk(new Date('2027-03-05T09:02:00Z'));
    const moves = h.dms('sanne').filter((m) => m.text.startsWith('Verplaatst'));
    expect(moves.map((m) => m.text.split('\n')[1])).toEqual(['Deze sessie stond op donderdag 11 maart 2027, 14:00 en is verplaatst.', 'Deze sessie stond op donderdag 25 maart 2027, 14:00 en is verplaatst.']);
    expect(moves[1]!.message.attachments?.[0]?.content).toContain('SEQUENCE:2');
    // Then it is cancelled, still before any reminder of 1 April: the calendar entry is 1 April's, and so is the notice.
    await h.run('anna', 'sessie annuleer 2027-04-01');
    await h.walk(new Date('2027-03-05T09:03:00Z'));
    await h.walk(new Date('2027-04-02T00:00:00Z'));
    const cancelled = h.dms('sanne').filter((m) => m.text.startsWith('Gaat niet door'));
    expect(cancelled.map((m) => `${amsterdam(m.at)} ${m.text.split('\n').slice(0, 2).join(' | ')}`)).toEqual(['2027-03-05 10:03 Gaat niet door: sessie van Jeugd | Wanneer: donderdag 1 april 2027, 14:00–16:30']);
    // The calendar's cancellation matches the last invitation sent: its UID and the next SEQUENCE, for 1 April.
    const invite = moves[1]!.message.attachments![0]!.content;
    const cancel = cancelled[0]!.message.attachments?.[0];
    expect(cancel?.filename).toBe('sessie-jeugd-2027-04-01.ics');
    expect(cancel?.content).toMatch(/\r\nMETHOD:CANCEL\r\n/);
    expect(cancel?.content).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(cancel?.content).toContain('SEQUENCE:3');
    const uid = (ics: string) => /\r\nUID:(\S+)\r\n/.exec(ics)?.[1];
    expect(uid(cancel!.content)).toBe(uid(invite));
    expect(/DTSTART:\S+/.exec(cancel!.content)?.[0]).toBe(/DTSTART:\S+/.exec(invite)?.[0]);
    expect(h.dms('ahmed').filter((m) => m.text.startsWith('Cancelled: session of Jeugd'))).toHaveLength(1);
    expect(h.dms('bram').filter((m) => /^(Gaat niet door|Verplaatst)/.test(m.text))).toEqual([]);
  });

  it('does not message anyone about a session cancelled before its first reminder', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.run('anna', 'sessie annuleer 2027-03-11');
    await h.walk(new Date('2027-03-12T00:00:00Z'));
    for (const user of people) expect(h.dms(user).filter((m) => /Gaat niet door/.test(m.text))).toEqual([]);
  });

  it('gives the calendar invitation on the morning to someone who joined after the week reminder', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.walk(new Date('2027-03-05T10:00:00Z'));
    await h.run('anna', 'rol deelnemer <@joris>');
    await h.walk(new Date('2027-03-12T00:00:00Z'));
    const reminders = remindersTo(h, 'joris');
    expect(reminders.map((r) => amsterdam(r.at))).toEqual(['2027-03-11 09:00']);
    expect(reminders[0]!.message.attachments?.[0]?.filename).toBe('sessie-jeugd-2027-03-11.ics');
    expect(reminders[0]!.text).toMatch(/agenda-uitnodiging/);
  });

  it('reminds a session planned within the week at the next 09:00 and on its morning', async () => {
    const h = await createSessionsHarness(new Date('2027-03-05T18:00:00Z'));
    await network(h, 'sessie 2027-03-10 14:00');
    await h.walk(new Date('2027-03-11T00:00:00Z'));
    expect(remindersTo(h, 'ahmed').map((r) => amsterdam(r.at))).toEqual(['2027-03-08 09:00', '2027-03-10 09:00']);
    // Two days before is not "in a week": the heading says how far off it is.
    expect(remindersTo(h, 'ahmed')[0]!.text).toMatch(/^Over 2 dagen: sessie van Jeugd\n/);
  });

  it('says how far off the session is when a holiday moves the week reminder earlier', async () => {
    // Monday 24 May 2027: a week before is Tweede Pinksterdag, so the reminder comes on Friday 14 May.
    const h = await createSessionsHarness(new Date('2027-05-03T08:00:00Z'));
    await network(h, 'sessie 2027-05-24 14:00');
    await h.run('sanne', 'taal en');
    await h.walk(new Date('2027-05-15T00:00:00Z'));
    expect(remindersTo(h, 'ahmed').map((r) => `${amsterdam(r.at)} ${r.text.split('\n')[0]}`)).toEqual(['2027-05-14 09:00 Over 10 dagen: sessie van Jeugd']);
    expect(remindersTo(h, 'sanne')[0]!.text).toMatch(/^In 10 days: session of Jeugd\n/);
  });

  it('says tomorrow for a session planned for tomorrow', async () => {
    const h = await createSessionsHarness(new Date('2027-03-09T10:00:00Z'));
    await network(h, 'sessie 2027-03-11 14:00');
    await h.walk(new Date('2027-03-10T09:00:00Z'));
    expect(remindersTo(h, 'ahmed').map((r) => `${amsterdam(r.at)} ${r.text.split('\n')[0]}`)).toEqual(['2027-03-10 09:00 Morgen: sessie van Jeugd']);
  });

  it('reminds a session planned at 09:00 for 09:30 that morning, on a walk of the clock from that very moment, once', async () => {
    // Its morning reminder is due at once: at the moment the clock stands on.
    const h = await createSessionsHarness(new Date('2027-03-10T08:00:00Z'));
    await network(h, 'sessie 2027-03-10 09:30');
    expect(await h.app.bot.nextDue(h.clock.now())).toEqual(h.clock.now());
    // Before: the walk looked for work after 09:00 only, found none before 10:00, and at 10:00 the session had begun.
    await h.walk(new Date('2027-03-10T09:00:00Z'));
    expect(remindersTo(h, 'ahmed').map((r) => amsterdam(r.at))).toEqual(['2027-03-10 09:00']);
    // Sent, it is no longer due (a walk would not stand still), and a second walk sends nothing again.
    const due = await h.app.bot.nextDue(new Date('2027-03-10T08:00:00Z'));
    expect(due === undefined || due > new Date('2027-03-10T08:00:00Z')).toBe(true);
    await h.walk(new Date('2027-03-10T12:00:00Z'));
    expect(remindersTo(h, 'ahmed')).toHaveLength(1);
    expect(remindersTo(h, 'sanne')).toHaveLength(1);
  });
});

describe('attendance', () => {
  it('counts answers for the leads, names only those who agree, and says clearly when nothing changes', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.walk(new Date('2027-03-04T10:00:00Z'));
    await h.press('sanne', button(h, 'sanne', 'session.rsvp.yes'));
    expect(h.log.at(-1)).toMatchObject({ kind: 'update', to: 'sanne' });
    expect(h.log.at(-1)!.text).toMatch(/Je komt\. Fijn!/);
    // Pressing "Ik kom" again (a second copy of the reminder): a clear answer, nothing changes.
    await h.press('sanne', button(h, 'sanne', 'session.rsvp.yes'));
    expect(h.lastReply('sanne')).toMatch(/Je had al laten weten dat je op donderdag 11 maart 2027, 14:00 komt; er is niets veranderd/);
    await h.press('ahmed', button(h, 'ahmed', 'session.rsvp.no'));
    await h.press('bram', button(h, 'bram', 'session.rsvp.yes'));

    await h.run('anna', 'netwerk');
    expect(h.lastReply('anna')).toMatch(/Aanmeldingen: 2 komen, 1 kan niet, 1 heeft nog niet gereageerd\.$/m);
    expect(h.lastReply('anna')).not.toMatch(/Met naam/);
    // Participants do not see the count.
    await h.run('sanne', 'netwerk');
    expect(h.lastReply('sanne')).not.toMatch(/Aanmeldingen/);

    // Sanne agrees to be named; only her name appears.
    await h.press('sanne', { actionId: 'session.rsvp.share', value: button(h, 'sanne', 'session.rsvp.yes').value });
    await h.run('anna', 'netwerk');
    expect(h.lastReply('anna')).toMatch(/Aanmeldingen: 2 komen, 1 kan niet, 1 heeft nog niet gereageerd\. Met naam: Sanne\./);
    // The home view of the trekker carries the count; a participant's her own answer.
    expect((await h.app.bot.home('test', 'anna')).blocks.map((b) => ('text' in b && Array.isArray(b.text) ? b.text.map((s) => ('text' in s ? s.text : '')).join('') : '')).join('\n')).toMatch(/2 komen/);
    expect(JSON.stringify((await h.app.bot.home('test', 'ahmed')).blocks)).toMatch(/niet naar de volgende sessie van Jeugd kunt/);
  });

  it('does not remind on the day who said they cannot come; everyone else is reminded', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.walk(new Date('2027-03-04T10:00:00Z'));
    await h.press('ahmed', button(h, 'ahmed', 'session.rsvp.no'));
    await h.press('sanne', button(h, 'sanne', 'session.rsvp.yes'));
    const before = { ahmed: remindersTo(h, 'ahmed').length, sanne: remindersTo(h, 'sanne').length, bram: remindersTo(h, 'bram').length };
    await h.walk(new Date('2027-03-11T10:00:00Z'));
    expect(remindersTo(h, 'ahmed')).toHaveLength(before.ahmed);
    expect(remindersTo(h, 'sanne')).toHaveLength(before.sanne + 1);
    expect(remindersTo(h, 'bram')).toHaveLength(before.bram + 1);
  });

  it('refuses answers after the session, for a cancelled session, and from people without a role', async () => {
    const h = await createSessionsHarness();
    await network(h);
    // Four weeks later, less the hour summer time takes: planned after the confirmation.
    await h.run('anna', 'sessie 2027-04-08 14:00 bevestig');
    await h.walk(new Date('2027-03-04T10:00:00Z'));
    const yes = button(h, 'sanne', 'session.rsvp.yes');
    await h.press('zoe', yes);
    expect(h.lastReply('zoe')).toMatch(/Je hebt geen rol in Jeugd/);
    await h.walk(new Date('2027-03-11T15:00:00Z'));
    await h.press('sanne', yes);
    expect(h.lastReply('sanne')).toMatch(/is al begonnen of voorbij; aanmelden kan niet meer/);
    await h.walk(new Date('2027-04-01T10:00:00Z'));
    const april = button(h, 'ahmed', 'session.rsvp.yes');
    await h.run('anna', 'sessie annuleer 2027-04-08');
    await h.press('ahmed', april);
    expect(h.lastReply('ahmed')).toMatch(/gaat niet door; aanmelden hoeft niet meer/);
    // Nothing was recorded by any of these presses.
    const april8 = (await h.app.sessions.list((await h.app.directory.all())[0]!.id)).find((s) => s.date === '2027-04-08')!;
    expect(await h.app.store.hashGetAllMany([`sessions:attendance:${april8.id}`])).toEqual([new Map()]);
  });

  it('lists a person\'s answers in mijn-gegevens by date, and says which session does not go ahead', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.run('anna', 'sessie 2027-04-08 14:00 bevestig');
    await h.run('anna', 'sessie 2027-05-06 14:00 bevestig');
    await h.walk(new Date('2027-03-04T10:00:00Z'));
    await h.press('sanne', button(h, 'sanne', 'session.rsvp.yes'));
    await h.walk(new Date('2027-04-01T10:00:00Z'));
    await h.press('sanne', button(h, 'sanne', 'session.rsvp.no'));
    await h.walk(new Date('2027-04-29T10:00:00Z'));
    await h.press('sanne', button(h, 'sanne', 'session.rsvp.yes'));
    await h.run('anna', 'sessie annuleer 2027-05-06');
    await h.run('sanne', 'mijn-gegevens', null);
    const lines = h.lastReply('sanne').split('\n').filter((line) => line.includes('de sessie van Jeugd'));
    // Before: in the order of the sessions' random ids, and the cancelled one as if it went ahead.
    expect(lines).toEqual([
      expect.stringMatching(/^• Je komt naar de sessie van Jeugd op donderdag 11 maart 2027, 14:00 \(/),
      '• Je kunt niet naar de sessie van Jeugd op donderdag 8 april 2027, 14:00.',
      expect.stringMatching(/^• Je komt naar de sessie van Jeugd op donderdag 6 mei 2027, 14:00 \(.*\)\. Die sessie gaat niet door\.$/),
    ]);
  });

  it('lists a person\'s answers in mijn-gegevens and erases them with vergeet-mij', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.walk(new Date('2027-03-04T10:00:00Z'));
    await h.press('sanne', button(h, 'sanne', 'session.rsvp.yes'));
    await h.run('sanne', 'mijn-gegevens', null);
    expect(h.lastReply('sanne')).toMatch(/Je komt naar de sessie van Jeugd op donderdag 11 maart 2027, 14:00/);
    const session = (await h.app.sessions.next((await h.app.directory.all())[0]!.id))!;
    await h.run('sanne', 'vergeet-mij', null);
    const confirm = h.log.filter((m) => m.to === 'sanne').at(-1)!;
    await h.press('sanne', buttonsOf(confirm.message)[0]!);
    expect(await h.app.store.hashGetAllMany([`sessions:attendance:${session.id}`])).toEqual([new Map()]);
    expect(await h.app.store.setMembers('sessions:answered-by:test:sanne')).toEqual([]);
  });
});
