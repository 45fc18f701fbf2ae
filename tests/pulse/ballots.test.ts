// Ballots and the pulse rules of issue 20 §6 through the real app: bad ballots are refused with
// nothing stored, Delivery never keeps a token, the leads see a count only, and a pulse starts
// only after a held session.
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { DeliveryRecord } from '../../src/core/delivery.ts';
import { messageToPlainText } from '../../src/core/message.ts';
import type { MemoryStore } from '../../src/store/memory-store.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { DAY, FORGED_TOKEN, advanceTo, recordEvents, ballotOf, buttonsOf, inviteOf, networkWith, participantIds, press, vote } from './pulse-helpers.ts';

const START = new Date('2027-01-04T08:00:00Z');

const dumpOf = (t: TestApp) => (t.backend as MemoryStore).dump().map((e) => `${e.key} ${JSON.stringify(e.value)}`).sort().join('\n');
const said = (t: TestApp) => t.adapter.take().map((s) => s.text).join('\n');

async function openPulse(t: TestApp, people: string[]): Promise<string> {
  await networkWith(t, people);
  await t.command('anna', 'pulse');
  return inviteOf(t.adapter.take(), people[0]!).pulseId;
}

describe('bad ballots: refused with a clear answer, nothing stored, nothing logged that links', () => {
  it('a forged token, another person\'s token, a token of another pulse, someone not invited, a vote after the close', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    const pulseId = await openPulse(t, people);
    // A second network with its own pulse, where deelnemer-01 is invited too.
    await t.command('anna', 'start Andere groep', 'kanaal-2');
    await t.command('anna', 'rol deelnemer <@deelnemer-01> <@deelnemer-09>', 'kanaal-2');
    await t.command('anna', `sessie ${'2027-01-04 09:02'}`, 'kanaal-2');
    t.clock.set(new Date(START.getTime() + 3 * 60_000));
    await t.command('anna', 'pulse', 'kanaal-2');
    const other = inviteOf(t.adapter.take(), 'deelnemer-01').pulseId;
    expect(other).not.toBe(pulseId);
    await vote(t, people[1]!, pulseId, 'sessie', 3);
    // Any event records that the actor was seen (name, last seen); have each presser act once
    // first, so what follows can be compared with the store as it was.
    for (const user of [people[0]!, people[2]!, 'deelnemer-09']) await press(t, user, 'pulse.start', 'x');
    // She types a command below, which shows her name as commands do; pulse presses record nothing.
    await t.command(people[0]!, 'help', null);
    t.adapter.take();
    const before = dumpOf(t);
    const logged = t.logLines.length;

    await press(t, people[0]!, 'pulse.vote', `${pulseId}:${FORGED_TOKEN}:sessie:5`);
    expect(said(t)).toMatch(/Deze knop hoort niet bij jouw stembiljet voor deze pulse.*er is niets opgeslagen/);
    // Her own token is bound to her: pressed by someone else it is worth nothing.
    await press(t, people[2]!, 'pulse.vote', `${ballotOf(pulseId, people[0]!)}:sessie:5`);
    expect(said(t)).toMatch(/Deze knop hoort niet bij jouw stembiljet/);
    // Her token of the other network's pulse, spliced onto this pulse.
    const otherToken = ballotOf(other, 'deelnemer-01').split(':')[1]!;
    await press(t, people[0]!, 'pulse.vote', `${pulseId}:${otherToken}:sessie:5`);
    expect(said(t)).toMatch(/Deze knop hoort niet bij jouw stembiljet/);
    await press(t, 'deelnemer-09', 'pulse.vote', `${ballotOf(other, 'deelnemer-09').replace(other, pulseId)}:sessie:5`);
    expect(said(t)).toMatch(/Je staat niet op de lijst voor deze pulse/);
    await press(t, people[0]!, 'pulse.open', `${pulseId}:${FORGED_TOKEN}`);
    expect(said(t)).toMatch(/Deze knop hoort niet bij jouw stembiljet/);
    await t.command(people[0]!, `pulse antwoord ${pulseId}:${FORGED_TOKEN} iets`, null);
    expect(said(t)).toMatch(/Deze knop hoort niet bij jouw stembiljet/);
    await press(t, people[0]!, 'pulse.vote', `${pulseId}:te-kort:sessie:5`);
    expect(said(t)).toMatch(/Deze knop hoort niet bij jouw stembiljet/);
    // An invitation from before ballots (`<pulse>:<question>:<score>`).
    await press(t, people[0]!, 'pulse.vote', `${pulseId}:sessie:5`);
    expect(said(t)).toMatch(/van vóór een update van de bot/);
    expect(dumpOf(t).split('\n').filter((line) => !before.includes(line))).toEqual([]);
    expect(dumpOf(t)).toBe(before);
    expect(t.logLines.slice(logged)).toEqual([]);

    // After the close the same token is refused as closed, and nothing appears in the store.
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    await press(t, people[0]!, 'pulse.start', 'x');
    t.adapter.take();
    const closed = dumpOf(t);
    await vote(t, people[0]!, pulseId, 'sessie', 5);
    expect(said(t)).toMatch(/Deze pulse is gesloten/);
    expect(dumpOf(t)).toBe(closed);
  });

  it('counts two presses of one ballot once; presses on two ballots (two invitations) are two respondents', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    const pulseId = await openPulse(t, people);
    await Promise.all([vote(t, people[0]!, pulseId, 'sessie', 2), vote(t, people[0]!, pulseId, 'sessie', 4), vote(t, people[0]!, pulseId, 'leren', 4)]);
    await t.command('anna', 'pulse resultaten');
    expect(said(t)).toMatch(/1 van 3 heeft gereageerd/);
  });
});

