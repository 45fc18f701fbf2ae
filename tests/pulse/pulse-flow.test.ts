// A pulse through the real app: start, invitations, votes, reminder, close, results, advice.
import { describe, expect, it } from 'vitest';
import { messageToPlainText } from '../../src/core/message.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { MemoryStore } from '../../src/store/memory-store.ts';
import { DAY, HOUR, advanceTo, ballotOf, buttonsOf, holdSession, inviteOf, networkWith, openAnswer, participantIds, press, recordEvents, submitForm, vote } from './pulse-helpers.ts';

const START = new Date('2027-01-04T08:00:00Z');

describe('pulse: start', () => {
  it('invites every role holder except the trekker and procesbegeleider, by direct message with buttons per statement', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(5);
    await networkWith(t, people);
    await t.command('anna', 'rol verbindingsfunctionaris <@vera>');
    t.adapter.take();
    await t.command('anna', 'pulse');
    const sent = t.adapter.take();
    const invited = sent.filter((s) => s.kind === 'direct').map((s) => s.to).sort();
    expect(invited).toEqual([...people, 'vera'].sort());
    const invite = inviteOf(sent, people[0]!);
    expect(invite.questions).toEqual(['sessie', 'samenwerking', 'betrokkenheid', 'leren', 'gefaciliteerd', 'opbrengst']);
    expect(invite.buttons.filter((b) => b.actionId === 'pulse.vote')).toHaveLength(30);
    expect(invite.buttons.some((b) => b.actionId === 'pulse.open')).toBe(true);
    for (const button of invite.buttons) {
      expect(button.actionId.length).toBeLessThanOrEqual(60);
      expect(button.value.length).toBeLessThanOrEqual(60);
    }
    const text = sent.find((s) => s.to === people[0])!.text;
    expect(text).toMatch(/Anoniem: niemand ziet wat jij antwoordt, ook de trekker en procesbegeleider niet/);
    // The details are one press away.
    await press(t, people[0]!, 'pulse.anonymity', invite.pulseId);
    expect(t.adapter.take()[0]!.text).toMatch(/pas te zien bij minstens 3 antwoorden, open antwoorden pas bij minstens 5/);
    expect(text).toMatch(/zondag 10 januari 2027|maandag 11 januari 2027/);
    const reply = sent.find((s) => s.kind === 'reply' && s.to === 'anna')!;
    expect(reply.text).toMatch(/6 mensen kregen een privébericht/);
  });

  it("tells an English participant who cannot see their answers in English role names, as the reminders do", async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command(people[0]!, 'taal en');
    t.adapter.take();
    await t.command('anna', 'pulse');
    const text = t.adapter.take().find((s) => s.kind === 'direct' && s.to === people[0])!.text;
    expect(text).toMatch(/nobody, the network lead \(trekker\) and facilitator \(procesbegeleider\) included, can see what you answered/);
  });

  it('lets only the trekker and procesbegeleider start, and only one pulse at a time', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command(people[0]!, 'pulse');
    // A deelnemer is told whether a pulse is open for them; nothing starts.
    expect(t.adapter.take().map((s) => s.text).join('\n')).toMatch(/Er loopt nu geen pulse in Jeugd Leiden/);
    await Promise.all([t.command('anna', 'pulse'), t.command('bram', 'pulse')]);
    const sent = t.adapter.take();
    expect(sent.filter((s) => s.kind === 'direct')).toHaveLength(3);
    expect(sent.filter((s) => s.kind === 'reply').map((s) => s.text).join('\n')).toMatch(/Er loopt al een pulse/);
  });

  it('starts from the nudge button (value networkId:sessionId) once per session', async () => {
    const t = await createTestApp({ start: START });
    const networkId = await networkWith(t, participantIds(3));
    await t.command('anna', 'sessie 2027-03-11 14:00');
    const [session] = await t.app.sessions.list(networkId);
    t.adapter.take();
    await press(t, 'deelnemer-01', 'pulse.start', `${networkId}:${session!.id}`);
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/Alleen de trekker of procesbegeleider/);
    await press(t, 'bram', 'pulse.start', `${networkId}:${session!.id}`);
    expect(t.adapter.take().filter((s) => s.kind === 'direct')).toHaveLength(3);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    t.adapter.take();
    await press(t, 'anna', 'pulse.start', `${networkId}:${session!.id}`);
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/al een pulse gehouden/);
    await press(t, 'anna', 'pulse.start', `${networkId}:nope`);
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/hoort bij iets dat niet meer bestaat/);
  });

  it('refuses to start without participants', async () => {
    const t = await createTestApp({ start: START });
    await networkWith(t, []);
    await t.command('anna', 'pulse');
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/nog geen deelnemers om te vragen/);
  });
});