describe('Delivery never keeps a ballot token', () => {
  it('stores the invitation with a placeholder, issues a fresh ballot on a retry, and withdraws an invitation whose pulse closed', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    const send = t.adapter.sendDirect.bind(t.adapter);
    let failures = 2;
    t.adapter.sendDirect = async (userId, message) => {
      if (userId === people[1] && failures-- > 0) throw new DeliveryError('transient', 'rate limited', 60_000);
      return send(userId, message);
    };
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    const record = (await t.app.delivery.status(`pulse:${pulseId}:invite:${t.app.personKeys.of('test', people[1]!)}`))!;
    expect(record.state).toBe('retrying');
    const stored = JSON.stringify(record.message);
    expect(stored).toContain(`${pulseId}:~ballot~:sessie:1`);
    expect(stored).not.toMatch(new RegExp(`${pulseId}:[A-Za-z0-9_-]{22}:`));
    await advanceTo(t, new Date(t.clock.now().getTime() + 10 * 60_000));
    const retried = t.adapter.take().filter((s) => s.kind === 'direct' && s.to === people[1]);
    expect(retried).toHaveLength(1);
    const token = buttonsOf(retried[0]).find((b) => b.actionId === 'pulse.vote')!.value.split(':')[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(dumpOf(t)).not.toContain(token);
    inviteOf(retried, people[1]!);
    await vote(t, people[1]!, pulseId, 'sessie', 4);
    expect(said(t)).toMatch(/Opgeslagen: 4/);

    // An invitation whose next attempt comes only after the pulse closed (a long Retry-After) is
    // withdrawn: not sent late, no ballot issued, not reported as a problem reaching her.
    const t2 = await createTestApp({ start: START });
    await networkWith(t2, people);
    const problems = recordEvents(t2, 'delivery.problem');
    const send2 = t2.adapter.sendDirect.bind(t2.adapter);
    let once = true;
    t2.adapter.sendDirect = async (userId, message) => {
      if (userId === people[2] && once) {
        once = false;
        // After the close (day 7), before the record's retention ends (a day after the close, on
        // the app's clock): the attempt finds the pulse closed and withdraws the invitation.
        throw new DeliveryError('transient', 'rate limited', 7.5 * DAY);
      }
      return send2(userId, message);
    };
    await t2.command('anna', 'pulse');
    const pulse2 = inviteOf(t2.adapter.take(), people[0]!).pulseId;
    await advanceTo(t2, new Date(START.getTime() + 7.75 * DAY));
    const late = (await t2.app.delivery.status(`pulse:${pulse2}:invite:${t2.app.personKeys.of('test', people[2]!)}`)) as DeliveryRecord;
    expect(late).toMatchObject({ state: 'failed', reason: 'withdrawn', attempts: 2 });
    expect(t2.adapter.take().filter((s) => s.kind === 'direct' && s.to === people[2] && /hoe ervaar jij/.test(s.text))).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('pulse rules (issue 20 §6)', () => {
  it('starts only after a held session, with a clear answer before', async () => {
    const t = await createTestApp({ start: START });
    const networkId = await networkWith(t, participantIds(3), { held: false });
    await t.command('anna', 'pulse');
    expect(said(t)).toMatch(/Jeugd Leiden heeft nog geen sessie gehouden\. De pulse gaat over de laatste sessie/);
    await t.command('anna', 'sessie 2027-03-11 14:00');
    const [session] = await t.app.sessions.list(networkId);
    t.adapter.take();
    await t.command('anna', 'pulse');
    expect(said(t)).toMatch(/nog geen sessie gehouden/);
    await press(t, 'anna', 'pulse.start', `${networkId}:${session!.id}`);
    expect(said(t)).toMatch(/Die sessie van Jeugd Leiden is nog niet geweest/);
    expect(await t.app.store.setMembers(`pulse:network:${networkId}:pulses`)).toEqual([]);
  });

  it('shows the leads "x van y hebben gereageerd" while open (a count only), and only from 3 invitees', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    const pulseId = await openPulse(t, people);
    await t.command('anna', 'pulse resultaten');
    expect(said(t)).toMatch(/Er loopt een pulse tot maandag 11 januari 2027: 0 van 3 hebben gereageerd\./);
    await vote(t, people[0]!, pulseId, 'sessie', 4);
    await vote(t, people[2]!, pulseId, 'leren', 2);
    t.adapter.take();
    await t.command('bram', 'pulse resultaten');
    const text = said(t);
    expect(text).toMatch(/2 van 3 hebben gereageerd/);
    for (const person of people) expect(text).not.toContain(person);
    expect(messageToPlainText(await t.app.bot.home('test', 'anna'))).toMatch(/Pulse van Jeugd Leiden: 2 van 3 hebben gereageerd \(alleen het aantal, nooit wie\)/);
    // A participant sees no count, even with results shared in the channel.
    await t.command('anna', 'pulse kanaal aan');
    t.adapter.take();
    await t.command(people[1]!, 'pulse resultaten');
    expect(said(t)).not.toMatch(/hebben gereageerd/);
    expect(messageToPlainText(await t.app.bot.home('test', people[1]!))).not.toMatch(/hebben gereageerd/);

    const small = await createTestApp({ start: START });
    const pair = participantIds(2);
    const smallPulse = await openPulse(small, pair);
    await vote(small, pair[0]!, smallPulse, 'sessie', 4);
    small.adapter.take();
    await small.command('anna', 'pulse resultaten');
    const smallText = said(small);
    expect(smallText).toMatch(/Er loopt een pulse tot/);
    expect(smallText).not.toMatch(/gereageerd/);
    expect(messageToPlainText(await small.app.bot.home('test', 'anna'))).not.toMatch(/gereageerd/);
  });

  it('/liso pulse kanaal aan says that the latest closed result becomes visible to everyone now', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await t.command('anna', 'pulse kanaal aan');
    await networkWith(t, people);
    await t.command('anna', 'pulse kanaal aan');
    expect(said(t)).toMatch(/De uitslag van volgende pulses van Jeugd Leiden komt ook in het kanaal, en iedereen in het netwerk kan hem bekijken/);
    await t.command('anna', 'pulse kanaal uit');
    const pulseId = (await (async () => {
      await t.command('anna', 'pulse');
      return inviteOf(t.adapter.take(), people[0]!).pulseId;
    })());
    for (const person of people) await vote(t, person, pulseId, 'sessie', 4);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    await t.command(people[0]!, 'pulse resultaten');
    expect(said(t)).toMatch(/is voor de trekker en procesbegeleider/);
    await t.command('anna', 'pulse kanaal aan');
    expect(said(t)).toMatch(/Vanaf nu kan iedereen in het netwerk de uitslag van de laatste gesloten pulse van Jeugd Leiden \(gesloten maandag 11 januari 2027\) bekijken/);
    await t.command(people[0]!, 'pulse resultaten');
    expect(said(t)).toMatch(/Uitslag pulse Jeugd Leiden/);
  });
});