describe('pulse: answering', () => {
  it('stores a vote, replaces it on change, refuses people who were not invited and votes after close', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    await vote(t, people[0]!, pulseId, 'sessie', 2);
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/Opgeslagen: 2 bij “Sessie de moeite waard”/);
    await vote(t, people[0]!, pulseId, 'sessie', 5);
    await vote(t, 'anna', pulseId, 'sessie', 1);
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/Je staat niet op de lijst/);
    await vote(t, people[1]!, pulseId, 'sessie', 5);
    await vote(t, people[2]!, pulseId, 'sessie', 5);
    await advanceTo(t, new Date(START.getTime() + 7 * DAY + HOUR));
    const results = t.adapter.take().filter((s) => s.kind === 'direct' && s.to === 'anna');
    expect(results).toHaveLength(1);
    expect(results[0]!.text).toMatch(/`?5 ██████████`? 3/);
    expect(results[0]!.text).toMatch(/gemiddeld 5,0 \(3 antwoorden\)/);
    await vote(t, people[0]!, pulseId, 'sessie', 1);
    expect(t.adapter.take().map((s) => s.text).join()).toMatch(/Deze pulse is gesloten/);
  });

  it('takes the open answer through a form, cleaned and capped, and shows it only from five answers', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(5);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    await press(t, people[0]!, 'pulse.open', ballotOf(pulseId, people[0]!));
    const form = t.adapter.take().find((s) => s.kind === 'form')!;
    expect(form.form!.fields[0]!.label).toBe('Wat zou de volgende sessie beter maken?');
    for (const [i, person] of people.entries()) {
      await vote(t, person, pulseId, 'sessie', 4);
      await submitForm(t, person, form.form!.formId, ballotOf(pulseId, person), { answer: i === 0 ? `<!channel> meer\u200B pauze ${'x'.repeat(900)}` : `idee ${i}` });
    }
    await advanceTo(t, new Date(START.getTime() + 7 * DAY + HOUR));
    const result = t.adapter.take().find((s) => s.kind === 'direct' && s.to === 'bram')!;
    expect(result.text).toMatch(/idee 1[\s\S]*idee 4/);
    const longest = result.message!.blocks.flatMap((b) => (b.type === 'list' ? b.items : [])).map((i) => i.map((s) => (s.type === 'text' ? s.text : '')).join(''));
    const first = longest.find((l) => l.startsWith('<!channel>'))!;
    expect(first).toMatch(/^<!channel> meer pauze x+…$/);
    expect(Array.from(first).length).toBe(500);
    expect(result.message!.blocks.flatMap((b) => (b.type === 'list' ? b.items.flat() : [])).some((s) => s.type === 'mention')).toBe(false);
  });

  it('sends one reminder on day 4 to every invitee, without buttons: the bot cannot tell who answered', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(4);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    await vote(t, people[0]!, pulseId, 'leren', 3);
    await advanceTo(t, new Date(START.getTime() + 3.9 * DAY));
    expect(t.adapter.take().filter((s) => s.kind === 'direct')).toHaveLength(0);
    await advanceTo(t, new Date(START.getTime() + 6 * DAY));
    const reminders = t.adapter.take().filter((s) => s.kind === 'direct');
    expect(reminders.map((r) => r.to).sort()).toEqual(people);
    expect(reminders[0]!.text).toMatch(/Heb je al geantwoord, dan kun je dit negeren/);
    expect(reminders[0]!.text).toMatch(/dit is de enige herinnering/);
    expect(reminders[0]!.text).toMatch(/de bot weet niet wie er al heeft geantwoord/);
    expect(reminders.flatMap(buttonsOf)).toEqual([]);
    await t.app.bot.tick(t.clock.now());
    expect(t.adapter.take()).toHaveLength(0);
  });

  it('does not remind someone who left the network after the pulse started', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(4);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    await t.command('anna', `rol weg deelnemer <@${people[3]}>`);
    t.adapter.take();
    await advanceTo(t, new Date(START.getTime() + 6 * DAY));
    expect(t.adapter.take().filter((s) => s.kind === 'direct').map((s) => s.to).sort()).toEqual(people.slice(0, 3));
  });

  it.each([
    // Started on Tuesday 25 May 2027 at 10:00: day 4 is a Saturday, so the reminder waits for
    // Monday 31 May 09:00, still before the close on Tuesday 1 June at 10:00.
    ['a weekend moves it to the next working day, at the nudge time', '2027-05-25T08:00:00Z', {}, '2027-05-31T07:00:00Z'],
    // Started on Wednesday 22 December 2027 at 08:00 and open for 5 days, so it closes on Monday
    // 27 December at 08:01. Day 4 is Sunday 26 December (Tweede Kerstdag); Monday 09:00 is after
    // the close, so the reminder comes on Friday 24 December at 09:00.
    ['back to the working day before when the next one is after the close', '2027-12-22T07:00:00Z', { LISO_PULSE_DAYS: '5', LISO_PULSE_REMINDER_DAY: '4' }, '2027-12-24T08:00:00Z'],
  ])('sends the reminder on a working day: %s', async (_, start, env, expected) => {
    const t = await createTestApp({ start: new Date(start), env });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    t.adapter.take();
    await advanceTo(t, new Date(new Date(expected).getTime() - 60_000));
    expect(t.adapter.take().filter((s) => s.kind === 'direct')).toHaveLength(0);
    await advanceTo(t, new Date(expected));
    expect(t.adapter.take().filter((s) => s.kind === 'direct').map((s) => s.to).sort()).toEqual(people);
  });
});

describe('pulse: close and results', () => {
  it('shows the trekker nothing while open, then results with bars, trend and handbook advice; emits pulse.closed once', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(5);
    await networkWith(t, people);
    const closed = recordEvents(t, 'pulse.closed');
    await t.command('anna', 'pulse');
    let { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    for (const person of people) {
      await vote(t, person, pulseId, 'sessie', 4);
      await vote(t, person, pulseId, 'betrokkenheid', 5);
    }
    await t.command('anna', 'pulse resultaten');
    const whileOpen = t.adapter.take().map((s) => s.text).join('\n');
    // The open pulse is the whole answer: "start one with /liso pulse" would ask for a second.
    expect(whileOpen).toMatch(/Er loopt een pulse tot/);
    expect(whileOpen).not.toMatch(/nog geen gesloten pulse/);
    expect(whileOpen).not.toMatch(/█/);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ type: 'pulse.closed', invited: 5, respondents: 5 });
    t.adapter.take();

    // Second pulse: session quality drops by more than 0.5 and commitment falls below 3.5.
    await holdSession(t);
    await t.command('anna', 'pulse');
    ({ pulseId } = inviteOf(t.adapter.take(), people[0]!));
    for (const person of people) {
      await vote(t, person, pulseId, 'sessie', person === people[0] ? 4 : 3);
      await vote(t, person, pulseId, 'betrokkenheid', 3);
    }
    await advanceTo(t, new Date(START.getTime() + 16 * DAY));
    expect(closed).toHaveLength(2);
    const result = t.adapter.take().find((s) => s.kind === 'direct' && s.to === 'anna')!;
    expect(result.text).toMatch(/5 van de 5 genodigden deden mee \(100%\)/);
    expect(result.text).toMatch(/gemiddeld 3,2 \(5 antwoorden\) · 0,8 lager dan de vorige keer \(4,0\) · verloop van oud naar nieuw: 4,0; 3,2/);
    expect(result.text).toMatch(/0,8 punt gedaald sinds de vorige pulse/);
    const advice = buttonsOf(result).filter((b) => b.actionId === 'advice.topic').map((b) => b.value);
    expect(advice).toEqual(['sb-overvolle-sessies', 'sb-betrokkenheid']);
    expect(result.text).toMatch(/Handboek: Overvolle sessies/);
    await t.command('bram', 'pulse resultaten');
    expect(t.adapter.take()[0]!.text).toMatch(/verloop van oud naar nieuw: 5,0; 3,0/);
  });

  it('pools a pulse below the threshold into the next one and says so', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(6);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    let { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    await vote(t, people[0]!, pulseId, 'sessie', 1);
    await vote(t, people[1]!, pulseId, 'sessie', 2);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    const first = t.adapter.take().find((s) => s.kind === 'direct' && s.to === 'anna')!;
    expect(first.text).toMatch(/te klein om scores te tonen/);
    expect(first.text).not.toMatch(/█/);
    await holdSession(t);
    await t.command('anna', 'pulse');
    ({ pulseId } = inviteOf(t.adapter.take(), people[0]!));
    await vote(t, people[2]!, pulseId, 'sessie', 5);
    await advanceTo(t, new Date(START.getTime() + 16 * DAY));
    const second = t.adapter.take().find((s) => s.kind === 'direct' && s.to === 'anna')!;
    expect(second.text).toMatch(/Samengenomen met 1 eerdere pulse/);
    expect(second.text).toMatch(/gemiddeld 2,7 \(3 antwoorden\)/);
    // One answer is too few on its own, but the scores shown are pooled: no "te klein om scores te tonen" above them.
    expect(second.text).toMatch(/Met 1 deelnemer is deze pulse alleen te klein om scores te tonen \(minimaal 3\)\. Waar de antwoorden samen/);
    expect(second.text).not.toMatch(/de antwoorden tellen mee bij de volgende pulse/);
  });

  it('posts results in the channel only when the network chose so, and lets members read them then', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command(people[0]!, 'pulse resultaten');
    expect(t.adapter.take()[0]!.text).toMatch(/is voor de trekker en procesbegeleider/);
    await t.command('anna', 'pulse kanaal aan');
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    for (const person of people) await vote(t, person, pulseId, 'opbrengst', 2);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    // The wins feature may celebrate a full response in the channel too; only the results count here.
    const channel = t.adapter.take().filter((s) => s.kind === 'channel' && !/Iedereen heeft de pulse ingevuld/.test(s.text));
    expect(channel).toHaveLength(1);
    expect(channel[0]!.text).toMatch(/Uitslag pulse Jeugd Leiden/);
    await t.command(people[0]!, 'pulse resultaten');
    expect(t.adapter.take()[0]!.text).toMatch(/Opbrengst tegenover inzet/);
  });

  it('lets a network switch questions off for the next pulses, but not all of them', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse vragen uit 1');
    await t.command('anna', 'pulse vragen uit 7');
    const listing = t.adapter.take().at(-1)!.text;
    expect(listing).toMatch(/Sessie de moeite waard \(uit\)/);
    expect(listing).toMatch(/Wat zou de volgende sessie beter maken\? \(uit\)/);
    await t.command('anna', 'pulse');
    const invite = inviteOf(t.adapter.take(), people[0]!);
    expect(invite.questions).not.toContain('sessie');
    expect(invite.buttons.some((b) => b.actionId === 'pulse.open')).toBe(false);
    for (const n of [2, 3, 4, 5, 6]) await t.command('anna', `pulse vragen uit ${n}`);
    expect(t.adapter.take().at(-1)!.text).toMatch(/minstens één stelling aan blijven/);
    await t.command('anna', 'pulse vragen aan 1');
    expect(t.adapter.take().at(-1)!.text).toMatch(/Sessie de moeite waard \(aan\)/);
  });

  it('shows an invitee the open pulse and a lead the latest results in their home view', async () => {
    const t = await createTestApp({ start: START });
    const people = participantIds(3);
    await networkWith(t, people);
    await t.command('anna', 'pulse');
    const { pulseId } = inviteOf(t.adapter.take(), people[0]!);
    const plain = async (user: string) => messageToPlainText(await t.app.bot.home('test', user));
    expect(await plain(people[0]!)).toMatch(/Pulse van Jeugd Leiden loopt tot maandag 11 januari 2027/);
    expect(await plain('anna')).not.toMatch(/Pulse van Jeugd Leiden loopt/);
    for (const p of people) await vote(t, p, pulseId, 'sessie', 4);
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    expect(await plain('anna')).toMatch(/Laatste pulse van Jeugd Leiden \(gesloten maandag 11 januari 2027\): 3 van de 3 deden mee/);
    expect(await plain(people[0]!)).not.toMatch(/pulse/i);
  });

  it('deletes a pulse after the retention period', async () => {
    const t = await createTestApp({ start: START, env: { LISO_PULSE_RETENTION_MONTHS: '1' } });
    const people = participantIds(3);
    const networkId = await networkWith(t, people);
    await t.command('anna', 'pulse');
    t.adapter.take();
    await advanceTo(t, new Date(START.getTime() + 8 * DAY));
    expect(await t.app.store.setMembers(`pulse:network:${networkId}:pulses`)).toHaveLength(1);
    await advanceTo(t, new Date(START.getTime() + 45 * DAY));
    expect(await t.app.store.setMembers(`pulse:network:${networkId}:pulses`)).toHaveLength(0);
    expect(await t.app.store.setMembers('pulse:all')).toHaveLength(0);
  });

  it('after the retention period keeps neither the answers it carried forward nor the records of its results messages', async () => {
    const t = await createTestApp({ start: START, env: { LISO_PULSE_RETENTION_MONTHS: '1' } });
    const people = participantIds(3);
    await networkWith(t, people);
    // Two small pulses: each one's answers are too few to show, so they wait, pooled, for a next pulse.
    const pulses: string[] = [];
    for (const [person, text] of [[people[0]!, 'Graag meer pauzes'], [people[1]!, 'Minder slides']] as const) {
      await t.command('anna', 'pulse');
      const { pulseId } = inviteOf(t.adapter.take(), person);
      pulses.push(pulseId);
      await vote(t, person, pulseId, 'sessie', 2);
      await openAnswer(t, person, pulseId, text);
      await advanceTo(t, new Date(t.clock.now().getTime() + 8 * DAY));
      await holdSession(t);
    }
    const stored = () => (t.backend as MemoryStore).dump().map((e) => `${e.key} ${JSON.stringify(e.value)}`);
    expect(stored().filter((line) => line.includes('Graag meer pauzes'))).not.toEqual([]);
    expect(stored().filter((line) => line.startsWith(`delivery:pulse:${pulses[0]}:results:`))).toHaveLength(2);
    // A month after the first pulse closed, the second is still kept.
    await advanceTo(t, new Date(START.getTime() + 42 * DAY));
    expect(await t.app.store.setMembers('pulse:all')).toEqual([pulses[1]]);
    // Pooled with the second pulse's answers, the first's cannot be told apart: all of them go.
    expect(stored().filter((line) => /Graag meer pauzes|Minder slides/.test(line) || line.includes(`"${pulses[0]}"`))).toEqual([]);
    expect(stored().filter((line) => line.startsWith(`delivery:pulse:${pulses[0]}:`))).toEqual([]);
    expect(stored().filter((line) => line.startsWith(`delivery:pulse:${pulses[1]}:results:`))).toHaveLength(2);
  });
});
